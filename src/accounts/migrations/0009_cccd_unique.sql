-- One CCCD, one account. Before this rule two accounts could hold the same number; for such
-- pairs only the oldest account keeps it (the others are asked again on their profile page),
-- since nothing here tells which claim is right.
UPDATE accounts SET cccd = NULL
 WHERE cccd IS NOT NULL
   AND id NOT IN (SELECT MIN(id) FROM accounts WHERE cccd IS NOT NULL GROUP BY cccd);
DROP INDEX accounts_cccd;
CREATE UNIQUE INDEX accounts_cccd_unique ON accounts (cccd) WHERE cccd IS NOT NULL;
