//! People and the hierarchy they form.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// Ranked: a rep is below a lead, who is below a manager, who is below an executive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Rep,
    Lead,
    Manager,
    Executive,
}

impl Role {
    /// "a rep", "an executive".
    pub fn with_article(self) -> String {
        let article = if self == Role::Executive { "an" } else { "a" };
        format!("{article} {}", self.as_str())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Rep => "rep",
            Role::Lead => "lead",
            Role::Manager => "manager",
            Role::Executive => "executive",
        }
    }

    /// Managers and executives may assign work within their subtree.
    pub fn may_assign(self) -> bool {
        matches!(self, Role::Manager | Role::Executive)
    }

    /// Leads and above merge two tickets about one problem.
    pub fn may_merge(self) -> bool {
        self != Role::Rep
    }
}

impl Person {
    /// Managers and executives administer the desk: people, categories, policy, what an
    /// install watches.
    pub fn require_admin(&self) -> Result<()> {
        if matches!(self.role, Role::Manager | Role::Executive) && self.active {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "only managers and executives change the desk's set-up; {} is a {}",
                self.name,
                self.role.as_str()
            )))
        }
    }
}

impl std::str::FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rep" => Ok(Role::Rep),
            "lead" => Ok(Role::Lead),
            "manager" => Ok(Role::Manager),
            "executive" => Ok(Role::Executive),
            other => Err(Error::Invalid(format!(
                "unknown role '{other}': use rep, lead, manager or executive"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub reports_to: Option<i64>,
    pub active: bool,
    pub has_pin: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewPerson {
    pub name: String,
    pub role: Role,
    pub reports_to: Option<i64>,
    pub pin: Option<String>,
}

pub const MAX_NAME: usize = 120;

/// A trimmed, non-empty name of sane length.
pub fn clean_name(what: &str, name: &str) -> Result<String> {
    use unicode_normalization::UnicodeNormalization;
    // Two names that read the same are the same name: one composed form, and any run of
    // spaces (a no-break one too) one space; invisible characters are refused below.
    let name = name.nfc().collect::<String>();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = name.as_str();
    if name.is_empty() {
        return Err(Error::Invalid(format!("{what} name must not be empty")));
    }
    if name.chars().count() > MAX_NAME {
        return Err(Error::Invalid(format!(
            "{what} name is longer than {MAX_NAME} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::Invalid(format!(
            "{what} name must not contain control characters"
        )));
    }
    // The zero-width joiner and non-joiner shape Persian, Indic and emoji names: they stay.
    let invisible =
        |c: char| c != ' ' && !matches!(c, '\u{200C}' | '\u{200D}') && crate::text::blank(c);
    if name.chars().any(invisible) {
        return Err(Error::Invalid(format!(
            "{what} name must not contain invisible characters"
        )));
    }
    // `--as 12` and `--category 12` mean ids: a name of digits alone could not be told apart.
    if name.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::Invalid(format!(
            "{what} name must not be digits alone (digits name an id)"
        )));
    }
    Ok(name.to_string())
}

/// Someone of `role` reports to someone of the same rank or above: an executive under a rep
/// would pass tickets down.
pub fn check_rank(role: Role, boss: &Person) -> Result<()> {
    if role > boss.role {
        return Err(Error::Invalid(format!(
            "{} cannot report to {}, {}",
            role.with_article(),
            boss.name,
            boss.role.with_article()
        )));
    }
    Ok(())
}

/// Whether `who` may report to `boss`: an active person, and not `who` or anyone below them
/// (`boss_above` lists everyone above the boss), which would make the hierarchy a loop.
pub fn check_move(who: &Person, boss: &Person, boss_above: &[i64]) -> Result<()> {
    if !boss.active {
        return Err(Error::Invalid(format!("{} is no longer active", boss.name)));
    }
    if boss.id == who.id {
        return Err(Error::Invalid(format!(
            "{} cannot report to themself",
            who.name
        )));
    }
    if boss_above.contains(&who.id) {
        return Err(Error::Invalid(format!(
            "{} cannot report to {}, who is below them: reporting lines would go in a circle",
            who.name, boss.name
        )));
    }
    if who.reports_to.is_none() {
        return Err(Error::Invalid(format!(
            "{} is the top of the organisation and reports to nobody",
            who.name
        )));
    }
    check_rank(who.role, boss)
}

/// The organisation as one snapshot: everyone, and the reporting lines between them. Small
/// (people, not tickets), so the rules read it whole.
#[derive(Debug, Clone, Default)]
pub struct Org {
    people: Vec<Person>,
    /// Position in `people` by id: the rules look people up on every action.
    index: std::collections::HashMap<i64, usize>,
}

/// Reporting lines deeper than this are treated as broken (a loop written behind Baton's back).
const MAX_DEPTH: usize = 64;

impl Org {
    pub fn new(people: Vec<Person>) -> Org {
        let index = people.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        Org { people, index }
    }

    pub fn all(&self) -> &[Person] {
        &self.people
    }

    pub fn get(&self, id: i64) -> Result<&Person> {
        self.index
            .get(&id)
            .map(|&i| &self.people[i])
            .ok_or_else(|| Error::not_found("person", id))
    }

    /// A person by id or by name (names are unique, ignoring ASCII case).
    pub fn find(&self, reference: &str) -> Result<&Person> {
        let reference = reference.trim();
        match reference.parse::<i64>() {
            Ok(id) => self.get(id),
            Err(_) => self
                .people
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(reference))
                .ok_or_else(|| Error::not_found("person", reference)),
        }
    }

    /// An active person, or why not.
    pub fn active(&self, id: i64) -> Result<&Person> {
        let p = self.get(id)?;
        if p.active {
            Ok(p)
        } else {
            Err(Error::Forbidden(format!("{} is no longer active", p.name)))
        }
    }

    /// Everyone above the person, nearest first.
    pub fn ancestors(&self, id: i64) -> Vec<i64> {
        let mut out = Vec::new();
        let mut at = self.get(id).ok().and_then(|p| p.reports_to);
        while let Some(boss) = at.filter(|_| out.len() < MAX_DEPTH) {
            out.push(boss);
            at = self.get(boss).ok().and_then(|p| p.reports_to);
        }
        out
    }

    /// Whether `id` sits somewhere below `above`.
    pub fn is_below(&self, id: i64, above: i64) -> bool {
        self.ancestors(id).contains(&above)
    }

    /// Everyone below the person (not the person themself).
    pub fn subtree(&self, id: i64) -> Vec<i64> {
        self.people
            .iter()
            .filter(|p| self.is_below(p.id, id))
            .map(|p| p.id)
            .collect()
    }

    /// The active root of the tree, preferring an executive.
    pub fn root(&self) -> Option<&Person> {
        self.people
            .iter()
            .filter(|p| p.reports_to.is_none() && p.active)
            .min_by_key(|p| (p.role != Role::Executive, p.id))
    }

    /// The nearest active person above someone: where a pass lands and who inherits from a
    /// deactivated person.
    pub fn nearest_active_above(&self, id: i64) -> Option<&Person> {
        self.ancestors(id)
            .into_iter()
            .filter_map(|a| self.get(a).ok())
            .find(|p| p.active)
    }

    /// Who receives an escalation from `holder`, in order of preference: the configured
    /// executive, the people above the holder from the top down, the root, then every
    /// executive; never the holder (see `deadlines::escalation_target`).
    /// The person, if active; else the nearest active person above them.
    pub fn active_or_above(&self, id: i64) -> Option<&Person> {
        match self.get(id) {
            Ok(p) if p.active => Some(p),
            _ => self.nearest_active_above(id),
        }
    }

    pub fn escalation_executive(
        &self,
        configured: Option<i64>,
        holder: Option<i64>,
    ) -> Option<&Person> {
        let above = holder.map(|h| self.ancestors(h)).unwrap_or_default();
        let candidates: Vec<Person> = configured
            .into_iter()
            .chain(above.into_iter().rev())
            .chain(self.root().map(|r| r.id))
            .filter_map(|id| self.get(id).ok().cloned())
            .chain(
                self.people
                    .iter()
                    .filter(|p| p.role == Role::Executive)
                    .cloned(),
            )
            .collect();
        let chosen = crate::deadlines::escalation_target(&candidates, holder)?.id;
        self.get(chosen).ok()
    }

    /// Checks that `by` may change the desk's set-up: None is the desk's administrator (the
    /// CLI run without `--as`, the first run); a person must be an active manager or executive.
    pub fn administrator(&self, by: Option<i64>) -> Result<Option<&Person>> {
        by.map(|id| {
            let p = self.get(id)?;
            p.require_admin()?;
            Ok(p)
        })
        .transpose()
    }

    /// Whether `admin` (None: the administrator at the command line) may change `who`'s place,
    /// PIN or standing: only someone below them, so a manager can neither take over an
    /// executive's sign-in nor reach outside their own part of the organisation.
    pub fn check_below(&self, admin: Option<&Person>, who: &Person) -> Result<()> {
        match admin {
            Some(a) if !self.is_below(who.id, a.id) => Err(Error::Forbidden(format!(
                "{} is not below {} in the organisation",
                who.name, a.name
            ))),
            _ => Ok(()),
        }
    }

    /// Whether `admin` may place someone under `boss`, or a kind of call in their hands: the
    /// admin themself or someone below them (ranks, `check_rank`, keep the placed from
    /// outranking them).
    pub fn check_placing(&self, admin: Option<&Person>, boss: &Person) -> Result<()> {
        match admin {
            Some(a) if boss.id != a.id => self.check_below(admin, boss),
            _ => Ok(()),
        }
    }
}

