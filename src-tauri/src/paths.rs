//! Where the app keeps its files.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::error::IpcError;
use baton_core::error::ErrorCode;

/// Environment variable that overrides the database location (tests, scripts,
/// several desks on one machine).
pub const DB_ENV: &str = "BATON_DB";

/// The database path for this process: `$BATON_DB`, else
/// `<OS data dir>/baton/baton.db`.
pub fn db_path() -> Result<PathBuf, IpcError> {
    resolve_db_path(std::env::var_os(DB_ENV), dirs::data_dir())
}

/// The rule behind [`db_path`], with its inputs passed in so it can be tested.
pub fn resolve_db_path(
    env_override: Option<OsString>,
    data_dir: Option<PathBuf>,
) -> Result<PathBuf, IpcError> {
    if let Some(path) = env_override.filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
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
            Some(PathBuf::from("/home/a/.local/share")),
        )
        .unwrap();
        assert_eq!(path, PathBuf::from("/tmp/x.db"));
    }

    #[test]
    fn empty_override_is_ignored() {
        let path =
            resolve_db_path(Some("".into()), Some(PathBuf::from("/home/a/.local/share"))).unwrap();
        assert_eq!(path, PathBuf::from("/home/a/.local/share/baton/baton.db"));
    }

    #[test]
    fn falls_back_to_data_dir() {
        let path = resolve_db_path(None, Some(PathBuf::from("/d"))).unwrap();
        assert_eq!(path, PathBuf::from("/d/baton/baton.db"));
    }

    #[test]
    fn no_data_dir_is_a_config_error() {
        let err = resolve_db_path(None, None).unwrap_err();
        assert_eq!(err.kind, ErrorCode::Config);
        assert!(err.message.contains(DB_ENV));
    }
}
