//! `baton`: a thin command line over `baton_core::Desk`. Parsing and printing only; every rule
//! stays in the core.

mod args;
mod exit;
mod human;
mod print;
mod run;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run::run(args::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baton: {e:#}");
            exit::status(&e)
        }
    }
}
