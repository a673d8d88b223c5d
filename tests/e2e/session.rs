//! First run, signing in, the alerts bell, the command palette and settings, as a person at the
//! desk would use them.

use std::time::Duration;

use anyhow::{ensure, Result};
use baton_tests::cli::baton;
use baton_tests::e2e::{eventually, with_app, App, Key};

/// How long loading the demo (three days replayed through the real rules) may take.
const DEMO_LOAD: Duration = Duration::from_secs(60);

/// First run → "Explore with demo data" → the sign-in screen.
fn load_demo(app: &App) -> Result<()> {
    app.find("[data-testid=first-run]")?;
    app.click("[data-testid=choose-demo]")?;
    app.wait_for("[data-testid=sign-in]", DEMO_LOAD)?;
    Ok(())
}

#[test]
fn demo_then_sign_in_with_the_demo_pin() -> Result<()> {
    with_app("session-demo", |app| {
        app.wait_for_text("[data-testid=first-run] h1", "Welcome to Baton")?;
        app.screenshot("first-run")?;

        load_demo(app)?;
        app.wait_for_text("[data-testid=demo-pin]", "Every demo PIN is 1234")?;

        // Type-to-filter, then arrow keys: "a" matches several people; move down to one.
        app.type_into("[data-testid=sign-in-filter]", "ma")?;
        let names = app.texts("[data-testid=sign-in] [role=option] .name")?;
        ensure!(
            names.contains(&"Maya Patel".to_owned()) && names.contains(&"Chloe Martin".to_owned()),
            "filter `ma` shows {names:?}"
        );
        ensure!(!names.contains(&"Ben Carter".to_owned()));
        app.press_key(Key::Down)?;
        let active = app.text("[data-testid=sign-in] [role=option][aria-selected=true] .name")?;
        ensure!(
            active == names[1],
            "ArrowDown highlighted {active:?}, not {:?}",
            names[1]
        );
        app.screenshot("sign-in")?;

        // Back to the list with Escape, then choose Maya by name.
        app.press_key(Key::Enter)?;
        app.find("[data-testid=pin]")?;
        app.press_key(Key::Escape)?;
        app.find("[data-testid=sign-in-filter]")?
            .type_text(&format!("{}{}", Key::Backspace, Key::Backspace))?;

        // A wrong PIN is refused with a message, and the field is cleared.
        app.try_sign_in("Maya Patel", "9999")?;
        app.wait_for_text("[data-testid=sign-in-error]", "PIN is not right")?;
        ensure!(
            app.value("[data-testid=pin]")?.is_empty(),
            "the PIN field was not cleared"
        );
        ensure!(app.text("[data-testid=chosen-name]")? == "Maya Patel");
        app.screenshot("sign-in-wrong-pin")?;

        // The right one signs her in: the frame shows her name.
        app.type_into("[data-testid=pin]", &format!("1234{}", Key::Enter))?;
        app.wait_signed_in("Maya Patel")?;
        app.screenshot("signed-in")?;
        Ok(())
    })
}

#[test]
fn repeated_wrong_pins_lock_out_until_a_local_time() -> Result<()> {
    with_app("session-lockout", |app| {
        load_demo(app)?;
        app.try_sign_in("Ben Carter", "0000")?;
        app.wait_for_text("[data-testid=sign-in-error]", "not right")?;
        app.wait_gone("[data-testid=sign-in-submit]:disabled")?;
        for i in 0..4 {
            app.type_into("[data-testid=pin]", &format!("0000{}", Key::Enter))?;
            // The fifth wrong PIN locks: the button stays disabled from then on.
            if i < 3 {
                app.wait_gone("[data-testid=sign-in-submit]:disabled")?;
            }
        }
        let msg = app.wait_for_text("[data-testid=sign-in-error]", "Too many wrong PINs")?;
        ensure!(
            msg.contains("Ben Carter can try again at"),
            "lockout says {msg:?}"
        );
        app.screenshot("sign-in-locked-out")?;
        // No more tries until then, not even the right PIN (the core refuses it too): the
        // field and the button wait.
        ensure!(
            app.is_present("[data-testid=pin]:disabled")?
                && app.is_present("[data-testid=sign-in-submit]:disabled")?,
            "the PIN can still be typed while locked out"
        );
        ensure!(!app.is_present("[data-testid=rail]")?);
        Ok(())
    })
}

