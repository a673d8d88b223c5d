//! Tickets: what the frontline captured, who holds it, and when it is due.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

use crate::customers::{self, Customer, Lookup};
use crate::events::Event;
use crate::people::Person;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Ticket {
    pub id: i64,
    /// The number read out to the customer; the same value as `id`.
    pub number: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub category_id: i64,
    pub category_name: String,
    pub summary: String,
    pub fields: BTreeMap<String, String>,
    pub channel: String,
    pub intake_rep_id: i64,
    pub created_at: DateTime<Utc>,
    pub owner_id: i64,
    pub owner_name: String,
    pub owner_since: DateTime<Utc>,
    pub status: Status,
    pub due_at: DateTime<Utc>,
    pub warned_at: Option<DateTime<Utc>>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub tickle_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub promise_at: DateTime<Utc>,
    pub small_step: Option<String>,
    pub realtime_offered: bool,
    pub realtime_taken: bool,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    /// Closed as a duplicate of this ticket.
    pub merged_into: Option<i64>,
    /// After a resolve: who is to confirm the customer heard back, until they have.
    pub confirm_by: Option<i64>,
    /// When they are next reminded to, while it is outstanding.
    pub confirm_due_at: Option<DateTime<Utc>>,
    /// When the customer was confirmed to have heard back.
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// A line in a customer's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TicketSummary {
    pub id: i64,
    pub number: i64,
    pub summary: String,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub owner_name: String,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The ticket it was merged into, if it was.
    pub merged_into: Option<i64>,
}

/// Everything the ticket screen shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TicketDetail {
    #[serde(flatten)]
    pub ticket: Ticket,
    pub customer: Customer,
    pub events: Vec<Event>,
    pub history: Vec<TicketSummary>,
    /// What the person viewing may do now (empty when nobody in particular is viewing).
    pub allowed: Vec<ActionKind>,
    /// Who a pass-up by the person viewing would go to, when they may pass it.
    pub passes_to: Option<Person>,
}

/// The kinds of `Action`, for saying which are open to someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Pass,
    Take,
    Assign,
    Resolve,
    Reopen,
    Note,
    Tickle,
    Feedback,
    Contact,
    /// Merging into another ticket: not an `Action` of its own, as it changes two tickets
    /// (`machine::merge`), but offered like one.
    Merge,
    /// Correcting facts captured at intake.
    Correct,
    /// E-mailing the customer: a contact by e-mail, sent first (`Desk::email_customer`).
    Email,
    /// Confirming, after a resolve, that the customer heard back.
    Confirm,
}

impl ActionKind {
    pub const ALL: [ActionKind; 13] = [
        ActionKind::Pass,
        ActionKind::Take,
        ActionKind::Assign,
        ActionKind::Resolve,
        ActionKind::Reopen,
        ActionKind::Note,
        ActionKind::Tickle,
        ActionKind::Feedback,
        ActionKind::Contact,
        ActionKind::Merge,
        ActionKind::Correct,
        ActionKind::Email,
        ActionKind::Confirm,
    ];
}

/// How the customer was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ContactHow {
    Phone,
    Email,
    Visit,
    Chat,
}

