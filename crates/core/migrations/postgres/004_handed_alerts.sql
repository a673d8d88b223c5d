-- Alerts also tell a person that a ticket was passed or assigned to them ('handed').
ALTER TABLE alerts DROP CONSTRAINT alerts_due_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_due_check
    CHECK (due IN ('warn', 'escalate', 'reminder', 'idle', 'handed'));
