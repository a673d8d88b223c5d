//! The month-end as a manager and a rep see it, light and dark: the charts (drawn under the
//! app's strict content security policy, which nothing may violate), a number opened to its
//! tickets and one of those, the board with a lesson, the print layout, and a rep's own month.

use std::path::Path;
use std::time::Duration;

use anyhow::{ensure, Result};
use baton_tests::cli::{baton, demo, intake};
use baton_tests::e2e::{eventually, with_themed_app, App, Theme};
use baton_tests::notifyd::{self, Notifyd};
use chrono::Datelike;

const PIN: &str = "1234";

/// The demo, then this month's work done now: Ana resolves one ticket with a prevention and
/// passes another up, Lena resolves that one, Ben solves one of his own.
fn a_month_of_work(db: &Path) -> Result<()> {
    demo(db)?;
    let intake = |rep: &str, summary: &str| -> Result<String> {
        Ok(intake(db, rep, "555.010.2001", summary)?.to_string())
    };
    let act = |args: &[&str]| baton(db, None, args).map(drop);
    let first = intake("Ana Souza", "Charged for a plan she cancelled")?;
    act(&[
        "--as",
        "Ana Souza",
        "resolve",
        &first,
        "--resolution",
        "Refunded the plan",
        "--prevention",
        "Cancellations now stop the plan's billing the same day",
    ])?;
    let second = intake("Ana Souza", "Refund above her limit")?;
    act(&[
        "--as",
        "Ana Souza",
        "pass",
        &second,
        "--reason",
        "Above my limit",
    ])?;
    act(&[
        "--as",
        "Lena Fischer",
        "resolve",
        &second,
        "--resolution",
        "Refunded",
    ])?;
    let third = intake("Ben Carter", "Invoice address wrong")?;
    act(&[
        "--as",
        "Ben Carter",
        "resolve",
        &third,
        "--resolution",
        "Corrected it",
    ])?;
    Ok(())
}

fn no_csp_violations(app: &App) -> Result<()> {
    let blocked = app.exec(
        "return document.documentElement.dataset.cspViolations ?? '0';",
        vec![],
    )?;
    ensure!(
        blocked == "0",
        "the content security policy blocked {blocked} things"
    );
    Ok(())
}

