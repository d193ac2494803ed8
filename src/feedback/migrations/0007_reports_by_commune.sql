-- The public list of a commune, newest first, without sorting the whole commune.
CREATE INDEX reports_unit_received ON reports (unit_code, received_at, id);
