//! E-mail to a customer from the ticket, through a mail server a manager set up in Settings:
//! here a local SMTP sink (python3-aiosmtpd), which the message really reaches.

use anyhow::{ensure, Result};
use baton_tests::cli::{baton, demo};
use baton_tests::e2e::{eventually, with_themed_app, App, Key, Theme};
use baton_tests::smtp::SmtpSink;
use std::net::TcpListener;
use std::time::Duration;

#[test]
fn a_manager_sets_up_the_mail_server_and_an_update_reaches_the_customer() -> Result<()> {
    let mut sink = SmtpSink::start()?;
    let port = sink.port;
    // In the dark theme: its screenshots are the ones looked at for these screens.
    with_themed_app("mail", Theme::Dark, demo, |app| {
        app.sign_in("Maya Patel", "1234")?;
        app.click("[data-screen=settings]")?;
        app.find("[data-testid=mail-host]")?;
        app.type_into("[data-testid=mail-host]", "127.0.0.1")?;
        app.fill("mail-port", &port.to_string())?;
        app.exec(
            "const s = document.querySelector('[data-testid=mail-security]');
             s.value = 'none';
             s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )?;
        app.type_into("[data-testid=mail-from]", "Support <help@example.com>")?;
        app.screenshot("settings-mail")?;
        app.click("[data-testid=mail-save]")?;
        app.find("[data-testid=mail-saved]")?;
        ensure!(app.value("[data-testid=mail-port]")? == port.to_string());

        // Olivia's open ticket: E opens the message, filled in from the template.
        open_1013(app)?;
        app.press("e")?;
        app.wait_for_text("[data-testid=email-to]", "olivia.bennett@example.com")?;
        eventually(Duration::from_secs(5), "the template filled in", || {
            Ok(app.value("[data-testid=email-subject]")?.contains("#1013"))
        })?;
        let body = app.value("[data-testid=action-text]")?;
        ensure!(
            body.starts_with("Dear Olivia,") && body.contains("Maya Patel"),
            "{body}"
        );
        // The caret waits where the update goes, between the greeting and the sign-off.
        app.type_into(
            "[data-testid=action-text]",
            "Your annual plan starts on the 1st.",
        )?;
        let typed = app.value("[data-testid=action-text]")?;
        ensure!(
            typed.find("annual plan starts") < typed.find("If anything is unclear"),
            "{typed}"
        );
        app.screenshot("tickets-email-form")?;
        app.press(&format!("{}{}", Key::Control, Key::Enter))?;
        app.wait_for_text("[data-testid=ticket-notice]", "E-mail sent")?;
        app.wait_for_text("[data-testid=timeline]", "Maya Patel e-mailed the customer")?;
        let received = sink.received();
        ensure!(received.len() == 1, "{received:?}");
        ensure!(
            received[0].contains("To: olivia.bennett@example.com")
                && received[0].contains("annual plan starts on the 1st"),
            "{}",
            received[0]
        );

        // The server down: said in one line, and nothing recorded.
        sink.stop();
        let before = baton(app.db_path(), None, &["show", "1013"])?["events"]
            .as_array()
            .map_or(0, Vec::len);
        app.press("e")?;
        eventually(
            Duration::from_secs(5),
            "the template filled in again",
            || Ok(!app.value("[data-testid=email-subject]")?.is_empty()),
        )?;
        app.press(&format!("{}{}", Key::Control, Key::Enter))?;
        app.wait_for_text("[data-testid=action-problem]", "not sent")?;
        let after = baton(app.db_path(), None, &["show", "1013"])?["events"]
            .as_array()
            .map_or(0, Vec::len);
        ensure!(after == before, "a failed send was recorded");

        // A mail server that takes the connection and says nothing: while the app waits for
        // it, the desk still answers (the palette finds a customer); then it hangs up.
        let silent = TcpListener::bind("127.0.0.1:0")?;
        silent.set_nonblocking(true)?;
        app.click("[data-screen=settings]")?;
        eventually(Duration::from_secs(5), "the mail settings loaded", || {
            Ok(app.value("[data-testid=mail-host]")? == "127.0.0.1")
        })?;
        app.fill("mail-port", &silent.local_addr()?.port().to_string())?;
        app.click("[data-testid=mail-save]")?;
        app.find("[data-testid=mail-saved]")?;
        open_1013(app)?;
        app.press("e")?;
        eventually(Duration::from_secs(5), "the template filled in", || {
            Ok(!app.value("[data-testid=email-subject]")?.is_empty())
        })?;
        app.press(&format!("{}{}", Key::Control, Key::Enter))?;
        let mut waiting = None;
        eventually(
            Duration::from_secs(10),
            "the app at the mail server",
            || {
                waiting = silent.accept().ok();
                Ok(waiting.is_some())
            },
        )?;
        app.press(&format!("{}k", Key::Control))?;
        app.type_into("[data-testid=palette-input]", "Marcus")?;
        app.wait_for_text("[data-testid=palette-item]", "Marcus")?;
        app.press_key(Key::Escape)?;
        drop(waiting);
        app.wait_for_text("[data-testid=action-problem]", "not sent")?;
        Ok(())
    })
}

/// Olivia's open ticket, from the palette.
fn open_1013(app: &App) -> Result<()> {
    app.press(&format!("{}k", Key::Control))?;
    app.type_into("[data-testid=palette-input]", "#1013")?;
    app.wait_for_text("[data-testid=palette-item][data-kind=ticket]", "#1013")?;
    app.press_key(Key::Enter)?;
    app.wait_for_text("[data-testid=ticket-number]", "#1013")?;
    Ok(())
}
