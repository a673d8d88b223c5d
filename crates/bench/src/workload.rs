//! Seeded inputs for the measurements: new intakes, and search queries taken from tickets in the
//! desk the way a rep would type them.

use crate::generate::Rng;
use baton_core::categories::Category;
use baton_core::people::Role;
use baton_core::tickets::Intake;
use baton_core::Desk;
use std::collections::BTreeMap;

const WORDS: [&str; 12] = [
    "invoice", "parcel", "router", "refund", "password", "signal", "battery", "delivery", "charge",
    "outage", "return", "account",
];

/// Intakes as reps would type them: a random rep, customer and category with its fields.
pub struct Intakes {
    reps: Vec<i64>,
    categories: Vec<Category>,
    customers: u64,
    rng: Rng,
}

impl Intakes {
    pub fn new(desk: &mut Desk, customers: u64, seed: u64) -> anyhow::Result<Intakes> {
        let reps = desk
            .people()?
            .into_iter()
            .filter(|p| p.role == Role::Rep && p.active)
            .map(|p| p.id)
            .collect();
        Ok(Intakes {
            reps,
            categories: desk.categories()?,
            customers,
            rng: Rng::new(seed),
        })
    }

    /// Who takes the call, and what they enter.
    pub fn call(&mut self) -> (i64, Intake) {
        let rng = &mut self.rng;
        let rep = *rng.pick(&self.reps);
        let category = rng.pick(&self.categories);
        let mut fields = BTreeMap::new();
        for f in &category.fields {
            if f.required || rng.chance(0.5) {
                fields.insert(f.key.clone(), format!("{}-{}", f.key, rng.below(1_000_000)));
            }
        }
        let intake = Intake {
            customer_id: 1 + rng.below(self.customers as usize) as i64,
            category_id: category.id,
            summary: format!(
                "New {} problem: {} and {} since this morning",
                category.name.to_lowercase(),
                rng.pick(&WORDS),
                rng.pick(&WORDS)
            ),
            fields,
            channel: Some("phone".into()),
            small_step: category.small_steps.first().cloned(),
            promise_at: None,
            realtime_offered: false,
            realtime_taken: false,
            key: None,
            resolution: None,
        };
        (rep, intake)
    }

    /// A row of about the size a ticket takes, for the bare-SQLite baseline.
    pub fn payload(&mut self) -> String {
        let (_, i) = self.call();
        format!(
            "{} {} {}",
            i.summary,
            serde_json::to_string(&i.fields).unwrap_or_default(),
            "x".repeat(120)
        )
    }
}

/// `n` queries drawn from random tickets: a word of the summary, two words, a field value
/// (an order or account number read out by the customer), or the first letters of a word.
pub fn search_queries(
    desk: &mut Desk,
    first_ticket: i64,
    tickets: u64,
    n: usize,
    seed: u64,
) -> anyhow::Result<Vec<String>> {
    let mut rng = Rng::new(seed);
    let mut queries = Vec::with_capacity(n);
    while queries.len() < n {
        let id = first_ticket + rng.below(tickets as usize) as i64;
        let t = desk.ticket(id)?.ticket;
        let words: Vec<&str> = t
            .summary
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .collect();
        if words.is_empty() {
            continue;
        }
        let query = match rng.below(100) {
            0..=39 => rng.pick(&words).to_string(),
            40..=59 => format!("{} {}", rng.pick(&words), rng.pick(&words)),
            60..=84 => match t
                .fields
                .values()
                .find(|v| v.chars().any(|c| c.is_ascii_digit()))
            {
                Some(v) => v.clone(),
                None => continue,
            },
            _ => {
                let w = rng.pick(&words);
                w.chars().take(3 + rng.below(3)).collect()
            }
        };
        queries.push(query);
    }
    Ok(queries)
}
