-- Villages (issue 23): a notice's attachments. Photos go through the photo pipeline (type by
-- content, re-encoded as JPEG without metadata, with a thumbnail); PDFs are checked by content
-- and kept as sent, served as downloads. Files live under the uploads folder (notices/…), never
-- in the web root; whoever may read the notice may fetch them.
CREATE TABLE notice_attachments (
  id         ${ID},
  notice_id  BIGINT NOT NULL REFERENCES notices (id),
  kind       TEXT   NOT NULL,             -- image | pdf
  path       TEXT   NOT NULL,             -- notices/<token>.jpg or .pdf
  thumb      TEXT   NOT NULL DEFAULT '',  -- an image's thumbnail
  name       TEXT   NOT NULL,             -- an image's description, a PDF's file name
  bytes      BIGINT NOT NULL,
  created_at TEXT   NOT NULL
);
CREATE INDEX notice_attachments_notice ON notice_attachments (notice_id, id);