/// What a deactivation did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Deactivation {
    pub person: Person,
    /// Who received their tickets and their reports.
    pub successor: Person,
    pub tickets_handed_over: Vec<i64>,
    pub people_moved: Vec<i64>,
}

/// Whether `admin` (None: the administrator at the command line) may deactivate `who`, whose
/// work would go to `heir` (the nearest active person above them). Returns the heir.
pub fn check_deactivate(
    who: &Person,
    admin: Option<&Person>,
    policy: &crate::policy::Policy,
    heir: Option<Person>,
) -> Result<Person> {
    if !who.active {
        return Err(Error::Conflict(format!("{} is already inactive", who.name)));
    }
    if admin.is_some_and(|a| a.id == who.id) {
        return Err(Error::Forbidden(
            "you cannot deactivate yourself; ask another administrator".into(),
        ));
    }
    if policy.escalation_executive_id == Some(who.id) {
        return Err(Error::Conflict(format!(
            "{} receives escalations; choose another escalation executive first",
            who.name
        )));
    }
    heir.ok_or_else(|| {
        Error::Conflict(format!(
            "{} is the top of the organisation; move them under someone first",
            who.name
        ))
    })
}

/// PINs are 4 to 12 digits: quick to type at a shared counter.
pub fn check_pin(pin: &str) -> Result<()> {
    if (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::Invalid("a PIN is 4 to 12 digits".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    fn person(id: i64, active: bool) -> Person {
        Person {
            id,
            name: format!("p{id}"),
            role: Role::Manager,
            reports_to: Some(1),
            active,
            has_pin: true,
        }
    }

    #[test]
    fn who_may_be_deactivated() {
        let (admin, who, heir) = (person(1, true), person(2, true), person(3, true));
        let policy = Policy::default();
        let check =
            |who: &Person, admin: Option<&Person>, policy: &Policy, heir: Option<Person>| {
                check_deactivate(who, admin, policy, heir)
                    .map(|h| h.id)
                    .map_err(|e| e.code())
            };
        assert_eq!(
            check(&who, Some(&admin), &policy, Some(heir.clone())),
            Ok(3)
        );
        assert_eq!(check(&who, None, &policy, Some(heir.clone())), Ok(3));
        assert_eq!(
            check(&who, Some(&who), &policy, Some(heir.clone())),
            Err("forbidden")
        );
        assert_eq!(
            check(&person(2, false), None, &policy, Some(heir.clone())),
            Err("conflict")
        );
        assert_eq!(
            check(&who, None, &policy, None),
            Err("conflict"),
            "the top stays"
        );
        let exec = Policy {
            escalation_executive_id: Some(2),
            ..Policy::default()
        };
        assert_eq!(check(&who, None, &exec, Some(heir)), Err("conflict"));
    }

    #[test]
    fn moves_that_would_loop_are_refused() {
        let (who, boss) = (person(2, true), person(3, true));
        assert!(check_move(&who, &boss, &[1]).is_ok());
        assert!(check_move(&who, &who, &[1]).is_err());
        assert!(
            check_move(&who, &boss, &[2, 1]).is_err(),
            "the boss is below them"
        );
        assert!(check_move(&who, &person(3, false), &[1]).is_err());
    }
}
