//! People and the hierarchy they form.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Rep,
    Lead,
    Manager,
    Executive,
}

impl Role {
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
    let name = name.trim();
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
    // `--as 12` and `--category 12` mean ids: a name of digits alone could not be told apart.
    if name.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::Invalid(format!(
            "{what} name must not be digits alone (digits name an id)"
        )));
    }
    Ok(name.to_string())
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
    Ok(())
}

/// PINs are 4 to 12 digits: quick to type at a shared counter.
pub fn check_pin(pin: &str) -> Result<()> {
    if (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::Invalid("a PIN is 4 to 12 digits".into()))
    }
}
