-- News (issue 10): articles officers publish for the province or chosen communes. The body is
-- kept as the author wrote it (Markdown) and as the HTML cmark made of it in safe mode (no raw
-- HTML from authors), so that pages never render Markdown on a read.
CREATE TABLE news (
  id          ${ID},
  title       TEXT   NOT NULL,
  summary     TEXT   NOT NULL DEFAULT '',
  body_md     TEXT   NOT NULL,
  body_html   TEXT   NOT NULL,
  cover       TEXT   NOT NULL DEFAULT '',  -- path under the uploads folder, re-encoded JPEG
  cover_thumb TEXT   NOT NULL DEFAULT '',
  state       TEXT   NOT NULL,             -- draft | published | archived
  publish_at  TEXT   NOT NULL,             -- UTC; a published article shows from then
  author_id   BIGINT NOT NULL,             -- 0: the demo
  created_at  TEXT   NOT NULL,
  updated_at  TEXT   NOT NULL
);
CREATE INDEX news_published ON news (state, publish_at);

-- Whom an article is for: communes, or the province's code for everyone.
CREATE TABLE news_units (
  news_id   BIGINT NOT NULL REFERENCES news (id),
  unit_code TEXT   NOT NULL,
  PRIMARY KEY (news_id, unit_code)
);
CREATE INDEX news_units_unit ON news_units (unit_code, news_id);
