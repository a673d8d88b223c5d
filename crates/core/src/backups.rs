//! Backups of a desk: one on request (`baton backup`), and the app's daily ones, rotated so the
//! last 7 days and the last 4 weeks are kept without filling the disk. Restoring takes only a
//! backup that verifies, and keeps the current file aside.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use ts_rs::TS;

use crate::audit::ChainHead;
use crate::clock::Clock;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::store::{self, sibling};

/// Dailies and weeklies kept at most.
pub const DAILIES: usize = 7;
pub const WEEKLIES: usize = 4;
/// The most of the disk's free space (plus what the backups already take) they may use.
pub const MAX_DISK_SHARE: f64 = 0.10;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Backup {
    pub path: String,
    pub at: DateTime<Utc>,
    pub bytes: u64,
    pub head: Option<ChainHead>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Restored {
    pub from: String,
    /// Where the desk as it was before the restore now lies.
    pub kept_aside: String,
    pub head: Option<ChainHead>,
}

/// The automatic backups in a folder, newest first, and what the rotation last had to say.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BackupList {
    pub backups: Vec<Backup>,
    pub note: Option<String>,
}

fn shown(p: &Path) -> String {
    p.display().to_string()
}

impl Desk {
    /// Copies the desk to `dest`, a new file: a backup never overwrites one (another desk, a
    /// document, a device), whatever name it is given.
    pub fn backup(&mut self, dest: &Path) -> Result<Backup> {
        if dest.symlink_metadata().is_ok() {
            return Err(Error::Invalid(format!(
                "{} already exists: a backup goes to a new file",
                shown(dest)
            )));
        }
        self.check_before_copying()?;
        self.copy_verified(dest)
    }

    /// The integrity check a backup starts with: a damaged desk is not copied. A wrong tally
    /// it recounted on the spot is no reason to skip one.
    fn check_before_copying(&mut self) -> Result<()> {
        self.store.check_integrity()?;
        match self.store.damaged() {
            Some(why) => Err(Error::Damaged(format!("not backed up: {why}"))),
            None => Ok(()),
        }
    }

    /// Copies the desk to `dest` with SQLite's online backup (safe while others use it), then
    /// verifies the copy; a copy that does not verify is removed.
    fn copy_verified(&mut self, dest: &Path) -> Result<Backup> {
        self.store.backup_to(dest)?;
        let check = Desk::open(dest, Arc::new(crate::FakeClock::new(self.now())))
            .and_then(|mut copy| copy.verify(&[]));
        match check {
            Ok(v) if v.ok => Ok(Backup {
                path: shown(dest),
                at: self.now(),
                bytes: std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0),
                head: v.head,
            }),
            other => {
                let _ = std::fs::remove_file(dest);
                Err(Error::Damaged(match other {
                    Err(e) => format!("the copy could not be checked: {e}"),
                    Ok(_) => "the copy did not verify, so it was removed".into(),
                }))
            }
        }
    }

    /// Replaces the desk at `db` with `backup`, which must be a Baton desk that verifies. The
    /// current file (damaged or not) is kept beside it as `<name>.before-restore-<time>`.
    pub fn restore(db: &Path, backup: &Path, clock: Arc<dyn Clock>) -> Result<Restored> {
        if !backup.exists() {
            return Err(Error::NoDesk(shown(backup)));
        }
        // Check a private copy, so the user's backup file is never touched.
        let checking = sibling(db, ".restoring");
        std::fs::copy(backup, &checking)
            .map_err(|e| Error::Invalid(format!("cannot read {}: {e}", shown(backup))))?;
        let checked = Desk::open(&checking, clock.clone()).and_then(|mut d| d.verify(&[]));
        match checked {
            Ok(v) if v.ok => {}
            Ok(_) => {
                remove_with_sidecars(&checking);
                return Err(Error::Invalid(format!(
                    "{} does not verify; it was not restored (run `baton --db {} verify` to see why)",
                    shown(backup),
                    shown(backup)
                )));
            }
            Err(e) => {
                remove_with_sidecars(&checking);
                return Err(Error::Invalid(format!(
                    "{} cannot be restored: {e}",
                    shown(backup)
                )));
            }
        }
        let stamp = clock.now().format("%Y%m%d-%H%M%S");
        let aside = unused(&sibling(db, &format!(".before-restore-{stamp}")));
        if db.exists() {
            keep_aside(db, &aside)?;
        }
        store::restore(db, &checking)?;
        remove_with_sidecars(&checking);
        let head = Desk::open(db, clock)?.chain_head()?;
        Ok(Restored {
            from: shown(backup),
            kept_aside: shown(&aside),
            head,
        })
    }

    /// The app's daily check and backup into `dir`, then the rotation: the integrity check
    /// every time, today's copy if missing, or anew when `fresh` (someone asked for a backup
    /// now). `free_bytes` is the free space on the disk that holds `dir`.
    pub fn daily_backup(&mut self, dir: &Path, free_bytes: u64, fresh: bool) -> Result<BackupList> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Invalid(format!("cannot create {}: {e}", shown(dir))))?;
        let today = self.now().date_naive();
        let path = dir.join(daily_name(today));
        self.check_before_copying()?;
        if fresh || !path.exists() {
            self.copy_verified(&path)?;
        }
        let existing = list_dailies(dir);
        let plan = plan(
            &existing
                .iter()
                .map(|(d, _, b)| (*d, *b))
                .collect::<Vec<_>>(),
            free_bytes,
        );
        for (date, path, _) in &existing {
            if !plan.keep.contains(date) {
                let _ = std::fs::remove_file(path);
            }
        }
        let mut list = backups_in(dir);
        list.note = plan.note;
        Ok(list)
    }
}

