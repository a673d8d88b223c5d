//! Customers, found by phone in any format, by email, or by name.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::tickets::TicketSummary;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct NewCustomer {
    pub name: String,
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

/// A new customer's details, checked and normalised: what the store keeps.
#[derive(Debug, Clone)]
pub struct CleanCustomer {
    pub name: String,
    /// (digits, as typed)
    pub phones: Vec<(String, String)>,
    pub emails: Vec<String>,
    pub notes: String,
}

/// Checks a new customer's details: a name, phone numbers and emails that parse, short notes.
pub fn clean(n: &NewCustomer) -> Result<CleanCustomer> {
    let name = crate::people::clean_name("a customer's", &n.name)?;
    let phones = n
        .phones
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| Ok((normalize_phone(p)?, p.trim().to_string())))
        .collect::<Result<Vec<_>>>()?;
    let emails = n
        .emails
        .iter()
        .filter(|e| !e.trim().is_empty())
        .map(|e| normalize_email(e))
        .collect::<Result<Vec<_>>>()?;
    if n.notes.chars().count() > crate::categories::MAX_FIELD_VALUE {
        return Err(Error::Invalid("the notes are too long".into()));
    }
    Ok(CleanCustomer {
        name,
        phones,
        emails,
        notes: n.notes.trim().to_string(),
    })
}

/// A customer found by a look-up, with what the rep needs to greet them.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerMatch {
    #[serde(flatten)]
    pub customer: Customer,
    pub open_tickets: u32,
    pub recent_tickets: Vec<TicketSummary>,
}

/// Digits only; a North American leading 1 and an international 00 are dropped,
/// so `+1 (555) 010-2000`, `555.010.2000` and `5550102000` are one number.
pub fn normalize_phone(raw: &str) -> Result<String> {
    if raw
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-.()/".contains(c)))
    {
        return Err(Error::Invalid(format!(
            "'{raw}' is not a phone number: use digits, spaces, + - . ( )"
        )));
    }
    let mut digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if let Some(rest) = digits.strip_prefix("00") {
        digits = rest.to_string();
    }
    if digits.len() == 11 && digits.starts_with('1') {
        digits.remove(0);
    }
    if !(5..=15).contains(&digits.len()) {
        return Err(Error::Invalid(format!(
            "'{raw}' is not a phone number: expected 5 to 15 digits"
        )));
    }
    Ok(digits)
}

/// Lower-cased, with one `@` and a dot in the domain.
pub fn normalize_email(raw: &str) -> Result<String> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(email.split_once('@'), Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !domain.contains('@')
               && !domain.starts_with('.') && !domain.ends_with('.'));
    if valid {
        Ok(email)
    } else {
        Err(Error::Invalid(format!("'{raw}' is not an email address")))
    }
}

/// How a look-up string should be matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Email(String),
    Phone(String),
    Name(String),
}

pub fn classify_lookup(query: &str) -> Result<Lookup> {
    let q = query.trim();
    if q.is_empty() {
        return Err(Error::Invalid("type a phone, an email or a name".into()));
    }
    if q.contains('@') {
        return Ok(Lookup::Email(q.to_lowercase()));
    }
    let digits = q.chars().filter(char::is_ascii_digit).count();
    if digits >= 3
        && q.chars()
            .all(|c| c.is_ascii_digit() || " +-.()/".contains(c))
    {
        let mut d: String = q.chars().filter(char::is_ascii_digit).collect();
        if let Some(rest) = d.strip_prefix("00") {
            d = rest.to_string();
        }
        if q.starts_with("+1") || (d.len() == 11 && d.starts_with('1')) {
            d.remove(0);
        }
        return Ok(Lookup::Phone(d));
    }
    Ok(Lookup::Name(q.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_formats_agree() {
        for raw in [
            "+1 (555) 010-2000",
            "555.010.2000",
            "5550102000",
            "1-555-010-2000",
        ] {
            assert_eq!(normalize_phone(raw).unwrap(), "5550102000", "{raw}");
        }
        assert_eq!(
            normalize_phone("0044 20 7946 0000").unwrap(),
            "442079460000"
        );
    }

    #[test]
    fn bad_phones_and_emails_are_refused() {
        for raw in [
            "",
            "12",
            "555-CALL-NOW",
            "1'; DROP TABLE customers;--",
            "1234567890123456",
        ] {
            assert!(normalize_phone(raw).is_err(), "{raw}");
        }
        for raw in [
            "",
            "a@",
            "@b.com",
            "a b@c.com",
            "a@b",
            "a@@b.com",
            "a@b.com.",
        ] {
            assert!(normalize_email(raw).is_err(), "{raw}");
        }
        assert_eq!(
            normalize_email(" Ann@Example.COM ").unwrap(),
            "ann@example.com"
        );
    }

    #[test]
    fn lookups_are_classified() {
        assert_eq!(
            classify_lookup("ann@x.com").unwrap(),
            Lookup::Email("ann@x.com".into())
        );
        assert_eq!(
            classify_lookup("+1 555 01").unwrap(),
            Lookup::Phone("55501".into())
        );
        assert_eq!(classify_lookup("Ann").unwrap(), Lookup::Name("Ann".into()));
        assert_eq!(
            classify_lookup("0044 20 79").unwrap(),
            Lookup::Phone("442079".into())
        );
        assert!(classify_lookup("  ").is_err());
    }
}
