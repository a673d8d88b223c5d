//! The ownership rules: who may do what to a ticket. Pure: facts in, a decision out.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::events::EventKind;
use crate::people::Person;
use crate::tickets::{Action, ActionKind, ContactHow, Status};

pub const MAX_TEXT: usize = 10_000;

/// What the store knows about the ticket and the people involved when an action is asked for.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub number: i64,
    pub status: Status,
    pub owner: &'a Person,
    pub actor: &'a Person,
    /// The owner's superior, to whom a pass goes.
    pub owner_superior: Option<&'a Person>,
    /// The owner sits somewhere below the actor.
    pub owner_below_actor: bool,
    /// For `assign`: the person named, and whether they sit below the actor.
    pub target: Option<(&'a Person, bool)>,
    /// After a resolve, while the customer is not yet confirmed to have heard back: who is to
    /// confirm it, and whether they sit below the actor.
    pub confirm_by: Option<(&'a Person, bool)>,
    pub now: DateTime<Utc>,
}

/// The change an allowed action makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub event: EventKind,
    pub new_owner: Option<i64>,
    pub new_status: Option<Status>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub text: Option<String>,
    pub tickle_at: Option<DateTime<Utc>>,
    pub delighted: Option<bool>,
    /// A contact: how the customer was reached, and the new time agreed with them, if any.
    pub contact: Option<(ContactHow, Option<DateTime<Utc>>)>,
    /// A resolution: what was changed so the problem does not happen again.
    pub prevention: Option<String>,
    /// A confirmation: whether the customer heard back.
    pub heard_back: Option<bool>,
}

impl Decision {
    fn event(event: EventKind) -> Self {
        Decision {
            event,
            new_owner: None,
            new_status: None,
            from: None,
            to: None,
            text: None,
            tickle_at: None,
            delighted: None,
            contact: None,
            prevention: None,
            heard_back: None,
        }
    }

    fn handover(event: EventKind, from: i64, to: i64) -> Self {
        Decision {
            new_owner: Some(to),
            from: Some(from),
            to: Some(to),
            ..Decision::event(event)
        }
    }

    fn with_text(self, text: String) -> Self {
        Decision {
            text: Some(text),
            ..self
        }
    }
}

/// A required free text: trimmed, non-empty, not huge.
pub fn required_text(what: &str, text: &str) -> Result<String> {
    let text = text.trim();
    if crate::text::is_blank(text) {
        return Err(Error::Invalid(format!("{what} must not be empty")));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(Error::Invalid(format!(
            "{what} is longer than {MAX_TEXT} characters"
        )));
    }
    crate::text::check(what, text, crate::text::Lines::Many)?;
    Ok(text.to_string())
}

/// Whether the actor may take this kind of action on the ticket now, whatever they would type
/// with it: the ticket's status, the actor's role and place relative to the owner. What the
/// ticket screen offers.
pub fn permit(f: &Facts, kind: ActionKind) -> Result<()> {
    gate(f, kind)?;
    if kind == ActionKind::Pass {
        superior(f)?;
    }
    Ok(())
}

