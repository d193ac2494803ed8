-- Photos of a report (from the citizen) and of its answer (from the officer). The files are
-- re-encoded JPEGs without metadata; the paths are relative to the uploads folder.
CREATE TABLE report_photos (
  id         ${ID},
  report_id  BIGINT NOT NULL REFERENCES reports (id),
  kind       TEXT NOT NULL,              -- report | answer
  path       TEXT NOT NULL,
  thumb_path TEXT NOT NULL,
  width      INTEGER NOT NULL,
  height     INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX report_photos_report ON report_photos (report_id, position);
