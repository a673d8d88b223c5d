//! This install's way to e-mail customers: the organisation's mail server and templates in
//! `<config>/baton/mail.json`, its password in the OS keyring.

use baton_core::mail::MailSettings;

use crate::error::IpcResult;
use crate::kept_config;

const FILE: &str = "mail.json";

/// The mail server set up here, if any.
pub fn settings() -> Option<MailSettings> {
    kept_config::read(FILE)
}

/// The keyring account of the install's one mail server: its password stays kept when the
/// port or the encryption change.
const ACCOUNT: &str = "smtp";

/// Keeps the settings; `password`, when given, replaces the one in the keyring (empty: none).
pub fn save(s: &MailSettings, password: Option<&str>) -> IpcResult<()> {
    s.check()?;
    match password {
        Some("") => kept_config::forget_password(ACCOUNT)?,
        Some(p) => kept_config::keep_password(ACCOUNT, p)?,
        None => {}
    }
    kept_config::write(FILE, s)
}

/// The server's password from the keyring, if one is kept.
pub fn password() -> Option<String> {
    kept_config::password(ACCOUNT)
}
