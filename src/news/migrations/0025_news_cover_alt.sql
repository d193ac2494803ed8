-- News (issue 20): a cover photo comes with its description, written by the officer, for
-- readers who do not see it.
ALTER TABLE news ADD COLUMN cover_alt TEXT NOT NULL DEFAULT '';
