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
        Some(Error::Invalid(_) | Error::MissingFields(_) | Error::NotFound { .. }) => {
            ExitCode::from(2)
        }
        _ => ExitCode::FAILURE,
    }
}
