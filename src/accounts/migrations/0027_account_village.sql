-- Villages (issue 23): a person may name their village (thôn, bản, tổ dân phố) in their home
-- commune, as its unit code ("04252.17"), or '' when they have not. Notices for a village's
-- residents reach those who named it.
ALTER TABLE accounts ADD COLUMN village_code TEXT NOT NULL DEFAULT '';
CREATE INDEX accounts_village ON accounts (village_code);
