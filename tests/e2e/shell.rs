//! The app frame: left rail, header, navigation, and the IPC round trip, as a manager sees it
//! once signed in to the demo desk (a fresh database opens on First Run instead).

use anyhow::{ensure, Result};
use baton_tests::cli::demo;
use baton_tests::e2e::{with_prepared_app, Key};

const RAIL: [&str; 8] = [
    "Intake",
    "My tickets",
    "My team",
    "Near escalation",
    "Escalated",
    "All tickets",
    "Reports",
    "Settings",
];

#[test]
fn window_shows_the_rail_and_header() -> Result<()> {
    with_prepared_app("shell", demo, |app| {
        app.sign_in("Maya Patel", "1234")?;
        assert_eq!(app.texts("[data-testid=rail] [data-screen] .label")?, RAIL);
        for screen in ["mine", "team", "near", "escalated"] {
            let badge = app.text(&format!("[data-testid=count-{screen}]"))?;
            ensure!(
                badge.parse::<u32>().is_ok(),
                "{screen} badge shows {badge:?}"
            );
        }
        ensure!(app.find("[data-testid=signed-in] button")?.text()? == "Switch user");

        // The version comes from the backend: proves IPC and the capability work.
        let version = format!("Baton {}", env!("CARGO_PKG_VERSION"));
        app.wait_for_text("[data-testid=version]", &version)?;
        ensure!(!app.is_present("[data-testid=error-banner]")?);

        app.screenshot("shell")?;
        Ok(())
    })
}

#[test]
fn rail_and_shortcuts_switch_screens() -> Result<()> {
    with_prepared_app("shell-navigation", demo, |app| {
        app.sign_in("Maya Patel", "1234")?;
        app.click("[data-screen=settings]")?;
        app.wait_for_text("header h1", "Settings")?;
        // The app was started on the harness's own database.
        let db = app.db_path().display().to_string();
        app.wait_for_text("[data-testid=diagnostics]", &db)?;
        app.screenshot("shell-settings")?;

        app.press(&format!("{}4", Key::Control))?;
        app.wait_for_text("header h1", "Near escalation")?;
        // The demo has tickets inside the warning window: the screen lists as many as the rail counts.
        let near: u32 = app.text("[data-testid=count-near]")?.parse()?;
        ensure!(near > 0, "the demo has nothing near escalation for Maya");
        app.wait_for_text(
            "[data-testid=screen-near] [data-testid=queue-count]",
            &format!("{near} ticket"),
        )?;
        app.find("[data-testid=screen-near] [data-testid=queue-row]")?;
        let active = app.find("[data-screen=near]")?.attr("aria-current")?;
        assert_eq!(active.as_deref(), Some("page"));
        Ok(())
    })
}

/// Every screen, the palette and the alerts panel, audited with axe-core: no serious or
/// critical violation of WCAG 2 A/AA (or axe's best practices).
#[test]
fn every_screen_passes_an_accessibility_audit() -> Result<()> {
    with_prepared_app("shell-accessibility", demo, |app| {
        let mut found = vec![];
        let mut audit = |app: &baton_tests::e2e::App, what: &str| -> Result<()> {
            app.settle()?;
            // The window never scrolls as a whole: only a screen's own panes do.
            let page = app.exec(
                "const d = document.scrollingElement;
                 return [window.scrollY, d.scrollTop, d.scrollHeight - d.clientHeight];",
                vec![],
            )?;
            if page != serde_json::json!([0, 0, 0]) {
                found.push(format!(
                    "{what}: the window scrolls ([scrollY, scrollTop, overflow] = {page})"
                ));
            }
            found.extend(
                app.accessibility_violations()?
                    .into_iter()
                    .map(|v| format!("{what}: {v}")),
            );
            Ok(())
        };
        app.find("[data-testid=sign-in]")?;
        audit(app, "sign-in")?;
        app.sign_in("Maya Patel", "1234")?;
        for (screen, title) in [
            ("intake", "Intake"),
            ("mine", "My tickets"),
            ("team", "My team"),
            ("near", "Near escalation"),
            ("escalated", "Escalated"),
            ("all", "All tickets"),
            ("reports", "Reports"),
            ("settings", "Settings"),
        ] {
            app.click(&format!("[data-screen={screen}]"))?;
            app.wait_for_text("header h1", title)?;
            audit(app, screen)?;
        }
        app.click("[data-screen=team]")?;
        app.click("[data-testid=queue-row]")?;
        app.find("[data-testid=ticket-screen]")?;
        audit(app, "ticket")?;
        app.press("n")?;
        app.find("[data-testid=action-form]")?;
        audit(app, "ticket form")?;
        app.press_key(Key::Escape)?;
        app.press(&format!("{}k", Key::Control))?;
        app.find("[data-testid=palette]")?;
        app.type_into("[data-testid=palette-input]", "olivia")?;
        app.find("[data-testid=palette-item]")?;
        audit(app, "palette")?;
        app.press_key(Key::Escape)?;
        app.click("[data-testid=bell]")?;
        app.find("[data-testid=alerts]")?;
        audit(app, "alerts")?;
        app.click("[data-testid=bell]")?;
        // "?" shows every shortcut; Escape closes it and the focus goes back where it was.
        app.click("[data-screen=team]")?;
        app.find("[data-testid=queue-grid]")?.click()?;
        app.press("?")?;
        app.wait_for_text("[data-testid=shortcuts]", "Contacted the customer")?;
        audit(app, "shortcuts")?;
        app.screenshot("shortcuts")?;
        app.press_key(Key::Escape)?;
        app.wait_gone("[data-testid=shortcuts]")?;
        let focused = app.exec(
            "return document.activeElement?.dataset.testid ?? ''",
            vec![],
        )?;
        ensure!(focused == "queue-grid", "the focus went to {focused}");
        ensure!(found.is_empty(), "{}", found.join("\n"));
        Ok(())
    })
}
