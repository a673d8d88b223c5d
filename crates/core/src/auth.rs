//! PINs for a shared install: argon2 hashes, and a lockout after repeated failures.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand_core::OsRng;

use crate::error::{Error, Result};
use crate::people::Person;
use crate::store::SignInContext;

pub const MAX_FAILURES: i64 = 5;
pub const LOCKOUT_MS: i64 = 5 * 60_000;

pub fn hash_pin(pin: &str) -> Result<String> {
    crate::people::check_pin(pin)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Invalid(format!("cannot hash the PIN: {e}")))
}

pub fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A person's PIN and its failures, as stored.
#[derive(Debug, Clone, Default)]
pub struct PinState {
    pub hash: Option<String>,
    pub failed: i64,
    pub locked_until: Option<i64>,
}

/// What a sign-in attempt decided: the failure count to keep (even when it fails), and who
/// signed in or why not.
pub struct SignIn {
    pub keep: Option<PinState>,
    pub outcome: Result<Person>,
}

/// Checks a PIN. Five wrong ones in a row lock the person out for five minutes; on a shared
/// desk nobody signs in without a PIN of their own.
pub fn sign_in(c: &SignInContext, pin: &str) -> SignIn {
    let who = c.person.clone();
    let now = c.now.timestamp_millis();
    let refuse = |e| SignIn {
        keep: None,
        outcome: Err(e),
    };
    if !who.active {
        return refuse(Error::Forbidden(format!(
            "{} is no longer active",
            who.name
        )));
    }
    if let Some(until) = c.pin.locked_until.filter(|&u| u > now) {
        return refuse(Error::LockedOut {
            name: who.name,
            until: crate::store::at(until),
        });
    }
    let Some(hash) = &c.pin.hash else {
        // On a shared desk whoever sits down first must not claim an account.
        if c.people > 1 {
            return refuse(Error::NoPin(who.name));
        }
        return SignIn {
            keep: None,
            outcome: Ok(who),
        };
    };
    let keep = |failed, locked_until| {
        Some(PinState {
            hash: c.pin.hash.clone(),
            failed,
            locked_until,
        })
    };
    if pin_matches(pin, hash) {
        return SignIn {
            keep: keep(0, None),
            outcome: Ok(who),
        };
    }
    let failed = c.pin.failed + 1;
    if failed >= MAX_FAILURES {
        let until = now + LOCKOUT_MS;
        SignIn {
            keep: keep(0, Some(until)),
            outcome: Err(Error::LockedOut {
                name: who.name,
                until: crate::store::at(until),
            }),
        }
    } else {
        SignIn {
            keep: keep(failed, None),
            outcome: Err(Error::WrongPin(who.name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_pin() {
        let h = hash_pin("2468").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(pin_matches("2468", &h));
        assert!(!pin_matches("2469", &h));
        assert!(!pin_matches("2468", "not a hash"));
        assert_eq!(hash_pin("12a4").unwrap_err().code(), "invalid");
    }
}
