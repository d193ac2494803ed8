-- Background jobs (escalation of overdue reports, later alert expiry and daily figures): when
-- each last ran, so that with several processes on one database a job runs once per period.
CREATE TABLE job_runs (
  name        TEXT PRIMARY KEY,
  last_run_at TEXT NOT NULL,
  runs        BIGINT NOT NULL DEFAULT 0,
  holder      TEXT NOT NULL DEFAULT ''
);
