-- Queues a page at a time at a million tickets: open tickets by deadline with their owner, so a
-- team's first page walks the deadlines and skips what others hold without reading a row, and
-- open escalated tickets by when they escalated.
CREATE INDEX tickets_open_due ON tickets (due_at, owner_id) WHERE status = 'open';
CREATE INDEX tickets_open_escalated ON tickets (escalated_at, owner_id)
    WHERE status = 'open' AND escalated_at IS NOT NULL;

-- How many open tickets each person holds, kept by the tickets' own triggers, so a team's count
-- is a sum over its people rather than a walk over every ticket they hold. `verify` recounts it.
CREATE TABLE open_held (
    owner_id INTEGER PRIMARY KEY REFERENCES people(id),
    open     INTEGER NOT NULL
);
INSERT INTO open_held (owner_id, open)
    SELECT owner_id, count(*) FROM tickets WHERE status = 'open' GROUP BY owner_id;

CREATE TRIGGER open_held_insert AFTER INSERT ON tickets WHEN new.status = 'open' BEGIN
    INSERT INTO open_held (owner_id, open) VALUES (new.owner_id, 1)
        ON CONFLICT (owner_id) DO UPDATE SET open = open + 1;
END;
CREATE TRIGGER open_held_update AFTER UPDATE OF owner_id, status ON tickets
    WHEN (old.status = 'open') != (new.status = 'open') OR old.owner_id != new.owner_id BEGIN
    UPDATE open_held SET open = open - 1
        WHERE old.status = 'open' AND owner_id = old.owner_id;
    INSERT INTO open_held (owner_id, open) SELECT new.owner_id, 1 WHERE new.status = 'open'
        ON CONFLICT (owner_id) DO UPDATE SET open = open + 1;
END;
CREATE TRIGGER open_held_delete AFTER DELETE ON tickets WHEN old.status = 'open' BEGIN
    UPDATE open_held SET open = open - 1 WHERE owner_id = old.owner_id;
END;
