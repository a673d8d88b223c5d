//! An administrator's side of keeping the desk whole: someone leaves (their work goes up, with a
//! preview of where), the set-up history, backups, and the banner a damaged desk raises on every
//! screen. Screenshots in light and dark.

use anyhow::{ensure, Result};
use baton_core::store::damage_marker;
use baton_tests::cli::{baton, demo};
use baton_tests::e2e::{with_themed_app, App, Key, Theme};
use serde_json::json;
use std::path::Path;

#[test]
fn a_leaver_is_deactivated_with_a_preview_and_the_desk_is_backed_up() -> Result<()> {
    for theme in [Theme::Light, Theme::Dark] {
        let t = theme.name();
        with_themed_app(&format!("admin-{t}"), theme, demo, |app| {
            app.sign_in("Grace Hopper", "1234")?;
            app.click("[data-screen=settings]")?;
            app.wait_for_text("header h1", "Settings")?;

            // Esc closes a confirmation and gives the focus back to the button that opened it.
            let focused = |app: &App| {
                app.exec(
                    "return document.activeElement?.dataset.testid ?? null",
                    vec![],
                )
            };
            app.click("[data-person='Ben Carter'] [data-testid=person-reassign]")?;
            app.find("[data-testid=person-action]")?;
            app.press_key(Key::Escape)?;
            app.wait_gone("[data-testid=person-action]")?;
            ensure!(
                focused(app)? == json!("person-reassign"),
                "focus went to {}",
                focused(app)?
            );

            // Deactivating Ben Carter: the confirmation says where his work goes, from the
            // backend's rehearsal, and the result matches it.
            app.click("[data-person='Ben Carter'] [data-testid=person-deactivate]")?;
            let preview = app.wait_for_text("[data-testid=deactivate-preview]", "Lena Fischer")?;
            ensure!(
                preview.contains("go to Lena Fischer") || preview.contains("goes to Lena Fischer"),
                "{preview}"
            );
            app.screenshot(&format!("settings-deactivate-{t}"))?;
            app.click("[data-testid=person-action-submit]")?;
            app.wait_for_text(
                "[data-testid=person-done]",
                "Ben Carter is no longer active",
            )?;
            app.wait_for_text(
                "[data-testid=history] [data-kind=person_deactivated]",
                "Ben Carter",
            )?;
            app.show("history")?;
            app.screenshot(&format!("settings-history-{t}"))?;

            // A backup now, listed with its size.
            app.show("backups")?;
            app.click("[data-testid=backup-now]")?;
            app.wait_for_text("[data-testid=backup-done]", "Backed up:")?;
            ensure!(
                !app.find_all("[data-testid=backup-row]")?.is_empty(),
                "no backup listed"
            );
            ensure!(app.text("[data-testid=last-backup]")? != "None yet");
            app.screenshot(&format!("settings-backups-{t}"))?;
            // About, for support, names it too.
            app.show("about")?;
            app.wait_for_text("[data-testid=diagnostics]", "backups/baton-")?;
            app.screenshot(&format!("settings-about-{t}"))?;

            // Restoring it (after a confirmation) keeps the replaced desk aside.
            app.click("[data-testid=backup-restore]")?;
            app.find("[data-testid=restore-confirm]")?;
            app.press_key(Key::Escape)?;
            app.wait_gone("[data-testid=restore-confirm]")?;
            ensure!(
                focused(app)? == json!("backup-restore"),
                "focus went to {}",
                focused(app)?
            );
            restore_the_listed_backup(app)?;
            Ok(())
        })?;
    }
    Ok(())
}

/// Restores the first backup Settings lists, confirmed; the replaced desk is said to be kept.
fn restore_the_listed_backup(app: &App) -> Result<()> {
    app.click("[data-testid=backup-restore]")?;
    app.click("[data-testid=restore-submit]")?;
    app.wait_for_text(
        "[data-testid=backup-done]",
        "The desk it replaced is kept at",
    )?;
    Ok(())
}

/// A demo desk with a backup beside it, that a check has since found damaged (the marker
/// `verify` or the app leaves).
fn damaged(db: &Path) -> Result<()> {
    demo(db)?;
    let backup = db.with_file_name("backups").join("baton-2026-11-30.db");
    std::fs::create_dir_all(backup.parent().unwrap())?;
    baton(db, None, &["backup", backup.to_str().unwrap()])?;
    std::fs::write(
        damage_marker(db),
        "the integrity check found: page 44 is never used",
    )?;
    Ok(())
}