/// The change `action` makes, or why it is refused.
pub fn decide(f: &Facts, action: &Action) -> Result<Decision> {
    let n = f.number;
    gate(f, action.kind())?;
    match action {
        Action::Pass { reason } => {
            let reason = required_text("the reason for passing", reason)?;
            let superior = superior(f)?;
            Ok(Decision::handover(EventKind::Passed, f.owner.id, superior.id).with_text(reason))
        }
        Action::Take => Ok(Decision::handover(EventKind::Taken, f.owner.id, f.actor.id)),
        Action::Assign { reason, .. } => {
            let (target, target_below) = f
                .target
                .ok_or_else(|| Error::Invalid("name the person to assign to".into()))?;
            if !target.active {
                return Err(Error::Forbidden(format!(
                    "{} is no longer active",
                    target.name
                )));
            }
            if target.id == f.owner.id {
                return Err(Error::Conflict(format!(
                    "{} already holds #{n}",
                    target.name
                )));
            }
            if !(target_below || target.id == f.actor.id) {
                return Err(Error::Forbidden(format!(
                    "{} is not in your team; you may assign only within it",
                    target.name
                )));
            }
            let reason = required_text("the reason for assigning", reason)?;
            Ok(Decision::handover(EventKind::Assigned, f.owner.id, target.id).with_text(reason))
        }
        Action::Resolve {
            resolution,
            prevention,
        } => {
            let resolution = required_text("the resolution", resolution)?;
            let prevention = prevention
                .as_deref()
                .filter(|p| !p.trim().is_empty())
                .map(|p| required_text("what was changed to prevent it", p))
                .transpose()?;
            Ok(Decision {
                new_status: Some(Status::Resolved),
                prevention,
                ..Decision::event(EventKind::Resolved).with_text(resolution)
            })
        }
        Action::Reopen { reason } => {
            let reason = required_text("the reason for reopening", reason)?;
            Ok(Decision {
                new_status: Some(Status::Open),
                ..Decision::handover(EventKind::Reopened, f.owner.id, f.actor.id).with_text(reason)
            })
        }
        Action::Note { text } => {
            Ok(Decision::event(EventKind::Note).with_text(required_text("a note", text)?))
        }
        Action::Tickle { at } => {
            if *at <= f.now {
                return Err(Error::Invalid(format!(
                    "the reminder time {at} is not in the future"
                )));
            }
            Ok(Decision {
                tickle_at: Some(*at),
                ..Decision::event(EventKind::TickleSet)
            })
        }
        Action::Feedback { delighted, what } => Ok(Decision {
            delighted: Some(*delighted),
            ..Decision::event(EventKind::Feedback)
                .with_text(required_text("what the customer said", what)?)
        }),
        // What changes, and whether it may, the machine works out from the ticket's facts.
        Action::Correct { .. } => Ok(Decision::event(EventKind::Corrected)),
        Action::Confirm {
            heard_back,
            what,
            delighted,
        } => {
            let what = what
                .as_deref()
                .filter(|w| !w.trim().is_empty())
                .map(|w| required_text("the customer's reaction", w))
                .transpose()?;
            if delighted.is_some() && !heard_back {
                return Err(Error::Invalid(
                    "the customer was not reached, so how they took it is not known yet".into(),
                ));
            }
            if delighted.is_some() && what.is_none() {
                return Err(Error::Invalid(
                    "say what the customer said, to record whether they were delighted".into(),
                ));
            }
            Ok(Decision {
                text: what,
                delighted: *delighted,
                heard_back: Some(*heard_back),
                ..Decision::event(EventKind::Confirmed)
            })
        }
        Action::Contact {
            how,
            what,
            promise_at,
        } => {
            let what = required_text("what the customer was told", what)?;
            if let Some(at) = promise_at {
                // A new promise binds whoever must keep it: the owner, or someone over them.
                if !(f.actor.id == f.owner.id || f.owner_below_actor) {
                    return Err(Error::Forbidden(format!(
                        "only {} or someone over them may promise a new time on #{n}",
                        f.owner.name
                    )));
                }
                if *at <= f.now {
                    return Err(Error::Invalid(format!(
                        "the promised time {at} is not in the future"
                    )));
                }
            }
            Ok(Decision {
                contact: Some((*how, *promise_at)),
                ..Decision::event(EventKind::Contacted).with_text(what)
            })
        }
    }
}

