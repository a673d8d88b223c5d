//! The desk's set-up rules: who may add, move and deactivate people, set PINs, add categories
//! and change the policy, and what each change writes. Pure: a snapshot in, the changes and
//! their events out. `by` is the acting person, or None for the desk's administrator at the
//! command line (and the first run).

use crate::calendar::Hours;
use crate::categories::{self, Category, FieldDef, NewCategory};
use crate::error::{Error, Result};
use crate::events::{EventKind, EventRecord};
use crate::ownership;
use crate::people::{self, NewPerson, Person, Role};
use crate::policy::Policy;
use crate::preferences::{self, Preferences};
use crate::snippets::{self, Snippets};
use crate::store::{SetupContext, SetupOp};

/// A change to the set-up, recorded in the audit trail.
pub(crate) fn event(
    c: &SetupContext,
    kind: EventKind,
    by: Option<i64>,
    (from_id, to_id): (Option<i64>, Option<i64>),
    text: String,
    data: serde_json::Value,
) -> EventRecord {
    EventRecord {
        ticket_id: None,
        kind: kind.as_str(),
        at_ms: c.now.timestamp_millis(),
        actor_id: by,
        from_id,
        to_id,
        text: Some(text),
        data: Some(data.to_string()),
        ..Default::default()
    }
}

/// New notes on a customer (what helps the next person on the phone with them), by anyone
/// active; the trail records who changed them, not what they say.
pub fn set_customer_notes(
    c: &SetupContext,
    by: i64,
    customer: i64,
    notes: &str,
) -> Result<SetupOp> {
    let person = c.org.active(by)?;
    let notes = notes.trim();
    if notes.chars().count() > ownership::MAX_TEXT {
        return Err(Error::Invalid(format!(
            "the notes are longer than {} characters",
            ownership::MAX_TEXT
        )));
    }
    crate::text::check("the notes", notes, crate::text::Lines::Many)?;
    Ok(SetupOp::SetCustomerNotes {
        customer,
        notes: notes.into(),
        event: event(
            c,
            EventKind::CustomerNoted,
            Some(person.id),
            (None, None),
            format!("notes on customer {customer} changed"),
            serde_json::json!({ "customer": customer }),
        ),
    })
}

/// The first run: the organisation's executive, with a PIN, on an empty desk.
pub fn first_person(c: &SetupContext, p: &NewPerson) -> Result<SetupOp> {
    if !c.org.all().is_empty() {
        return Err(Error::Conflict("this desk is already set up".into()));
    }
    if p.role != Role::Executive {
        return Err(Error::Invalid(
            "the first person is the organisation's executive".into(),
        ));
    }
    if p.pin.is_none() {
        return Err(Error::Invalid("choose a PIN of 4 to 12 digits".into()));
    }
    add_person(c, None, p)
}

/// Adds someone under an active superior, or as the top of an empty organisation. Someone
/// signed in who adds a person gives them a PIN: on a shared desk everyone signs in with one.
pub fn add_person(c: &SetupContext, by: Option<i64>, p: &NewPerson) -> Result<SetupOp> {
    let name = people::clean_name("a person's", &p.name)?;
    let admin = c.org.administrator(by)?;
    if by.is_some() && p.pin.is_none() {
        return Err(Error::Invalid(format!("choose a PIN for {name}")));
    }
    let boss = match p.reports_to {
        Some(boss) => {
            let boss = c.org.get(boss)?;
            if !boss.active {
                return Err(Error::Invalid(format!("{} is no longer active", boss.name)));
            }
            people::check_rank(p.role, boss)?;
            c.org.check_placing(admin, boss)?;
            Some(boss)
        }
        None => {
            if let Some(root) = c.org.root() {
                return Err(Error::Invalid(format!(
                    "{} is already the top of the organisation; say whom {name} reports to",
                    root.name
                )));
            }
            None
        }
    };
    let text = format!(
        "{name} added as {}{}",
        p.role.as_str(),
        boss.map_or(String::new(), |b| format!(", reporting to {}", b.name))
    );
    Ok(SetupOp::AddPerson {
        event: event(
            c,
            EventKind::PersonAdded,
            by,
            (None, p.reports_to),
            text,
            serde_json::json!({ "role": p.role.as_str() }),
        ),
        name,
        role: p.role,
        reports_to: p.reports_to,
        pin: p.pin.clone(),
    })
}

