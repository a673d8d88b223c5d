-- The month report at a million tickets (as SQLite migration 003): each person's events of a
-- kind counted from the index alone, and the tickets resolved in the month found by when.
DROP INDEX events_kind_at;
CREATE INDEX events_report ON events (kind, at) INCLUDE (actor_id, from_id, to_id, held_ms);
CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;
