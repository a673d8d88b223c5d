//! The per-person tally on the server (migration 009): changes append deltas, which are folded
//! into one row per person from time to time, and recounted from the tickets by `verify` when
//! wrong.

use postgres::Transaction;

use crate::error::Result;

/// The advisory lock a fold holds: "TALY".
const FOLD_LOCK: i64 = 0x5441_4C59;

/// Each person's rows folded into one. Rows appended meanwhile are not in the statement's
/// snapshot and stay. One workstation folds at a time; the others skip their turn, rather than
/// wait on its rows (or, taking them in another order, deadlock with it).
pub fn fold(t: &mut Transaction) -> Result<()> {
    let mine: bool = t
        .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&FOLD_LOCK])?
        .get(0);
    if !mine {
        return Ok(());
    }
    t.execute(
        "WITH folded AS (
             DELETE FROM tally WHERE person_id IN (
                 SELECT person_id FROM tally GROUP BY person_id HAVING count(*) > 1)
             RETURNING *)
         INSERT INTO tally
         SELECT person_id, sum(open), sum(escalated_held), sum(escalated_from)
         FROM folded GROUP BY person_id",
        &[],
    )?;
    Ok(())
}

/// The tally as the tickets have it, one row per person.
const COUNTED: &str = "
    SELECT c.person_id, sum(c.open) AS open, sum(c.escalated_held) AS escalated_held,
           sum(c.escalated_from) AS escalated_from
    FROM tickets t,
         tally_of(t.status, t.owner_id, t.escalated_at IS NOT NULL, t.escalated_from, 1) c
    WHERE t.status = 'open'
    GROUP BY c.person_id";

/// For how many people the tally disagrees with the tickets (one snapshot of both).
pub fn wrong(t: &mut Transaction) -> Result<i64> {
    Ok(t.query_one(
        &format!(
            "WITH counted AS ({COUNTED}),
                 kept AS (SELECT person_id, sum(open) AS open,
                                 sum(escalated_held) AS escalated_held,
                                 sum(escalated_from) AS escalated_from
                          FROM tally GROUP BY person_id)
                 SELECT count(*) FROM counted c FULL JOIN kept k USING (person_id)
                 WHERE (coalesce(c.open, 0), coalesce(c.escalated_held, 0),
                        coalesce(c.escalated_from, 0))
                    <> (coalesce(k.open, 0), coalesce(k.escalated_held, 0),
                        coalesce(k.escalated_from, 0))"
        ),
        &[],
    )?
    .get(0))
}

/// The tally counted again from the tickets. A writer's delta waits on the lock, so its change
/// is either counted here or added after the rebuild, never both.
pub fn rebuild(t: &mut Transaction) -> Result<()> {
    t.batch_execute(&format!(
        "LOCK TABLE tally IN EXCLUSIVE MODE;
         DELETE FROM tally;
         INSERT INTO tally {COUNTED};"
    ))?;
    Ok(())
}
