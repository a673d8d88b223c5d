-- Escalation cycles: a ticket escalates at most once per cycle, and each reopening starts a new
-- cycle. The schema itself refuses a second escalation of one cycle, however many sweepers race.
ALTER TABLE tickets ADD COLUMN cycle INTEGER NOT NULL DEFAULT 1;
UPDATE tickets SET cycle = 1 + (
    SELECT count(*) FROM events e WHERE e.ticket_id = tickets.id AND e.kind = 'reopened');

CREATE TABLE escalations (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    cycle INTEGER NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id),
    PRIMARY KEY (ticket_id, cycle)
) WITHOUT ROWID;
INSERT OR IGNORE INTO escalations (ticket_id, cycle, event_id)
    SELECT e.ticket_id,
           1 + (SELECT count(*) FROM events r
                WHERE r.ticket_id = e.ticket_id AND r.kind = 'reopened' AND r.id < e.id),
           e.id
    FROM events e WHERE e.kind = 'escalated' AND e.ticket_id IS NOT NULL;

-- Idempotency: a front end's write carries a key; a resend after a lost acknowledgement finds
-- its key here and does nothing twice.
CREATE TABLE requests (
    key TEXT PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    at INTEGER NOT NULL
) WITHOUT ROWID;