impl ContactHow {
    pub const ALL: [ContactHow; 4] = [
        ContactHow::Phone,
        ContactHow::Email,
        ContactHow::Visit,
        ContactHow::Chat,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContactHow::Phone => "phone",
            ContactHow::Email => "email",
            ContactHow::Visit => "visit",
            ContactHow::Chat => "chat",
        }
    }

    pub fn parse(s: &str) -> Option<ContactHow> {
        Self::ALL.into_iter().find(|h| h.as_str() == s)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Intake {
    pub customer_id: i64,
    pub category_id: i64,
    pub summary: String,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// phone, email, walk-in, chat...; "phone" when not given.
    pub channel: Option<String>,
    pub small_step: Option<String>,
    /// When the customer was told they will hear back; the 20-hour mark when not given.
    pub promise_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub realtime_offered: bool,
    #[serde(default)]
    pub realtime_taken: bool,
    /// An idempotency key: the same intake sent again with it takes nothing in twice.
    #[serde(default)]
    #[ts(optional)]
    pub key: Option<String>,
    /// Solved on the call: the ticket is taken in and resolved at once, held by the rep.
    #[serde(default)]
    #[ts(optional)]
    pub resolution: Option<String>,
}

/// What a person does to a ticket. The rules for each live in `ownership`.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    Pass {
        reason: String,
    },
    Take,
    Assign {
        to: i64,
        reason: String,
    },
    Resolve {
        resolution: String,
        /// What was changed so the problem does not happen again, when something was.
        #[serde(default)]
        #[ts(optional)]
        prevention: Option<String>,
    },
    Reopen {
        reason: String,
    },
    Note {
        text: String,
    },
    Tickle {
        at: DateTime<Utc>,
    },
    Feedback {
        delighted: bool,
        what: String,
    },
    /// Facts captured at intake set right: each key one the ticket already has.
    Correct {
        fields: BTreeMap<String, String>,
    },
    /// After a resolve: whether the customer heard back (if not, it is tried again), and
    /// their reaction, which counts as feedback when it says whether they were delighted.
    Confirm {
        heard_back: bool,
        #[serde(default)]
        #[ts(optional)]
        what: Option<String>,
        #[serde(default)]
        #[ts(optional)]
        delighted: Option<bool>,
    },
    /// The customer was told how things stand; with `promise_at`, a new time was agreed.
    Contact {
        how: ContactHow,
        what: String,
        promise_at: Option<DateTime<Utc>>,
    },
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Pass { .. } => ActionKind::Pass,
            Action::Take => ActionKind::Take,
            Action::Assign { .. } => ActionKind::Assign,
            Action::Resolve { .. } => ActionKind::Resolve,
            Action::Reopen { .. } => ActionKind::Reopen,
            Action::Note { .. } => ActionKind::Note,
            Action::Tickle { .. } => ActionKind::Tickle,
            Action::Feedback { .. } => ActionKind::Feedback,
            Action::Contact { .. } => ActionKind::Contact,
            Action::Correct { .. } => ActionKind::Correct,
            Action::Confirm { .. } => ActionKind::Confirm,
        }
    }
}

/// The rail's live counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct Counts {
    pub mine: u32,
    pub team: u32,
    pub near_escalation: u32,
    pub escalated_to_me: u32,
    pub unread_alerts: u32,
}

/// Which tickets a queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// Held by the person.
    Mine,
    /// Held by anyone below the person.
    Team,
    /// In the warning window and not yet escalated, held by the person or anyone below them
    /// (without a person, anywhere).
    NearEscalation,
    /// Escalated and now held by the person or anyone below them, or escalated while one of
    /// them held it (their team's escalations, wherever they went).
    EscalatedToMe,
    /// Everything (the CLI's `queue` without `--owner`).
    All,
}

/// Where a ticket stands against the time promised to the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PromiseState {
    /// Open, and the promised time is still ahead.
    Pending,
    /// Open past the promised time, or resolved after it.
    Missed,
    /// Resolved by the promised time.
    Kept,
}

/// Which tickets the list of all tickets shows; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ListFilter {
    /// Only open or only resolved tickets (both when absent).
    #[ts(optional)]
    pub status: Option<Status>,
    /// Resolved tickets only if resolved within this many days (open ones always).
    #[ts(optional)]
    pub resolved_within_days: Option<u32>,
    #[ts(optional)]
    pub category_id: Option<i64>,
    #[ts(optional)]
    pub owner_id: Option<i64>,
    #[ts(optional)]
    pub promise: Option<PromiseState>,
}

impl ListFilter {
    /// Open tickets only, or everything: the CLI's plain `queue`.
    pub fn open(open_only: bool) -> ListFilter {
        ListFilter {
            status: open_only.then_some(Status::Open),
            ..ListFilter::default()
        }
    }

