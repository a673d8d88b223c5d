//! Issue 4's promise, end to end: a ticket passed its 20 hours while the app was closed; on start
//! the real app escalates it to the executive and raises a real notification.

use anyhow::{ensure, Result};
use baton_tests::cli::{baton, hours_ago};
use baton_tests::e2e::with_prepared_app;
use baton_tests::notifyd::Notifyd;
use std::path::Path;
use std::time::Duration;

/// Grace (executive) ← Ana (rep); Ana took in a ticket 21 hours ago and nobody ran Baton since.
fn overdue_desk(db: &Path) -> Result<()> {
    let then = hours_ago(21);
    let then = Some(then.as_str());
    baton(db, then, &["init"])?;
    baton(
        db,
        then,
        &[
            "person",
            "add",
            "--name",
            "Grace Hopper",
            "--role",
            "executive",
            "--pin",
            "2468",
        ],
    )?;
    baton(
        db,
        then,
        &[
            "person",
            "add",
            "--name",
            "Ana Souza",
            "--role",
            "rep",
            "--reports-to",
            "Grace Hopper",
            "--pin",
            "1357",
        ],
    )?;
    baton(
        db,
        then,
        &[
            "customer",
            "add",
            "--name",
            "Olivia Bennett",
            "--phone",
            "555 010 2000",
        ],
    )?;
    baton(
        db,
        then,
        &[
            "category",
            "add",
            "--name",
            "Billing",
            "--require",
            "account",
        ],
    )?;
    baton(
        db,
        then,
        &[
            "--as",
            "Ana Souza",
            "intake",
            "--phone",
            "5550102000",
            "--category",
            "Billing",
            "--summary",
            "Charged twice for October",
            "--field",
            "account=AC-1",
        ],
    )?;
    Ok(())
}

#[test]
fn a_ticket_overdue_while_closed_is_escalated_and_notified_on_start() -> Result<()> {
    if let Some(why) = baton_tests::notifyd::skip_reason() {
        eprintln!("skipped: {why}");
        return Ok(());
    }
    let daemon = Notifyd::start()?;
    with_prepared_app("escalation-on-start", overdue_desk, |app| {
        let got = daemon.wait_for("escalated to you", Duration::from_secs(20))?;
        ensure!(got["summary"] == "#1001 escalated to you", "{got}");
        let body = got["body"].as_str().unwrap_or_default();
        ensure!(
            body.contains("Olivia Bennett — Charged twice for October"),
            "{body}"
        );
        ensure!(body.contains("Ana Souza held it"), "{body}");

        let db = app.db_path();
        let ticket = baton(db, None, &["show", "1001"])?;
        ensure!(!ticket["escalated_at"].is_null(), "{ticket}");
        let grace = baton(db, None, &["person", "list"])?;
        let grace_id = grace
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Grace Hopper")
            .unwrap()["id"]
            .clone();
        ensure!(
            ticket["owner_id"] == grace_id,
            "the executive holds it: {ticket}"
        );
        let escalations = ticket["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "escalated")
            .count();
        ensure!(escalations == 1, "escalated exactly once");

        // And the executive sees it in the app: the Escalated count and a red chip.
        app.sign_in("Grace Hopper", "2468")?;
        app.wait_for_text("[data-testid=count-escalated]", "1")?;
        app.click("[data-screen=escalated]")?;
        let row = app.find("[data-testid=queue-row][data-number='1001']")?;
        ensure!(row.text()?.contains("Olivia Bennett"));
        let tone = app.find("[data-testid=queue-row][data-number='1001'] [data-testid=chip]")?;
        ensure!(
            tone.attr("data-tone")?.as_deref() == Some("red"),
            "escalated reads red"
        );
        app.screenshot("escalated-on-start")?;
        Ok(())
    })
}
