-- When an overdue report was escalated to the unit's administrators (once per report).
ALTER TABLE reports ADD COLUMN escalated_at TEXT;
