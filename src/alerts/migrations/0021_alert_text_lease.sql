-- Warning texts (issue 10): the process sending an alert's texts holds a lease on them, renewed
-- before each batch. Another process takes over only once the lease has run out (its holder
-- stopped or hung), so two processes never text the same residents at the same time.
ALTER TABLE alerts ADD COLUMN sms_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN sms_lease TEXT NOT NULL DEFAULT '';  -- UTC; held until then
