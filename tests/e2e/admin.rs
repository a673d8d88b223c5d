//! An administrator's side of keeping the desk whole: someone leaves (their work goes up, with a
//! preview of where), the set-up history, backups, and the banner a damaged desk raises on every
//! screen. Screenshots in light and dark.

use anyhow::{ensure, Result};
use baton_core::store::damage_marker;
use baton_tests::cli::demo;
use baton_tests::e2e::{with_themed_app, App, Theme};
use std::path::Path;

/// Scrolls a Settings section into view inside the screen; the window itself must not move
/// (it once did, cutting the top bar off).
fn show(app: &App, testid: &str) -> Result<()> {
    let moved = app.exec(
        "document.querySelector(`[data-testid=${arguments[0]}]`).scrollIntoView({block: 'start'});
         return document.scrollingElement.scrollTop + document.querySelector('.frame').scrollTop;",
        vec![testid.into()],
    )?;
    ensure!(moved == 0, "the window scrolled as a whole by {moved}px");
    Ok(())
}

#[test]
fn a_leaver_is_deactivated_with_a_preview_and_the_desk_is_backed_up() -> Result<()> {
    for theme in [Theme::Light, Theme::Dark] {
        let t = theme.name();
        with_themed_app(&format!("admin-{t}"), theme, demo, |app| {
            app.sign_in("Grace Hopper", "1234")?;
            app.click("[data-screen=settings]")?;
            app.wait_for_text("header h1", "Settings")?;

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
            show(app, "history")?;
            app.screenshot(&format!("settings-history-{t}"))?;

            // A backup now, listed with its size.
            show(app, "backups")?;
            app.click("[data-testid=backup-now]")?;
            app.wait_for_text("[data-testid=backup-done]", "")?;
            ensure!(
                !app.find_all("[data-testid=backup-row]")?.is_empty(),
                "no backup listed"
            );
            ensure!(app.text("[data-testid=last-backup]")? != "None yet");
            app.screenshot(&format!("settings-backups-{t}"))?;
            Ok(())
        })?;
    }
    Ok(())
}

/// A demo desk that a check has found damaged (the marker `verify` or the app leaves).
fn damaged(db: &Path) -> Result<()> {
    demo(db)?;
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
            ensure!(
                banner.contains("page 44") && banner.contains("baton restore"),
                "{banner}"
            );
            app.screenshot(&format!("damaged-banner-{t}"))?;
            // Signing in would write (the PIN's failure count): refused, with the reason.
            app.try_sign_in("Grace Hopper", "1234")?;
            app.wait_for_text("[data-testid=sign-in-error]", "damaged")?;
            Ok(())
        })?;
    }
    Ok(())
}
