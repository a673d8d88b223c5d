//! E-mail to a customer, sent for real through lettre to a local SMTP sink: the message as the
//! customer gets it, the contact it records, and a failed send that records nothing.

use anyhow::Result;
use baton_core::categories::NewCategory;
use baton_core::customers::NewCustomer;
use baton_core::events::EventKind;
use baton_core::mail::{MailSecurity, MailSettings};
use baton_core::people::{NewPerson, Role};
use baton_core::tickets::{ContactHow, Intake};
use baton_core::{Desk, FakeClock};
use baton_tests::smtp::SmtpSink;
use chrono::{TimeZone, Utc};
use std::sync::Arc;

struct Setting {
    desk: Desk,
    rep: i64,
    with_email: i64,
    without_email: i64,
    _dir: tempfile::TempDir,
}

fn desk() -> Result<Setting> {
    let dir = tempfile::tempdir()?;
    let clock = Arc::new(FakeClock::new(
        Utc.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).unwrap(),
    ));
    let mut desk = Desk::create(&dir.path().join("baton.db"), clock)?;
    let rep = desk
        .add_person(
            None,
            NewPerson {
                name: "Ana Souza".into(),
                role: Role::Rep,
                reports_to: None,
                pin: None,
            },
        )?
        .id;
    let customer = |name: &str, emails: Vec<String>| NewCustomer {
        name: name.into(),
        phones: vec![],
        emails,
        notes: String::new(),
    };
    let olivia = desk
        .add_customer(customer(
            "Olivia Bennett",
            vec!["olivia@example.com".into()],
        ))?
        .id;
    let marcus = desk.add_customer(customer("Marcus Lee", vec![]))?.id;
    let billing = desk
        .add_category(
            None,
            NewCategory {
                name: "Billing".into(),
                fields: vec![],
                default_owner_id: None,
                realtime: false,
                small_steps: vec![],
            },
        )?
        .id;
    let mut take = |customer_id| {
        desk.intake(
            rep,
            Intake {
                customer_id,
                category_id: billing,
                summary: "Charged twice".into(),
                ..Intake::default()
            },
        )
        .map(|t| t.id)
    };
    let (with_email, without_email) = (take(olivia)?, take(marcus)?);
    Ok(Setting {
        desk,
        rep,
        with_email,
        without_email,
        _dir: dir,
    })
}

fn settings(port: u16) -> MailSettings {
    let mut s = MailSettings {
        host: "127.0.0.1".into(),
        port,
        security: MailSecurity::None,
        from: "Support <help@example.com>".into(),
        ..Default::default()
    };
    s.templates.insert(
        "Billing".into(),
        "Subject: About your bill, #{number}\n\nDear {first_name},\n\nWe are on it.\n\n{sender}"
            .into(),
    );
    s
}

#[test]
fn an_update_reaches_the_customer_and_is_recorded_as_a_contact() -> Result<()> {
    let mut sink = SmtpSink::start()?;
    let mut s = desk()?;
    let mail = settings(sink.port);
    let draft = s.desk.email_draft(s.rep, s.with_email, &mail)?;
    assert_eq!(draft.to, "olivia@example.com");
    assert_eq!(draft.subject, format!("About your bill, #{}", s.with_email));
    assert!(
        draft.body.starts_with("Dear Olivia,") && draft.body.ends_with("Ana Souza"),
        "{}",
        draft.body
    );

    s.desk
        .email_customer(s.rep, s.with_email, &draft, Some("m1"), |e| {
            mail.send(None, e)
        })?;
    // Sent again with its key (a lost reply): not sent twice, nor recorded twice.
    s.desk
        .email_customer(s.rep, s.with_email, &draft, Some("m1"), |e| {
            mail.send(None, e)
        })?;
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let m = &received[0];
    for needle in [
        "To: olivia@example.com",
        "From: Support <help@example.com>",
        "About your bill",
        "We are on it.",
    ] {
        assert!(m.contains(needle), "{needle} not in {m}");
    }
    let events = s.desk.ticket(s.with_email)?.events;
    assert_eq!(events.len(), 2, "created, and one contact");
    let e = events.last().unwrap();
    assert_eq!(
        (e.kind, e.data.how),
        (EventKind::Contacted, Some(ContactHow::Email))
    );
    assert!(e
        .text
        .as_deref()
        .unwrap_or_default()
        .contains("About your bill"));

    // The server down: a clear error, and nothing recorded.
    sink.stop();
    let before = s.desk.ticket(s.with_email)?.events.len();
    let failed = s
        .desk
        .email_customer(s.rep, s.with_email, &draft, None, |e| mail.send(None, e))
        .unwrap_err();
    assert_eq!(failed.code(), "mail");
    assert!(!failed.to_string().contains('\n'), "{failed}");
    assert_eq!(s.desk.ticket(s.with_email)?.events.len(), before);

    // A ticket no longer open: refused before anything is sent (here, before the dead server).
    s.desk.act(
        s.rep,
        s.with_email,
        None,
        baton_core::tickets::Action::Resolve {
            resolution: "Refunded".into(),
            prevention: None,
        },
    )?;
    let refused = s
        .desk
        .email_customer(s.rep, s.with_email, &draft, None, |e| mail.send(None, e))
        .unwrap_err();
    assert_eq!(refused.code(), "forbidden");

    // A customer with no address: said before anything is sent.
    let none = s
        .desk
        .email_draft(s.rep, s.without_email, &mail)
        .unwrap_err();
    assert!(
        none.to_string()
            .contains("Marcus Lee has no e-mail address"),
        "{none}"
    );
    Ok(())
}

/// The same e-mail asked for again while it is on its way (a second click, the form opened
/// again) is refused rather than sent twice; one that did not leave may be sent again, and one
/// that left is recorded once.
#[test]
fn an_email_on_its_way_is_not_sent_twice() -> Result<()> {
    use baton_core::mail::EmailStep;
    let mut s = desk()?;
    let draft = s.desk.email_draft(s.rep, s.with_email, &settings(1))?;
    let ready = |s: &mut Setting| s.desk.email_ready(s.rep, s.with_email, &draft, Some("m7"));
    let EmailStep::Send(first) = ready(&mut s)? else {
        anyhow::bail!("nothing to send")
    };
    assert_eq!(ready(&mut s).err().map(|e| e.code()), Some("conflict"));
    s.desk.email_unsent(first);
    let EmailStep::Send(again) = ready(&mut s)? else {
        anyhow::bail!("not sendable again")
    };
    let recorded = s.desk.email_sent(again)?;
    assert!(matches!(ready(&mut s)?, EmailStep::Done(t) if t.id == recorded.id));
    let contacts = s.desk.ticket(s.with_email)?.events.len();
    assert_eq!(contacts, 2, "created, and one contact");
    Ok(())
}
