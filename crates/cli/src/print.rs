//! Where output goes and the small pieces human output is built from: tables, local times,
//! durations.

use anyhow::Result;
use baton_core::text::printable;
use chrono::{DateTime, Duration, Local, Utc};
use serde::Serialize;
use std::io::{ErrorKind, Write};

/// One JSON value, or text for people.
pub struct Out {
    json: bool,
}

impl Out {
    pub fn new(json: bool) -> Self {
        Out { json }
    }

    pub fn emit<T: Serialize + ?Sized>(
        &self,
        value: &T,
        human: impl FnOnce(&T) -> String,
    ) -> Result<()> {
        let mut text = if self.json {
            serde_json::to_string_pretty(value)?
        } else {
            // Stored text is printed, never obeyed: a terminal control sequence in a summary
            // (kept from before they were refused) shows as an escape.
            human(value)
                .split('\n')
                .map(printable)
                .collect::<Vec<_>>()
                .join("\n")
        };
        if !text.ends_with('\n') {
            text.push('\n');
        }
        match std::io::stdout().lock().write_all(text.as_bytes()) {
            // `baton queue | head` is not a failure.
            Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
            other => Ok(other?),
        }
    }
}

/// Columns padded to their widest cell; the last column is not padded.
pub struct Table {
    rows: Vec<Vec<String>>,
    right: Vec<usize>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Self {
        Table {
            rows: vec![headers.iter().map(|h| h.to_string()).collect()],
            right: vec![],
        }
    }

    /// Right-aligns the given columns (figures).
    pub fn right(mut self, columns: &[usize]) -> Self {
        self.right = columns.to_vec();
        self
    }

    /// A row; each cell stays on one line.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells.iter().map(|c| printable(c)).collect());
    }

    pub fn render(&self) -> String {
        let columns = self.rows[0].len();
        let widths: Vec<usize> = (0..columns)
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| r[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let pad = " ".repeat(widths[i] - cell.chars().count());
                if i > 0 {
                    line.push_str("  ");
                }
                if self.right.contains(&i) {
                    line.push_str(&pad);
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    if i + 1 < columns {
                        line.push_str(&pad);
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// An instant in the viewer's local time.
pub fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

/// `3h 12m`, `45m`, `2d 4h`.
pub fn span(d: Duration) -> String {
    let minutes = d.num_minutes();
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

/// Time left until `due`, or how long ago it passed.
pub fn left(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if due > now {
        span(due - now)
    } else {
        format!("overdue {}", span(now - due))
    }
}

/// At most `max` characters, with an ellipsis when cut; one line.
pub fn clip(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        line
    } else {
        let cut: String = line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(Duration::minutes(192)), "3h 12m");
        assert_eq!(span(Duration::minutes(120)), "2h");
        assert_eq!(span(Duration::seconds(59)), "0m");
        assert_eq!(span(Duration::minutes(45)), "45m");
        assert_eq!(span(Duration::hours(52)), "2d 4h");
        let now = Utc::now();
        assert_eq!(left(now + Duration::minutes(61), now), "1h 1m");
        assert_eq!(left(now - Duration::hours(2), now), "overdue 2h");
    }

    #[test]
    fn tables_align_and_clip() {
        let mut t = Table::new(&["#", "WHO", "N"]).right(&[2]);
        t.row(vec!["1".into(), "Ann".into(), "7".into()]);
        t.row(vec!["1042".into(), "Bo".into(), "12".into()]);
        assert_eq!(t.render(), "#     WHO   N\n1     Ann   7\n1042  Bo   12\n");
        assert_eq!(clip("a  long\nsummary", 20), "a long summary");
        assert_eq!(clip("abcdefgh", 5), "abcd…");
    }
}