    /// The earliest resolution shown (ms since the epoch), when only recent ones are.
    pub fn resolved_since(&self, now_ms: i64) -> Option<i64> {
        self.resolved_within_days
            .map(|days| now_ms - i64::from(days) * 86_400_000)
    }
}

/// Which part of a list to show: at most `limit` tickets, those after `after` in its order
/// (from the start when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Page {
    pub limit: u32,
    #[ts(optional)]
    pub after: Option<After>,
}

/// Where a page starts: just after this ticket as the list showed it. Its place is kept by
/// the sort keys it was listed with, so a ticket resolved, reopened or passed since does not
/// move the next page or make it skip rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct After {
    pub id: i64,
    pub resolved: bool,
    pub due_at: DateTime<Utc>,
    pub escalated_at: Option<DateTime<Utc>>,
}

impl After {
    pub fn of(t: &Ticket) -> After {
        After {
            id: t.id,
            resolved: t.status == Status::Resolved,
            due_at: t.due_at,
            escalated_at: t.escalated_at,
        }
    }
}

impl Page {
    /// The most a page holds: a screen never shows more, and a command line says when it
    /// cuts.
    pub const MAX: u32 = 5_000;

    /// The first `limit` tickets.
    pub fn first(limit: u32) -> Page {
        Page { limit, after: None }
    }

    pub fn check(&self) -> crate::Result<()> {
        if !(1..=Page::MAX).contains(&self.limit) {
            return Err(crate::Error::Invalid(format!(
                "show 1 to {} at a time, not {}",
                Page::MAX,
                self.limit
            )));
        }
        Ok(())
    }
}

/// One page of a list: its tickets, and (with the first page) how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Listing {
    pub tickets: Vec<Ticket>,
    pub total: Option<u32>,
}

/// Whose queue a person-bound queue shows, or a one-line refusal naming what is missing.
pub fn whose(kind: QueueKind, person: Option<i64>) -> crate::Result<i64> {
    let what = match kind {
        QueueKind::Team => "team",
        QueueKind::EscalatedToMe => "escalations",
        _ => "queue",
    };
    person.ok_or_else(|| crate::Error::Invalid(format!("say whose {what} to show")))
}

/// What a search looks for, read from what was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchTerms {
    /// Its words (at most 16), each matched as a prefix in a ticket's text.
    pub words: Vec<String>,
    /// A ticket number, when the text is one (`1042` or `#1042`).
    pub number: Option<i64>,
    /// The customers it may name: by name, e-mail, or phone in any format.
    pub customer: Option<Lookup>,
}

/// Fewer digits than this are a ticket number or a word, not part of a phone number.
const PHONE_DIGITS: usize = 6;

pub fn search_terms(text: &str) -> crate::Result<SearchTerms> {
    let words: Vec<String> = words(text).take(16).map(str::to_string).collect();
    if words.is_empty() {
        return Err(crate::Error::Invalid(
            "type a word or a ticket number to search for".into(),
        ));
    }
    let customer = match customers::classify_lookup(text) {
        Ok(Lookup::Phone(digits)) if digits.len() < PHONE_DIGITS => None,
        lookup => lookup.ok(),
    };
    Ok(SearchTerms {
        words,
        number: text.trim().trim_start_matches('#').parse().ok(),
        customer,
    })
}

/// The words search sees in a text: runs of letters and digits, so "INV-2024-17" is "INV",
/// "2024" and "17" whether it is stored or typed.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// A text as search indexes it: its words, lower case and without diacritics ("Café" is
/// "cafe", as SQLite's tokenizer has it), separated by spaces.
pub fn indexed(text: &str) -> String {
    words(text).map(folded).collect::<Vec<_>>().join(" ")
}

/// A word as search compares it: lower case, accents and other marks dropped.
pub fn folded(word: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}
