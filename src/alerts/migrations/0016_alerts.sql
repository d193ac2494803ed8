-- Emergency alerts (issue 10): one CAP 1.2 message per row. Times are stored as UTC text like
-- every other table and written out as +07:00 in CAP. An Actual alert goes out only after a
-- second officer approves it (drafted_by <> approved_by).
CREATE TABLE alerts (
  id               ${ID},
  identifier       TEXT NOT NULL UNIQUE,
  status           TEXT NOT NULL,          -- Actual | Exercise | Test
  msg_type         TEXT NOT NULL,          -- Alert | Update | Cancel
  references_alert BIGINT REFERENCES alerts (id),
  event            TEXT NOT NULL,
  categories       TEXT NOT NULL,          -- CAP categories, space-separated
  response_types   TEXT NOT NULL DEFAULT '',
  urgency          TEXT NOT NULL,
  severity         TEXT NOT NULL,
  certainty        TEXT NOT NULL,
  headline_vi      TEXT NOT NULL,
  description_vi   TEXT NOT NULL DEFAULT '',
  instruction_vi   TEXT NOT NULL DEFAULT '',
  headline_en      TEXT NOT NULL DEFAULT '',
  description_en   TEXT NOT NULL DEFAULT '',
  instruction_en   TEXT NOT NULL DEFAULT '',
  effective        TEXT NOT NULL,
  onset            TEXT NOT NULL DEFAULT '',
  expires          TEXT NOT NULL,
  area_desc        TEXT NOT NULL,
  polygon          TEXT NOT NULL DEFAULT '', -- CAP text: "lat,lon lat,lon …", closed
  circle           TEXT NOT NULL DEFAULT '', -- CAP text: "lat,lon radius_km"
  state            TEXT NOT NULL,          -- draft | awaiting_approval | sent | cancelled | expired
  drafted_by       BIGINT NOT NULL,
  approved_by      BIGINT,
  sent_at          TEXT,
  created_at       TEXT NOT NULL
);
CREATE INDEX alerts_state ON alerts (state, expires);

-- The 2025 units an alert is for (CAP geocodes).
CREATE TABLE alert_units (
  alert_id  BIGINT NOT NULL REFERENCES alerts (id),
  unit_code TEXT NOT NULL,
  PRIMARY KEY (alert_id, unit_code)
);
CREATE INDEX alert_units_unit ON alert_units (unit_code, alert_id);
