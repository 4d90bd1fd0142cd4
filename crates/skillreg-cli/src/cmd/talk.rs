//! `skillreg talk record` and `skillreg talks`: the appraisal talk from the command line, each
//! one library call (`Registry::record_talk`, `talks`, `talks_due`, `talk_coverage`).

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use skillreg_cli::render;
use skillreg_core::Level;
use skillreg_store::{Agreed, Agreement, DEFAULT_MIN_GROUP, DEFAULT_TALK_INTERVAL_MONTHS, Scope};

use super::{Ctx, user};
use crate::args::parse_date;

/// `skillreg talk ...`
#[derive(Subcommand)]
pub enum TalkCommand {
    /// Record that an appraisal talk took place, and what was agreed at it (no free text).
    Record {
        /// Employee number.
        employee: String,
        /// The day of the talk (YYYY-MM-DD); not after today.
        #[arg(long, value_parser = parse_date)]
        date: NaiveDate,
        /// A level to reach: SYSTEM=LEVEL, or SYSTEM=LEVEL@DUE (repeatable).
        #[arg(long = "agree", value_name = "SYSTEM=LEVEL[@DUE]", value_parser = parse_level_agreement)]
        agree: Vec<Agreement>,
        /// A course to take: COURSE, or COURSE@DUE (repeatable); recorded as a referral too.
        #[arg(long = "refer", value_name = "COURSE[@DUE]", value_parser = parse_course_agreement)]
        refer: Vec<Agreement>,
    },
}

/// `skillreg talks [EMP | due ...]`
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TalksArgs {
    /// Employee number: every talk with them and what was agreed.
    employee: Option<String>,
    #[command(subcommand)]
    command: Option<TalksCommand>,
}

/// `skillreg talks due`
#[derive(Subcommand)]
pub enum TalksCommand {
    /// Who is due for an appraisal talk (a manager's reports, or a unit's people), soonest
    /// first; for HR without a scope and for a viewer, the coverage per unit.
    Due {
        /// The coverage per unit (people, with a talk within the interval, share) instead of
        /// a list: HR over everyone, a manager over their people, a viewer over their unit.
        #[arg(long, conflicts_with_all = ["manager", "unit"])]
        coverage: bool,
        /// The reports of this manager (a manager asking: their own by default).
        #[arg(long)]
        manager: Option<String>,
        /// Also the reports of the reports.
        #[arg(long)]
        indirect: bool,
        /// Everyone in this unit and the units below it (HR).
        #[arg(long, conflicts_with = "manager")]
        unit: Option<String>,
        /// Months between talks.
        #[arg(long, default_value_t = DEFAULT_TALK_INTERVAL_MONTHS)]
        interval_months: u32,
        /// Also those whose talk falls due within this many days.
        #[arg(long, value_name = "DAYS", default_value_t = 0)]
        within: u32,
        /// Withhold coverage figures over fewer people than this.
        #[arg(long, default_value_t = DEFAULT_MIN_GROUP)]
        min_group: u32,
    },
}

/// `SYSTEM=LEVEL[@DUE]`.
fn parse_level_agreement(s: &str) -> Result<Agreement, String> {
    let (what, due) = split_due(s)?;
    let (system, level) = what
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected SYSTEM=LEVEL or SYSTEM=LEVEL@DUE"))?;
    if system.is_empty() {
        return Err(format!("{s:?}: no system before '='"));
    }
    let level: Level = level.parse().map_err(|e| format!("{s:?}: {e}"))?;
    Ok(Agreement {
        agreed: Agreed::Level {
            system: system.to_string(),
            level,
        },
        due,
    })
}

/// `COURSE[@DUE]`.
fn parse_course_agreement(s: &str) -> Result<Agreement, String> {
    let (course, due) = split_due(s)?;
    if course.is_empty() {
        return Err(format!("{s:?}: expected COURSE or COURSE@DUE"));
    }
    Ok(Agreement {
        agreed: Agreed::Course {
            course: course.to_string(),
        },
        due,
    })
}

fn split_due(s: &str) -> Result<(&str, Option<NaiveDate>), String> {
    match s.split_once('@') {
        Some((what, due)) => Ok((
            what,
            Some(parse_date(due).map_err(|e| format!("{s:?}: {e}"))?),
        )),
        None => Ok((s, None)),
    }
}

/// Runs `talk record`.
pub(super) fn talk(ctx: &Ctx, command: TalkCommand) -> anyhow::Result<String> {
    let TalkCommand::Record {
        employee,
        date,
        agree,
        refer,
    } = command;
    let mut registry = ctx.open()?;
    let agreements: Vec<Agreement> = agree.into_iter().chain(refer).collect();
    let talk = registry.record_talk(&employee, date, &agreements, &user())?;
    Ok(format!(
        "{}\n",
        ctx.text
            .table()
            .talk_recorded
            .replace("{employee}", &employee)
            .replace("{date}", &ctx.text.date(talk.date))
            .replace("{n}", &talk.agreements.len().to_string())
    ))
}

/// Runs `talks EMP` and `talks due`.
pub(super) fn talks(ctx: &Ctx, args: TalksArgs) -> anyhow::Result<String> {
    let registry = ctx.open()?;
    match (args.employee, args.command) {
        (Some(employee), _) => {
            render::render_talks(ctx.format, ctx.text, &registry.talks(&employee)?)
        }
        (
            None,
            Some(TalksCommand::Due {
                coverage,
                manager,
                indirect,
                unit,
                interval_months,
                within,
                min_group,
            }),
        ) => {
            let own = registry.actor().employee_no().map(str::to_string);
            let coverage = coverage
                || matches!(
                    registry.actor(),
                    skillreg_store::Actor::Hr | skillreg_store::Actor::Viewer(_)
                );
            let scope = match (manager, unit) {
                (Some(manager), _) => Scope::Manager { manager, indirect },
                (None, Some(unit)) => Scope::Unit(unit),
                (None, None) if coverage => {
                    let coverage = registry.talk_coverage(ctx.day, interval_months, min_group)?;
                    return render::render_talk_coverage(ctx.format, ctx.text, &coverage);
                }
                (None, None) => Scope::Manager {
                    manager: own.unwrap_or_default(),
                    indirect,
                },
            };
            let due = registry.talks_due(&scope, ctx.day, interval_months, within)?;
            render::render_talks_due(ctx.format, ctx.text, &due)
        }
        (None, None) => {
            anyhow::bail!("name an employee (`skillreg talks EMP`) or `skillreg talks due`")
        }
    }
}
