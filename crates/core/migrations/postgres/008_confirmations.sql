-- Closing the loop with the customer (as SQLite migration 011): who confirms the customer heard
-- back after a resolve, when they are next reminded while it is outstanding, and when it was done.
ALTER TABLE tickets ADD COLUMN confirm_by BIGINT REFERENCES people(id);
ALTER TABLE tickets ADD COLUMN confirm_due_at BIGINT;
ALTER TABLE tickets ADD COLUMN confirmed_at BIGINT;
CREATE INDEX tickets_confirm_due ON tickets (confirm_due_at) WHERE confirm_due_at IS NOT NULL;
CREATE INDEX tickets_to_confirm ON tickets (confirm_by, confirm_due_at)
    WHERE confirm_due_at IS NOT NULL;

-- A problem back (as SQLite migration 011): the customer's latest ticket in the category
-- resolved in the 30 days before this one was taken in, found at intake.
ALTER TABLE tickets ADD COLUMN repeat_of BIGINT REFERENCES tickets(id);
UPDATE tickets t SET repeat_of = (
    SELECT p.id FROM tickets p
    WHERE p.customer_id = t.customer_id AND p.category_id = t.category_id
        AND p.created_at < t.created_at AND p.merged_into IS NULL
        AND p.resolved_at <= t.created_at AND p.resolved_at >= t.created_at - 2592000000
    ORDER BY p.resolved_at DESC, p.id DESC LIMIT 1);
CREATE INDEX tickets_repeats ON tickets (created_at) WHERE repeat_of IS NOT NULL;
