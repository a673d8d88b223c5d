//! A believable organisation to explore: teams, customers, categories, and three days of tickets
//! in every state, replayed through the real rules with a moving clock.

use chrono::Duration;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use ts_rs::TS;

use crate::categories::{label_for, FieldDef, NewCategory};
use crate::clock::FakeClock;
use crate::customers::NewCustomer;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::people::{NewPerson, Role};
use crate::tickets::{Action, Intake};

/// Every demo person signs in with this PIN.
pub const DEMO_PIN: &str = "1234";

#[derive(Debug, Clone, Serialize, TS)]
pub struct DemoSummary {
    pub people: u32,
    pub customers: u32,
    pub categories: u32,
    pub tickets: u32,
    pub pin: String,
}

const PEOPLE: [(&str, Role, Option<&str>); 11] = [
    ("Grace Hopper", Role::Executive, None),
    ("Maya Patel", Role::Manager, Some("Grace Hopper")),
    ("Tom Okafor", Role::Manager, Some("Grace Hopper")),
    ("Lena Fischer", Role::Lead, Some("Maya Patel")),
    ("Sam Rivera", Role::Lead, Some("Maya Patel")),
    ("Priya Nair", Role::Lead, Some("Tom Okafor")),
    ("Ana Souza", Role::Rep, Some("Lena Fischer")),
    ("Ben Carter", Role::Rep, Some("Lena Fischer")),
    ("Chloe Martin", Role::Rep, Some("Sam Rivera")),
    ("Dev Kumar", Role::Rep, Some("Priya Nair")),
    ("Eli Cohen", Role::Rep, Some("Priya Nair")),
];

const CUSTOMERS: [(&str, &str, &str); 12] = [
    (
        "Olivia Bennett",
        "+1 (555) 010-2000",
        "olivia.bennett@example.com",
    ),
    ("Marcus Lee", "555.010.2001", "marcus@leeandsons.example"),
    ("Sofia Alvarez", "555 010 2002", "sofia.alvarez@example.org"),
    (
        "James O'Connor",
        "(555) 010-2003",
        "jim.oconnor@example.net",
    ),
    (
        "Hannah Schmidt",
        "+49 30 901820",
        "hannah.schmidt@example.de",
    ),
    ("Kenji Tanaka", "555-010-2005", "kenji@tanaka.example"),
    ("Amara Okeke", "5550102006", "amara.okeke@example.com"),
    (
        "Lucas Dubois",
        "+33 1 42 68 53 00",
        "lucas.dubois@example.fr",
    ),
    (
        "Ruth Goldberg",
        "555.010.2008",
        "ruth@goldbergbakery.example",
    ),
    ("Diego Fernandez", "555 010 2009", "diego.f@example.com"),
    (
        "Nora Lindqvist",
        "+46 8 123 456 78",
        "nora@lindqvist.example",
    ),
    ("Sam Whitfield", "555-010-2011", "sam.whitfield@example.com"),
];

struct CategorySpec {
    name: &'static str,
    required: &'static [&'static str],
    optional: &'static [&'static str],
    owner: Option<&'static str>,
    realtime: bool,
    steps: &'static [&'static str],
}

const CATEGORIES: [CategorySpec; 4] = [
    CategorySpec {
        name: "Billing",
        required: &["account_number", "invoice_number"],
        optional: &["amount"],
        owner: None,
        realtime: false,
        steps: &[
            "Explain the charge line by line",
            "Offer a courtesy credit of up to $20",
        ],
    },
    CategorySpec {
        name: "Delivery",
        required: &["order_number", "delivery_address"],
        optional: &["carrier"],
        owner: None,
        realtime: false,
        steps: &[
            "Share the tracking link",
            "Offer free express shipping on the replacement",
        ],
    },
    CategorySpec {
        name: "Internet outage",
        required: &["service_address", "outage_since"],
        optional: &["modem_lights"],
        owner: Some("Priya Nair"),
        realtime: true,
        steps: &[
            "Walk through restarting the modem",
            "Offer a mobile hotspot credit",
        ],
    },
    CategorySpec {
        name: "Account access",
        required: &["account_number"],
        optional: &["email_on_file"],
        owner: None,
        realtime: true,
        steps: &["Send a password reset link"],
    },
];

