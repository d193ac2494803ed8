-- Villages (issue 23): an important notice is texted to the residents of its board who
-- consented (the village_texts purpose), a batch at a time by the notice-texts job; the cursor
-- (the last account texted), the counts and the lease of the process sending are kept, as for
-- warnings, so a restart goes on where it stopped and two processes never text one person twice.
ALTER TABLE notices ADD COLUMN sms_state TEXT NOT NULL DEFAULT '';  -- '' | pending | sending | done
ALTER TABLE notices ADD COLUMN sms_after BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notices ADD COLUMN sms_sent BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notices ADD COLUMN sms_failed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notices ADD COLUMN sms_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN sms_lease TEXT NOT NULL DEFAULT '';
CREATE INDEX notices_texts ON notices (sms_state);
