//! What an administrator set up on this install: small JSON files in `<config>/baton/`, and
//! the passwords that go with them in the OS keyring (Secret Service on Linux, the Keychain,
//! Windows Credential Manager), never in a file.

use baton_core::error::ErrorCode;
use serde::{de::DeserializeOwned, Serialize};
use std::path::PathBuf;

use crate::error::{IpcError, IpcResult};

/// The keyring's service name for the passwords Baton keeps.
const KEYRING_SERVICE: &str = "Baton";

/// Where the file `name` is kept.
pub fn file(name: &str) -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("baton").join(name))
}

/// The file's contents, if it is there (an unreadable one is logged and ignored, so the install
/// still starts).
pub fn read<T: DeserializeOwned>(name: &str) -> Option<T> {
    let text = std::fs::read(file(name)?).ok()?;
    serde_json::from_slice(&text)
        .inspect_err(|e| log::warn!("ignoring {name}: {e}"))
        .ok()
}

/// Writes the file whole (a reader never sees half of it).
pub fn write<T: Serialize>(name: &str, value: &T) -> IpcResult<()> {
    let path =
        file(name).ok_or_else(|| IpcError::new(ErrorCode::Config, "no configuration folder"))?;
    let json = serde_json::to_vec_pretty(value).map_err(|e| IpcError::internal(e.to_string()))?;
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(path.parent().unwrap_or(&path))?;
        let partial = path.with_extension("json.partial");
        std::fs::write(&partial, json)?;
        std::fs::rename(partial, &path)
    };
    write().map_err(|e| {
        IpcError::new(
            ErrorCode::Config,
            format!("cannot save {}: {e}", path.display()),
        )
    })
}

/// Removes the file; not there is fine.
pub fn remove(name: &str) -> IpcResult<()> {
    match file(name).map(std::fs::remove_file) {
        Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => Err(IpcError::new(
            ErrorCode::Config,
            format!("cannot remove {name}: {e}"),
        )),
        _ => Ok(()),
    }
}

/// Keeps a password for `account` in the keyring.
pub fn keep_password(account: &str, password: &str) -> IpcResult<()> {
    entry(account)?
        .set_password(password)
        .map_err(|e| keyring_error(&e))
}

/// The password kept for `account`, if the keyring has one.
pub fn password(account: &str) -> Option<String> {
    match entry(account).ok()?.get_password() {
        Ok(p) => Some(p),
        Err(keyring::Error::NoEntry) => None,
        Err(e) => {
            log::warn!("cannot read a password from the keyring: {e}");
            None
        }
    }
}

/// Takes the password for `account` out of the keyring; none there is fine.
pub fn forget_password(account: &str) -> IpcResult<()> {
    match entry(account)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keyring_error(&e)),
    }
}

fn entry(account: &str) -> IpcResult<keyring::Entry> {
    keyring::Entry::new(KEYRING_SERVICE, account).map_err(|e| keyring_error(&e))
}

fn keyring_error(e: &keyring::Error) -> IpcError {
    IpcError::new(
        ErrorCode::Config,
        format!(
            "the system keyring cannot keep the password ({e}); Baton never writes it to a file: \
             unlock the keyring and try again"
        ),
    )
}
