-- Administrative units of both generations: "2019" (province / district / commune, before
-- 1 July 2025) and "2025" (province / commune). Codes are the GSO's and unique only within
-- a generation (15 is Yên Bái in 2019 and Lào Cai in 2025).
CREATE TABLE units (
  generation   INTEGER NOT NULL,
  code         TEXT    NOT NULL,
  name         TEXT    NOT NULL,   -- NFC, with its type: "Phường Yên Thịnh"
  level        TEXT    NOT NULL,   -- province | district | commune
  parent_code  TEXT,               -- within the same generation
  name_folded  TEXT    NOT NULL,   -- lowercase, no tone marks, đ→d: for search
  PRIMARY KEY (generation, code)
);
CREATE INDEX units_parent ON units (generation, parent_code);

-- Old → new (many-to-many: some old communes were split between new ones).
CREATE TABLE unit_changes (
  old_generation INTEGER NOT NULL,
  old_code       TEXT    NOT NULL,
  new_generation INTEGER NOT NULL,
  new_code       TEXT    NOT NULL,
  note           TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (old_generation, old_code, new_generation, new_code)
);
CREATE INDEX unit_changes_new ON unit_changes (new_generation, new_code);
