//! The desk's hours and a customer's erasure on request, from Settings: what the CLI sees
//! afterwards is what the screen said. Screenshots in light and dark.

use anyhow::{ensure, Result};
use baton_tests::cli::{baton, demo};
use baton_tests::e2e::{with_themed_app, Theme};

#[test]
fn desk_hours_and_a_customers_erasure_from_settings() -> Result<()> {
    for theme in [Theme::Light, Theme::Dark] {
        let t = theme.name();
        with_themed_app(&format!("privacy-{t}"), theme, demo, |app| {
            app.sign_in("Grace Hopper", "1234")?;
            app.click("[data-screen=settings]")?;
            app.wait_for_text("header h1", "Settings")?;

            // The desk's hours: saved through the core, as the CLI then reads them.
            app.show("hours")?;
            app.fill("hours-zone", "Europe/Berlin")?;
            app.click("[data-testid=hours-save]")?;
            app.wait_for(
                "[data-testid=hours-saved]",
                std::time::Duration::from_secs(10),
            )?;
            let hours = baton(app.db_path(), None, &["hours"])?;
            ensure!(hours["time_zone"] == "Europe/Berlin", "{hours}");
            app.screenshot(&format!("settings-hours-{t}"))?;

            // Erasing Olivia Bennett's data: found, confirmed with a reason, gone.
            app.show("erase")?;
            app.fill("erase-query", "Olivia")?;
            app.wait_for_text("[data-testid=erase-result]", "Olivia Bennett")?;
            app.click("[data-testid=erase-result]")?;
            app.fill("erase-reason", "Request by email, ref 42")?;
            app.click("[data-testid=erase-submit]")?;
            app.wait_for(
                "[data-testid=erase-confirm]",
                std::time::Duration::from_secs(10),
            )?;
            app.screenshot(&format!("settings-erase-{t}"))?;
            app.click("[data-testid=erase-confirm]")?;
            app.wait_for_text("[data-testid=erase-done]", "Erased")?;
            let found = baton(app.db_path(), None, &["customer", "find", "Olivia"])?;
            ensure!(found.as_array().is_some_and(|a| a.is_empty()), "{found}");
            let v = baton(app.db_path(), None, &["verify"])?;
            ensure!(v["ok"] == true, "{v}");
            app.wait_for_text(
                "[data-testid=history] [data-kind=customer_erased]",
                "Request by email, ref 42",
            )?;
            Ok(())
        })?;
    }
    Ok(())
}
