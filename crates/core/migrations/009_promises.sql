-- Promises are managed, not only recorded, and duplicates merged (see `merged_into` below): a contact may agree a new time with the customer
-- (`promise_at` is then the new one and `first_promise_at` the one made at intake, which the
-- report's promises kept still count against), the owner is reminded before the promise falls
-- due (`promise_alert_at`, an alert of kind 'promise'), and a promise renegotiated only after
-- it lapsed is marked broken.
ALTER TABLE tickets ADD COLUMN first_promise_at INTEGER;
ALTER TABLE tickets ADD COLUMN promise_alert_at INTEGER;
ALTER TABLE tickets ADD COLUMN promise_broken INTEGER NOT NULL DEFAULT 0;
-- One call, one ticket: a duplicate merged into another points at it.
ALTER TABLE tickets ADD COLUMN merged_into INTEGER REFERENCES tickets(id);
-- Open tickets whose promise is more than an hour away, and before the mark (whose warning
-- comes first) unless escalated, are reminded an hour before it.
UPDATE tickets SET promise_alert_at = promise_at - 3600000
    WHERE status = 'open' AND promise_at > CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 3600000
      AND (escalated_at IS NOT NULL OR promise_at < due_at);
CREATE INDEX tickets_promise ON tickets (promise_alert_at)
    WHERE status = 'open' AND promise_alert_at IS NOT NULL;

CREATE TABLE alerts_new (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    due       TEXT    NOT NULL
        CHECK (due IN ('warn', 'escalate', 'reminder', 'idle', 'handed', 'promise')),
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
