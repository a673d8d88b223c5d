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

-- Erasing a customer's personal data on request replaces the text of their tickets' events,
-- and the field values in their data, with the tombstone '[erased]'. Nothing else of an event
-- may change: its hash and its links stay, so the chain still verifies, and verify checks that
-- every erased event is a tombstone named by a chained `customer_erased` event.
DROP TRIGGER events_no_update;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NEW.id IS NOT OLD.id OR NEW.ticket_id IS NOT OLD.ticket_id OR NEW.kind IS NOT OLD.kind
    OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id OR NEW.from_id IS NOT OLD.from_id
    OR NEW.to_id IS NOT OLD.to_id OR NEW.tickle_at IS NOT OLD.tickle_at
    OR NEW.delighted IS NOT OLD.delighted OR NEW.held_ms IS NOT OLD.held_ms
    OR NEW.prev_hash IS NOT OLD.prev_hash OR NEW.hash IS NOT OLD.hash
    OR (NEW.text IS NOT OLD.text AND NEW.text IS NOT '[erased]')
    OR (NEW.data IS NOT OLD.data AND (
        json_remove(NEW.data, '$.fields') IS NOT json_remove(OLD.data, '$.fields')
        OR EXISTS (SELECT 1 FROM json_each(NEW.data, '$.fields') WHERE value IS NOT '[erased]')))
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

ALTER TABLE customers ADD COLUMN erased_at INTEGER;
