-- Alerts (issue 10): an Actual alert waiting for approval may be sent back to its drafter as
-- a draft, with the reason the second officer gave; rewriting the draft clears it. A draft
-- nobody will send is discarded (state 'discarded'), kept for the audit log's sake.
ALTER TABLE alerts ADD COLUMN returned_reason TEXT NOT NULL DEFAULT '';
