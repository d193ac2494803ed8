-- The administration's pages (issue 12). An agency can be taken out of service without
-- losing its history: deactivated, it is no longer offered, assigned or routed to.
ALTER TABLE agencies ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

-- The unit an audited action concerns (a role's commune, an agency's unit), so that the log
-- can be read per commune. Empty for actions that concern no unit.
ALTER TABLE audit_log ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_unit ON audit_log (unit_code, id);
CREATE INDEX audit_log_action ON audit_log (action, id);

-- Each VNeID list received, with its report: how many lines, how many applied, and the lines
-- that were not (line number and reason, never the person's data).
CREATE TABLE vneid_imports (
  id             ${ID},
  at             TEXT NOT NULL,
  actor_account  BIGINT,
  actor_api_key  BIGINT,
  file_name      TEXT NOT NULL DEFAULT '',
  line_count     INTEGER NOT NULL,
  applied        INTEGER NOT NULL,
  problems       TEXT NOT NULL DEFAULT ''   -- one per line of text
);
