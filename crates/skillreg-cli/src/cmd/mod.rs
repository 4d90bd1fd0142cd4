//! One module per command group; [`run`] dispatches a parsed [`Command`] with the [`Ctx`] that
//! every command shares (the registry file, who is asking, output format, language, the day).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::{Local, NaiveDate};
use serde::Serialize;
use skillreg_cli::csv_out::CsvStyle;
use skillreg_cli::nightly::{self, RunLock, RunOptions};
use skillreg_cli::render::*;
use skillreg_cli::render::{self, Format, Table, Text, level};
use skillreg_cli::sources::{self, Source};
use skillreg_core::Level;
use skillreg_core::sync::{PersonChange, SourceRole, SyncConfig, SyncReport};
use skillreg_html::Lang;
use skillreg_store::{Actor, Assessment, Brief, BriefConfig, Profile, Registry, Scope};

use crate::args::*;
use crate::progress;

mod admin;
mod catalog;
mod demo;
mod groups;
pub(crate) mod maturity;
mod person;
mod record;
mod reports;
pub(crate) mod round;
mod serve;
mod shell;
pub(crate) mod subject;
mod sync;
pub(crate) mod talk;
pub(crate) mod token;

/// What every command shares: made once from the global flags, passed to each command.
pub(crate) struct Ctx {
    /// The registry file (`--db`, `SKILLREG_DB`).
    pub db: PathBuf,
    /// Who runs the command (`--as-actor`); every registry is opened for them.
    pub actor: Actor,
    /// The command line, for the audit trail: `skillreg brief 10031`.
    pub via: String,
    /// `--as-of` as given.
    pub as_of: Option<NaiveDate>,
    /// The day asked about: `--as-of`, else today.
    pub day: NaiveDate,
    /// `--format`.
    pub format: Format,
    /// `--lang`, else the locale, else English.
    pub lang: Lang,
    /// The labels of `format` in `lang`.
    pub text: Text,
    /// `--lock-timeout` in seconds.
    pub lock_timeout: u64,
    /// `--csv-style`.
    pub csv_style: CsvStyle,
}

impl Ctx {
    /// The context of a parsed command line.
    pub(crate) fn new(cli: &Cli) -> Ctx {
        let format = match cli.format {
            OutputFormat::Table => Format::Table,
            OutputFormat::Json => Format::Json,
            OutputFormat::Csv => Format::Csv,
        };
        let today = Local::now().date_naive();
        let lang = resolve_lang(cli.lang);
        Ctx {
            db: cli.db.clone(),
            actor: cli.as_actor.clone(),
            via: command_line(),
            as_of: cli.as_of,
            day: cli.as_of.unwrap_or(today),
            format,
            lang,
            text: Text::new(format, lang).with_csv(cli.csv_style),
            lock_timeout: cli.lock_timeout,
            csv_style: cli.csv_style,
        }
    }

    /// Opens the existing registry for this command's actor, naming the command line in the
    /// audit trail; a missing file is an error (a typo in `--db` must not create a registry).
    pub(crate) fn open(&self) -> anyhow::Result<Registry> {
        self.require_registry()?;
        let mut registry = Registry::open_existing(&self.db, self.actor.clone())
            .with_context(|| format!("cannot open registry {}", self.db.display()))?;
        registry.set_via(&self.via);
        Ok(registry)
    }

    /// Fails unless `--db` names an existing registry: a missing file, or an empty one (which
    /// SQLite would open as a new database), is not made one; only `init` creates a registry.
    pub(crate) fn require_registry(&self) -> anyhow::Result<()> {
        if !self.db.exists() {
            bail!(
                "no registry at {}: create one with `skillreg init` or choose one with --db",
                self.db.display()
            );
        }
        if std::fs::metadata(&self.db).is_ok_and(|m| m.is_file() && m.len() == 0) {
            bail!(
                "{} is an empty file, not a registry: create one with `skillreg init` or choose one with --db",
                self.db.display()
            );
        }
        Ok(())
    }

    /// Refuses an output file that is one of the registry's own files (see
    /// [`skillreg_cli::check_output`]): `brief --html skillreg.db` must not destroy it.
    pub(crate) fn check_output(&self, file: &Path) -> anyhow::Result<()> {
        Ok(skillreg_cli::check_output(file, &self.db)?)
    }

    /// Writes a page to `file` as [`write_page`] does, unless `file` is one of the registry's
    /// own files.
    pub(crate) fn write_page(&self, file: &Path, html: &str) -> anyhow::Result<String> {
        self.check_output(file)?;
        write_page(file, html)
    }
}

pub(crate) fn user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "cli".to_string())
}

