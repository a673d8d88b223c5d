//! Who is signed in at an install, and the idle lock of a shared counter.

use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::people::Person;

/// A shared install locks after this long without activity.
pub const IDLE_LOCK: Duration = Duration::minutes(10);

#[derive(Debug, Default)]
pub struct Session {
    current: Option<(Person, DateTime<Utc>)>,
    /// Everyone who signed in here since the app started: their alerts are raised here.
    present: BTreeSet<i64>,
}

impl Session {
    /// Records a successful sign-in (the PIN was checked by `Desk::sign_in`).
    pub fn begin(&mut self, person: Person, now: DateTime<Utc>) {
        self.present.insert(person.id);
        self.current = Some((person, now));
    }

    pub fn lock(&mut self) {
        self.current = None;
    }

    /// The signed-in person, refreshing the idle timer; after ten idle minutes the install
    /// locks and every action needs the PIN again.
    pub fn person(&mut self, now: DateTime<Utc>) -> Result<Person> {
        match self.current.take() {
            Some((p, last)) if now - last < IDLE_LOCK => {
                self.current = Some((p.clone(), now));
                Ok(p)
            }
            Some((p, _)) => Err(Error::SignedOut(format!(
                "locked after {} idle minutes: {} must sign in again",
                IDLE_LOCK.num_minutes(),
                p.name
            ))),
            None => Err(Error::SignedOut("nobody is signed in".into())),
        }
    }

    /// Who is signed in, without touching the idle timer (for display).
    pub fn peek(&self, now: DateTime<Utc>) -> Option<&Person> {
        self.current
            .as_ref()
            .filter(|(_, last)| now - *last < IDLE_LOCK)
            .map(|(p, _)| p)
    }

    pub fn present(&self) -> &BTreeSet<i64> {
        &self.present
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::Role;

    #[test]
    fn idle_sessions_lock() {
        let now = Utc::now();
        let ana = Person {
            id: 4,
            name: "Ana".into(),
            role: Role::Rep,
            reports_to: Some(1),
            active: true,
            has_pin: true,
        };
        let mut s = Session::default();
        assert_eq!(s.person(now).unwrap_err().code(), "signed_out");
        s.begin(ana, now);
        assert_eq!(s.person(now + Duration::minutes(9)).unwrap().id, 4);
        // Activity at 9 minutes restarted the timer.
        assert_eq!(s.person(now + Duration::minutes(18)).unwrap().id, 4);
        assert!(s.peek(now + Duration::minutes(29)).is_none());
        let err = s.person(now + Duration::minutes(29)).unwrap_err();
        assert!(err.to_string().contains("Ana must sign in again"), "{err}");
        assert_eq!(
            s.person(now + Duration::minutes(29)).unwrap_err().code(),
            "signed_out"
        );
        assert!(s.present().contains(&4), "still present for alerts");
    }
}
