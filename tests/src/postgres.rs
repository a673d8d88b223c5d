//! A PostgreSQL server of a test's own (`scripts/postgres`), to stop and start again while an
//! app works on it; stopped when dropped.

use anyhow::{ensure, Result};
use std::os::unix::fs::PermissionsExt;
use std::process::Command;
use tempfile::TempDir;

use crate::workspace;

pub struct OwnServer {
    dir: TempDir,
    port: u16,
}

impl OwnServer {
    /// Initialises and starts a server on `port`.
    pub fn start(port: u16) -> Result<OwnServer> {
        let dir = tempfile::tempdir()?;
        // The server runs as `postgres` when the tests run as root.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))?;
        let server = OwnServer { dir, port };
        server.run("start")?;
        Ok(server)
    }

    /// Its superuser's address, without a database.
    pub fn address(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    pub fn stop(&self) -> Result<()> {
        self.run("stop")
    }

    pub fn restart(&self) -> Result<()> {
        self.run("restart")
    }

    fn run(&self, command: &str) -> Result<()> {
        let out = Command::new(workspace::root().join("scripts/postgres"))
            .arg(command)
            .arg(self.dir.path())
            .env("BATON_PG_PORT", self.port.to_string())
            .output()?;
        ensure!(out.status.success(), "scripts/postgres {command}: {out:?}");
        Ok(())
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}
