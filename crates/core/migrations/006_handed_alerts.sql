-- Alerts also tell a person that a ticket was passed or assigned to them ('handed'). SQLite
-- cannot change a CHECK constraint in place: the table is made again with its rows.
CREATE TABLE alerts_new (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    due       TEXT    NOT NULL CHECK (due IN ('warn', 'escalate', 'reminder', 'idle', 'handed')),
    title     TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    read_at   INTEGER
);
INSERT INTO alerts_new (id, person_id, ticket_id, due, title, body, at, read_at)
    SELECT id, person_id, ticket_id, due, title, body, at, read_at FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_new RENAME TO alerts;
CREATE INDEX alerts_person ON alerts (person_id, id);
