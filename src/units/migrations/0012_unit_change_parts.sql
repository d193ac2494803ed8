-- A link from an old commune that was divided between several new units carries part = 1:
-- the old commune leads to each of them only in part (pages say "một phần").
ALTER TABLE unit_changes ADD COLUMN part INTEGER NOT NULL DEFAULT 0;
-- The shipped unit data changed with this column (parts, and the act of each province's 2025
-- arrangement on every link). No table refers to units by key, so they are emptied here and
-- `serve` imports the new files at its next start, as it does into any empty database.
DELETE FROM unit_changes;
DELETE FROM units;
