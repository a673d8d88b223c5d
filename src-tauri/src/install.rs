//! What this install remembers about itself, beside the database: whom it watches and which
//! alerts it has already raised natively. Kept next to the database file, so each desk (and each
//! test's temporary desk) has its own.

use baton_core::audit::ChainHead;
use baton_core::kept::KeptCall;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Install {
    /// People whose alerts are raised here besides whoever signs in.
    #[serde(default)]
    pub watched: Vec<i64>,
    /// The last alert id turned into a native notification (or skipped) here.
    pub cursor: Option<i64>,
    /// The audit trail's head as this install last saw it: the chain must still hold it.
    #[serde(default)]
    pub witness: Option<ChainHead>,
    /// Calls taken here while the shared desk's server did not answer, not yet sent.
    #[serde(default)]
    pub kept: Vec<KeptCall>,
    /// The month whose report this install last announced (its first day).
    #[serde(default)]
    pub announced: Option<chrono::NaiveDate>,
}

/// Beside a desk file; for a shared desk, in this user's data folder, one per server and
/// database (the address's password never in the name).
pub fn path_for(db: &Path) -> PathBuf {
    match baton_core::store::postgres::address(db) {
        Some(address) => {
            let name: String = baton_core::store::postgres::shown(address)
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            dirs::data_dir()
                .unwrap_or_else(std::env::temp_dir)
                .join("baton")
                .join(format!("{name}.install.json"))
        }
        None => baton_core::store::sibling(db, ".install.json"),
    }
}

impl Install {
    /// A missing or unreadable file is a fresh install.
    pub fn load(path: &Path) -> Install {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Written to a temporary file, flushed to the disk and renamed, so a crash never leaves
    /// half a file, and a call kept here is on the disk before the rep is told it is kept.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        use std::io::Write;
        let tmp = path.with_extension("tmp");
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&serde_json::to_vec_pretty(self).expect("install serialises"))?;
        file.sync_all()?;
        std::fs::rename(tmp, path)?;
        match path.parent() {
            Some(dir) => std::fs::File::open(dir)?.sync_all(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_beside_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_for(&dir.path().join("baton.db"));
        assert!(path.ends_with("baton.db.install.json"));
        assert_eq!(Install::load(&path), Install::default());
        let i = Install {
            watched: vec![1, 7],
            cursor: Some(42),
            witness: Some(ChainHead {
                event_id: 9,
                hash: "ab".repeat(32),
            }),
            kept: vec![],
            announced: chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
        };
        i.save(&path).unwrap();
        assert_eq!(Install::load(&path), i);
        std::fs::write(&path, "garbage").unwrap();
        assert_eq!(Install::load(&path), Install::default());
    }
}