/// Moves someone under another superior. A cycle (under themself or someone below them) and
/// an inactive superior are refused; a move to where they already are changes nothing.
pub fn move_person(
    c: &SetupContext,
    by: Option<i64>,
    person: i64,
    reports_to: i64,
) -> Result<Vec<SetupOp>> {
    let admin = c.org.administrator(by)?;
    let who = c.org.get(person)?;
    let boss = c.org.get(reports_to)?;
    people::check_move(who, boss, &c.org.ancestors(boss.id))?;
    c.org.check_below(admin, who)?;
    c.org.check_placing(admin, boss)?;
    if who.reports_to == Some(boss.id) {
        return Ok(vec![]);
    }
    Ok(vec![SetupOp::SetReportsTo {
        person: who.id,
        boss: boss.id,
        event: event(
            c,
            EventKind::PersonMoved,
            by,
            (who.reports_to, Some(boss.id)),
            format!("{} now reports to {}", who.name, boss.name),
            serde_json::json!({ "person": who.id }),
        ),
    }])
}

/// Deactivates someone who has left. Their open tickets go, each with an event, to the nearest
/// active person above them, and so do the people who reported to them. The top of the
/// organisation and the escalation executive stay: name another first. Returns the heir too.
pub fn deactivate(
    c: &SetupContext,
    by: Option<i64>,
    person: i64,
) -> Result<(Person, Vec<SetupOp>)> {
    let admin = c.org.administrator(by)?;
    let who = c.org.get(person)?;
    if admin.is_some_and(|a| a.id != who.id) {
        c.org.check_below(admin, who)?;
    }
    let heir = people::check_deactivate(
        who,
        admin,
        &c.policy,
        c.org.nearest_active_above(who.id).cloned(),
    )?;
    let mut ops = vec![
        SetupOp::Deactivate {
            person: who.id,
            event: event(
                c,
                EventKind::PersonDeactivated,
                by,
                (None, None),
                format!("{} deactivated", who.name),
                serde_json::json!({ "person": who.id }),
            ),
        },
        SetupOp::HandOver {
            from: who.clone(),
            to: heir.id,
            by,
        },
    ];
    for p in c.org.all().iter().filter(|p| p.reports_to == Some(who.id)) {
        ops.push(SetupOp::SetReportsTo {
            person: p.id,
            boss: heir.id,
            event: event(
                c,
                EventKind::PersonMoved,
                by,
                (Some(who.id), Some(heir.id)),
                format!(
                    "{} now reports to {} ({} left)",
                    p.name, heir.name, who.name
                ),
                serde_json::json!({ "person": p.id }),
            ),
        });
    }
    Ok((heir, ops))
}

/// Sets or resets someone's PIN (and lifts a lockout): an administrator, or the person themself.
pub fn set_pin(c: &SetupContext, by: Option<i64>, person: i64, pin: String) -> Result<SetupOp> {
    let who = c.org.get(person)?;
    if by != Some(person) {
        let admin = c.org.administrator(by)?;
        c.org.check_below(admin, who)?;
    }
    Ok(SetupOp::SetPin {
        person,
        pin,
        event: event(
            c,
            EventKind::PinSet,
            by,
            (None, None),
            format!("PIN set for {}", who.name),
            serde_json::json!({ "person": who.id }),
        ),
    })
}

/// A new category: named fields (each once), small steps, an active default owner.
pub fn add_category(c: &SetupContext, by: Option<i64>, n: &NewCategory) -> Result<SetupOp> {
    let name = people::clean_name("a category's", &n.name)?;
    let mut fields: Vec<FieldDef> = Vec::new();
    for f in &n.fields {
        categories::check_field_key(&f.key)?;
        if fields.iter().any(|g| g.key == f.key) {
            return Err(Error::Invalid(format!("field '{}' is named twice", f.key)));
        }
        let label = if f.label.trim().is_empty() {
            categories::label_for(&f.key)
        } else {
            f.label.trim().to_string()
        };
        fields.push(FieldDef { label, ..f.clone() });
    }
    let small_steps = n
        .small_steps
        .iter()
        .map(|s| ownership::required_text("a small step", s))
        .collect::<Result<Vec<_>>>()?;
    let admin = c.org.administrator(by)?;
    let owner = n.default_owner_id.map(|o| c.org.get(o)).transpose()?;
    if let Some(o) = owner.filter(|o| !o.active) {
        return Err(Error::Invalid(format!("{} is no longer active", o.name)));
    }
    // A manager hands a kind of call only to themself or someone below them.
    if let Some(o) = owner {
        c.org.check_placing(admin, o)?;
    }
    let text = format!(
        "category {name} added{}",
        owner.map_or(String::new(), |o| format!(", taken in to {}", o.name))
    );
    Ok(SetupOp::AddCategory {
        category: Category {
            id: 0,
            name,
            fields,
            default_owner_id: n.default_owner_id,
            realtime: n.realtime,
            small_steps,
        },
        event: event(
            c,
            EventKind::CategoryAdded,
            by,
            (None, n.default_owner_id),
            text,
            serde_json::json!({}),
        ),
    })
}

