-- The sample module's own table (tests/sample: a module only tests use).
CREATE TABLE sample_plants (
  id        ${ID},
  unit_code TEXT NOT NULL,
  name      TEXT NOT NULL
);
