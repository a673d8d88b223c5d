//! Calls taken while a shared desk's server did not answer: kept on the workstation and sent
//! when it is back. Sending is safe to repeat: the caller is matched to a customer by phone or
//! e-mail before one is added, and the intake carries its idempotency key, so a call is taken
//! in once however often it is sent.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::customers::{Lookup, NewCustomer};
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::tickets::{Intake, Ticket};

/// Who called: a customer found before the server went away, or a caller's details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Caller {
    Known { id: i64, name: String },
    New(NewCustomer),
}

/// A call kept on the workstation until the desk's server answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KeptCall {
    pub caller: Caller,
    /// The call as it would have been taken in; for a new caller its customer is found or
    /// added when it is sent.
    pub intake: Intake,
    /// Who took it.
    pub by: i64,
    pub taken_at: DateTime<Utc>,
    /// Why the desk refused it when it was sent, if it did.
    pub problem: Option<String>,
}

impl KeptCall {
    /// A call is kept only with an idempotency key: without one a resend could take it twice.
    pub fn new(caller: Caller, intake: Intake, by: i64, taken_at: DateTime<Utc>) -> Result<Self> {
        if intake.key.as_deref().is_none_or(|k| k.trim().is_empty()) {
            return Err(Error::Invalid(
                "a call kept for later needs an idempotency key".into(),
            ));
        }
        if let Caller::New(n) = &caller {
            crate::customers::clean(n)?;
        }
        Ok(KeptCall {
            caller,
            intake,
            by,
            taken_at,
            problem: None,
        })
    }

    /// Its idempotency key (every kept call has one).
    pub fn key(&self) -> &str {
        self.intake.key.as_deref().unwrap_or_default()
    }
}

impl Desk {
    /// Sends a kept call: a new caller becomes the customer who has one of their phone numbers
    /// or e-mail addresses (when exactly one does), else a new customer; then the call is taken
    /// in with its key.
    pub fn send_kept(&mut self, call: &KeptCall) -> Result<Ticket> {
        let customer_id = match &call.caller {
            Caller::Known { id, .. } => *id,
            Caller::New(n) => match self.known_caller(n)? {
                Some(id) => id,
                None => self.add_customer(n.clone())?.id,
            },
        };
        self.intake(
            call.by,
            Intake {
                customer_id,
                ..call.intake.clone()
            },
        )
    }

    /// The one customer with any of the caller's phone numbers or e-mail addresses.
    fn known_caller(&mut self, n: &NewCustomer) -> Result<Option<i64>> {
        let mut found = std::collections::BTreeSet::new();
        for phone in &n.phones {
            match self.customer_by_phone(phone) {
                Ok(c) => {
                    found.insert(c.id);
                }
                Err(Error::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        for email in &n.emails {
            let lookup = Lookup::Email(email.trim().to_lowercase());
            for m in self.store.find_customers(&lookup, 2)? {
                if m.customer
                    .emails
                    .iter()
                    .any(|e| e.eq_ignore_ascii_case(email.trim()))
                {
                    found.insert(m.customer.id);
                }
            }
        }
        Ok(match found.len() {
            1 => found.into_iter().next(),
            _ => None,
        })
    }
}
