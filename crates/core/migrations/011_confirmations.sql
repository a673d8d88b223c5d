-- Closing the loop with the customer: after a resolve, the person who took the call (or the
-- nearest active person above them) confirms the customer heard back. While it is outstanding
-- `confirm_due_at` is when they are next reminded; `confirmed_at` is when it was done.
ALTER TABLE tickets ADD COLUMN confirm_by INTEGER REFERENCES people(id);
ALTER TABLE tickets ADD COLUMN confirm_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN confirmed_at INTEGER;
CREATE INDEX tickets_confirm_due ON tickets (confirm_due_at) WHERE confirm_due_at IS NOT NULL;
CREATE INDEX tickets_to_confirm ON tickets (confirm_by, confirm_due_at)
    WHERE confirm_due_at IS NOT NULL;

-- A problem back: the customer's latest ticket in the category resolved in the 30 days before
-- this one was taken in (found at intake, so the month's report reads only the repeats).
ALTER TABLE tickets ADD COLUMN repeat_of INTEGER REFERENCES tickets(id);
UPDATE tickets SET repeat_of = (
    SELECT p.id FROM tickets p
    WHERE p.customer_id = tickets.customer_id AND p.category_id = tickets.category_id
        AND p.created_at < tickets.created_at AND p.merged_into IS NULL
        AND p.resolved_at <= tickets.created_at AND p.resolved_at >= tickets.created_at - 2592000000
    ORDER BY p.resolved_at DESC, p.id DESC LIMIT 1);
CREATE INDEX tickets_repeats ON tickets (created_at) WHERE repeat_of IS NOT NULL;