/// One step of the replay: hours before now, who acts, and what they do.
enum Step {
    Intake {
        rep: &'static str,
        customer: usize,
        category: usize,
        summary: &'static str,
        fields: &'static [(&'static str, &'static str)],
    },
    Act {
        who: &'static str,
        ticket: usize,
        action: fn(&Ctx) -> Action,
    },
}

/// What an action needs to know: ids by name, and the demo's "now".
struct Ctx {
    ids: BTreeMap<&'static str, i64>,
    now: chrono::DateTime<chrono::Utc>,
}

fn text(s: &str) -> String {
    s.to_string()
}

#[rustfmt::skip]
fn script() -> Vec<(f64, Step)> {
    use Step::*;
    vec![
        (72.0, Intake { rep: "Ana Souza", customer: 0, category: 0, summary: "Charged twice for the October invoice", fields: &[("account_number", "AC-20931"), ("invoice_number", "INV-10-4471"), ("amount", "$89.00")] }),
        (71.5, Intake { rep: "Chloe Martin", customer: 1, category: 1, summary: "Parcel marked delivered but never arrived", fields: &[("order_number", "ORD-55812"), ("delivery_address", "14 Elm Street, Springfield"), ("carrier", "UPS")] }),
        (71.0, Intake { rep: "Dev Kumar", customer: 2, category: 2, summary: "No internet since last night, whole street affected", fields: &[("service_address", "3 Harbour Road"), ("outage_since", "yesterday 21:00"), ("modem_lights", "DSL light blinking red")] }),
        (70.0, Act { who: "Ana Souza", ticket: 0, action: |_| Action::Resolve { resolution: text("Refunded the duplicate charge; confirmed by email"), prevention: None } }),
        (69.0, Act { who: "Ana Souza", ticket: 0, action: |_| Action::Feedback { delighted: true, what: text("Refund came through the same morning") } }),
        (68.5, Act { who: "Chloe Martin", ticket: 1, action: |_| Action::Pass { reason: text("Needs a carrier claim, which leads file") } }),
        (66.0, Act { who: "Priya Nair", ticket: 2, action: |_| Action::Pass { reason: text("Street cabinet fault: needs field engineering") } }),
        (65.5, Act { who: "Sam Rivera", ticket: 1, action: |_| Action::Resolve { resolution: text("Claim filed; replacement sent by express"), prevention: None } }),
        (64.0, Act { who: "Sam Rivera", ticket: 1, action: |_| Action::Feedback { delighted: true, what: text("Replacement arrived next day, before the claim even closed") } }),
        (48.0, Intake { rep: "Ben Carter", customer: 3, category: 0, summary: "Disputes late fee after autopay failure", fields: &[("account_number", "AC-11873"), ("invoice_number", "INV-11-0042"), ("amount", "$35.00")] }),
        (47.5, Intake { rep: "Ana Souza", customer: 4, category: 3, summary: "Locked out after password reset email never came", fields: &[("account_number", "AC-30551"), ("email_on_file", "hannah.schmidt@example.de")] }),
        (47.0, Intake { rep: "Chloe Martin", customer: 5, category: 1, summary: "Wrong item delivered: blue kettle instead of steel", fields: &[("order_number", "ORD-56020"), ("delivery_address", "88 Cedar Ave, Apt 4")] }),
        (46.5, Act { who: "Ana Souza", ticket: 4, action: |_| Action::Resolve { resolution: text("Reset link resent to the corrected address; customer signed in"), prevention: None } }),
        (46.0, Act { who: "Ben Carter", ticket: 3, action: |_| Action::Pass { reason: text("Waiving a fee is above my limit") } }),
        (44.0, Act { who: "Lena Fischer", ticket: 3, action: |_| Action::Pass { reason: text("Autopay failure was ours: needs a policy exception") } }),
        (29.0, Act { who: "Grace Hopper", ticket: 2, action: |_| Action::Resolve { resolution: text("Cabinet replaced overnight; service restored and a month credited"), prevention: None } }),
        (28.0, Act { who: "Grace Hopper", ticket: 2, action: |_| Action::Feedback { delighted: true, what: text("An executive called personally and credited the month") } }),
        (30.0, Intake { rep: "Ana Souza", customer: 6, category: 0, summary: "Invoice shows a plan she never ordered", fields: &[("account_number", "AC-44120"), ("invoice_number", "INV-11-0310")] }),
        (29.0, Act { who: "Lena Fischer", ticket: 6, action: |_| Action::Take }),
        (30.5, Act { who: "Maya Patel", ticket: 3, action: |_| Action::Resolve { resolution: text("Late fee waived as a one-off; autopay re-linked"), prevention: None } }),
        (29.5, Act { who: "Maya Patel", ticket: 3, action: |_| Action::Feedback { delighted: false, what: text("Took two days and three people to waive a $35 fee") } }),
        (26.0, Act { who: "Lena Fischer", ticket: 6, action: |_| Action::Resolve { resolution: text("Plan removed; invoice re-issued"), prevention: None } }),
        (19.0, Act { who: "Ana Souza", ticket: 6, action: |_| Action::Reopen { reason: text("The plan reappeared on the new invoice") } }),
        (18.0, Intake { rep: "Eli Cohen", customer: 7, category: 2, summary: "Connection drops every evening around 8pm", fields: &[("service_address", "27 Rue Lafayette"), ("outage_since", "a week, evenings"), ("modem_lights", "all green")] }),
        (17.0, Intake { rep: "Chloe Martin", customer: 8, category: 1, summary: "Bakery order of 40 boxes split across two days", fields: &[("order_number", "ORD-56301"), ("delivery_address", "Goldberg Bakery, 9 Mill Lane"), ("carrier", "DHL")] }),
        (16.5, Act { who: "Chloe Martin", ticket: 8, action: |_| Action::Note { text: text("Carrier confirms the second van leaves tomorrow 7am") } }),
        (10.0, Intake { rep: "Ben Carter", customer: 9, category: 0, summary: "Asks for itemised invoices for his accountant", fields: &[("account_number", "AC-50217"), ("invoice_number", "INV-11-0518")] }),
        (9.5, Act { who: "Ben Carter", ticket: 9, action: |c| Action::Tickle { at: c.now + Duration::hours(10) } }),
        (5.0, Intake { rep: "Dev Kumar", customer: 10, category: 3, summary: "Two-factor codes go to an old phone number", fields: &[("account_number", "AC-61002")] }),
        (4.5, Act { who: "Tom Okafor", ticket: 10, action: |c| Action::Assign { to: c.ids["Eli Cohen"], reason: text("Eli handled the last number-port case") } }),
        (2.0, Intake { rep: "Chloe Martin", customer: 11, category: 1, summary: "Courier left the parcel in the rain; contents damaged", fields: &[("order_number", "ORD-56377"), ("delivery_address", "5 Orchard Close")] }),
        (1.5, Act { who: "Chloe Martin", ticket: 11, action: |_| Action::Note { text: text("Photos received by email; damage is clear") } }),
        (0.5, Intake { rep: "Ana Souza", customer: 0, category: 0, summary: "Wants to switch to annual billing", fields: &[("account_number", "AC-20931"), ("invoice_number", "INV-11-0602")] }),
    ]
}

