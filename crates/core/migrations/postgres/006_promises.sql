-- Promises are managed, not only recorded (as SQLite migration 009): a new time agreed on a
-- contact, the first promise kept for the report, the owner reminded before a promise falls
-- due, a promise renegotiated only after it lapsed marked broken; and a duplicate merged into
-- another ticket points at it.
ALTER TABLE tickets ADD COLUMN first_promise_at BIGINT;
ALTER TABLE tickets ADD COLUMN promise_alert_at BIGINT;
ALTER TABLE tickets ADD COLUMN promise_broken BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tickets ADD COLUMN merged_into BIGINT REFERENCES tickets(id);
UPDATE tickets SET promise_alert_at = promise_at - 3600000
    WHERE status = 'open'
      AND promise_at > (extract(epoch FROM now()) * 1000)::bigint + 3600000
      AND (escalated_at IS NOT NULL OR promise_at < due_at);
CREATE INDEX tickets_promise ON tickets (promise_alert_at)
    WHERE status = 'open' AND promise_alert_at IS NOT NULL;
ALTER TABLE alerts DROP CONSTRAINT alerts_due_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_due_check
    CHECK (due IN ('warn', 'escalate', 'reminder', 'idle', 'handed', 'promise'));
