-- How many reports each commune has in each status and category, kept by triggers in the same
-- transaction as the change: a list's total is a sum over at most a few dozen rows instead of
-- a COUNT(*) over a commune's thousands of reports. Each count is split over 16 rows by report
-- id (shard), so that reports filed at once in one commune and category do not all wait on
-- one row lock until their commits reach the disk (PostgreSQL holds it that long).
CREATE TABLE report_counts (
  unit_code   TEXT NOT NULL,
  status      TEXT NOT NULL,
  category_id BIGINT NOT NULL,
  shard       INTEGER NOT NULL,
  n           BIGINT NOT NULL,
  PRIMARY KEY (unit_code, status, category_id, shard)
);
INSERT INTO report_counts (unit_code, status, category_id, shard, n)
  SELECT unit_code, status, category_id, id % 16, COUNT(*) FROM reports
  GROUP BY unit_code, status, category_id, id % 16;
CREATE TRIGGER report_counts_insert AFTER INSERT ON reports BEGIN
  INSERT INTO report_counts (unit_code, status, category_id, shard, n)
    VALUES (NEW.unit_code, NEW.status, NEW.category_id, NEW.id % 16, 1)
    ON CONFLICT (unit_code, status, category_id, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_counts_update AFTER UPDATE OF unit_code, status, category_id ON reports
  WHEN OLD.unit_code IS NOT NEW.unit_code OR OLD.status IS NOT NEW.status
    OR OLD.category_id IS NOT NEW.category_id BEGIN
  UPDATE report_counts SET n = n - 1
    WHERE unit_code = OLD.unit_code AND status = OLD.status AND category_id = OLD.category_id
      AND shard = OLD.id % 16;
  INSERT INTO report_counts (unit_code, status, category_id, shard, n)
    VALUES (NEW.unit_code, NEW.status, NEW.category_id, NEW.id % 16, 1)
    ON CONFLICT (unit_code, status, category_id, shard) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_counts_delete AFTER DELETE ON reports BEGIN
  UPDATE report_counts SET n = n - 1
    WHERE unit_code = OLD.unit_code AND status = OLD.status AND category_id = OLD.category_id
      AND shard = OLD.id % 16;
END;
