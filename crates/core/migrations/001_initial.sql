-- Baton schema v1. Never edit a shipped migration: add a new one.
-- Instants are INTEGER milliseconds since the Unix epoch, UTC.
PRAGMA application_id = 1111577678; -- 'BATN'

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN ('rep', 'lead', 'manager', 'executive')),
    reports_to  INTEGER REFERENCES people(id),
    pin_hash    TEXT,
    failed_pins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX people_name ON people (name COLLATE NOCASE);
CREATE INDEX people_reports_to ON people (reports_to);

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    notes      TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX customers_name ON customers (name COLLATE NOCASE);

CREATE TABLE customer_phones (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    phone       TEXT    NOT NULL, -- digits only, normalised
    shown       TEXT    NOT NULL, -- as typed
    PRIMARY KEY (customer_id, phone)
);
CREATE INDEX customer_phones_phone ON customer_phones (phone);

CREATE TABLE customer_emails (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    email       TEXT    NOT NULL, -- lower case
    PRIMARY KEY (customer_id, email)
);
CREATE INDEX customer_emails_email ON customer_emails (email);

CREATE TABLE categories (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    default_owner_id INTEGER REFERENCES people(id),
    realtime         INTEGER NOT NULL DEFAULT 0,
    small_steps      TEXT    NOT NULL DEFAULT '[]' -- JSON array of suggestions
);
CREATE UNIQUE INDEX categories_name ON categories (name COLLATE NOCASE);

CREATE TABLE category_fields (
    category_id INTEGER NOT NULL REFERENCES categories(id),
    position    INTEGER NOT NULL,
    key         TEXT    NOT NULL,
    label       TEXT    NOT NULL,
    required    INTEGER NOT NULL,
    PRIMARY KEY (category_id, key)
);

CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY, -- also the ticket number people read out
    customer_id      INTEGER NOT NULL REFERENCES customers(id),
    category_id      INTEGER NOT NULL REFERENCES categories(id),
    summary          TEXT    NOT NULL,
    fields           TEXT    NOT NULL DEFAULT '{}', -- JSON object key -> value
    channel          TEXT    NOT NULL,
    intake_rep_id    INTEGER NOT NULL REFERENCES people(id),
    created_at       INTEGER NOT NULL,
    owner_id         INTEGER NOT NULL REFERENCES people(id),
    owner_since      INTEGER NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('open', 'resolved')),
    clock_start      INTEGER NOT NULL, -- created, or reopened: the 20-hour clock runs from here
    due_at           INTEGER NOT NULL,
    warned_at        INTEGER,
    escalated_at     INTEGER,
    tickle_at        INTEGER,
    idle_due_at      INTEGER,
    resolved_at      INTEGER,
    resolution       TEXT,
    promise_at       INTEGER NOT NULL,
    small_step       TEXT,
    realtime_offered INTEGER NOT NULL DEFAULT 0,
    realtime_taken   INTEGER NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_at       INTEGER NOT NULL,
    updated_by       INTEGER REFERENCES people(id)
);
CREATE INDEX tickets_owner ON tickets (owner_id, status, due_at);
CREATE INDEX tickets_customer ON tickets (customer_id, created_at);
CREATE INDEX tickets_to_warn ON tickets (due_at)
    WHERE status = 'open' AND warned_at IS NULL AND escalated_at IS NULL;
CREATE INDEX tickets_to_escalate ON tickets (due_at)
    WHERE status = 'open' AND escalated_at IS NULL;
CREATE INDEX tickets_tickle ON tickets (tickle_at)
    WHERE status = 'open' AND tickle_at IS NOT NULL;
CREATE INDEX tickets_idle ON tickets (idle_due_at)
    WHERE status = 'open' AND idle_due_at IS NOT NULL;

-- Append-only audit trail; each row carries the hash of the one before it.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    kind       TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES people(id), -- NULL: the system (sweep)
    from_id    INTEGER REFERENCES people(id),
    to_id      INTEGER REFERENCES people(id),
    text       TEXT,
    tickle_at  INTEGER,
    delighted  INTEGER,
    held_ms    INTEGER, -- for resolved: how long the resolver held the ticket
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);
CREATE INDEX events_ticket ON events (ticket_id, id);
CREATE INDEX events_kind_at ON events (kind, at);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE VIRTUAL TABLE ticket_search USING fts5 (summary, fields, notes, tokenize = 'unicode61 remove_diacritics 2');
