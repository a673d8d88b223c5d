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

fn account(s: &MailSettings) -> String {
    format!("smtp://{}@{}:{}", s.username.trim(), s.host.trim(), s.port)
}

/// Keeps the settings; `password`, when given, replaces the one in the keyring (empty: none).
pub fn save(s: &MailSettings, password: Option<&str>) -> IpcResult<()> {
    s.check()?;
    match password {
        Some("") => kept_config::forget_password(&account(s))?,
        Some(p) => kept_config::keep_password(&account(s), p)?,
        None => {}
    }
    kept_config::write(FILE, s)
}

/// The server's password from the keyring, if one is kept.
pub fn password(s: &MailSettings) -> Option<String> {
    kept_config::password(&account(s))
}
