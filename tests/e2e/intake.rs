//! Intake, as a rep takes a call: find the caller, pick the kind of problem, get refused with every
//! missing field flagged at once (nothing typed lost), complete it, read out the reference, and
//! find the ticket in the database.

use std::path::Path;

use anyhow::{bail, ensure, Context, Result};
use baton_tests::cli::{baton, demo};
use baton_tests::e2e::{with_prepared_app, App, Key};
use serde_json::Value;

fn open_intake(app: &App) -> Result<()> {
    app.click("[data-screen=intake]")?;
    app.find("[data-testid=caller-input]")?;
    Ok(())
}

/// The `data-key` (or test id) of the focused element.
fn focused(app: &App) -> Result<String> {
    let v = app.exec(
        "const el = document.activeElement; return el ? (el.dataset.key || el.dataset.testid || el.tagName) : '';",
        vec![],
    )?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// Scrolls the screen to its end, where the promise and the submit button are.
fn scroll_to_end(app: &App) -> Result<()> {
    app.exec(
        "const c = document.querySelector('main.content'); c.scrollTop = c.scrollHeight;",
        vec![],
    )
    .map(drop)
}

/// Scrolls `css` to the middle of the screen (as a person would) and clicks it.
fn click_in_view(app: &App, css: &str) -> Result<()> {
    let el = serde_json::to_value(app.find(css)?.raw())?;
    app.exec(
        "arguments[0].scrollIntoView({ block: 'center' });",
        vec![el],
    )?;
    app.click(css)
}

fn is_invalid(app: &App, css: &str) -> Result<bool> {
    Ok(app.find(css)?.attr("aria-invalid")?.as_deref() == Some("true"))
}

fn ticket_in_db(db: &Path, number: u64) -> Result<Value> {
    let tickets = baton(db, None, &["queue"])?;
    let Some(list) = tickets.as_array() else {
        bail!("`baton --json queue` did not print a list: {tickets}");
    };
    list.iter()
        .find(|t| t["number"].as_u64() == Some(number))
        .cloned()
        .with_context(|| format!("ticket #{number} is not in the database"))
}

#[test]
fn intake_flags_every_missing_field_then_creates_the_ticket() -> Result<()> {
    with_prepared_app("intake", demo, |app| {
        app.sign_in("Ana Souza", "1234")?;
        open_intake(app)?;
        let ack = app.text("[data-testid=ack-text]")?;
        ensure!(
            ack.starts_with("Thanks for calling"),
            "generic line first: {ack:?}"
        );
        ensure!(
            focused(app)? == "caller-input",
            "the caller field has the focus"
        );
        app.screenshot("intake-empty")?;

        // Who is calling: a phone in another format than the one on file.
        app.type_into("[data-testid=caller-input]", "555.010.2000")?;
        app.wait_for_text("[data-testid=caller-option]", "Olivia Bennett")?;
        app.wait_for_text(
            "[data-testid=customer-card]",
            "Wants to switch to annual billing",
        )?;
        app.screenshot("intake-lookup")?;
        app.press_key(Key::Enter)?;
        app.wait_for_text("[data-testid=caller-chosen]", "Olivia Bennett")?;
        app.wait_for_text("[data-testid=ack-text]", "Thanks, Olivia")?;
        app.wait_for_text("[data-testid=customer-open-count]", "1 open")?;

        // A glance at their last ticket mid-call, and back: the call is still there.
        app.click("[data-testid=customer-ticket]")?;
        app.wait_gone("[data-testid=intake]")?;
        app.press(&format!("{}1", Key::Control))?;
        app.wait_for_text("[data-testid=caller-chosen]", "Olivia Bennett")?;

        // What kind of problem: the focus moved to the categories; "b" picks Billing.
        app.press("b")?;
        app.wait_for_text("[data-testid=fields]", "Account number")?;
        app.wait_for_text("[data-testid=fields]", "Invoice number")?;
        // Billing offers no realtime help, and suggests small steps.
        ensure!(!app.is_present("[data-testid=realtime]")?);
        app.click("[data-testid=small-step-chip]")?;
        ensure!(app.value("[data-testid=small-step]")? == "Explain the charge line by line");
        app.type_into("[data-testid=field-amount]", "$89.00")?;
        let promise = app.value("[data-testid=promise]")?;
        ensure!(!promise.is_empty(), "a promise is proposed");
        let ack = app.text("[data-testid=ack-text]")?;
        ensure!(
            ack.starts_with("Thanks, Olivia — I've got this, and you'll hear from us by "),
            "{ack:?}"
        );
        app.screenshot("intake-customer-category")?;
        scroll_to_end(app)?;
        app.screenshot("intake-promise")?;

        // Submit with the summary and both required fields empty: all three flagged at once.
        app.press(&format!("{}{}", Key::Control, Key::Enter))?;
        app.wait_for_text("[data-testid=intake-missing]", "Summary")?;
        let still = app.text("[data-testid=intake-missing]")?;
        ensure!(
            still.contains("Account number") && still.contains("Invoice number"),
            "{still:?}"
        );
        for css in [
            "[data-testid=summary]",
            "[data-testid=field-account_number]",
            "[data-testid=field-invoice_number]",
        ] {
            ensure!(is_invalid(app, css)?, "{css} is flagged");
        }
        ensure!(!is_invalid(app, "[data-testid=field-amount]")?);
        ensure!(app.find_all(".required-text")?.len() >= 3);
        ensure!(
            focused(app)? == "summary",
            "the first missing field has the focus"
        );
        // Nothing typed was lost.
        ensure!(app.value("[data-testid=field-amount]")? == "$89.00");
        ensure!(app.value("[data-testid=small-step]")? == "Explain the charge line by line");
        ensure!(app.value("[data-testid=promise]")? == promise);
        app.wait_for_text("[data-testid=caller-chosen]", "Olivia Bennett")?;
        app.screenshot("intake-missing")?;

        // Complete it; each flag clears as its field is filled.
        app.type_into(
            "[data-testid=summary]",
            "Charged twice again on the November invoice",
        )?;
        ensure!(!is_invalid(app, "[data-testid=summary]")?);
        app.type_into("[data-testid=field-account_number]", "AC-20931")?;
        app.type_into("[data-testid=field-invoice_number]", "INV-11-0602")?;
        app.press(&format!("{}{}", Key::Control, Key::Enter))?;

        let number_text = app.text("[data-testid=done-number]")?;
        let number: u64 = number_text
            .trim_start_matches('#')
            .parse()
            .with_context(|| format!("the ticket number {number_text:?}"))?;
        let sentence = app.text("[data-testid=done-sentence]")?;
        ensure!(
            sentence.starts_with(&format!(
                "Your reference is #{number}. You'll hear from us by "
            )),
            "{sentence:?}"
        );
        ensure!(focused(app)? == "done-next", "Next call has the focus");
        app.screenshot("intake-confirmation")?;

        // The ticket is in the database, as typed.
        let t = ticket_in_db(app.db_path(), number)?;
        ensure!(t["customer_name"] == "Olivia Bennett", "{t}");
        ensure!(t["category_name"] == "Billing", "{t}");
        ensure!(
            t["summary"] == "Charged twice again on the November invoice",
            "{t}"
        );
        ensure!(t["fields"]["account_number"] == "AC-20931", "{t}");
        ensure!(t["fields"]["invoice_number"] == "INV-11-0602", "{t}");
        ensure!(t["fields"]["amount"] == "$89.00", "{t}");
        ensure!(t["small_step"] == "Explain the charge line by line", "{t}");
        ensure!(t["channel"] == "phone", "{t}");
        ensure!(t["status"] == "open", "{t}");
        ensure!(t["realtime_offered"] == false, "{t}");

        // Next call: a clean form, the focus back on the caller field.
        app.press("n")?;
        app.find("[data-testid=caller-input]")?;
        ensure!(app.value("[data-testid=caller-input]")?.is_empty());
        ensure!(focused(app)? == "caller-input");
        ensure!(app
            .text("[data-testid=ack-text]")?
            .starts_with("Thanks for calling"));
        Ok(())
    })
}

#[test]
fn intake_adds_a_new_caller_and_records_help_given_on_the_call() -> Result<()> {
    with_prepared_app("intake-new-caller", demo, |app| {
        app.sign_in("Dev Kumar", "1234")?;
        open_intake(app)?;

        // Nobody has this number: "New customer" starts from it.
        app.type_into("[data-testid=caller-input]", "(555) 010-2999")?;
        app.wait_for_text("[data-testid=caller-status]", "No customer")?;
        app.press_key(Key::Enter)?;
        app.find("[data-testid=new-customer]")?;
        ensure!(app.value("[data-testid=new-phones]")? == "(555) 010-2999");
        ensure!(focused(app)? == "new-name");
        app.type_into("[data-testid=new-name]", "Rosa Delgado")?;
        app.type_into("[data-testid=new-emails]", "rosa@delgado.example")?;
        app.screenshot("intake-new-customer")?;
        app.press_key(Key::Enter)?;
        app.wait_for_text("[data-testid=caller-chosen]", "Rosa Delgado")?;
        app.wait_for_text("[data-testid=customer-card]", "No tickets yet")?;

        // Internet outage may be handled on the call: offer it, the caller takes it.
        app.press("i")?;
        app.find("[data-testid=realtime]")?;
        app.click("label:has([data-testid=channel-chat])")?;
        app.type_into("[data-testid=summary]", "Router drops every few minutes")?;
        app.type_into("[data-testid=field-service_address]", "12 Quay Street")?;
        app.type_into("[data-testid=field-outage_since]", "this morning")?;
        click_in_view(app, "label:has([data-testid=realtime-taken])")?;
        app.wait_for_text("[data-testid=ack-text]", "let's sort this out together now")?;
        app.screenshot("intake-realtime")?;

        // "Clear" by mistake: one click brings everything back.
        app.click("[data-testid=intake-clear]")?;
        ensure!(app.value("[data-testid=caller-input]")?.is_empty());
        app.click("[data-testid=undo-clear]")?;
        app.wait_for_text("[data-testid=caller-chosen]", "Rosa Delgado")?;
        ensure!(app.value("[data-testid=summary]")? == "Router drops every few minutes");
        ensure!(app.value("[data-testid=field-outage_since]")? == "this morning");

        app.click("[data-testid=intake-submit]")?;

        let number: u64 = app
            .text("[data-testid=done-number]")?
            .trim_start_matches('#')
            .parse()?;
        let t = ticket_in_db(app.db_path(), number)?;
        ensure!(t["customer_name"] == "Rosa Delgado", "{t}");
        ensure!(t["category_name"] == "Internet outage", "{t}");
        ensure!(t["channel"] == "chat", "{t}");
        ensure!(
            t["realtime_offered"] == true && t["realtime_taken"] == true,
            "{t}"
        );
        // Internet outage goes straight to its default owner.
        app.wait_for_text("[data-testid=intake-done]", "now held by Priya Nair")?;

        let found = baton(app.db_path(), None, &["customer", "find", "555 010 2999"])?;
        ensure!(found[0]["name"] == "Rosa Delgado", "{found}");
        ensure!(found[0]["emails"][0] == "rosa@delgado.example", "{found}");
        Ok(())
    })
}
