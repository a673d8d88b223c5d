//! Joining a shared desk: where its server is, what it holds before an install uses it, and who
//! may point an install at one. The password is never part of what is kept here: the app keeps
//! it in the OS keyring, the CLI takes it from `PGPASSWORD`, a pgpass file or a prompt.

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::people::Person;
use crate::store::postgres::SCHEMA_VERSION;

/// A shared desk's server, as an administrator enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Server {
    /// One host, or several separated by commas (a primary and its standbys: the one that
    /// takes writes is used).
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub tls: Tls,
    /// The certificate authority that vouches for the server (`verify-full`); none: the
    /// system's.
    pub ca_file: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Tls {
    /// Encrypted to the server named, whose certificate is checked.
    VerifyFull,
    /// Encrypted, the certificate not checked.
    Require,
    /// Not encrypted: only on the server's own machine or a network trusted as much.
    Off,
}

/// What a server holds, asked before an install uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Probe {
    /// A Baton desk this build works with.
    Desk { people: u32, tickets: u32 },
    /// An empty database, or a desk schema nobody is in yet: a desk can be moved into it.
    Empty,
    /// A desk at an older schema: an administrator runs `baton upgrade` first.
    Older { found: i64, needs: i64 },
    /// A desk made by a newer Baton: update this install first.
    Newer { found: i64, knows: i64 },
}

impl Server {
    /// A one-line complaint naming the field, for anything a connection would trip over.
    pub fn check(&self) -> Result<()> {
        let bad = |field: &str, why: &str| Err(Error::Invalid(format!("{field}: {why}")));
        let plain = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        };
        if !self.host.split(',').map(str::trim).all(plain) {
            return bad(
                "server",
                "a host name or address (several: separated by commas)",
            );
        }
        if self.port == 0 {
            return bad("port", "a number from 1 to 65535");
        }
        if !plain(&self.database) {
            return bad("database", "letters, digits, '.', '-' or '_'");
        }
        if !plain(&self.user) {
            return bad("user", "letters, digits, '.', '-' or '_'");
        }
        match (&self.ca_file, self.tls) {
            (Some(_), Tls::Require | Tls::Off) => bad(
                "certificate authority",
                "used only when the certificate is checked",
            ),
            (Some(file), _) if file.contains(['&', '?', '#']) => bad(
                "certificate authority",
                "a file path without '&', '?' or '#'",
            ),
            (Some(file), _) if !std::path::Path::new(file).is_file() => {
                bad("certificate authority", &format!("no file at {file}"))
            }
            _ => Ok(()),
        }
    }

    /// The address the store connects to, with the password if one is given. It always asks
    /// for the host that takes writes, never a read-only standby.
    pub fn address(&self, password: Option<&str>) -> String {
        let secret = password
            .map(|p| format!(":{}", utf8_percent_encode(p, NON_ALPHANUMERIC)))
            .unwrap_or_default();
        let hosts: Vec<String> = self
            .host
            .split(',')
            .map(|h| format!("{}:{}", h.trim(), self.port))
            .collect();
        let mut query = vec![
            "target_session_attrs=read-write".to_string(),
            format!(
                "sslmode={}",
                match self.tls {
                    Tls::VerifyFull => "verify-full",
                    Tls::Require => "require",
                    Tls::Off => "disable",
                }
            ),
        ];
        if let Some(file) = &self.ca_file {
            query.push(format!("sslrootcert={file}"));
        }
        format!(
            "postgres://{}{secret}@{}/{}?{}",
            self.user,
            hosts.join(","),
            self.database,
            query.join("&")
        )
    }

    /// The name its password is kept under in the OS keyring.
    pub fn account(&self) -> String {
        format!(
            "{}@{}:{}/{}",
            self.user, self.host, self.port, self.database
        )
    }

    /// Connects and says what the server holds.
    pub fn probe(&self, password: Option<&str>) -> Result<Probe> {
        self.check()?;
        crate::store::PgStore::probe(&self.address(password))
    }
}

impl Probe {
    /// Whether an install can work on what the server holds, and if not, what to do first.
    pub fn usable(&self) -> Result<()> {
        match self {
            Probe::Desk { .. } => Ok(()),
            Probe::Empty => Err(Error::Invalid(
                "the desk there is empty: an administrator moves a desk onto it first \
                 (Settings → Shared desk → Move this desk to the server)"
                    .into(),
            )),
            Probe::Older { found, needs } => Err(Error::Invalid(format!(
                "the desk there is at schema {found} and this build needs {needs}: an \
                 administrator runs `baton upgrade` first"
            ))),
            Probe::Newer { found, knows } => Err(Error::Invalid(format!(
                "the desk there was made by a newer Baton (schema {found}, this build knows up \
                 to {knows}): update this install first"
            ))),
        }
    }

