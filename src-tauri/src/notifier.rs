//! Native notifications through notify-rust, called directly so that a failure is seen
//! (tauri-plugin-notification drops send errors).

use baton_core::alerts::Alert;
use baton_core::deadlines::Due;
use baton_core::watch::Notifier;
use notify_rust::{Notification, Timeout, Urgency};

/// The desktop's notification service. `on_open` runs when the person activates a notification
/// (clicks it), with the ticket's id, where the platform reports that.
pub struct Desktop {
    pub on_open: std::sync::Arc<dyn Fn(i64) + Send + Sync>,
}

/// The icon shown beside each notification: ours, when it can be found.
fn icon() -> String {
    let bundled = concat!(env!("CARGO_MANIFEST_DIR"), "/../icons/128x128.png");
    if std::path::Path::new(bundled).exists() {
        bundled.to_string()
    } else {
        "baton-app".to_string()
    }
}

/// Which notification service shows Baton's alerts, or why none answers (for diagnostics).
pub fn service() -> String {
    #[cfg(all(unix, not(target_os = "macos")))]
    return match notify_rust::get_server_information() {
        Ok(s) => format!("{} {} by {}", s.name, s.version, s.vendor),
        Err(e) => format!("no notification service answers: {e}"),
    };
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    "the system's own".to_owned()
}

/// A notification of Baton's, whose default action (a click) is `action`.
fn shown(title: &str, body: &str, action: &str) -> Notification {
    let mut n = Notification::new();
    n.appname("Baton")
        .summary(title)
        .body(body)
        .icon(&icon())
        .action("default", action)
        .timeout(Timeout::Never);
    n
}

/// Shows `n`, and runs `open` if the person clicks it. Waiting for a click blocks, so it gets
/// its own thread; it ends when the notification closes.
fn show(n: &Notification, open: impl FnOnce() + Send + 'static) -> Result<(), String> {
    let handle = n.show().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        handle.wait_for_action(|action| {
            if action == "default" {
                open();
            }
        })
    });
    Ok(())
}

pub fn notification(alert: &Alert) -> Notification {
    let mut n = shown(&alert.title, &alert.body, "Open ticket");
    n.hint(notify_rust::Hint::Category("im.received".into()));
    n.urgency(match alert.due {
        Due::Escalate => Urgency::Critical,
        Due::Warn | Due::Handed | Due::Promise => Urgency::Normal,
        Due::Reminder | Due::Idle => Urgency::Low,
    });
    n
}

/// A notification about the desk rather than a ticket (last month's report is ready):
/// `on_open` runs when the person clicks it.
pub fn announce(
    title: &str,
    body: &str,
    on_open: impl FnOnce() + Send + 'static,
) -> Result<(), String> {
    show(&shown(title, body, "Open the report"), on_open)
        .map_err(|e| format!("the notification \"{title}\" failed: {e}"))
}

impl Notifier for Desktop {
    fn notify(&self, alert: &Alert) -> Result<(), String> {
        let (open, ticket) = (self.on_open.clone(), alert.ticket_id);
        show(&notification(alert), move || open(ticket))
            .map_err(|e| format!("notification for #{} failed: {e}", alert.ticket_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_core::alerts::{compose, About};
    use baton_tests::notifyd::{self, Notifyd};
    use chrono::Utc;
    use std::sync::Arc;
    use std::time::Duration;

    /// Real notifications over D-Bus, received by a stand-in daemon on the session bus.
    #[test]
    fn a_warning_and_the_months_report_reach_the_desktop_each_with_a_way_to_open_it() {
        if let Some(why) = notifyd::skip_reason() {
            eprintln!("skipped: {why}");
            return;
        }
        let daemon = Notifyd::start().unwrap();
        let about = About {
            due: Due::Warn,
            number: 1004,
            customer: "Olivia Bennett",
            summary: "Charged twice for October",
            owner: "Maya Patel",
            previous_owner: None,
            time_left_ms: 3 * 3_600_000 + 59 * 60_000,
            promise_left_ms: 3_600_000,
            idle_minutes: 240,
            mark: "the 20-hour mark",
        };
        let (title, body) = compose(&about, true);
        let alert = Alert {
            id: 1,
            person_id: 3,
            ticket_id: 1004,
            due: Due::Warn,
            title,
            body,
            at: Utc::now(),
            read: false,
        };
        Desktop {
            on_open: Arc::new(|_| {}),
        }
        .notify(&alert)
        .unwrap();
        let got = daemon.wait_for("#1004", Duration::from_secs(10)).unwrap();
        assert_eq!(got["app"], "Baton");
        assert_eq!(got["summary"], "#1004: 3h 59m left before it escalates");
        assert!(got["body"]
            .as_str()
            .unwrap()
            .contains("Charged twice for October"));
        assert!(
            got["actions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "default"),
            "clicking opens the ticket"
        );

        // Last month's report, announced with an action that opens it.
        let november = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let (title, body) = baton_core::reports::monthly::announcement(november);
        announce(&title, &body, || {}).unwrap();
        let got = daemon
            .wait_for("November 2026", Duration::from_secs(10))
            .unwrap();
        assert_eq!(got["summary"], "November 2026: the month's report is ready");
        assert!(got["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "default"));
    }
}