/// The command line, for the audit trail: `skillreg brief 10031`.
fn command_line() -> String {
    std::iter::once("skillreg".to_string())
        .chain(std::env::args_os().skip(1).map(|a| {
            // A file name need not be UTF-8: `args()` would panic on it.
            let a = a.to_string_lossy().into_owned();
            if a.is_empty() || a.contains(char::is_whitespace) {
                format!("{a:?}")
            } else {
                a
            }
        }))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes a page to `file` (through a temporary name, so that a reader never sees half).
pub(crate) fn write_page(file: &Path, html: &str) -> anyhow::Result<String> {
    skillreg_cli::write_atomically(file, html.as_bytes())?;
    Ok(format!("wrote {}\n", file.display()))
}

/// Runs one command; the exit code of a run that ends without an error (the nightly job has
/// its own).
pub(crate) fn run(ctx: &Ctx, command: Command) -> anyhow::Result<u8> {
    let out = match command {
        Command::Init => admin::init(ctx)?,
        Command::Serve { config, listen } => serve::serve(&config, listen)?,
        Command::Catalog(CatalogCommand::Apply { file }) => catalog::apply(ctx, file)?,
        Command::Catalog(CatalogCommand::Show) => catalog::show(ctx)?,
        Command::Sync(SyncCommand::Run {
            profile,
            dry_run,
            max_terminations,
        }) => return sync::run_profile(ctx, profile, dry_run, max_terminations),
        Command::Sync(command) => sync::sync(ctx, command)?,
        Command::Export(ExportCommand::Wlx { file }) => sync::export_wlx(ctx, file)?,
        Command::Assess(a) => record::assess(ctx, a)?,
        Command::Course(CourseCommand::Complete {
            employee,
            course,
            date,
        }) => record::complete_course(ctx, employee, course, date)?,
        Command::Refer {
            employee,
            course,
            due,
            cancel,
        } => record::refer(ctx, employee, course, due, cancel)?,
        Command::Profile { employee } => person::profile(ctx, employee)?,
        Command::History { employee } => person::history(ctx, employee)?,
        Command::Gaps(g) => reports::gaps(ctx, g)?,
        Command::Demand {
            unit,
            occupation,
            group,
            manager,
            by,
            min_group,
            html,
        } => {
            let filter = skillreg_store::DemandFilter {
                unit,
                occupation,
                group,
                manager,
                by: by.map(Into::into),
            };
            reports::demand(ctx, filter, min_group, html)?
        }
        Command::Progress {
            from,
            to,
            unit,
            occupation,
            group,
            manager,
            by,
            min_group,
            html,
        } => {
            let filter = skillreg_store::ReportFilter {
                unit,
                occupation,
                group,
                manager,
                by: by.map(Into::into),
            };
            reports::progress(ctx, from, to, filter, min_group, html)?
        }
        Command::Groups { min_group } => groups::groups(ctx, min_group)?,
        Command::Brief {
            employee,
            since,
            html,
        } => person::brief(ctx, employee, since, html)?,
        Command::Team {
            manager,
            indirect,
            html,
            min_group,
        } => reports::team(ctx, manager, indirect, html, min_group)?,
        Command::Unit {
            unit,
            all: _,
            manager,
            max_people,
            min_group,
            html,
        } => {
            let scope = match (unit, manager) {
                (Some(u), _) => skillreg_store::UnitScope::Unit(u),
                (None, Some(m)) => skillreg_store::UnitScope::Manager(m),
                (None, None) => skillreg_store::UnitScope::Everyone,
            };
            reports::unit(ctx, scope, max_people, min_group, html)?
        }
        Command::Round(command) => round::run(command, ctx)?,
        Command::Maturity(command) => maturity::run(command, ctx)?,
        Command::Subject(command) => subject::subject(command, ctx)?,
        Command::Purge(args) => subject::purge(args, ctx)?,
        Command::Talk(command) => talk::talk(ctx, command)?,
        Command::Talks(args) => talk::talks(ctx, args)?,
        Command::Token(command) => token::token(ctx, command)?,
        Command::Runs => admin::runs(ctx)?,
        Command::Audit { employee, since } => admin::audit(ctx, employee, since)?,
        Command::Demo { serve: false, .. } => demo::demo(ctx.as_of, ctx.format, ctx.lang)?,
        Command::Demo {
            serve: true,
            listen,
        } => demo::serve(ctx.as_of, ctx.lang, listen)?,
        Command::Completions { shell } => shell::completions(shell)?,
        Command::Man => shell::man()?,
    };
    write_out(&out)?;
    Ok(0)
}

/// Prints to stdout; a closed pipe (`skillreg gaps --all | head`) is not an error.
fn write_out(out: &str) -> anyhow::Result<()> {
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
