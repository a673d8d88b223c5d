//! How a failure is reported: one line on stderr and an exit status that says what kind it was.

use baton_core::Error;
use std::fmt;
use std::process::ExitCode;

/// Input the CLI itself refuses before asking the core (a missing `--as`, a bad `BATON_NOW`...).
#[derive(Debug)]
pub struct Usage(pub String);

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// 2 for invalid input (ours or the core's), 1 for everything refused or failed.
pub fn status(e: &anyhow::Error) -> ExitCode {
    if e.is::<Usage>() {
        return ExitCode::from(2);
    }
    match e.downcast_ref::<Error>() {
        Some(
            Error::Invalid(_) | Error::MissingFields(_) | Error::NotFound { .. } | Error::NoDesk(_),
        ) => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    }
}

/// clap's error as one line: its first paragraph (which names what was wrong, and for missing
/// arguments lists them on the lines below), without the usage and the hint.
pub fn usage_line(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    let first: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let line = first.join(" ");
    baton_core::text::printable(line.strip_prefix("error: ").unwrap_or(&line))
}
