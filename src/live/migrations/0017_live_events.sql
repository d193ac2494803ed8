-- Live delivery (issue 10): every event a process publishes for Server-Sent Events, in id
-- order. A reader that reconnects with Last-Event-ID gets exactly what it missed, whichever
-- process it reconnects to; every process's pump sends on the rows other processes add.
CREATE TABLE live_events (
  id         ${ID},
  kind       TEXT NOT NULL,  -- alert | news | report
  audience   TEXT NOT NULL,  -- space-separated keys: all, unit:CODE, person:ID
  data       TEXT NOT NULL,  -- one line of JSON
  created_at TEXT NOT NULL
);
CREATE INDEX live_events_created ON live_events (created_at);

-- How many open streams each event reached when a process sent it, per audience key (a
-- commune's readers are "unit:CODE"); every process adds its own.
CREATE TABLE live_reach (
  event_id     BIGINT NOT NULL,
  audience_key TEXT   NOT NULL,
  readers      BIGINT NOT NULL,
  PRIMARY KEY (event_id, audience_key)
);
