-- Set-up changes (policy, reporting lines, deactivations, PINs, categories) join the audit
-- trail: events may now belong to the desk rather than to one ticket (ticket_id NULL), and
-- carry structured facts in `data` (JSON; hashed when present, so older events keep their
-- hashes). SQLite cannot relax NOT NULL in place, so the table is rebuilt with the same rows.
DROP TRIGGER events_no_update;
DROP TRIGGER events_no_delete;

CREATE TABLE events_new (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER REFERENCES tickets(id), -- NULL: a change to the desk's set-up
    kind       TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES people(id), -- NULL: the system (sweep) or the administrator's CLI
    from_id    INTEGER REFERENCES people(id),
    to_id      INTEGER REFERENCES people(id),
    text       TEXT,
    tickle_at  INTEGER,
    delighted  INTEGER,
    held_ms    INTEGER,
    data       TEXT,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);
INSERT INTO events_new (id, ticket_id, kind, at, actor_id, from_id, to_id, text, tickle_at,
                        delighted, held_ms, prev_hash, hash)
    SELECT id, ticket_id, kind, at, actor_id, from_id, to_id, text, tickle_at, delighted,
           held_ms, prev_hash, hash
    FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;

CREATE INDEX events_ticket ON events (ticket_id, id);
CREATE INDEX events_report ON events (kind, at, actor_id, from_id, to_id, held_ms);
CREATE INDEX events_escalated_to ON events (ticket_id, to_id) WHERE kind = 'escalated';
CREATE INDEX events_desk ON events (id) WHERE ticket_id IS NULL;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
