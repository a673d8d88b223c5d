-- Queues a page at a time at a million tickets (as SQLite's migration 010).

-- Who held a ticket when it escalated in this cycle (the Escalated list of their team keeps
-- it), as its latest `escalated` event says; a reopening clears it with `escalated_at`.
ALTER TABLE tickets ADD COLUMN escalated_from BIGINT REFERENCES people(id);
UPDATE tickets t SET escalated_from = (
        SELECT e.from_id FROM events e WHERE e.ticket_id = t.id AND e.kind = 'escalated'
        ORDER BY e.id DESC LIMIT 1)
    WHERE escalated_at IS NOT NULL;

-- Open tickets by deadline with their owner, and open escalations by when they escalated and
-- by either side of them.
CREATE INDEX tickets_open_due ON tickets (due_at, owner_id, id) WHERE status = 'open';
CREATE INDEX tickets_open_escalated ON tickets (escalated_at, owner_id, escalated_from, id)
    WHERE status = 'open' AND escalated_at IS NOT NULL;
CREATE INDEX tickets_escalated_from ON tickets (escalated_from)
    WHERE status = 'open' AND escalated_at IS NOT NULL;

-- A person's unread alerts, counted for the bell without reading every alert they ever had.
CREATE INDEX alerts_unread ON alerts (person_id) WHERE read_at IS NULL;
