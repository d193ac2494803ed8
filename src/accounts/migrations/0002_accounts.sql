-- Accounts and everything personal. Personal data (name, phone, CCCD, address) lives in
-- accounts only; every other table refers to an account by id. Times are UTC text
-- ("2026-11-28T15:11:01Z"), which sorts and compares the same on both engines.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE accounts (
  id                 ${ID},
  phone              TEXT UNIQUE,         -- E.164; NULL once the account is deleted
  password_hash      TEXT,                -- argon2id (libsodium crypto_pwhash_str)
  full_name          TEXT,
  cccd               TEXT,
  home_unit_code     TEXT,                -- a 2025 commune (or province) code
  ethnic_group       TEXT,
  preferred_language TEXT,
  status             TEXT NOT NULL,       -- pending | active | deleted
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  deleted_at         TEXT
);
CREATE INDEX accounts_unit ON accounts (home_unit_code);
CREATE INDEX accounts_cccd ON accounts (cccd);

CREATE TABLE account_roles (
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  role       TEXT   NOT NULL,             -- citizen | officer | unit_admin | province_admin | party_member
  PRIMARY KEY (account_id, role)
);

CREATE TABLE agencies (
  id         ${ID},
  name       TEXT NOT NULL,
  name_en    TEXT NOT NULL DEFAULT '',
  unit_code  TEXT NOT NULL,               -- the 2025 unit it serves (province or commune)
  created_at TEXT NOT NULL
);

-- What an officer or unit admin is responsible for: an agency, a unit (a province code
-- covers all its communes), or both.
CREATE TABLE account_scopes (
  id         ${ID},
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  agency_id  BIGINT REFERENCES agencies (id),
  unit_code  TEXT
);
CREATE INDEX account_scopes_account ON account_scopes (account_id);

-- Facts the digital-citizen criteria read, each with its source and time.
CREATE TABLE account_facts (
  account_id  BIGINT NOT NULL REFERENCES accounts (id),
  fact        TEXT   NOT NULL,
  value       TEXT   NOT NULL,
  source      TEXT   NOT NULL,            -- self | officer | import | system
  recorded_by BIGINT,                     -- the officer's account, when an officer set it
  recorded_at TEXT   NOT NULL,
  PRIMARY KEY (account_id, fact)
);

CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,          -- BLAKE2b of the cookie value; the value itself is never stored
  account_id   BIGINT NOT NULL REFERENCES accounts (id),
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE otp_codes (
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  purpose    TEXT   NOT NULL,             -- register | reset
  code_hash  TEXT   NOT NULL,
  expires_at TEXT   NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  created_at TEXT   NOT NULL,
  PRIMARY KEY (account_id, purpose)
);

-- Consent history: one row per decision; the latest row per purpose is in force.
CREATE TABLE consents (
  id           ${ID},
  account_id   BIGINT NOT NULL REFERENCES accounts (id),
  purpose      TEXT   NOT NULL,           -- account | public_name | notifications | statistics
  granted      INTEGER NOT NULL,
  text_version TEXT   NOT NULL,
  decided_at   TEXT   NOT NULL
);
CREATE INDEX consents_account ON consents (account_id, purpose);

CREATE TABLE deletion_requests (
  id           ${ID},
  account_id   BIGINT NOT NULL REFERENCES accounts (id),
  requested_at TEXT NOT NULL,
  due_at       TEXT NOT NULL,             -- 72 hours after the request
  status       TEXT NOT NULL,             -- pending | done
  done_at      TEXT,
  done_by      BIGINT
);

CREATE TABLE api_keys (
  id           ${ID},
  name         TEXT NOT NULL,
  prefix       TEXT NOT NULL,             -- first characters, to recognise a key in lists
  key_hash     TEXT NOT NULL UNIQUE,
  scopes       TEXT NOT NULL,             -- space-separated
  created_by   BIGINT,
  created_at   TEXT NOT NULL,
  revoked_at   TEXT,
  last_used_at TEXT
);

-- Append-only: who did what to whose data, when and from where. Never personal data in detail.
CREATE TABLE audit_log (
  id              ${ID},
  at              TEXT NOT NULL,
  actor_account   BIGINT,
  actor_api_key   BIGINT,
  action          TEXT NOT NULL,
  subject_account BIGINT,
  detail          TEXT NOT NULL DEFAULT '',
  ip              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_subject ON audit_log (subject_account, at);
CREATE INDEX audit_log_actor ON audit_log (actor_account, at);