#[test]
fn a_manager_reads_the_month_and_a_rep_sees_their_own() -> Result<()> {
    for theme in [Theme::Light, Theme::Dark] {
        let t = theme.name();
        with_themed_app(&format!("month-{t}"), theme, a_month_of_work, |app| {
            app.sign_in("Maya Patel", PIN)?;
            app.click("[data-screen=reports]")?;
            app.wait_for_text("header h1", "Reports")?;
            app.find("[data-testid=people-row][data-name='Ana Souza']")?;
            // The charts are drawn: a canvas with pixels, and their numbers in a table.
            app.find("[data-testid=chart-solved-passed] canvas")?;
            eventually(Duration::from_secs(5), "the chart drawn", || {
                let drawn = app.exec(
                    "const c = document.querySelector('[data-testid=chart-solved-passed] canvas');
                     return c.width > 0 && c.getContext('2d').getImageData(0, 0, c.width, c.height)
                         .data.some((v, i) => i % 4 === 3 && v > 0);",
                    vec![],
                )?;
                Ok(drawn == true)
            })?;
            // Folded away until opened, so read as the document has them.
            let rows = app.exec(
                "return [...document.querySelectorAll(
                     '[data-testid=chart-solved-passed] [data-testid=chart-table] tbody th')]
                     .map((th) => th.textContent);",
                vec![],
            )?;
            ensure!(
                rows.as_array()
                    .is_some_and(|r| r.iter().any(|n| n == "Ana Souza")),
                "chart table rows {rows}"
            );
            ensure!(
                app.is_present("[data-testid=teams-table]")?,
                "no teams table"
            );
            let ratio =
                app.text("[data-testid=people-row][data-name='Ben Carter'] [data-col=ratio]")?;
            ensure!(ratio.contains(" of "), "Ben's ratio {ratio:?}");
            ensure!(
                app.text("[data-testid=total-preventions]")?
                    .starts_with('1'),
                "the prevention is counted"
            );
            app.wait_for_text("[data-testid=preventions]", "Cancellations now stop")?;
            app.screenshot(&format!("month-reports-{t}"))?;
            no_csp_violations(app)?;

            // A number opens the tickets behind it, and one of those opens.
            app.click("[data-testid=people-row][data-name='Ana Souza'] [data-col=passed] button")?;
            app.wait_for_text("[data-testid=drill]", "Refund above her limit")?;
            ensure!(
                app.text("#drill-title")?
                    .starts_with("Ana Souza · passed up"),
                "drill title"
            );
            app.screenshot(&format!("month-drill-{t}"))?;
            app.click("[data-testid=drill-ticket]")?;
            app.wait_for_text("[data-testid=timeline]", "passed it up")?;
            // The header names what is on the screen, and where it was opened from.
            app.wait_for_text("header h1", "Ticket")?;
            app.wait_for_text("header p", "Opened from Reports")?;
            app.click("[data-screen=reports]")?;
            app.wait_for_text("header h1", "Reports")?;

            // A letter goes on the board; the manager notes what was learned.
            app.click("[data-testid=board-record]")?;
            app.type_into("[data-testid=board-customer]", "Olivia")?;
            app.click("[data-testid=board-customer-match]")?;
            app.type_into("[data-testid=board-what]", "A thank-you card for Ana")?;
            app.click("[data-testid=board-save]")?;
            app.wait_for_text("[data-testid=board-entry]", "A thank-you card for Ana")?;
            app.click("[data-testid=board-learn]")?;
            app.type_into("[data-testid=board-lesson-text]", "Cards go on the wall")?;
            app.click("[data-testid=board-lesson-save]")?;
            app.wait_for_text("[data-testid=board-lesson]", "Cards go on the wall")?;
            app.exec(
                "document.querySelector('[data-testid=board]').scrollIntoView();",
                vec![],
            )?;
            app.screenshot(&format!("month-board-{t}"))?;

            // The print layout: the report alone, light, without the controls.
            app.exec("document.querySelector('.content').scrollTop = 0;", vec![])?;
            app.click("[data-testid=print]")?;
            app.find("[data-testid=print-preview]")?;
            ensure!(!app.find("nav")?.is_displayed()?, "the rail prints");
            app.screenshot(&format!("month-print-{t}"))?;
            app.click("[data-testid=print-done]")?;
            app.find("[data-testid=save-csv]")?;
            let violations = app.accessibility_violations()?;
            ensure!(violations.is_empty(), "{violations:#?}");
            no_csp_violations(app)?;

            // Ana sees her own month beside her team's medians, not her colleagues' rows.
            app.click("[data-testid=signed-in] button")?;
            app.sign_in("Ana Souza", PIN)?;

            // She took both calls: confirming the customers heard back is hers.
            app.click("[data-screen=mine]")?;
            app.wait_for_text("[data-testid=to-confirm]", "Refund above her limit")?;
            app.screenshot(&format!("month-to-confirm-{t}"))?;
            let before = app.find_all("[data-testid=to-confirm-ticket]")?.len();
            app.exec(
                "[...document.querySelectorAll('[data-testid=to-confirm-ticket]')]
                     .find((b) => b.textContent.includes('Refund above her limit')).click();",
                vec![],
            )?;
            app.find("[data-testid=action-confirm]")?;
            app.press("h")?;
            app.click("[data-testid=confirm-heard]")?;
            app.click("[data-testid=confirm-delighted]")?;
            app.type_into("[data-testid=action-text]", "Glad it was sorted so fast")?;
            app.click("[data-testid=action-submit]")?;
            app.wait_for_text(
                "[data-testid=timeline]",
                "confirmed that the customer heard back",
            )?;
            app.click("[data-screen=mine]")?;
            eventually(Duration::from_secs(10), "one fewer to confirm", || {
                Ok(app.find_all("[data-testid=to-confirm-ticket]")?.len() == before - 1)
            })?;

            app.click("[data-screen=reports]")?;
            let mine = app.wait_for_text("[data-testid=my-month]", "team median")?;
            ensure!(
                mine.to_lowercase().contains("lena fischer’s team (2)"),
                "{mine}"
            );
            ensure!(
                !app.is_present("[data-testid=people-table]")?,
                "a rep sees the people table"
            );
            let heard = app.text("[data-testid=total-heard-back]")?;
            ensure!(!heard.starts_with('0'), "nobody heard back: {heard}");
            app.screenshot(&format!("month-mine-{t}"))?;
            no_csp_violations(app)
        })?;
    }
    Ok(())
}

/// On the first working day of a month (and until it has been said), the managers and
/// executives this install serves hear that last month's report is ready; the notification
/// opens it.
#[test]
fn last_months_report_is_announced_and_opens() -> Result<()> {
    if let Some(why) = notifyd::skip_reason() {
        eprintln!("skipped: {why}");
        return Ok(());
    }
    // The desk opens at midnight (UTC), so the report is ready from the month's first weekday;
    // on a weekend before it, there is nothing to announce yet.
    let today = chrono::Utc::now().date_naive();
    let first_weekday = today
        .with_day(1)
        .expect("a first day")
        .iter_days()
        .find(|d| d.weekday().number_from_monday() <= 5)
        .expect("a weekday");
    if today < first_weekday {
        eprintln!("skipped: {today} is before the month's first working day");
        return Ok(());
    }
    let open_at_midnight = |db: &Path| {
        demo(db)?;
        baton(
            db,
            None,
            &["hours", "--time-zone", "UTC", "--opens", "00:00"],
        )
        .map(drop)
    };
    let daemon = Notifyd::start()?;
    with_themed_app("month-announced", Theme::Light, open_at_midnight, |app| {
        let told = daemon.wait_for("the month's report is ready", Duration::from_secs(30))?;
        let last_month = (chrono::Utc::now()
            .date_naive()
            .with_day(1)
            .expect("a first day")
            - chrono::Duration::days(1))
        .format("%B %Y")
        .to_string();
        ensure!(
            told["summary"]
                .as_str()
                .is_some_and(|s| s.starts_with(&last_month)),
            "{told}"
        );
        app.sign_in("Maya Patel", PIN)?;
        daemon.click(&told)?;
        app.wait_for_text("header h1", "Reports")?;
        app.wait_for_text("[data-testid=period-label]", &last_month)?;
        let chosen = app.exec(
            "return document.querySelector('[data-testid=period-last-month]').checked;",
            vec![],
        )?;
        ensure!(chosen == true, "last month is not the one chosen");
        Ok(())
    })
}
