-- Baton on PostgreSQL, schema 1: the same desk as SQLite's schema 5, for many writers.
-- Instants are BIGINT milliseconds since the Unix epoch, UTC. Never edit a shipped migration.

CREATE TABLE people (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('rep', 'lead', 'manager', 'executive')),
    reports_to   BIGINT  REFERENCES people (id),
    pin_hash     TEXT,
    failed_pins  BIGINT  NOT NULL DEFAULT 0,
    locked_until BIGINT,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   BIGINT  NOT NULL
);
CREATE UNIQUE INDEX people_name ON people (lower(name));

CREATE TABLE customers (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT   NOT NULL,
    notes      TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    erased_at  BIGINT
);
CREATE INDEX customers_name ON customers (lower(name) text_pattern_ops);

CREATE TABLE customer_phones (
    id          BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    phone       TEXT   NOT NULL, -- digits only, normalised
    shown       TEXT   NOT NULL  -- as typed
);
CREATE INDEX customer_phones_phone ON customer_phones (phone text_pattern_ops);
CREATE INDEX customer_phones_customer ON customer_phones (customer_id);

CREATE TABLE customer_emails (
    id          BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    email       TEXT   NOT NULL -- lower case
);
CREATE INDEX customer_emails_email ON customer_emails (email text_pattern_ops);
CREATE INDEX customer_emails_customer ON customer_emails (customer_id);

CREATE TABLE categories (
    id               BIGSERIAL PRIMARY KEY,
    name             TEXT    NOT NULL,
    default_owner_id BIGINT  REFERENCES people (id),
    realtime         BOOLEAN NOT NULL DEFAULT FALSE,
    small_steps      TEXT    NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX categories_name ON categories (lower(name));

CREATE TABLE category_fields (
    category_id BIGINT  NOT NULL REFERENCES categories (id),
    position    BIGINT  NOT NULL,
    key         TEXT    NOT NULL,
    label       TEXT    NOT NULL,
    required    BOOLEAN NOT NULL,
    PRIMARY KEY (category_id, key)
);

-- Ticket numbers come from a sequence, never max(id) + 1.
CREATE SEQUENCE ticket_numbers START 1001;

CREATE TABLE tickets (
    id               BIGINT  PRIMARY KEY DEFAULT nextval('ticket_numbers'),
    customer_id      BIGINT  NOT NULL REFERENCES customers (id),
    category_id      BIGINT  NOT NULL REFERENCES categories (id),
    summary          TEXT    NOT NULL,
    fields           TEXT    NOT NULL DEFAULT '{}',
    channel          TEXT    NOT NULL,
    intake_rep_id    BIGINT  NOT NULL REFERENCES people (id),
    created_at       BIGINT  NOT NULL,
    owner_id         BIGINT  NOT NULL REFERENCES people (id),
    owner_since      BIGINT  NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('open', 'resolved')),
    clock_start      BIGINT  NOT NULL,
    cycle            BIGINT  NOT NULL DEFAULT 1,
    due_at           BIGINT  NOT NULL,
    warned_at        BIGINT,
    escalated_at     BIGINT,
    tickle_at        BIGINT,
    idle_due_at      BIGINT,
    resolved_at      BIGINT,
    resolution       TEXT,
    promise_at       BIGINT  NOT NULL,
    small_step       TEXT,
    realtime_offered BOOLEAN NOT NULL DEFAULT FALSE,
    realtime_taken   BOOLEAN NOT NULL DEFAULT FALSE,
    version          BIGINT  NOT NULL DEFAULT 1,
    updated_at       BIGINT  NOT NULL,
    updated_by       BIGINT  REFERENCES people (id),
    -- What search finds: summary and field values, then notes, resolutions and feedback.
    search           TSVECTOR NOT NULL DEFAULT ''
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
CREATE INDEX tickets_search ON tickets USING GIN (search);

-- The audit trail: one global hash chain. `chain_head` is the one row every appending
-- transaction locks, last, so events get their ids (and alerts theirs) in commit order.
CREATE TABLE events (
    id        BIGINT  PRIMARY KEY,
    ticket_id BIGINT  REFERENCES tickets (id),
    kind      TEXT    NOT NULL,
    at        BIGINT  NOT NULL,
    actor_id  BIGINT  REFERENCES people (id),
    from_id   BIGINT  REFERENCES people (id),
    to_id     BIGINT  REFERENCES people (id),
    text      TEXT,
    tickle_at BIGINT,
    delighted BOOLEAN,
    held_ms   BIGINT,
    data      TEXT,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL
);
CREATE INDEX events_ticket ON events (ticket_id, id);
CREATE INDEX events_kind_at ON events (kind, at);
CREATE INDEX events_escalated_to ON events (ticket_id, to_id) WHERE kind = 'escalated';

CREATE TABLE chain_head (
    one   BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    id    BIGINT  NOT NULL,
    hash  TEXT    NOT NULL,
    alert BIGINT  NOT NULL
);
INSERT INTO chain_head (id, hash, alert)
    VALUES (0, '0000000000000000000000000000000000000000000000000000000000000000', 0);

-- Events are append-only: nothing may be deleted, and an update may only write the tombstones
-- of an erasure on request (verify checks that a chained erasure names each erased event).
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
        OR NEW.id IS DISTINCT FROM OLD.id OR NEW.ticket_id IS DISTINCT FROM OLD.ticket_id
        OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.at IS DISTINCT FROM OLD.at
        OR NEW.actor_id IS DISTINCT FROM OLD.actor_id OR NEW.from_id IS DISTINCT FROM OLD.from_id
        OR NEW.to_id IS DISTINCT FROM OLD.to_id OR NEW.tickle_at IS DISTINCT FROM OLD.tickle_at
        OR NEW.delighted IS DISTINCT FROM OLD.delighted OR NEW.held_ms IS DISTINCT FROM OLD.held_ms
        OR NEW.prev_hash IS DISTINCT FROM OLD.prev_hash OR NEW.hash IS DISTINCT FROM OLD.hash
        OR (NEW.text IS DISTINCT FROM OLD.text AND NEW.text IS DISTINCT FROM '[erased]')
        OR (NEW.data IS DISTINCT FROM OLD.data AND (
            (NEW.data::jsonb - 'fields') IS DISTINCT FROM (OLD.data::jsonb - 'fields')
            OR EXISTS (SELECT 1 FROM jsonb_each_text(coalesce(NEW.data::jsonb -> 'fields', '{}'))
                       WHERE value IS DISTINCT FROM '[erased]')))
    THEN
        RAISE EXCEPTION 'events are append-only';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();

CREATE TABLE alerts (
    id        BIGINT  PRIMARY KEY,
    person_id BIGINT  NOT NULL REFERENCES people (id),
    ticket_id BIGINT  NOT NULL REFERENCES tickets (id),
    due       TEXT    NOT NULL CHECK (due IN ('warn', 'escalate', 'reminder', 'idle')),
    title     TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    at        BIGINT  NOT NULL,
    read_at   BIGINT
);
CREATE INDEX alerts_person ON alerts (person_id, id);

-- A ticket escalates at most once per cycle; a reopening starts a new cycle.
CREATE TABLE escalations (
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    cycle     BIGINT NOT NULL,
    event_id  BIGINT NOT NULL REFERENCES events (id),
    PRIMARY KEY (ticket_id, cycle)
);

-- Idempotency keys: a resend after a lost acknowledgement finds its key and does nothing twice.
CREATE TABLE requests (
    key       TEXT   PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    at        BIGINT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
