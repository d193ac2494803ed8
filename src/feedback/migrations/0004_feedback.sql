-- Citizens' field reports (phản ánh hiện trường): categories, routing and deadlines as data,
-- the reports, their public timeline and internal notes, followers, notifications.

-- Vietnamese public holidays: deadlines in working days skip them.
CREATE TABLE holidays (
  day  TEXT PRIMARY KEY,                 -- yyyy-mm-dd
  name TEXT NOT NULL
);

CREATE TABLE categories (
  id             ${ID},
  code           TEXT NOT NULL UNIQUE,   -- the Open311 service_code
  name_vi        TEXT NOT NULL,
  name_en        TEXT NOT NULL,
  group_vi       TEXT NOT NULL,
  group_en       TEXT NOT NULL,
  description_vi TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT '',
  deadline_days  INTEGER NOT NULL,       -- working days to answer
  active         INTEGER NOT NULL DEFAULT 1,
  position       INTEGER NOT NULL DEFAULT 0
);

-- Extra questions a category asks (Open311 attributes).
CREATE TABLE category_questions (
  id          ${ID},
  category_id BIGINT NOT NULL REFERENCES categories (id),
  code        TEXT NOT NULL,
  label_vi    TEXT NOT NULL,
  label_en    TEXT NOT NULL,
  kind        TEXT NOT NULL,             -- text | number | date | single | multi
  required    INTEGER NOT NULL DEFAULT 0,
  choices     TEXT NOT NULL DEFAULT '',  -- "key=Nhãn|Label;key2=…" for single and multi
  position    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (category_id, code)
);

-- Which agency answers a category in a unit. A rule on a province covers its communes; a rule
-- without a category covers every category.
CREATE TABLE routing_rules (
  id          ${ID},
  category_id BIGINT REFERENCES categories (id),
  unit_code   TEXT NOT NULL,
  agency_id   BIGINT NOT NULL REFERENCES agencies (id)
);

CREATE TABLE reports (
  id                 ${ID},
  public_id          TEXT NOT NULL UNIQUE,   -- short and unguessable, used in links and Open311
  category_id        BIGINT NOT NULL REFERENCES categories (id),
  description        TEXT NOT NULL,
  description_folded TEXT NOT NULL,          -- for tone-insensitive search
  unit_code          TEXT NOT NULL,          -- 2025 commune
  address_text       TEXT NOT NULL DEFAULT '',
  lat                DOUBLE PRECISION,
  lon                DOUBLE PRECISION,
  status             TEXT NOT NULL,          -- received | assigned | in_progress | resolved | rejected | duplicate | reopened
  agency_id          BIGINT REFERENCES agencies (id),
  reporter_account   BIGINT REFERENCES accounts (id),
  show_name          INTEGER NOT NULL DEFAULT 0,
  support_count      INTEGER NOT NULL DEFAULT 0,
  source             TEXT NOT NULL,          -- web | api | open311
  received_at        TEXT NOT NULL,
  deadline_on        TEXT NOT NULL,          -- yyyy-mm-dd, end of that working day
  resolved_at        TEXT,
  updated_at         TEXT NOT NULL,
  duplicate_of       BIGINT,
  answer             TEXT NOT NULL DEFAULT '',
  rating             INTEGER,
  rating_comment     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reports_unit_status ON reports (unit_code, status, received_at);
CREATE INDEX reports_agency_deadline ON reports (agency_id, status, deadline_on);
CREATE INDEX reports_updated ON reports (updated_at);

CREATE TABLE report_attributes (
  report_id BIGINT NOT NULL REFERENCES reports (id),
  code      TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (report_id, code, value)
);

-- The timeline: status changes, public answers and internal notes (public = 0).
CREATE TABLE report_events (
  id            ${ID},
  report_id     BIGINT NOT NULL REFERENCES reports (id),
  at            TEXT NOT NULL,
  kind          TEXT NOT NULL,             -- status | answer | note | reassigned | rating | support
  from_status   TEXT NOT NULL DEFAULT '',
  to_status     TEXT NOT NULL DEFAULT '',
  public        INTEGER NOT NULL,
  body          TEXT NOT NULL DEFAULT '',
  actor_account BIGINT
);
CREATE INDEX report_events_report ON report_events (report_id, id);

CREATE TABLE report_supporters (
  report_id  BIGINT NOT NULL REFERENCES reports (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  PRIMARY KEY (report_id, account_id)
);

CREATE TABLE report_followers (
  report_id  BIGINT NOT NULL REFERENCES reports (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  PRIMARY KEY (report_id, account_id)
);

CREATE TABLE notifications (
  id         ${ID},
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  report_id  BIGINT REFERENCES reports (id),
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at    TEXT
);
CREATE INDEX notifications_account ON notifications (account_id, id);
