-- A doorbell for the workstations: every statement that appends events rings `baton_desk` at
-- its commit, carrying nothing (no ids, no text). Each listening install then reads what
-- changed through the store as usual; the alerts table stays the durable inbox.
CREATE FUNCTION baton_ring() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('baton_desk', '');
    RETURN NULL;
END $$;
CREATE TRIGGER events_ring AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION baton_ring();
