//! E-mail to customers through the organisation's own SMTP server: the server's settings, the
//! templates (one per category, else the desk's default), the message a template makes of a
//! ticket, and the sending. The password is never here: the caller brings it from the OS
//! keyring or a prompt.

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{SmtpTransport, Transport};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::text::{self, Lines};
use crate::tickets::{Action, Ticket};

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MailSecurity {
    /// Plain, then upgraded with STARTTLS (required): port 587.
    #[default]
    StartTls,
    /// TLS from the first byte: port 465.
    Tls,
    /// No encryption: only for a relay on this machine or a trusted network.
    None,
}

/// The organisation's outgoing mail server, as Settings keeps it (without the password).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    /// Empty: the server takes mail without signing in.
    pub username: String,
    /// The sender customers see and reply to: "Support <help@example.com>".
    pub from: String,
    /// Templates by category name; a category without one uses `default_template`.
    #[serde(default)]
    pub templates: BTreeMap<String, String>,
    #[serde(default)]
    pub default_template: Option<String>,
}

/// One message to one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Where an e-mail stands once checked (`Desk::email_ready`).
pub enum EmailStep {
    /// Sent and recorded already, under the same key.
    Done(Box<Ticket>),
    /// To send, then to record (`Desk::email_sent`).
    Send(Outgoing),
}

/// An e-mail checked and about to leave: the contact it records once sent.
pub struct Outgoing {
    pub(crate) by: i64,
    pub(crate) ticket: i64,
    pub(crate) contact: Action,
    pub(crate) key: Option<String>,
}

/// The first line is the subject ("Subject: …"); the rest, after a blank line, the body.
/// `{customer}`, `{first_name}`, `{number}`, `{summary}`, `{promise}` and `{sender}` are filled in.
pub const DEFAULT_TEMPLATE: &str = "Subject: Your request #{number}: {summary}\n\
\n\
Dear {first_name},\n\
\n\
An update on your request #{number} ({summary}):\n\
\n\
\n\
\n\
If anything is unclear, reply to this e-mail or call us and quote #{number}.\n\
\n\
{sender}\n";

impl MailSettings {
    /// Refuses settings that could not send anything, in one line.
    pub fn check(&self) -> Result<()> {
        let host = self.host.trim();
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(Error::Invalid("name the mail server (host)".into()));
        }
        if self.port == 0 {
            return Err(Error::Invalid(
                "the mail server's port must be 1 to 65535".into(),
            ));
        }
        self.sender()?;
        for (category, template) in &self.templates {
            text::check(
                &format!("the template for {category}"),
                template,
                Lines::Many,
            )?;
        }
        Ok(())
    }

    /// The template for a category.
    pub fn template_for(&self, category: &str) -> &str {
        self.templates
            .get(category)
            .or(self.default_template.as_ref())
            .map_or(DEFAULT_TEMPLATE, String::as_str)
    }

    fn sender(&self) -> Result<Mailbox> {
        self.from.trim().parse().map_err(|_| {
            Error::Invalid(format!(
                "'{}' is not an address to send from (e.g. Support <help@example.com>)",
                self.from.trim()
            ))
        })
    }

    /// Sends one message; any refusal or failure is an `Error::Mail` naming it.
    pub fn send(&self, password: Option<&str>, email: &Email) -> Result<()> {
        self.check()?;
        let to: Mailbox = email
            .to
            .parse()
            .map_err(|_| Error::Invalid(format!("'{}' is not an e-mail address", email.to)))?;
        let message = lettre::Message::builder()
            .from(self.sender()?)
            .to(to)
            .subject(email.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| Error::Invalid(format!("the message cannot be sent as written: {e}")))?;
        let host = self.host.trim();
        let tls = |host: &str| {
            TlsParameters::new(host.into()).map_err(|e| Error::Mail(format!("TLS: {e}")))
        };
        let mut transport = SmtpTransport::builder_dangerous(host)
            .port(self.port)
            .timeout(Some(Duration::from_secs(20)))
            .tls(match self.security {
                MailSecurity::StartTls => Tls::Required(tls(host)?),
                MailSecurity::Tls => Tls::Wrapper(tls(host)?),
                MailSecurity::None => Tls::None,
            });
        if !self.username.trim().is_empty() {
            transport = transport.credentials(Credentials::new(
                self.username.trim().into(),
                password.unwrap_or_default().into(),
            ));
        }
        transport
            .build()
            .send(&message)
            .map(drop)
            .map_err(|e| Error::Mail(format!("{host}:{}: {e}", self.port)))
    }
}

/// The subject and body a template makes of a ticket, signed by `sender`.
pub fn compose(template: &str, t: &Ticket, promise: &str, sender: &str) -> (String, String) {
    let first_name = t
        .customer_name
        .split_whitespace()
        .next()
        .unwrap_or_default();
    let filled = template
        .replace("{customer}", &t.customer_name)
        .replace("{first_name}", first_name)
        .replace("{number}", &t.number.to_string())
        .replace("{summary}", &t.summary)
        .replace("{promise}", promise)
        .replace("{sender}", sender);
    let (first, rest) = filled.split_once('\n').unwrap_or((&filled, ""));
    match first.strip_prefix("Subject:") {
        Some(subject) => (subject.trim().into(), rest.trim_start_matches('\n').into()),
        None => (format!("Your request #{}", t.number), filled.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MailSettings {
        MailSettings {
            host: "mail.example.com".into(),
            port: 587,
            from: "Support <help@example.com>".into(),
            ..Default::default()
        }
    }

    #[test]
    fn settings_that_could_not_send_are_refused_in_one_line() {
        assert!(settings().check().is_ok());
        for bad in [
            MailSettings {
                host: " ".into(),
                ..settings()
            },
            MailSettings {
                port: 0,
                ..settings()
            },
            MailSettings {
                from: "help at example".into(),
                ..settings()
            },
        ] {
            let e = bad.check().unwrap_err();
            assert_eq!(e.code(), "invalid");
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn a_category_has_its_own_template_else_the_default() {
        let mut s = settings();
        s.templates
            .insert("Billing".into(), "Subject: Billing #{number}\n\nHi".into());
        assert!(s.template_for("Billing").starts_with("Subject: Billing"));
        assert_eq!(s.template_for("Delivery"), DEFAULT_TEMPLATE);
    }
}
