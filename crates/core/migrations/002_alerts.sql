-- In-app alerts: one row per person told about a warning, an escalation or a tickle.
CREATE TABLE alerts (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    due       TEXT    NOT NULL CHECK (due IN ('warn', 'escalate', 'reminder', 'idle')),
    title     TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    read_at   INTEGER
);
CREATE INDEX alerts_person ON alerts (person_id, id);
