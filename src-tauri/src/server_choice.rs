//! The shared desk an administrator chose for this install: its server in
//! `<config>/baton/desk.json`, its password in the OS keyring (Secret Service on Linux, the
//! Keychain, Windows Credential Manager), never in a file.

use baton_core::error::ErrorCode;
use baton_core::server::Server;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

use crate::error::{IpcError, IpcResult};

/// The keyring's service name for the passwords Baton keeps.
const KEYRING_SERVICE: &str = "Baton";

#[derive(Serialize, Deserialize)]
struct Chosen {
    server: Server,
}

/// Where the choice is kept.
pub fn file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("baton").join("desk.json"))
}

/// The chosen server, if there is one (an unreadable choice is logged and ignored: the install
/// falls back to its own desk file rather than not starting).
pub fn chosen() -> Option<Server> {
    let text = std::fs::read(file()?).ok()?;
    match serde_json::from_slice::<Chosen>(&text) {
        Ok(c) => Some(c.server),
        Err(e) => {
            log::warn!("ignoring the shared desk chosen in desk.json: {e}");
            None
        }
    }
}

/// Keeps `password` in the keyring and the server in the choice file, which the next start
/// opens.
pub fn choose(server: &Server, password: &str) -> IpcResult<()> {
    entry(server)?
        .set_password(password)
        .map_err(|e| keyring_error(&e))?;
    let path = file().ok_or_else(|| IpcError::new(ErrorCode::Config, "no configuration folder"))?;
    let json = serde_json::to_vec_pretty(&Chosen {
        server: server.clone(),
    })
    .map_err(|e| IpcError::internal(e.to_string()))?;
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(path.parent().unwrap_or(&path))?;
        let partial = path.with_extension("json.partial");
        std::fs::write(&partial, json)?;
        std::fs::rename(partial, &path)
    };
    write().map_err(|e| {
        IpcError::new(
            ErrorCode::Config,
            format!("cannot save the choice in {}: {e}", path.display()),
        )
    })
}

/// Back to this computer's own desk file; the password leaves the keyring.
pub fn forget() -> IpcResult<()> {
    if let Some(server) = chosen() {
        match entry(&server)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {}
            Err(e) => return Err(keyring_error(&e)),
        }
    }
    match file().map(std::fs::remove_file) {
        Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => Err(IpcError::new(
            ErrorCode::Config,
            format!("cannot remove the shared desk's choice: {e}"),
        )),
        _ => Ok(()),
    }
}

/// The password kept for `server`, if the keyring has one (else the store looks in
/// `PGPASSWORD` and the pgpass file).
pub fn password(server: &Server) -> Option<String> {
    match entry(server).ok()?.get_password() {
        Ok(p) => Some(p),
        Err(keyring::Error::NoEntry) => None,
        Err(e) => {
            log::warn!("cannot read the shared desk's password from the keyring: {e}");
            None
        }
    }
}

fn entry(server: &Server) -> IpcResult<keyring::Entry> {
    keyring::Entry::new(KEYRING_SERVICE, &server.account()).map_err(|e| keyring_error(&e))
}

fn keyring_error(e: &keyring::Error) -> IpcError {
    IpcError::new(
        ErrorCode::Config,
        format!(
            "the system keyring cannot keep the password ({e}); Baton never writes it to a file: \
             unlock the keyring, or give the password in PGPASSWORD"
        ),
    )
}
