-- Ready-made answers officers start from; a template without a category fits every category.
CREATE TABLE answer_templates (
  id          ${ID},
  category_id BIGINT REFERENCES categories (id),
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