impl Desk {
    /// Loads the demo organisation into an empty desk, replaying three days up to now.
    pub fn load_demo(&mut self) -> Result<DemoSummary> {
        if !self.is_empty()? {
            return Err(Error::Conflict(
                "this desk already has people; demo data goes only into an empty one".into(),
            ));
        }
        let end = self.now();
        let clock = Arc::new(FakeClock::new(end - Duration::hours(73)));
        let real = self.set_clock(clock.clone());
        let result = self.replay(&clock, end);
        self.set_clock(real);
        result
    }

    /// Moves the clock to `to` in quarter hours, sweeping as a running app would.
    fn sweep_until(&mut self, clock: &FakeClock, to: chrono::DateTime<chrono::Utc>) -> Result<()> {
        while self.now() + Duration::minutes(15) < to {
            clock.advance(Duration::minutes(15));
            self.sweep()?;
        }
        clock.set(to);
        self.sweep()?;
        Ok(())
    }

    fn replay(
        &mut self,
        clock: &FakeClock,
        end: chrono::DateTime<chrono::Utc>,
    ) -> Result<DemoSummary> {
        let mut ids = BTreeMap::new();
        for (name, role, boss) in PEOPLE {
            let reports_to = boss.map(|b| ids[b]);
            let p = self.add_person(
                None,
                NewPerson {
                    name: name.into(),
                    role,
                    reports_to,
                    pin: Some(DEMO_PIN.into()),
                },
            )?;
            ids.insert(name, p.id);
        }
        let mut customers = Vec::new();
        for (name, phone, email) in CUSTOMERS {
            let c = self.add_customer(NewCustomer {
                name: name.into(),
                phones: vec![phone.into()],
                emails: vec![email.into()],
                notes: String::new(),
            })?;
            customers.push(c.id);
        }
        let mut categories = Vec::new();
        for spec in &CATEGORIES {
            let field = |key: &&str, required| FieldDef {
                key: key.to_string(),
                label: label_for(key),
                required,
            };
            let fields = spec
                .required
                .iter()
                .map(|k| field(k, true))
                .chain(spec.optional.iter().map(|k| field(k, false)))
                .collect();
            let c = self.add_category(
                None,
                NewCategory {
                    name: spec.name.into(),
                    fields,
                    default_owner_id: spec.owner.map(|o| ids[o]),
                    realtime: spec.realtime,
                    small_steps: spec.steps.iter().map(|s| s.to_string()).collect(),
                },
            )?;
            categories.push(c.id);
        }
        let mut steps = script();
        steps.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut tickets: Vec<i64> = Vec::new();
        let mut intakes = 0;
        for (hours_ago, step) in steps {
            self.sweep_until(clock, end - Duration::minutes((hours_ago * 60.0) as i64))?;
            let now = self.now();
            match step {
                Step::Intake {
                    rep,
                    customer,
                    category,
                    summary,
                    fields,
                } => {
                    let t = self.intake(
                        ids[rep],
                        Intake {
                            customer_id: customers[customer],
                            category_id: categories[category],
                            summary: summary.into(),
                            fields: fields
                                .iter()
                                .map(|(k, v)| (k.to_string(), v.to_string()))
                                .collect(),
                            channel: Some(if intakes % 3 == 2 { "email" } else { "phone" }.into()),
                            small_step: CATEGORIES[category].steps.first().map(|s| s.to_string()),
                            promise_at: Some(
                                now + Duration::hours(if intakes % 2 == 0 { 8 } else { 18 }),
                            ),
                            realtime_offered: CATEGORIES[category].realtime,
                            realtime_taken: false,
                            key: None,
                            resolution: None,
                        },
                    )?;
                    intakes += 1;
                    tickets.push(t.id);
                }
                Step::Act {
                    who,
                    ticket,
                    action,
                } => {
                    let ctx = Ctx {
                        ids: ids.clone(),
                        now,
                    };
                    self.act(ids[who], tickets[ticket], None, action(&ctx))?;
                }
            }
        }
        self.sweep_until(clock, end)?;
        Ok(DemoSummary {
            people: PEOPLE.len() as u32,
            customers: customers.len() as u32,
            categories: categories.len() as u32,
            tickets: tickets.len() as u32,
            pin: DEMO_PIN.into(),
        })
    }
}
