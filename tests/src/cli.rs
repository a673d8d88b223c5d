//! The `baton` CLI, run from a test on a given database: to prepare one before an app opens it,
//! or to check (and change) what a running app sees.
//!
//! ```no_run
//! use baton_tests::cli::{baton, demo, minutes_ago};
//! # fn f(db: &std::path::Path) -> anyhow::Result<()> {
//! demo(db)?;
//! let queue = baton(db, Some(&minutes_ago(5)), &["queue", "--open"])?;
//! # Ok(()) }
//! ```

use std::path::Path;
use std::process::Command;

use anyhow::{ensure, Context, Result};
use chrono::{Duration, SecondsFormat, Utc};
use serde_json::Value;

use crate::workspace;

/// Runs `baton --json ARGS` on `db` and returns what it printed. With `now` (RFC 3339) the CLI's
/// clock stands at that instant (`BATON_NOW`); without it, at the real now, whatever the
/// environment of the test says.
pub fn baton(db: &Path, now: Option<&str>, args: &[&str]) -> Result<Value> {
    let bin = workspace::debug_binary("baton");
    ensure!(
        bin.is_file(),
        "{} not found: build it with `cargo build -p baton-cli`",
        bin.display()
    );
    let mut cmd = Command::new(&bin);
    cmd.env("BATON_DB", db).arg("--json").args(args);
    match now {
        Some(at) => cmd.env("BATON_NOW", at),
        None => cmd.env_remove("BATON_NOW"),
    };
    let out = cmd
        .output()
        .with_context(|| format!("running baton {args:?}"))?;
    ensure!(
        out.status.success(),
        "baton {args:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr).trim_end()
    );
    serde_json::from_slice(&out.stdout).with_context(|| {
        format!(
            "baton {args:?} printed no JSON: {:?}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// A Billing ticket taken in now by `rep` for the customer with `phone`; returns its number.
pub fn intake(db: &Path, rep: &str, phone: &str, summary: &str) -> Result<i64> {
    let t = baton(
        db,
        None,
        &[
            "--as",
            rep,
            "intake",
            "--phone",
            phone,
            "--category",
            "Billing",
            "--summary",
            summary,
            "--field",
            "account_number=AC-77001",
            "--field",
            "invoice_number=INV-12-0001",
            "--small-step",
            "Explain the charge line by line",
        ],
    )?;
    t["number"].as_i64().context("intake printed no number")
}

/// Loads the demo organisation (every PIN is 1234), its days of tickets replayed up to now.
pub fn demo(db: &Path) -> Result<()> {
    baton(db, None, &["demo"]).map(drop)
}

/// The instant `minutes` ago, as RFC 3339 UTC (for `BATON_NOW`).
pub fn minutes_ago(minutes: u32) -> String {
    ago(Duration::minutes(minutes.into()))
}

/// The instant `hours` ago, as RFC 3339 UTC (for `BATON_NOW`).
pub fn hours_ago(hours: u32) -> String {
    ago(Duration::hours(hours.into()))
}

fn ago(span: Duration) -> String {
    (Utc::now() - span).to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_ago_are_rfc3339_utc_in_the_past() {
        let at = chrono::DateTime::parse_from_rfc3339(&minutes_ago(90)).unwrap();
        let back = Utc::now().signed_duration_since(at);
        assert!(back >= Duration::minutes(90) && back < Duration::minutes(91));
        assert!(minutes_ago(0).ends_with('Z'));
        let at = chrono::DateTime::parse_from_rfc3339(&hours_ago(21)).unwrap();
        assert!(Utc::now().signed_duration_since(at) >= Duration::hours(21));
    }
}
