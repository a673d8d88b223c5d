//! Checking the desk: SQLite's integrity, the events' hash chain, the witnesses installs kept of
//! its head, and that every ticket row is what its events say.

use serde::Serialize;
use ts_rs::TS;

use std::collections::HashSet;

use crate::events::{LinkRow, StoredLink, GENESIS};
use crate::privacy::{self, Erased};
use crate::replay::{self, PolicyChange};
use crate::store::{Auditor, RowRead};

/// The newest event of the chain. An install records it; a later chain must still contain it,
/// so a deleted tail or a rewritten history is caught even when the rest re-chains cleanly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct ChainHead {
    pub event_id: i64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BrokenLink {
    pub event_id: i64,
    /// None for a change to the desk's set-up.
    pub ticket_id: Option<i64>,
    pub problem: String,
}

/// A ticket whose row disagrees with its events.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Mismatch {
    pub ticket_id: i64,
    pub problems: Vec<String>,
}

/// A witness given to verify, and where the chain still holds it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WitnessCheck {
    pub hash: String,
    /// The event with that hash; None when the chain no longer contains it.
    pub event_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Verification {
    pub ok: bool,
    /// The store's own findings (SQLite's page and foreign-key checks; a wrong tally of
    /// open tickets on either store, recounted); empty when sound.
    pub integrity: Vec<String>,
    pub events_checked: u32,
    /// The first event whose link does not hold.
    pub first_broken: Option<BrokenLink>,
    /// The chain's newest event: keep it, and pass it to a later verify as a witness.
    pub head: Option<ChainHead>,
    pub tickets_checked: u32,
    /// Tickets whose row is not what their events say (the first 100).
    pub mismatches: Vec<Mismatch>,
    pub mismatch_count: u32,
    pub witnesses: Vec<WitnessCheck>,
}

/// How many disagreeing tickets a verification lists (all are counted).
pub const LISTED_MISMATCHES: usize = 100;

/// What an install's witness check found.
#[derive(Debug, Clone, PartialEq)]
pub enum Witnessed {
    /// The chain holds the old witness; this is the new one.
    Holds(ChainHead),
    /// The chain no longer holds the witness this install recorded.
    Broken(ChainHead),
    /// No events yet.
    Empty,
}

/// Tickets replayed against their rows: how many, and those that disagree.
#[derive(Debug, Default)]
pub struct Replayed {
    pub checked: u32,
    pub count: u32,
    pub mismatches: Vec<Mismatch>,
}

impl Replayed {
    /// One ticket: its row (None if its events name a ticket with no row; an error when the
    /// row cannot be read) and its events in chain order.
    pub fn ticket(
        &mut self,
        ticket: i64,
        row: Result<Option<replay::Row>, String>,
        events: &[StoredLink],
        policies: &[PolicyChange],
    ) {
        self.checked += 1;
        let problems = match row {
            Err(problem) => vec![problem],
            Ok(None) => vec!["its events name a ticket that has no row (it was deleted)".into()],
            Ok(Some(_)) if events.is_empty() => {
                vec!["it has no events (it was written behind the trail's back)".into()]
            }
            Ok(Some(row)) => {
                let events: Vec<_> = events.iter().map(|l| (l.id, &l.record)).collect();
                replay::differences(&replay::fold(&events, policies), &row)
            }
        };
        if !problems.is_empty() {
            self.count += 1;
            if self.mismatches.len() < LISTED_MISMATCHES {
                self.mismatches.push(Mismatch {
                    ticket_id: ticket,
                    problems,
                });
            }
        }
    }
}

/// Follows the chain link by link: each must name the one before it and hash to what it says;
/// an event erased on request must instead be exactly its tombstone.
pub struct ChainCheck {
    prev: String,
    /// Events a chained `customer_erased` event names.
    erased: HashSet<i64>,
    pub checked: u32,
    pub broken: Option<BrokenLink>,
    pub witnesses: Vec<WitnessCheck>,
}

impl ChainCheck {
    pub fn new(witnesses: &[String]) -> ChainCheck {
        ChainCheck {
            prev: GENESIS.to_string(),
            erased: HashSet::new(),
            checked: 0,
            broken: None,
            witnesses: witnesses
                .iter()
                .map(|h| WitnessCheck {
                    hash: h.trim().to_ascii_lowercase(),
                    event_id: None,
                })
                .collect(),
        }
    }