#[test]
fn a_damaged_desk_says_so_on_every_screen_and_refuses_changes() -> Result<()> {
    for theme in [Theme::Light, Theme::Dark] {
        let t = theme.name();
        with_themed_app(&format!("admin-damaged-{t}"), theme, damaged, |app| {
            let banner = app.wait_for_text("[data-testid=health-banner]", "damaged")?;
            ensure!(banner.contains("page 44"), "{banner}");
            app.screenshot(&format!("damaged-banner-{t}"))?;
            // Its people still sign in (nothing is written) and read it; changes are refused.
            app.sign_in("Grace Hopper", "1234")?;
            app.wait_for_text("[data-testid=health-banner]", "restore")?;
            // An administrator restores the backup from Settings, and the desk is whole again.
            app.click("[data-screen=settings]")?;
            app.show("backups")?;
            restore_the_listed_backup(app)?;
            app.wait_gone("[data-testid=health-banner]")?;
            Ok(())
        })?;
    }
    Ok(())
}

/// Calls one of the app's commands from the window, as the UI does, and returns the error kind
/// it answered with (None when it succeeded).
fn refusal(app: &App, command: &str, input: serde_json::Value) -> Result<Option<String>> {
    let answer = app.exec(
        "return window.__TAURI_INTERNALS__.invoke(arguments[0], { input: arguments[1] })
           .then(() => null, (e) => e.kind ?? String(e));",
        vec![command.into(), input],
    )?;
    Ok(answer.as_str().map(str::to_owned))
}

#[test]
fn bad_input_through_the_command_layer_is_refused_and_changes_nothing() -> Result<()> {
    with_themed_app("admin-bad-input", Theme::Light, demo, |app| {
        app.sign_in("Grace Hopper", "1234")?;
        let head = || -> Result<serde_json::Value> {
            Ok(baton(app.db_path(), None, &["verify"])?["head"].clone())
        };
        let before = head()?;
        let intake = |summary: &str, account: &str| {
            json!({ "customer_id": 1, "category_id": 1, "summary": summary,
                    "fields": { "account_number": account, "invoice_number": "INV-1" } })
        };
        let cases = [
            ("intake", intake("red \u{1b}[31m", "A-1"), "invalid"),
            ("intake", intake(&"x".repeat(501), "A-1"), "invalid"),
            ("intake", intake("fine", "bell\u{7}"), "invalid"),
            (
                "intake",
                json!({ "customer_id": 999_999, "category_id": 1, "summary": "x" }),
                "not_found",
            ),
            (
                "act",
                json!({ "ticket_id": 999_999, "version": null, "action": { "type": "take" } }),
                "not_found",
            ),
            (
                "act",
                json!({ "ticket_id": 1001, "version": null, "action": { "type": "note", "text": "  " } }),
                "invalid",
            ),
            (
                "add_person",
                json!({ "name": "42", "role": "rep", "reports_to": 1, "pin": "2468" }),
                "invalid",
            ),
            (
                "add_person",
                json!({ "name": "No Pin", "role": "rep", "reports_to": 1, "pin": null }),
                "invalid",
            ),
            ("set_pin", json!({ "person_id": 2, "pin": "12" }), "invalid"),
            (
                "move_person",
                json!({ "person_id": 2, "reports_to": 2 }),
                "invalid",
            ),
            ("deactivate_person", json!({ "person_id": 1 }), "forbidden"),
            (
                "restore_backup",
                json!({ "path": "/etc/passwd" }),
                "invalid",
            ),
            (
                "set_policy",
                json!({ "escalate_after_minutes": 0, "warn_lead_minutes": 0,
                                   "idle_tickle_minutes": 1, "escalation_executive_id": null }),
                "invalid",
            ),
        ];
        for (command, input, kind) in cases {
            let got = refusal(app, command, input.clone())?;
            ensure!(
                got.as_deref() == Some(kind),
                "{command} {input}: {got:?}, not {kind}"
            );
        }
        // SQL-looking text is only text: found nothing, refused nothing.
        ensure!(refusal(
            app,
            "search",
            json!({ "query": "'; DROP TABLE tickets; --" })
        )?
        .is_none());
        ensure!(head()? == before, "a refused command wrote to the trail");
        // The same input, made good, goes through: the refusals were about what was wrong.
        ensure!(refusal(app, "intake", intake("fine", "A-1"))?.is_none());
        ensure!(head()? != before);
        Ok(())
    })
}
