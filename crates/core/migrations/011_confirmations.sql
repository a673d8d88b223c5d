-- Closing the loop with the customer: after a resolve, the person who took the call (or the
-- nearest active person above them) confirms the customer heard back. While it is outstanding
-- `confirm_due_at` is when they are next reminded; `confirmed_at` is when it was done.
ALTER TABLE tickets ADD COLUMN confirm_by INTEGER REFERENCES people(id);
ALTER TABLE tickets ADD COLUMN confirm_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN confirmed_at INTEGER;
CREATE INDEX tickets_confirm_due ON tickets (confirm_due_at) WHERE confirm_due_at IS NOT NULL;
CREATE INDEX tickets_to_confirm ON tickets (confirm_by, confirm_due_at)
    WHERE confirm_due_at IS NOT NULL;
