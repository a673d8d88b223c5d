//! Where the app keeps its files.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::error::IpcError;
use baton_core::error::ErrorCode;

/// Environment variable that overrides the database location (tests, scripts,
/// several desks on one machine).
pub const DB_ENV: &str = "BATON_DB";

/// The desk for this process: `$BATON_DB` (scripts, tests), else the shared desk chosen in
/// Settings (with its password from the keyring), else `<OS data dir>/baton/baton.db`.
pub fn db_path() -> Result<PathBuf, IpcError> {
    let shared = || {
        crate::server_choice::chosen()
            .map(|s| s.address(crate::server_choice::password(&s).as_deref()))
    };
    resolve_db_path(std::env::var_os(DB_ENV), shared, dirs::data_dir())
}

/// Whether `BATON_DB` decides the desk, so a choice made in Settings waits until it is unset.
pub fn overridden() -> bool {
    std::env::var_os(DB_ENV).is_some_and(|p| !p.is_empty())
}

/// The rule behind [`db_path`], with its inputs passed in so it can be tested.
pub fn resolve_db_path(
    env_override: Option<OsString>,
    shared: impl FnOnce() -> Option<String>,
    data_dir: Option<PathBuf>,
) -> Result<PathBuf, IpcError> {
    if let Some(path) = env_override.filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    // Asked only now: the keyring is not consulted when `BATON_DB` decides.
    if let Some(address) = shared() {
        return Ok(PathBuf::from(address));
    }
    data_dir
        .map(|dir| dir.join("baton").join("baton.db"))
        .ok_or_else(|| {
            IpcError::new(
                ErrorCode::Config,
                format!(
                    "could not find the user's data directory; set {DB_ENV} to a database path"
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_override_wins() {
        let path = resolve_db_path(
            Some("/tmp/x.db".into()),
            || panic!("the chosen server is not asked for when BATON_DB decides"),
            Some(PathBuf::from("/home/a/.local/share")),
        )
        .unwrap();
        assert_eq!(path, PathBuf::from("/tmp/x.db"));
    }

    #[test]
    fn empty_override_is_ignored() {
        let path = resolve_db_path(
            Some("".into()),
            || None,
            Some(PathBuf::from("/home/a/.local/share")),
        )
        .unwrap();
        assert_eq!(path, PathBuf::from("/home/a/.local/share/baton/baton.db"));
    }

    #[test]
    fn a_chosen_shared_desk_comes_before_the_own_file() {
        let path = resolve_db_path(None, || Some("postgres://u@h/d".into()), Some("/d".into()));
        assert_eq!(path.unwrap(), PathBuf::from("postgres://u@h/d"));
    }

    #[test]
    fn falls_back_to_data_dir() {
        let path = resolve_db_path(None, || None, Some(PathBuf::from("/d"))).unwrap();
        assert_eq!(path, PathBuf::from("/d/baton/baton.db"));
    }

    #[test]
    fn no_data_dir_is_a_config_error() {
        let err = resolve_db_path(None, || None, None).unwrap_err();
        assert_eq!(err.kind, ErrorCode::Config);
        assert!(err.message.contains(DB_ENV));
    }
}