/// A new policy; every open ticket's marks move with it at once. The same policy again
/// changes nothing.
pub fn set_policy(c: &SetupContext, by: Option<i64>, p: Policy) -> Result<Vec<SetupOp>> {
    p.check()?;
    let admin = c.org.administrator(by)?;
    if let Some(exec) = p.escalation_executive_id {
        let exec = c.org.get(exec)?;
        if !exec.active {
            return Err(Error::Invalid(
                "the escalation executive must be active".into(),
            ));
        }
        // Unsolved at the mark, a ticket goes to a senior executive: never down the tree.
        if exec.role != Role::Executive {
            return Err(Error::Invalid(format!(
                "escalations go to an executive; {} is {}",
                exec.name,
                exec.role.with_article()
            )));
        }
    }
    // A manager sets the marks; whom every escalation goes to is the executives' to say.
    if p.escalation_executive_id != c.policy.escalation_executive_id
        && admin.is_some_and(|a| a.role != Role::Executive)
    {
        return Err(Error::Forbidden(
            "only an executive chooses who receives escalations".into(),
        ));
    }
    if c.policy == p {
        return Ok(vec![]);
    }
    Ok(vec![SetupOp::SetPolicy {
        event: event(
            c,
            EventKind::PolicyChanged,
            by,
            (None, p.escalation_executive_id),
            p.describe(),
            serde_json::to_value(p).expect("a policy serialises"),
        ),
        policy: p,
    }])
}

/// The desk's time zone and business day. The same again changes nothing.
pub fn set_hours(c: &SetupContext, by: Option<i64>, h: Hours) -> Result<Vec<SetupOp>> {
    let h = Hours {
        time_zone: h.time_zone.trim().to_string(),
        ..h
    };
    h.check()?;
    c.org.administrator(by)?;
    if c.hours == h {
        return Ok(vec![]);
    }
    Ok(vec![SetupOp::SetHours {
        event: event(
            c,
            EventKind::HoursChanged,
            by,
            (None, None),
            h.describe(),
            serde_json::to_value(&h).expect("hours serialise"),
        ),
        hours: h,
    }])
}

/// Someone's own notification preferences: nobody sets another's.
pub fn set_preferences(c: &SetupContext, by: i64, p: Preferences) -> Result<SetupOp> {
    let person = c.org.active(by)?;
    let p = p.checked()?;
    let data = serde_json::to_value(&p).expect("preferences serialise");
    Ok(SetupOp::SetSetting {
        key: preferences::key(person.id),
        json: data.to_string(),
        event: event(
            c,
            EventKind::PreferencesSet,
            Some(person.id),
            (None, Some(person.id)),
            format!("{} changed which alerts they are shown", person.name),
            data,
        ),
    })
}

/// A category's saved texts, set by an administrator as categories are.
pub fn set_snippets(
    c: &SetupContext,
    by: Option<i64>,
    category: i64,
    s: Snippets,
) -> Result<SetupOp> {
    let s = s.checked()?;
    c.org.administrator(by)?;
    let category = c
        .categories
        .iter()
        .find(|k| k.id == category)
        .ok_or_else(|| Error::not_found("category", category))?;
    let mut data = serde_json::to_value(&s).expect("snippets serialise");
    let json = data.to_string();
    data["category"] = category.id.into();
    Ok(SetupOp::SetSetting {
        key: snippets::key(category.id),
        json,
        event: event(
            c,
            EventKind::SnippetsSet,
            by,
            (None, None),
            format!("saved texts of {} changed", category.name),
            data,
        ),
    })
}