    /// Checks the next row; false once the chain is broken (nothing after it can be trusted).
    pub fn feed(&mut self, row: LinkRow) -> bool {
        self.checked += 1;
        let problem = match &row {
            Err((_, _, problem)) => Some(problem.clone()),
            Ok(link) if link.prev_hash != self.prev => Some(
                "it does not follow the event before it (an event was removed or reordered)"
                    .to_string(),
            ),
            Ok(link) if self.erased.contains(&link.id) => (privacy::erase(&link.record)
                != link.record)
                .then(|| "it was erased on request but holds more than tombstones".to_string()),
            Ok(link) if link.record.hash(link.id, &link.prev_hash) != link.hash => {
                Some("its contents do not match its hash (it was edited)".to_string())
            }
            Ok(_) => None,
        };
        match (row, problem) {
            (Ok(link), None) => {
                for w in self.witnesses.iter_mut().filter(|w| w.hash == link.hash) {
                    w.event_id = Some(link.id);
                }
                self.prev = link.hash;
                true
            }
            (Ok(link), Some(problem)) => {
                self.broken = Some(BrokenLink {
                    event_id: link.id,
                    ticket_id: link.record.ticket_id,
                    problem,
                });
                false
            }
            (Err((event_id, ticket_id, _)), problem) => {
                self.broken = Some(BrokenLink {
                    event_id,
                    ticket_id,
                    problem: problem.unwrap_or_default(),
                });
                false
            }
        }
    }
}

/// Verify's walk over the store: the erasures first, then the chain, then every ticket.
pub struct Audit {
    pub chain: ChainCheck,
    pub replayed: Replayed,
    /// Everyone on the desk: an event naming anyone else points at a row that is gone (the
    /// walk reads every event anyway, so this is the trail's foreign-key check).
    people: HashSet<i64>,
    /// Events naming someone not on the desk: how many, and the first.
    strangers: (u32, Option<i64>),
}

impl Audit {
    pub fn new(witnesses: &[String], people: HashSet<i64>) -> Audit {
        Audit {
            chain: ChainCheck::new(witnesses),
            replayed: Replayed::default(),
            people,
            strangers: (0, None),
        }
    }
}

impl Auditor for Audit {
    fn erased(&mut self, data: &str) {
        if let Ok(e) = serde_json::from_str::<Erased>(data) {
            self.chain.erased.extend(e.events);
        }
    }

    fn link(&mut self, row: LinkRow) -> bool {
        if let Ok(link) = &row {
            let r = &link.record;
            let named = [r.actor_id, r.from_id, r.to_id];
            if named.iter().flatten().any(|p| !self.people.contains(p)) {
                self.strangers.0 += 1;
                self.strangers.1.get_or_insert(link.id);
            }
        }
        self.chain.feed(row)
    }

    fn ticket(
        &mut self,
        ticket: i64,
        row: RowRead,
        events: &[StoredLink],
        policies: &[PolicyChange],
    ) {
        self.replayed.ticket(ticket, row, events, policies);
    }
}

/// What the checks found, together: sound only when every one of them is.
pub fn verification(
    mut integrity: Vec<String>,
    walk: Audit,
    head: Option<ChainHead>,
) -> Verification {
    let Audit {
        chain,
        replayed,
        strangers,
        ..
    } = walk;
    if let (n, Some(first)) = strangers {
        integrity.push(format!(
            "{n} events name someone who is no longer on the desk (the first: event {first})"
        ));
    }
    Verification {
        ok: integrity.is_empty()
            && chain.broken.is_none()
            && replayed.count == 0
            && chain.witnesses.iter().all(|w| w.event_id.is_some()),
        integrity,
        events_checked: chain.checked,
        first_broken: chain.broken,
        head,
        tickets_checked: replayed.checked,
        mismatches: replayed.mismatches,
        mismatch_count: replayed.count,
        witnesses: chain.witnesses,
    }
}

/// Whether a witness is a chain head's hash as `verify` prints it.
pub fn check_witness(hash: &str) -> crate::Result<()> {
    let hash = hash.trim();
    if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(crate::Error::Invalid(format!(
            "a witness is the 64 hex digits of a chain head's hash, not '{}'",
            crate::text::printable(hash)
        )))
    }
}
