-- Residents answer an alert (issue 10): "I am safe" or "I need help", with an optional note
-- and position. One answer per person and alert: a new one replaces it. Officers mark the
-- calls for help they have dealt with.
CREATE TABLE alert_responses (
  id          ${ID},
  alert_id    BIGINT NOT NULL REFERENCES alerts (id),
  account_id  BIGINT NOT NULL REFERENCES accounts (id),
  unit_code   TEXT   NOT NULL,   -- the resident's home commune when answering
  answer      TEXT   NOT NULL,   -- safe | need_help
  note        TEXT   NOT NULL DEFAULT '',
  lat         DOUBLE PRECISION,
  lon         DOUBLE PRECISION,
  answered_at TEXT   NOT NULL,
  handled_by  BIGINT,
  handled_at  TEXT   NOT NULL DEFAULT '',
  UNIQUE (alert_id, account_id)
);
CREATE INDEX alert_responses_alert ON alert_responses (alert_id, unit_code, answer);

-- The live event an alert went out as (its reach is in live_reach), and its text messages to
-- the residents who consented to warnings: sent in batches by a job, counted as they go.
ALTER TABLE alerts ADD COLUMN live_event BIGINT NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN sms_state TEXT NOT NULL DEFAULT '';  -- '' | pending | sending | done
ALTER TABLE alerts ADD COLUMN sms_after BIGINT NOT NULL DEFAULT 0; -- last account texted
ALTER TABLE alerts ADD COLUMN sms_sent BIGINT NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN sms_failed BIGINT NOT NULL DEFAULT 0;