/// Everything about an action that does not depend on what is typed with it.
fn gate(f: &Facts, kind: ActionKind) -> Result<()> {
    let n = f.number;
    if !f.actor.active {
        return Err(Error::Forbidden(format!(
            "{} is no longer active",
            f.actor.name
        )));
    }
    let is_owner = f.actor.id == f.owner.id;
    let open = f.status == Status::Open;
    let must_be_open = |verb: &str| {
        if open {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "#{n} is resolved; reopen it before you {verb} it"
            )))
        }
    };
    let must_own = |verb: &str| {
        if is_owner {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "only the owner ({}) may {verb} #{n}",
                f.owner.name
            )))
        }
    };
    let in_team = || {
        Err(Error::Forbidden(format!(
            "#{n} is held by {}, who is not in your team",
            f.owner.name
        )))
    };
    match kind {
        ActionKind::Pass => {
            must_be_open("pass")?;
            must_own("pass")
        }
        ActionKind::Take => {
            must_be_open("take")?;
            if is_owner {
                return Err(Error::Conflict(format!("you already hold #{n}")));
            }
            if !f.owner_below_actor {
                return in_team();
            }
            Ok(())
        }
        ActionKind::Assign => {
            must_be_open("assign")?;
            if !f.actor.role.may_assign() {
                return Err(Error::Forbidden(
                    "only managers and executives may assign tickets".into(),
                ));
            }
            if !(is_owner || f.owner_below_actor) {
                return in_team();
            }
            Ok(())
        }
        ActionKind::Resolve => {
            must_be_open("resolve")?;
            must_own("resolve")
        }
        ActionKind::Reopen if open => Err(Error::Conflict(format!("#{n} is already open"))),
        ActionKind::Tickle => {
            must_be_open("set a reminder on")?;
            must_own("set a reminder on")
        }
        ActionKind::Contact | ActionKind::Email => must_be_open("record a contact on"),
        ActionKind::Correct => {
            must_be_open("correct")?;
            if !(is_owner || f.owner_below_actor) {
                return Err(Error::Forbidden(format!(
                    "only {} or someone over them may correct #{n}'s facts; add a note instead",
                    f.owner.name
                )));
            }
            Ok(())
        }
        ActionKind::Merge => {
            must_be_open("merge")?;
            if !f.actor.role.may_merge() {
                return Err(Error::Forbidden(
                    "only leads, managers and executives may merge tickets".into(),
                ));
            }
            if !(is_owner || f.owner_below_actor) {
                return in_team();
            }
            Ok(())
        }
        ActionKind::Confirm => {
            let Some((by, by_below_actor)) = f.confirm_by else {
                return Err(Error::Conflict(format!(
                    "#{n} has nothing to confirm: it is not resolved, or the customer already heard back"
                )));
            };
            if !(f.actor.id == by.id || is_owner || by_below_actor) {
                return Err(Error::Forbidden(format!(
                    "confirming #{n} with the customer is {}'s, or {}'s who resolved it",
                    by.name, f.owner.name
                )));
            }
            Ok(())
        }
        ActionKind::Reopen | ActionKind::Note | ActionKind::Feedback => Ok(()),
    }
}