#[test]
fn set_up_my_organisation_then_change_the_policy() -> Result<()> {
    with_app("session-setup", |app| {
        app.click("[data-testid=choose-setup]")?;
        app.type_into("[data-testid=setup-name]", "Ada Lovelace")?;
        app.type_into("[data-testid=setup-pin]", "2468")?;
        app.type_into(
            "[data-testid=setup-pin-again]",
            &format!("2469{}", Key::Enter),
        )?;
        app.wait_for_text("[data-testid=setup-error]", "not the same")?;

        // Fixing the second PIN keeps everything else typed.
        app.find("[data-testid=setup-pin-again]")?
            .type_text(&format!("{}8{}", Key::Backspace, Key::Enter))?;
        app.wait_signed_in("Ada Lovelace")?;
        app.wait_for_text("header h1", "Settings")?;
        app.wait_for_text("[data-testid=person-row]", "Ada Lovelace")?;

        // Escalate after 18 h instead of 20 h; the backend's rule errors show inline.
        let hours = "[data-testid=escalate_after_minutes-hours]";
        app.wait_for_text("[data-testid=policy]", "Escalate after")?;
        eventually(Duration::from_secs(10), "the policy loading", || {
            Ok(app.value(hours)? == "20")
        })?;
        app.find("[data-testid=warn_lead_minutes-hours]")?
            .type_text(&format!("{}{}30", Key::Backspace, Key::Backspace))?;
        app.click("[data-testid=policy-save]")?;
        app.wait_for_text("[data-testid=policy-error]", "warning must come before")?;
        ensure!(app.value("[data-testid=warn_lead_minutes-hours]")? == "30");

        app.find("[data-testid=warn_lead_minutes-hours]")?
            .type_text(&format!("{}{}3", Key::Backspace, Key::Backspace))?;
        app.find(hours)?
            .type_text(&format!("{}{}18", Key::Backspace, Key::Backspace))?;
        app.click("[data-testid=policy-save]")?;
        app.wait_for_text("[data-testid=policy-saved]", "Saved")?;
        app.wait_for_text("[data-testid=policy-saved]", "18 h")?;
        ensure!(!app.is_present("[data-testid=policy-error]")?);

        // Add a person below Ada, and a category with a required field.
        app.type_into("[data-testid=person-name]", "Sam Rep")?;
        app.type_into("[data-testid=person-pin]", &format!("1357{}", Key::Enter))?;
        app.wait_for_text("[data-testid=person-added]", "Sam Rep was added")?;
        app.wait_for_text("[data-testid=person-row]", "Sam Rep")?;

        app.click("[data-testid=category-new]")?;
        app.type_into("[data-testid=category-name]", "Returns")?;
        app.type_into("[data-testid=field-row] input", "Order number")?;
        app.find("[data-testid=add-category]")?;
        app.exec(
            "document.querySelector('[data-testid=add-category]').scrollIntoView({block: 'center'});",
            vec![],
        )?;
        app.screenshot("settings-new-category")?;
        app.click("[data-testid=category-add]")?;
        app.wait_for_text("[data-testid=category-row]", "Returns")?;
        app.wait_for_text("[data-testid=category-row]", "Order number")?;

        app.exec(
            "document.querySelector('main.content').scrollTo(0, 0);",
            vec![],
        )?;
        app.screenshot("settings")?;

        // On a shared desk nobody signs in without a PIN: someone added at the command line
        // without one is told why, and is offered no way in.
        baton(
            app.db_path(),
            None,
            &[
                "person",
                "add",
                "--name",
                "Pat Nopin",
                "--role",
                "rep",
                "--reports-to",
                "Ada Lovelace",
            ],
        )?;
        app.press(&format!("{}l", Key::Control))?;
        app.type_into("[data-testid=sign-in-filter]", "pat")?;
        app.wait_for_text("[data-testid=sign-in] [role=option]", "Pat Nopin")?;
        app.press_key(Key::Enter)?;
        app.wait_for_text("[data-testid=no-pin]", "Pat Nopin has no PIN yet")?;
        ensure!(!app.is_present("[data-testid=pin]")?);
        ensure!(!app.is_present("[data-testid=sign-in-submit]")?);
        app.screenshot("sign-in-no-pin")?;

        // Once an administrator has set one, Pat chooses their name again and signs in with it.
        baton(
            app.db_path(),
            None,
            &["person", "pin", "Pat Nopin", "--pin", "2468"],
        )?;
        app.press_key(Key::Escape)?;
        app.wait_gone("[data-testid=pin-form]")?;
        app.type_into("[data-testid=sign-in-filter]", &Key::Enter.to_string())?;
        app.type_into("[data-testid=pin]", &format!("2468{}", Key::Enter))?;
        app.wait_signed_in("Pat Nopin")?;
        Ok(())
    })
}

