-- Queues a page at a time at a million tickets (as SQLite's migration 010): open tickets by
-- deadline with their owner, and open escalations by when they escalated.
CREATE INDEX tickets_open_due ON tickets (due_at, owner_id, id) WHERE status = 'open';
CREATE INDEX tickets_open_escalated ON tickets (escalated_at, owner_id, id)
    WHERE status = 'open' AND escalated_at IS NOT NULL;
