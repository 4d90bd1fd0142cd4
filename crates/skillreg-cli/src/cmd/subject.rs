//! `skillreg subject export` and `skillreg purge`: data subject requests from the command line,
//! each one library call (`Registry::subject_export`, `Registry::erase_terminated_before`).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use skillreg_cli::render::{Format, Table, emit};

/// `skillreg subject ...`
#[derive(Subcommand)]
pub enum SubjectCommand {
    /// Everything held about one person (right of access), as JSON with field names a person
    /// can read.
    Export {
        /// Employee number.
        employee: String,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// `skillreg purge ...`
#[derive(Args)]
pub struct PurgeArgs {
    /// Erase the personal data of everyone whose every employment ended before this day
    /// (YYYY-MM-DD).
    #[arg(long, value_parser = crate::args::parse_date)]
    terminated_before: NaiveDate,
    /// Count only; erase nothing.
    #[arg(long)]
    dry_run: bool,
}

/// Runs `subject export`.
pub fn subject(command: SubjectCommand, ctx: &super::Ctx) -> anyhow::Result<String> {
    let day = ctx.day;
    match command {
        SubjectCommand::Export { employee, output } => {
            let registry = ctx.open()?;
            let export = registry.subject_export(&employee, day)?;
            let json = serde_json::to_string_pretty(&export)? + "\n";
            match output {
                None => Ok(json),
                Some(file) => {
                    ctx.check_output(&file)?;
                    skillreg_cli::write_atomically(&file, json.as_bytes())?;
                    Ok(format!("wrote {}\n", file.display()))
                }
            }
        }
    }
}

/// Runs `purge`.
pub fn purge(args: PurgeArgs, ctx: &super::Ctx) -> anyhow::Result<String> {
    let format = ctx.format;
    let mut registry = ctx.open()?;
    // How long the erasure's last step waits for other processes' reads to finish.
    registry.set_wait(std::time::Duration::from_secs(ctx.lock_timeout))?;
    let erasure = registry.erase_terminated_before(args.terminated_before, args.dry_run)?;
    if format == Format::Table {
        return Ok(format!(
            "{} {} people who left before {} ({} manager and {} assessor references removed, {} audit rows renamed){}\n",
            if erasure.dry_run {
                "would erase"
            } else {
                "erased"
            },
            erasure.n_people,
            erasure.cutoff,
            erasure.n_manager_links,
            erasure.n_assessor_links,
            erasure.n_audit_rows,
            if erasure.dry_run {
                "; nothing was written"
            } else {
                ""
            }
        ));
    }
    let mut t = Table::new(&[
        "cutoff",
        "people",
        "manager_links",
        "assessor_links",
        "audit_rows",
        "dry_run",
    ]);
    t.row(vec![
        erasure.cutoff.to_string(),
        erasure.n_people.to_string(),
        erasure.n_manager_links.to_string(),
        erasure.n_assessor_links.to_string(),
        erasure.n_audit_rows.to_string(),
        erasure.dry_run.to_string(),
    ]);
    emit(format, &erasure, &t)
}
