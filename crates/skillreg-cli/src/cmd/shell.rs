//! `completions` and `man`: the command line described for shells and for `man`, both made from
//! the one clap definition in `args.rs`, so they cannot drift from it.

use clap::CommandFactory as _;

use crate::args::Cli;

/// The completion script for `shell`.
pub(super) fn completions(shell: clap_complete::Shell) -> anyhow::Result<String> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "skillreg", &mut out);
    Ok(String::from_utf8(out)?)
}

/// The manual page, in roff.
pub(super) fn man() -> anyhow::Result<String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(String::from_utf8(out)?)
}
