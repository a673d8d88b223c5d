//! `baton`: a thin command line over `baton_core::Desk`. Parsing and printing only; every rule
//! stays in the core.

mod args;
mod docs;
mod exit;
mod human;
mod print;
mod run;

use baton_core::text::printable;
use clap::error::ErrorKind;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    if let Some(flag) = args::given_twice(std::env::args_os()) {
        eprintln!("baton: {flag} is given twice (see `baton --help`)");
        return ExitCode::from(2);
    }
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            e.exit()
        }
        Err(e) => {
            eprintln!("baton: {} (see `baton --help`)", exit::usage_line(&e));
            return ExitCode::from(2);
        }
    };
    match run::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever the message quotes of what was typed.
            eprintln!("baton: {}", printable(&format!("{e:#}")));
            exit::status(&e)
        }
    }
}
