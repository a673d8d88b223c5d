//! The CLI's own documentation, generated from its clap definition so it cannot drift:
//! shell completions and the manual pages the package installs.

use crate::args::Cli;
use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::{self, Write};
use std::path::Path;

pub fn completions(shell: Shell) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "baton", &mut script);
    Ok(io::stdout().write_all(&script)?)
}

/// `baton.1` on stdout, or with `dir` every page (`baton.1`, `baton-intake.1`, …) written there.
pub fn manual(dir: Option<&Path>) -> Result<()> {
    match dir {
        Some(dir) => clap_mangen::generate_to(Cli::command(), dir)
            .with_context(|| format!("writing the manual pages into {}", dir.display())),
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            Ok(io::stdout().write_all(&page)?)
        }
    }
}
