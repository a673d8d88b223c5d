//! Timing loops, percentiles, and the results table.

use serde::Serialize;
use std::time::{Duration, Instant};

/// Times `f` `n` times after `warmup` untimed calls; `f` gets the iteration number.
pub fn time<T>(
    n: usize,
    warmup: usize,
    mut f: impl FnMut(usize) -> anyhow::Result<T>,
) -> anyhow::Result<(Vec<Duration>, Vec<T>)> {
    for i in 0..warmup {
        f(i)?;
    }
    let mut times = Vec::with_capacity(n);
    let mut outputs = Vec::with_capacity(n);
    for i in 0..n {
        let started = Instant::now();
        let out = f(warmup + i)?;
        times.push(started.elapsed());
        outputs.push(out);
    }
    Ok((times, outputs))
}

/// Nearest-rank percentile of unsorted samples.
pub fn percentile(samples: &[Duration], p: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.saturating_sub(1))
        .copied()
        .unwrap_or_default()
}

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// Whether a target was met; None where no target applies.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Met,
    Missed,
}

impl Verdict {
    pub fn of(met: bool) -> Verdict {
        if met {
            Verdict::Met
        } else {
            Verdict::Missed
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub name: String,
    pub n: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub target: String,
    pub verdict: Option<Verdict>,
    /// What else the reader should know (rows returned, ratios).
    pub note: String,
}

impl Row {
    pub fn new(name: &str, samples: &[Duration]) -> Row {
        // Progress, as a long run goes.
        eprintln!(
            "  {name}: p50 {}",
            show_ms(millis(percentile(samples, 50.0)))
        );
        Row {
            name: name.into(),
            n: samples.len(),
            p50_ms: millis(percentile(samples, 50.0)),
            p99_ms: millis(percentile(samples, 99.0)),
            max_ms: millis(samples.iter().max().copied().unwrap_or_default()),
            target: String::new(),
            verdict: None,
            note: String::new(),
        }
    }

    /// A target on the p99: met when it is under `limit_ms`.
    pub fn p99_under(mut self, limit_ms: f64) -> Row {
        self.target = format!("p99 < {}", show_ms(limit_ms));
        self.verdict = Some(Verdict::of(self.p99_ms < limit_ms));
        self
    }

    /// A target on every run: met when the slowest is under `limit_ms`.
    pub fn max_under(mut self, limit_ms: f64) -> Row {
        self.target = format!("max < {}", show_ms(limit_ms));
        self.verdict = Some(Verdict::of(self.max_ms < limit_ms));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Row {
        self.note = note.into();
        self
    }
}

/// 0.412 → "0.412 ms", 1532 → "1.53 s".
pub fn show_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.3} ms")
    }
}

pub fn table(rows: &[Row]) -> String {
    let header = [
        "measurement",
        "n",
        "p50",
        "p99",
        "max",
        "target",
        "result",
        "notes",
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                r.n.to_string(),
                show_ms(r.p50_ms),
                show_ms(r.p99_ms),
                show_ms(r.max_ms),
                if r.target.is_empty() {
                    "—".into()
                } else {
                    r.target.clone()
                },
                match r.verdict {
                    Some(Verdict::Met) => "met".into(),
                    Some(Verdict::Missed) => "MISSED".into(),
                    None => "—".into(),
                },
                r.note.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w - cell.chars().count();
            // Numbers line up on the right, words on the left.
            if (1..=4).contains(&i) {
                out.push_str(&" ".repeat(pad));
                out.push_str(cell);
            } else {
                out.push_str(cell);
                if i + 1 < cells.len() {
                    out.push_str(&" ".repeat(pad));
                }
            }
            if i + 1 < cells.len() {
                out.push_str("  ");
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(&header.map(String::from));
    out.push_str(&line(&widths.map(|w| "-".repeat(w))));
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let samples: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();
        assert_eq!(percentile(&samples, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&samples, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&samples[..1], 99.0), Duration::from_millis(100));
        assert_eq!(percentile(&[], 99.0), Duration::ZERO);
    }

    #[test]
    fn rows_judge_their_targets() {
        let samples = [Duration::from_micros(400), Duration::from_micros(1_200)];
        let row = Row::new("q", &samples).p99_under(1.0);
        assert_eq!(row.verdict, Some(Verdict::Missed));
        assert_eq!(row.target, "p99 < 1.000 ms");
        let text = table(&[row]);
        assert!(text.lines().nth(2).unwrap().contains("MISSED"));
        assert_eq!(show_ms(1532.0), "1.53 s");
    }
}
