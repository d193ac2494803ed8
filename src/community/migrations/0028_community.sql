-- Villages' households and notice boards (issue 23).
--
-- A household (hộ gia đình): an address in a village, its members, one of them its head. A
-- member has an account or is listed by first name and birth year only (a child, an elderly
-- parent without a phone). A person belongs to one household at a time: a member row is
-- current while left_at is NULL. Created by a citizen (who heads it) or recorded in person by
-- the village head or a commune officer (head_name then names a head without an account);
-- confirmed by the village head or a commune officer.
CREATE TABLE households (
  id            ${ID},
  village_code  TEXT   NOT NULL,             -- "<commune>.<village id>"
  commune_code  TEXT   NOT NULL,
  address       TEXT   NOT NULL,
  head_name     TEXT   NOT NULL DEFAULT '',  -- a head without an account; '' otherwise
  invite_code   TEXT   NOT NULL,
  created_by    BIGINT NOT NULL,
  confirmed_by  BIGINT,
  confirmed_at  TEXT,
  created_at    TEXT   NOT NULL,
  updated_at    TEXT   NOT NULL,
  dissolved_at  TEXT                         -- its last member left
);
CREATE UNIQUE INDEX households_invite ON households (invite_code);
CREATE INDEX households_village ON households (village_code, dissolved_at);
CREATE INDEX households_commune ON households (commune_code, dissolved_at);

CREATE TABLE household_members (
  id            ${ID},
  household_id  BIGINT  NOT NULL REFERENCES households (id),
  account_id    BIGINT,                      -- NULL: listed without an account
  first_name    TEXT    NOT NULL DEFAULT '', -- those without an account
  birth_year    INTEGER,
  is_head       INTEGER NOT NULL DEFAULT 0,
  joined_at     TEXT    NOT NULL,
  left_at       TEXT,
  left_reason   TEXT                         -- left | removed | moved | erased
);
CREATE INDEX household_members_household ON household_members (household_id, left_at);
CREATE UNIQUE INDEX household_members_one_home ON household_members (account_id)
  WHERE left_at IS NULL AND account_id IS NOT NULL;

-- What happened to a household, for its members and officers: created, joined, left, moved…
CREATE TABLE household_events (
  id            ${ID},
  household_id  BIGINT NOT NULL REFERENCES households (id),
  at            TEXT   NOT NULL,
  what          TEXT   NOT NULL,
  account_id    BIGINT,                      -- who did it
  detail        TEXT   NOT NULL DEFAULT ''   -- never personal data
);
CREATE INDEX household_events_household ON household_events (household_id, id);

-- A notice on the board of a village or a commune. body_html is cmark's safe rendering of
-- body_md, made once. Public notices are for anyone (a board on the village hall); residents'
-- only for those who live there and the unit's officers.
CREATE TABLE notices (
  id             ${ID},
  unit_code      TEXT    NOT NULL,           -- a village or a commune
  commune_code   TEXT    NOT NULL,
  title          TEXT    NOT NULL,
  body_md        TEXT    NOT NULL,
  body_html      TEXT    NOT NULL,
  priority       TEXT    NOT NULL,           -- normal | important
  visibility     TEXT    NOT NULL,           -- public | residents
  pinned         INTEGER NOT NULL DEFAULT 0,
  expires_at     TEXT,                       -- UTC; NULL: until withdrawn
  ack_due_at     TEXT,                       -- important notices: households acknowledge by then
  author_id      BIGINT  NOT NULL,
  published_at   TEXT    NOT NULL,
  updated_at     TEXT    NOT NULL,
  withdrawn_at   TEXT,
  expiry_known   INTEGER NOT NULL DEFAULT 0  -- the notices-expired job refreshed pages after expiry
);
CREATE INDEX notices_unit ON notices (unit_code, published_at);
CREATE INDEX notices_commune ON notices (commune_code, published_at);
CREATE INDEX notices_expiry ON notices (expiry_known, expires_at);

-- Opening a notice records a read, once per person.
CREATE TABLE notice_reads (
  notice_id  BIGINT NOT NULL REFERENCES notices (id),
  account_id BIGINT NOT NULL,
  read_at    TEXT   NOT NULL,
  PRIMARY KEY (notice_id, account_id)
);
CREATE INDEX notice_reads_account ON notice_reads (account_id);

-- "Gia đình tôi đã biết": once per household, by one of its members.
CREATE TABLE notice_acks (
  notice_id    BIGINT NOT NULL REFERENCES notices (id),
  household_id BIGINT NOT NULL REFERENCES households (id),
  account_id   BIGINT,                       -- NULL once that person is erased
  acked_at     TEXT   NOT NULL,
  PRIMARY KEY (notice_id, household_id)
);

-- "Visited, told in person": the village head or an officer went to the door.
CREATE TABLE notice_visits (
  notice_id    BIGINT NOT NULL REFERENCES notices (id),
  household_id BIGINT NOT NULL REFERENCES households (id),
  visited_by   BIGINT NOT NULL,
  visited_at   TEXT   NOT NULL,
  PRIMARY KEY (notice_id, household_id)
);
