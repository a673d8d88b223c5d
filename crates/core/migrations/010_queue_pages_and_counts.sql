-- Queues a page at a time at a million tickets, and their counts without walking them.

-- Who held a ticket when it escalated in this cycle (the Escalated list of their team keeps
-- it), as its latest `escalated` event says; a reopening clears it with `escalated_at`.
ALTER TABLE tickets ADD COLUMN escalated_from INTEGER REFERENCES people(id);
UPDATE tickets SET escalated_from = (
        SELECT e.from_id FROM events e WHERE e.ticket_id = tickets.id AND e.kind = 'escalated'
        ORDER BY e.id DESC LIMIT 1)
    WHERE escalated_at IS NOT NULL;

-- Open tickets by deadline with their owner, so a team's first page walks the deadlines and
-- skips what others hold without reading a row; open escalations by when they escalated, with
-- who holds them and who held them at the mark; and each side of an escalation by person.
CREATE INDEX tickets_open_due ON tickets (due_at, owner_id) WHERE status = 'open';
CREATE INDEX tickets_open_escalated ON tickets (escalated_at, owner_id, escalated_from)
    WHERE status = 'open' AND escalated_at IS NOT NULL;
CREATE INDEX tickets_escalated_held ON tickets (owner_id, escalated_from)
    WHERE status = 'open' AND escalated_at IS NOT NULL;
CREATE INDEX tickets_escalated_from ON tickets (escalated_from, owner_id)
    WHERE status = 'open' AND escalated_at IS NOT NULL;

-- A person's unread alerts, counted for the bell without reading every alert they ever had.
CREATE INDEX alerts_unread ON alerts (person_id) WHERE read_at IS NULL;

-- Per person: the open tickets they hold, the open escalated ones they hold, and the open
-- escalated ones they held at the mark. Kept by the tickets' own triggers (a row's old
-- contribution taken away, its new one added), so a team's counts are sums over its people;
-- `verify` recounts it.
CREATE TABLE tally (
    person_id      INTEGER PRIMARY KEY REFERENCES people(id),
    open           INTEGER NOT NULL DEFAULT 0,
    escalated_held INTEGER NOT NULL DEFAULT 0,
    escalated_from INTEGER NOT NULL DEFAULT 0
);
INSERT INTO tally (person_id) SELECT id FROM people;
UPDATE tally SET
    open = (SELECT count(*) FROM tickets WHERE status = 'open' AND owner_id = person_id),
    escalated_held = (SELECT count(*) FROM tickets WHERE status = 'open'
                      AND escalated_at IS NOT NULL AND owner_id = person_id),
    escalated_from = (SELECT count(*) FROM tickets WHERE status = 'open'
                      AND escalated_at IS NOT NULL AND escalated_from = person_id);

CREATE TRIGGER tally_person AFTER INSERT ON people BEGIN
    INSERT INTO tally (person_id) VALUES (new.id);
END;
CREATE TRIGGER tally_insert AFTER INSERT ON tickets BEGIN
    UPDATE tally SET open = open + (new.status = 'open'),
        escalated_held = escalated_held + (new.status = 'open' AND new.escalated_at IS NOT NULL)
        WHERE person_id = new.owner_id;
    UPDATE tally SET escalated_from = escalated_from + 1
        WHERE new.status = 'open' AND new.escalated_at IS NOT NULL
          AND person_id = new.escalated_from;
END;
CREATE TRIGGER tally_update AFTER UPDATE OF owner_id, status, escalated_at, escalated_from
    ON tickets
    WHEN old.owner_id != new.owner_id OR old.status != new.status
      OR (old.escalated_at IS NULL) != (new.escalated_at IS NULL)
      OR old.escalated_from IS NOT new.escalated_from
BEGIN
    UPDATE tally SET open = open - (old.status = 'open'),
        escalated_held = escalated_held - (old.status = 'open' AND old.escalated_at IS NOT NULL)
        WHERE person_id = old.owner_id;
    UPDATE tally SET escalated_from = escalated_from - 1
        WHERE old.status = 'open' AND old.escalated_at IS NOT NULL
          AND person_id = old.escalated_from;
    UPDATE tally SET open = open + (new.status = 'open'),
        escalated_held = escalated_held + (new.status = 'open' AND new.escalated_at IS NOT NULL)
        WHERE person_id = new.owner_id;
    UPDATE tally SET escalated_from = escalated_from + 1
        WHERE new.status = 'open' AND new.escalated_at IS NOT NULL
          AND person_id = new.escalated_from;
END;
CREATE TRIGGER tally_delete AFTER DELETE ON tickets BEGIN
    UPDATE tally SET open = open - (old.status = 'open'),
        escalated_held = escalated_held - (old.status = 'open' AND old.escalated_at IS NOT NULL)
        WHERE person_id = old.owner_id;
    UPDATE tally SET escalated_from = escalated_from - 1
        WHERE old.status = 'open' AND old.escalated_at IS NOT NULL
          AND person_id = old.escalated_from;
END;