/// The automatic backups in `dir`, newest first.
pub fn backups_in(dir: &Path) -> BackupList {
    let backups = list_dailies(dir)
        .into_iter()
        .map(|(date, path, bytes)| Backup {
            path: shown(&path),
            at: std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .map(DateTime::<Utc>::from)
                .unwrap_or_else(|_| date.and_time(chrono::NaiveTime::MIN).and_utc()),
            bytes,
            head: None,
        })
        .collect();
    BackupList {
        backups,
        note: None,
    }
}

fn daily_name(date: NaiveDate) -> String {
    format!("baton-{}.db", date.format("%Y-%m-%d"))
}

/// (date, path, bytes) of every daily backup in `dir`, newest first.
fn list_dailies(dir: &Path) -> Vec<(NaiveDate, PathBuf, u64)> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let date = name.strip_prefix("baton-")?.strip_suffix(".db")?;
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            let bytes = entry.metadata().ok()?.len();
            Some((date, entry.path(), bytes))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found
}

/// Which daily backups to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub keep: Vec<NaiveDate>,
    /// Said when fewer are kept than the rotation promises, because of the disk.
    pub note: Option<String>,
}

/// The rotation: the newest 7 days, plus the newest backup of each of the 4 weeks before them,
/// then the oldest dropped until they fit in a tenth of the disk's free space (the newest is
/// always kept).
pub fn plan(existing: &[(NaiveDate, u64)], free_bytes: u64) -> Plan {
    let mut sorted = existing.to_vec();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut keep: Vec<(NaiveDate, u64)> = sorted.iter().take(DAILIES).copied().collect();
    let mut weeks = Vec::new();
    for (date, bytes) in sorted.iter().skip(DAILIES) {
        let week = date.iso_week();
        if weeks.len() < WEEKLIES && !weeks.contains(&week) {
            weeks.push(week);
            keep.push((*date, *bytes));
        }
    }
    let wanted = keep.len();
    let budget = MAX_DISK_SHARE * (free_bytes + sorted.iter().map(|b| b.1).sum::<u64>()) as f64;
    while keep.len() > 1 && keep.iter().map(|k| k.1).sum::<u64>() as f64 > budget {
        keep.pop();
    }
    let note = (keep.len() < wanted).then(|| {
        format!(
            "keeping {} backups, not {wanted}: more would take over {:.0}% of the free disk",
            keep.len(),
            MAX_DISK_SHARE * 100.0
        )
    });
    Plan {
        keep: keep.into_iter().map(|k| k.0).collect(),
        note,
    }
}

/// Copies the desk's file and its WAL as they are (a damaged file cannot be backed up through
/// SQLite) to `aside`.
fn keep_aside(db: &Path, aside: &Path) -> Result<()> {
    for suffix in ["", "-wal"] {
        let from = sibling(db, suffix);
        if from.exists() {
            std::fs::copy(&from, sibling(aside, suffix))
                .map_err(|e| Error::Invalid(format!("cannot keep {} aside: {e}", shown(&from))))?;
        }
    }
    Ok(())
}

/// `path`, or if a file has that name, the first of `path-2`, `path-3`… that none has: what is
/// kept aside is never written over (two restores within a second).
fn unused(path: &Path) -> PathBuf {
    std::iter::once(path.to_path_buf())
        .chain((2..).map(|n| sibling(path, &format!("-{n}"))))
        .find(|p| p.symlink_metadata().is_err())
        .expect("some name is free")
}

fn remove_with_sidecars(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap() - chrono::Days::new(u64::from(n))
    }

    #[test]
    fn seven_dailies_and_four_weeklies() {
        let existing: Vec<_> = (0..60).map(|n| (day(n), 10)).collect();
        let p = plan(&existing, 1 << 40);
        assert_eq!(p.keep.len(), DAILIES + WEEKLIES);
        assert_eq!(&p.keep[..DAILIES], &(0..7).map(day).collect::<Vec<_>>()[..]);
        let weeks: std::collections::BTreeSet<_> =
            p.keep[DAILIES..].iter().map(|d| d.iso_week()).collect();
        assert_eq!(weeks.len(), WEEKLIES);
        assert!(p.note.is_none());
    }

    #[test]
    fn fewer_when_the_disk_is_short_and_it_says_so() {
        let existing: Vec<_> = (0..10).map(|n| (day(n), 100)).collect();
        // 10% of (1,000 free + 1,000 taken) = 200 bytes: two backups.
        let p = plan(&existing, 1_000);
        assert_eq!(p.keep, vec![day(0), day(1)]);
        assert!(p.note.unwrap().contains("keeping 2 backups, not 9"));
        // Even with no room at all, the newest stays.
        assert_eq!(plan(&existing, 0).keep.len(), 1);
    }
}
