-- Accounts (issue 20): a password an operator was shown (`congdanso user add`) is good for one
-- sign-in only, which must replace it. Setting a password any other way clears the mark.
ALTER TABLE accounts ADD COLUMN password_one_time INTEGER NOT NULL DEFAULT 0;
