-- Per person: the open tickets they hold, the open escalated ones they hold, and the open
-- escalated ones they held at the mark (as SQLite migration 010), so a team's counts are sums
-- over its people instead of counting its tickets. On a server one row per person would make
-- every workstation's change queue on it (and two passes in opposite directions deadlock), so
-- changes append their deltas, summed on read; `tidy` folds each person's rows into one and
-- `verify` recounts it.
-- Workstations of an older build may still be writing: they wait until the tally is counted
-- and its triggers are in place, so no change falls between the two.
LOCK TABLE tickets IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE tally (
    person_id      BIGINT NOT NULL REFERENCES people(id),
    open           BIGINT NOT NULL,
    escalated_held BIGINT NOT NULL,
    escalated_from BIGINT NOT NULL
);
CREATE INDEX tally_person ON tally (person_id) INCLUDE (open, escalated_held, escalated_from);

-- What one ticket row counts for (`sign` -1 takes it away).
CREATE FUNCTION tally_of(ticket_status TEXT, owner BIGINT, escalated BOOLEAN, held_at_mark BIGINT,
                         sign INTEGER)
RETURNS TABLE (person_id BIGINT, open INTEGER, escalated_held INTEGER, escalated_from INTEGER)
LANGUAGE sql IMMUTABLE AS $$
    SELECT owner, sign, CASE WHEN escalated THEN sign ELSE 0 END, 0
        WHERE ticket_status = 'open'
    UNION ALL
    SELECT held_at_mark, 0, 0, sign
        WHERE ticket_status = 'open' AND escalated AND held_at_mark IS NOT NULL
$$;

-- Once per statement, from its transition tables: one grouped row per person whose counts
-- moved (none for a note), and a whole COPY of tickets in one insert.
CREATE FUNCTION tally_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO tally
        SELECT c.person_id, sum(c.open), sum(c.escalated_held), sum(c.escalated_from)
        FROM new_rows t,
             tally_of(t.status, t.owner_id, t.escalated_at IS NOT NULL, t.escalated_from, 1) c
        GROUP BY c.person_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO tally
        SELECT c.person_id, sum(c.open), sum(c.escalated_held), sum(c.escalated_from)
        FROM old_rows t,
             tally_of(t.status, t.owner_id, t.escalated_at IS NOT NULL, t.escalated_from, -1) c
        GROUP BY c.person_id;
    ELSE
        INSERT INTO tally
        SELECT d.person_id, sum(d.open), sum(d.escalated_held), sum(d.escalated_from)
        FROM (SELECT c.* FROM new_rows t, tally_of(t.status, t.owner_id,
                  t.escalated_at IS NOT NULL, t.escalated_from, 1) c
              UNION ALL
              SELECT c.* FROM old_rows t, tally_of(t.status, t.owner_id,
                  t.escalated_at IS NOT NULL, t.escalated_from, -1) c) d
        GROUP BY d.person_id
        HAVING sum(d.open) <> 0 OR sum(d.escalated_held) <> 0 OR sum(d.escalated_from) <> 0;
    END IF;
    RETURN NULL;
END $$;

INSERT INTO tally
SELECT c.person_id, sum(c.open), sum(c.escalated_held), sum(c.escalated_from)
FROM tickets t,
     tally_of(t.status, t.owner_id, t.escalated_at IS NOT NULL, t.escalated_from, 1) c
WHERE t.status = 'open'
GROUP BY c.person_id;

CREATE TRIGGER tally_insert AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tally_changes();
CREATE TRIGGER tally_update AFTER UPDATE ON tickets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tally_changes();
CREATE TRIGGER tally_delete AFTER DELETE ON tickets REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tally_changes();

-- Each side of an open escalation by person with the other side, for a team's escalations
-- held and escalated within it, read from the index alone.
DROP INDEX tickets_escalated_from;
CREATE INDEX tickets_escalated_from ON tickets (escalated_from, owner_id)
    WHERE status = 'open' AND escalated_at IS NOT NULL;
CREATE INDEX tickets_escalated_held ON tickets (owner_id, escalated_from)
    WHERE status = 'open' AND escalated_at IS NOT NULL;

-- The triggers run as whoever changes a ticket: the roles that may already do so (granted by an
-- earlier `upgrade --app-role`) may keep the tally too.
DO $$
DECLARE writer TEXT;
BEGIN
    FOR writer IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'tickets'
          AND privilege_type = 'INSERT' AND grantee NOT IN (current_user, 'PUBLIC')
    LOOP
        EXECUTE format('GRANT SELECT, INSERT, DELETE ON tally TO %I', writer);
    END LOOP;
END $$;
