-- Alerts (issue 19): the two-person rule names people and content. `version` counts the
-- rewrites of an alert's content (1 when drafted); an approval names the version it approved,
-- and a stale one is refused. `submitted_by` is whoever sent it for approval: they count as
-- its author as much as its drafter, and neither may approve it.
ALTER TABLE alerts ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE alerts ADD COLUMN submitted_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN approved_version BIGINT NOT NULL DEFAULT 0;