#[test]
fn bell_lists_alerts_and_the_palette_jumps_to_a_ticket() -> Result<()> {
    with_app("session-bell-palette", |app| {
        load_demo(app)?;
        app.sign_in("Grace Hopper", "1234")?;

        // The bell counts unread alerts and lists them.
        app.find("[data-testid=bell-count]")?;
        let before: u32 = app.text("[data-testid=bell-count]")?.parse()?;
        ensure!(before > 0, "no unread alerts for Grace");
        app.click("[data-testid=bell]")?;
        app.find("[data-testid=alerts] [data-testid=alert]")?;
        let titles = app.texts("[data-testid=alert] .title")?;
        let alerts = app.find_all("[data-testid=alert]")?.len();
        ensure!(
            titles.len() == alerts && titles.iter().all(|t| !t.is_empty()),
            "{alerts} alerts, titled {titles:?}"
        );
        // One line per ticket: its newest alert, the older ones folded under it.
        let mut tickets = app
            .find_all("[data-testid=alert]")?
            .iter()
            .map(|a| Ok(a.attr("data-ticket")?.unwrap_or_default()))
            .collect::<Result<Vec<_>>>()?;
        let listed = tickets.len();
        tickets.sort();
        tickets.dedup();
        ensure!(tickets.len() == listed, "a ticket listed twice in the bell");
        app.screenshot("bell-open")?;

        // Escape closes it; clicking an alert opens its ticket and marks it read.
        app.press_key(Key::Escape)?;
        app.wait_gone("[data-testid=alerts]")?;
        app.click("[data-testid=bell]")?;
        let first = app.find("[data-testid=alert].unread")?;
        let ticket = first.attr("data-ticket")?.unwrap_or_default();
        first.click()?;
        app.wait_gone("[data-testid=alerts]")?;
        app.wait_for_text("[data-testid=ticket-number]", &format!("#{ticket}"))?;
        eventually(
            Duration::from_secs(10),
            "the unread count going down",
            || {
                let now = if app.is_present("[data-testid=bell-count]")? {
                    app.text("[data-testid=bell-count]")?.parse::<u32>()?
                } else {
                    0
                };
                Ok(now < before)
            },
        )?;

        // Ctrl+K opens the palette; a number jumps to that ticket.
        app.press(&format!("{}k", Key::Control))?;
        app.find("[data-testid=palette]")?;
        app.type_into("[data-testid=palette-input]", "#1004")?;
        app.wait_for_text("[data-testid=palette-item][data-kind=ticket]", "#1004")?;
        app.screenshot("palette")?;
        app.press_key(Key::Enter)?;
        app.wait_gone("[data-testid=palette]")?;
        app.wait_for_text("[data-testid=ticket-number]", "#1004")?;

        // Words search too, and screens are offered by name; Escape closes.
        app.press(&format!("{}k", Key::Control))?;
        app.type_into("[data-testid=palette-input]", "kettle")?;
        app.wait_for_text("[data-testid=palette-item][data-kind=ticket]", "kettle")?;
        // A customer's name, or her phone typed any way, finds her tickets.
        for q in ["olivia", "555 010 2000"] {
            app.fill("palette-input", q)?;
            app.wait_for_text(
                "[data-testid=palette-item][data-kind=ticket] .meta",
                "Olivia Bennett",
            )?;
        }
        app.find("[data-testid=palette-input]")?
            .type_text(&format!("{}", Key::Escape))?;
        app.wait_gone("[data-testid=palette]")?;

        app.press(&format!("{}k", Key::Control))?;
        app.type_into(
            "[data-testid=palette-input]",
            &format!("near{}", Key::Enter),
        )?;
        app.wait_gone("[data-testid=palette]")?;
        app.wait_for_text("header h1", "Near escalation")?;
        Ok(())
    })
}

#[test]
fn settings_are_read_only_for_a_rep() -> Result<()> {
    with_app("session-settings-rep", |app| {
        load_demo(app)?;
        app.sign_in("Ana Souza", "1234")?;
        app.press(&format!("{}8", Key::Control))?;
        app.wait_for_text(
            "[data-testid=settings-readonly]",
            "Only managers and executives",
        )?;
        app.wait_for_text("[data-testid=person-row]", "Grace Hopper")?;
        ensure!(!app.is_present("[data-testid=policy-save]")?);
        let el = serde_json::to_value(app.find("[data-testid=person-name]")?.raw())?;
        let off = app.exec("return arguments[0].matches(':disabled');", vec![el])?;
        ensure!(
            off == serde_json::Value::Bool(true),
            "the add-person form is editable"
        );
        app.screenshot("settings-read-only")?;

        // About: what support asks first, for anyone, and copied in one click.
        app.show("about")?;
        let facts = app.wait_for_text("[data-testid=diagnostics]", "SQLite, schema")?;
        let schema = format!(
            "SQLite, schema {}",
            baton_core::store::sqlite::SCHEMA_VERSION
        );
        ensure!(facts.contains(&schema), "About says {facts:?}");
        ensure!(facts.contains(&app.db_path().display().to_string()));
        // The log is in the OS log folder (under the test's XDG_DATA_HOME) and written to.
        let log = app.scratch_dir().join("app.baton.desk/logs/baton.log");
        ensure!(
            facts.contains(&log.display().to_string()),
            "About says {facts:?}"
        );
        let logged = std::fs::read_to_string(&log)?;
        ensure!(logged.contains("starting"), "the log holds {logged:?}");
        app.screenshot("settings-about")?;
        app.click("[data-testid=copy-diagnostics]")?;
        app.wait_for_text("[data-testid=diagnostics-copied]", "Copied")?;
        // What was copied is on the system clipboard: pasted into the palette, it is there.
        app.press(&format!("{}k", Key::Control))?;
        app.find("[data-testid=palette-input]")?
            .type_text(&format!("{}v", Key::Control))?;
        let pasted = app.value("[data-testid=palette-input]")?;
        ensure!(
            pasted.contains(&format!("Baton: {}", env!("CARGO_PKG_VERSION"))),
            "pasted {pasted:?}"
        );
        Ok(())
    })
}