    pub(crate) fn of(found: Option<i64>, people: u32, tickets: u32) -> Probe {
        match found {
            None => Probe::Empty,
            Some(SCHEMA_VERSION) if people == 0 => Probe::Empty,
            Some(v) if v < SCHEMA_VERSION => Probe::Older {
                found: v,
                needs: SCHEMA_VERSION,
            },
            Some(v) if v > SCHEMA_VERSION => Probe::Newer {
                found: v,
                knows: SCHEMA_VERSION,
            },
            Some(_) => Probe::Desk { people, tickets },
        }
    }
}

/// Who may point an install at a server, or move its desk there: anyone while the install's own
/// desk is still empty (its first run), and afterwards its managers and executives.
pub fn may_connect(desk_empty: bool, by: Option<&Person>) -> Result<()> {
    match by {
        _ if desk_empty => Ok(()),
        Some(person) => person.require_admin(),
        None => Err(Error::SignedOut(
            "sign in as a manager or executive to change the desk this install uses".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::Role;

    fn server() -> Server {
        Server {
            host: "db1.example.com, db2.example.com".into(),
            port: 5432,
            database: "desk".into(),
            user: "baton_app".into(),
            tls: Tls::VerifyFull,
            ca_file: None,
        }
    }

    #[test]
    fn the_address_asks_for_the_host_that_takes_writes_and_hides_nothing_it_needs() {
        assert_eq!(
            server().address(Some("p@ss word&1")),
            "postgres://baton_app:p%40ss%20word%261@db1.example.com:5432,db2.example.com:5432/\
             desk?target_session_attrs=read-write&sslmode=verify-full"
        );
        let parsed: postgres::Config = server()
            .address(Some("p@ss word&1"))
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(parsed.get_password(), Some(&b"p@ss word&1"[..]));
        assert_eq!(parsed.get_hosts().len(), 2);
        assert!(server()
            .address(None)
            .starts_with("postgres://baton_app@db1.example.com:5432,"));
    }

    #[test]
    fn each_field_is_checked_by_name() {
        let with = |f: &dyn Fn(&mut Server)| {
            let mut s = server();
            f(&mut s);
            s.check().map_err(|e| e.to_string())
        };
        assert_eq!(with(&|_| {}), Ok(()));
        for (change, field) in [
            (
                &(|s: &mut Server| s.host = "db/1".into()) as &dyn Fn(&mut Server),
                "server",
            ),
            (&|s: &mut Server| s.host = String::new(), "server"),
            (&|s: &mut Server| s.port = 0, "port"),
            (
                &|s: &mut Server| s.database = "desk; DROP".into(),
                "database",
            ),
            (&|s: &mut Server| s.user = "".into(), "user"),
            (
                &|s: &mut Server| s.ca_file = Some("/nonexistent/ca.pem".into()),
                "certificate",
            ),
            (
                &|s: &mut Server| {
                    s.tls = Tls::Require;
                    s.ca_file = Some(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml").into());
                },
                "certificate",
            ),
        ] {
            let said = with(change).unwrap_err();
            assert!(said.starts_with(field), "{said}");
            assert_eq!(said.lines().count(), 1);
        }
    }

    #[test]
    fn the_first_run_may_join_and_afterwards_only_administrators() {
        let person = |role| Person {
            id: 1,
            name: "Pat".into(),
            role,
            reports_to: None,
            active: true,
            has_pin: true,
        };
        assert!(may_connect(true, None).is_ok());
        assert!(may_connect(false, None).is_err());
        assert!(may_connect(false, Some(&person(Role::Rep))).is_err());
        assert!(may_connect(false, Some(&person(Role::Lead))).is_err());
        assert!(may_connect(false, Some(&person(Role::Manager))).is_ok());
        assert!(may_connect(false, Some(&person(Role::Executive))).is_ok());
    }

    #[test]
    fn what_a_server_holds_is_told_by_its_schema() {
        assert_eq!(Probe::of(None, 0, 0), Probe::Empty);
        assert_eq!(Probe::of(Some(SCHEMA_VERSION), 0, 0), Probe::Empty);
        assert_eq!(
            Probe::of(Some(SCHEMA_VERSION), 7, 30),
            Probe::Desk {
                people: 7,
                tickets: 30
            }
        );
        assert!(matches!(
            Probe::of(Some(1), 0, 0),
            Probe::Older { found: 1, .. }
        ));
        assert!(Probe::of(Some(SCHEMA_VERSION), 1, 0).usable().is_ok());
        for unusable in [
            None,
            Some(SCHEMA_VERSION),
            Some(1),
            Some(SCHEMA_VERSION + 1),
        ] {
            let said = Probe::of(unusable, 0, 0).usable().unwrap_err().to_string();
            assert_eq!(said.lines().count(), 1, "{said}");
        }
        assert!(matches!(
            Probe::of(Some(SCHEMA_VERSION + 1), 0, 0),
            Probe::Newer { .. }
        ));
    }
}
