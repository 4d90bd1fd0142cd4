//! `skillreg maturity`: the organisation's digital maturity. `import` is
//! [`skillreg_cli::maturity::import_answers_file`], `report` is `Registry::maturity_report`
//! written as a table, JSON, CSV or a page.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use skillreg_cli::render::{Format, Table};

use super::Ctx;

/// `skillreg maturity ...`
#[derive(Subcommand)]
pub enum MaturityCommand {
    /// Record the answers of one measurement (header respondent,unit,capability,step; `;` or
    /// `,`), all or nothing: every bad row named, nothing written if any is bad. Importing the
    /// same file again records nothing new.
    Import {
        /// The answers file (CSV).
        answers: PathBuf,
        /// The maturity framework (TOML) the answers are given to.
        #[arg(long)]
        framework: PathBuf,
        /// The day of the measurement (rows may give their own in a `date` column).
        #[arg(long, value_parser = crate::args::parse_date)]
        date: NaiveDate,
    },
    /// A baseline compared with a follow-up, per capability, for everyone and per unit:
    /// median step, answers per step, respondents and the change, with the share of people at
    /// all their skill targets on the same days. Groups under --min-group respondents are
    /// withheld.
    Report {
        /// The maturity framework (TOML) the answers were given to.
        #[arg(long)]
        framework: PathBuf,
        /// Only this unit and the units below it.
        #[arg(long)]
        unit: Option<String>,
        /// The baseline day: each respondent's latest answer on or before it.
        #[arg(long, value_parser = crate::args::parse_date)]
        from: NaiveDate,
        /// The follow-up day (default: today or --as-of).
        #[arg(long, value_parser = crate::args::parse_date)]
        to: Option<NaiveDate>,
        /// Withhold figures over fewer than this many respondents (or people).
        #[arg(long, default_value_t = skillreg_store::DEFAULT_MIN_GROUP)]
        min_group: u32,
        /// Also write the report as one self-contained HTML page (a radar per unit).
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
}

pub(super) fn run(command: MaturityCommand, ctx: &Ctx) -> anyhow::Result<String> {
    match command {
        MaturityCommand::Import {
            answers,
            framework,
            date,
        } => {
            let framework = skillreg_cli::maturity::read_framework(&framework)?;
            let mut registry = ctx.open()?;
            let today = ctx.day;
            let import = skillreg_cli::maturity::import_answers_file(
                &mut registry,
                &framework,
                &answers,
                date,
                today,
                &super::user(),
            )?;
            Ok(match ctx.format {
                Format::Table => format!(
                    "{} version {}: {} new answer(s) recorded, {} already held; {} respondent(s), {} unit(s)\n",
                    import.framework,
                    import.version,
                    import.n_recorded,
                    import.n_already,
                    import.n_respondents,
                    import.n_units
                ),
                format => {
                    let mut t = Table::new(&[
                        "framework",
                        "version",
                        "recorded",
                        "already",
                        "respondents",
                        "units",
                    ]);
                    t.row(vec![
                        import.framework.clone(),
                        import.version.clone(),
                        import.n_recorded.to_string(),
                        import.n_already.to_string(),
                        import.n_respondents.to_string(),
                        import.n_units.to_string(),
                    ]);
                    skillreg_cli::render::emit_with(format, ctx.csv_style, &import, &t)?
                }
            })
        }
        MaturityCommand::Report {
            framework,
            unit,
            from,
            to,
            min_group,
            html,
        } => {
            let framework = skillreg_cli::maturity::read_framework(&framework)?;
            let registry = ctx.open()?;
            let report = registry.maturity_report(
                &framework,
                unit.as_deref(),
                from,
                to.unwrap_or(ctx.day),
                min_group,
            )?;
            match html {
                Some(file) => {
                    let page = skillreg_html::render_maturity(&report, ctx.lang);
                    ctx.write_page(&file, &page)
                }
                None => skillreg_cli::maturity::render_report(ctx.format, ctx.text, &report),
            }
        }
    }
}
