-- Closing the loop with the customer (as SQLite migration 011): who confirms the customer heard
-- back after a resolve, when they are next reminded while it is outstanding, and when it was done.
ALTER TABLE tickets ADD COLUMN confirm_by BIGINT REFERENCES people(id);
ALTER TABLE tickets ADD COLUMN confirm_due_at BIGINT;
ALTER TABLE tickets ADD COLUMN confirmed_at BIGINT;
CREATE INDEX tickets_confirm_due ON tickets (confirm_due_at) WHERE confirm_due_at IS NOT NULL;
CREATE INDEX tickets_to_confirm ON tickets (confirm_by, confirm_due_at)
    WHERE confirm_due_at IS NOT NULL;
