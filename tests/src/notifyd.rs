//! A stand-in desktop notification daemon (`tests/notifyd.py`) on the session bus, recording
//! every Notify call, so tests can assert what a real notification carried.

use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

use crate::workspace;

pub struct Notifyd {
    child: Child,
    log: PathBuf,
    _dir: TempDir,
}

/// Why notification tests can't run here, or `None` when a session bus is there to use.
pub fn skip_reason() -> Option<String> {
    let forced = std::env::var("BATON_E2E").is_ok_and(|v| v == "1");
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty());
    (!forced && !bus)
        .then(|| "no D-Bus session bus (run under dbus-run-session, or set BATON_E2E=1)".into())
}

impl Notifyd {
    /// Starts the daemon and waits until it owns `org.freedesktop.Notifications`.
    pub fn start() -> Result<Notifyd> {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            bail!("no D-Bus session bus: run the tests under dbus-run-session");
        }
        let dir = tempfile::tempdir()?;
        let log = dir.path().join("notifications.jsonl");
        let mut child = Command::new("/usr/bin/python3")
            .arg(workspace::root().join("tests/notifyd.py"))
            .arg(&log)
            .stdout(Stdio::piped())
            .spawn()
            .context("starting tests/notifyd.py (needs /usr/bin/python3 with python3-dbus and python3-gi)")?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line)?;
        if line.trim() != "ready" {
            let _ = child.kill();
            bail!("the stand-in notification daemon did not start (is another one running on this bus?)");
        }
        Ok(Notifyd {
            child,
            log,
            _dir: dir,
        })
    }

    /// Clicks a notification received (its default action), as the person would.
    pub fn click(&self, notification: &Value) -> Result<()> {
        let id = notification["id"]
            .as_u64()
            .context("the notification has no id")?;
        let mut path = self.log.clone().into_os_string();
        path.push(".click");
        std::fs::write(path, id.to_string())?;
        Ok(())
    }

    /// Every notification received so far.
    pub fn received(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Waits until a notification whose summary contains `text` arrives.
    pub fn wait_for(&self, text: &str, within: Duration) -> Result<Value> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(n) = self
                .received()
                .into_iter()
                .find(|n| n["summary"].as_str().is_some_and(|s| s.contains(text)))
            {
                return Ok(n);
            }
            if Instant::now() > deadline {
                bail!(
                    "no notification with '{text}' within {within:?}; got {:?}",
                    self.received()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Notifyd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