/// Where a pass goes: the owner's nearest active superior.
fn superior<'a>(f: &Facts<'a>) -> Result<&'a Person> {
    f.owner_superior.ok_or_else(|| {
        Error::Forbidden(format!(
            "{} has no one above them to pass #{} to; solve it",
            f.owner.name, f.number
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::Role;
    use chrono::{Duration, TimeZone};

    fn person(id: i64, role: Role, reports_to: Option<i64>) -> Person {
        Person {
            id,
            name: format!("P{id}"),
            role,
            reports_to,
            active: true,
            has_pin: false,
        }
    }

    /// Who the actor is relative to the owner (P1 rep → P2 lead → P3 manager → P4 exec; P5 a rep elsewhere).
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Who {
        Owner,
        Above,
        Outside,
    }

    fn all_actions(now: DateTime<Utc>) -> Vec<Action> {
        vec![
            Action::Pass {
                reason: "needs a refund".into(),
            },
            Action::Take,
            Action::Assign {
                to: 1,
                reason: "billing expert".into(),
            },
            Action::Resolve {
                resolution: "refunded".into(),
                prevention: None,
            },
            Action::Reopen {
                reason: "came back".into(),
            },
            Action::Note {
                text: "called back".into(),
            },
            Action::Tickle {
                at: now + Duration::hours(1),
            },
            Action::Feedback {
                delighted: true,
                what: "fast refund".into(),
            },
            Action::Contact {
                how: ContactHow::Phone,
                what: "still waiting on the courier".into(),
                promise_at: None,
            },
            Action::Correct {
                fields: [("invoice".to_string(), "INV-8".to_string())].into(),
            },
            Action::Confirm {
                heard_back: true,
                what: Some("pleased".into()),
                delighted: Some(true),
            },
            Action::Contact {
                how: ContactHow::Email,
                what: "a new date".into(),
                promise_at: Some(now + Duration::hours(3)),
            },
        ]
    }

    /// The expected outcome for every (status, who, action): the event, or the error code.
    fn expected(status: Status, who: Who, action: &Action) -> Result<EventKind, &'static str> {
        use Who::*;
        let open = status == Status::Open;
        match action {
            Action::Pass { .. } if !open => Err("forbidden"),
            Action::Pass { .. } => {
                if who == Owner {
                    Ok(EventKind::Passed)
                } else {
                    Err("forbidden")
                }
            }
            Action::Take if !open => Err("forbidden"),
            Action::Take => match who {
                Owner => Err("conflict"),
                Above => Ok(EventKind::Taken),
                Outside => Err("forbidden"),
            },
            Action::Assign { .. } if !open => Err("forbidden"),
            // The actor here is the manager P3 when Above, a rep otherwise.
            Action::Assign { .. } => match who {
                Above => Ok(EventKind::Assigned),
                Owner | Outside => Err("forbidden"),
            },
            Action::Resolve { .. } if !open => Err("forbidden"),
            Action::Resolve { .. } => {
                if who == Owner {
                    Ok(EventKind::Resolved)
                } else {
                    Err("forbidden")
                }
            }
            Action::Reopen { .. } => {
                if open {
                    Err("conflict")
                } else {
                    Ok(EventKind::Reopened)
                }
            }
            Action::Note { .. } => Ok(EventKind::Note),
            Action::Tickle { .. } if !open => Err("forbidden"),
            Action::Tickle { .. } => {
                if who == Owner {
                    Ok(EventKind::TickleSet)
                } else {
                    Err("forbidden")
                }
            }
            Action::Feedback { .. } => Ok(EventKind::Feedback),
            Action::Contact { .. } if !open => Err("forbidden"),
            Action::Contact {
                promise_at: Some(_),
                ..
            } if who == Outside => Err("forbidden"),
            Action::Contact { .. } => Ok(EventKind::Contacted),
            Action::Correct { .. } if !open || who == Outside => Err("forbidden"),
            Action::Correct { .. } => Ok(EventKind::Corrected),
            Action::Confirm { .. } if open => Err("conflict"),
            Action::Confirm { .. } => match who {
                Owner | Above => Ok(EventKind::Confirmed),
                Outside => Err("forbidden"),
            },
        }
    }

    #[test]
    fn every_status_actor_and_action() {
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        let rep = person(1, Role::Rep, Some(2));
        let lead = person(2, Role::Lead, Some(3));
        let manager = person(3, Role::Manager, Some(4));
        let other = person(5, Role::Rep, Some(4));
        let colleague = person(6, Role::Rep, Some(2));
        for status in [Status::Open, Status::Resolved] {
            for who in [Who::Owner, Who::Above, Who::Outside] {
                for action in all_actions(now) {
                    // The ticket is held by the lead; "above" is the manager, "outside" a rep elsewhere.
                    let actor = match who {
                        Who::Owner => &lead,
                        Who::Above => &manager,
                        Who::Outside => &other,
                    };
                    let facts = Facts {
                        number: 1001,
                        status,
                        owner: &lead,
                        actor,
                        owner_superior: Some(&manager),
                        owner_below_actor: who == Who::Above,
                        target: Some((
                            if who == Who::Above { &colleague } else { &rep },
                            who != Who::Outside,
                        )),
                        // Resolved, the rep who took the call is to confirm it.
                        confirm_by: (status == Status::Resolved)
                            .then_some((&rep, who != Who::Outside)),
                        now,
                    };
                    let got = decide(&facts, &action)
                        .map(|d| d.event)
                        .map_err(|e| e.code());
                    assert_eq!(
                        got,
                        expected(status, who, &action),
                        "{status:?} {who:?} {action:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn handovers_name_both_ends() {
        let now = Utc::now();
        let rep = person(1, Role::Rep, Some(2));
        let lead = person(2, Role::Lead, None);
        let f = Facts {
            number: 7,
            status: Status::Open,
            owner: &rep,
            actor: &rep,
            owner_superior: Some(&lead),
            confirm_by: None,
            owner_below_actor: false,
            target: None,
            now,
        };
        let d = decide(
            &f,
            &Action::Pass {
                reason: " stuck ".into(),
            },
        )
        .unwrap();
        assert_eq!((d.new_owner, d.from, d.to), (Some(2), Some(1), Some(2)));
        assert_eq!(d.text.as_deref(), Some("stuck"));

        let reopen = decide(
            &Facts {
                status: Status::Resolved,
                actor: &lead,
                ..f.clone()
            },
            &Action::Reopen {
                reason: "again".into(),
            },
        )
        .unwrap();
        assert_eq!(
            (reopen.new_owner, reopen.new_status),
            (Some(2), Some(Status::Open))
        );
    }

    #[test]
    fn refusals_say_why() {
        let now = Utc::now();
        let lead = person(2, Role::Lead, None);
        let rep = person(1, Role::Rep, Some(2));
        let inactive = Person {
            active: false,
            ..person(9, Role::Rep, Some(2))
        };
        let f = Facts {
            number: 42,
            status: Status::Open,
            owner: &lead,
            actor: &lead,
            owner_superior: None,
            confirm_by: None,
            owner_below_actor: false,
            target: None,
            now,
        };
        let top = decide(&f, &Action::Pass { reason: "x".into() }).unwrap_err();
        assert!(top.to_string().contains("no one above"), "{top}");
        assert_eq!(
            decide(
                &f,
                &Action::Pass {
                    reason: "  ".into()
                }
            )
            .unwrap_err()
            .code(),
            "invalid"
        );
        assert_eq!(
            decide(
                &f,
                &Action::Resolve {
                    resolution: "".into(),
                    prevention: None
                }
            )
            .unwrap_err()
            .code(),
            "invalid"
        );
        assert_eq!(
            decide(
                &f,
                &Action::Note {
                    text: "x".repeat(MAX_TEXT + 1)
                }
            )
            .unwrap_err()
            .code(),
            "invalid"
        );
        assert_eq!(
            decide(&f, &Action::Tickle { at: now }).unwrap_err().code(),
            "invalid"
        );
        // Leads may not assign, even within their team.
        let lead_assigns = Facts {
            owner: &rep,
            owner_below_actor: true,
            target: Some((&rep, true)),
            ..f.clone()
        };
        assert_eq!(
            decide(
                &lead_assigns,
                &Action::Assign {
                    to: 1,
                    reason: "x".into()
                }
            )
            .unwrap_err()
            .code(),
            "forbidden"
        );
        let mgr = person(3, Role::Manager, None);
        let to_inactive = Facts {
            actor: &mgr,
            owner: &rep,
            owner_below_actor: true,
            target: Some((&inactive, true)),
            ..f.clone()
        };
        assert_eq!(
            decide(
                &to_inactive,
                &Action::Assign {
                    to: 9,
                    reason: "x".into()
                }
            )
            .unwrap_err()
            .code(),
            "forbidden"
        );
        let gone = Facts {
            actor: &inactive,
            ..f.clone()
        };
        assert_eq!(
            decide(&gone, &Action::Note { text: "x".into() })
                .unwrap_err()
                .code(),
            "forbidden"
        );
    }
}
