-- Villages (issue 23): a notice may ask a question (a poll, or who comes to a meeting): its
-- choices, one answer per household or per person as its author chose, until it closes; the
-- results shown as they come or only after closing. An answer may be changed until then.
CREATE TABLE notice_polls (
  notice_id  BIGINT PRIMARY KEY REFERENCES notices (id),
  question   TEXT NOT NULL,
  per        TEXT NOT NULL,  -- household | person
  closes_at  TEXT NOT NULL,  -- UTC
  results    TEXT NOT NULL   -- live | after_close
);
CREATE TABLE notice_poll_choices (
  notice_id  BIGINT  NOT NULL REFERENCES notices (id),
  position   INTEGER NOT NULL,  -- from 1
  label      TEXT    NOT NULL,
  PRIMARY KEY (notice_id, position)
);
CREATE TABLE notice_votes (
  notice_id  BIGINT  NOT NULL REFERENCES notices (id),
  voter      TEXT    NOT NULL,  -- "household:12" or "person:7": one answer each
  account_id BIGINT,            -- who answered; NULL once they are erased
  position   INTEGER NOT NULL,
  voted_at   TEXT    NOT NULL,
  PRIMARY KEY (notice_id, voter)
);
CREATE INDEX notice_votes_account ON notice_votes (account_id);
