//! The shared desk an administrator chose for this install: its server in
//! `<config>/baton/desk.json`, its password in the OS keyring.

use baton_core::server::Server;
use serde::{Deserialize, Serialize};

use crate::error::IpcResult;
use crate::kept_config;

const FILE: &str = "desk.json";

#[derive(Serialize, Deserialize)]
struct Chosen {
    server: Server,
}

/// The chosen server, if there is one (an unreadable choice is ignored: the install falls back
/// to its own desk file rather than not starting).
pub fn chosen() -> Option<Server> {
    kept_config::read::<Chosen>(FILE).map(|c| c.server)
}

/// Keeps `password` in the keyring and the server in the choice file, which the next start
/// opens.
pub fn choose(server: &Server, password: &str) -> IpcResult<()> {
    kept_config::keep_password(&server.account(), password)?;
    kept_config::write(
        FILE,
        &Chosen {
            server: server.clone(),
        },
    )
}

/// Back to this computer's own desk file; the password leaves the keyring.
pub fn forget() -> IpcResult<()> {
    if let Some(server) = chosen() {
        kept_config::forget_password(&server.account())?;
    }
    kept_config::remove(FILE)
}

/// The password kept for `server`, if the keyring has one (else the store looks in
/// `PGPASSWORD` and the pgpass file).
pub fn password(server: &Server) -> Option<String> {
    kept_config::password(&server.account())
}
