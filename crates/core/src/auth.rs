//! PINs for a shared install: argon2 hashes, and a lockout after repeated failures.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand_core::OsRng;

use crate::error::{Error, Result};

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
