//! `skillreg`: the command line. Thin: parse, call the library, print, map errors to exit codes.

mod progress;
mod round_cmd;
mod subject_cmd;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::{Local, NaiveDate};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use skillreg_cli::nightly::{self, RunLock, RunOptions};
use skillreg_cli::render::{self, Format, Table, Text, level};
use skillreg_cli::sources::{self, Source};
use skillreg_core::sync::{PersonChange, SourceRole, SyncConfig, SyncReport, TerminationLimit};
use skillreg_core::{Level, Standing};
use skillreg_html::Lang;
use skillreg_store::{Actor, Assessment, Brief, BriefConfig, Profile, Registry, Scope};

/// The demo's registry file, in the current directory.
const DEMO_DB: &str = "skillreg-demo.db";
/// The demo's appraisal brief page, in the current directory.
const DEMO_BRIEF: &str = "skillreg-demo-brief.html";
/// The demo's team page, in the current directory.
const DEMO_TEAM: &str = "skillreg-demo-team.html";
/// The demo's baseline vs follow-up page, in the current directory.
const DEMO_PROGRESS: &str = "skillreg-demo-progress.html";

/// Exit code when the termination guard trips.
const EXIT_GUARD: u8 = 3;

#[derive(Parser)]
#[command(
    name = "skillreg",
    version,
    about = "A registry of who can use which digital systems, at which level."
)]
struct Cli {
    /// The registry file.
    #[arg(
        long,
        global = true,
        env = "SKILLREG_DB",
        default_value = "skillreg.db"
    )]
    db: PathBuf,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Answer as of this day (YYYY-MM-DD); default today.
    #[arg(long, global = true, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// The language of tables and pages: en, sv or nb (default: from LC_ALL, LC_MESSAGES or
    /// LANG, else en). JSON and CSV are the same in every language.
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Who is asking: hr (everything; the default, for the local administrator),
    /// manager:EMPNO (their own record and their reports') or employee:EMPNO (their own
    /// record). The registry refuses what the actor may not see or do, and logs the rest.
    #[arg(
        long,
        global = true,
        env = "SKILLREG_ACTOR",
        default_value = "hr",
        value_name = "ACTOR",
        value_parser = parse_actor
    )]
    as_actor: Actor,
    /// How many seconds a sync (and the return-file export) waits for another sync of the same
    /// registry to finish before giving up; 0 gives up at once.
    #[arg(
        long,
        global = true,
        value_name = "SECONDS",
        default_value_t = nightly::DEFAULT_LOCK_TIMEOUT.as_secs()
    )]
    lock_timeout: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Table,
    Json,
    Csv,
}

#[derive(Subcommand)]
enum Command {
    /// Create an empty registry (or bring an existing one's schema up to date).
    Init,
    /// The catalog of systems, levels, occupations, requirements and courses.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Sync the registry with an outside system's export.
    #[command(subcommand)]
    Sync(SyncCommand),
    /// Write the return file for an outside system.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Record an assessment of an employee's level in a system.
    Assess(AssessArgs),
    /// Course results.
    #[command(subcommand)]
    Course(CourseCommand),
    /// Refer an employee to a course.
    Refer {
        /// Employee number.
        employee: String,
        /// Course code.
        course: String,
        /// Due date.
        #[arg(long, value_parser = parse_date)]
        due: Option<NaiveDate>,
        /// Cancel the open referral instead.
        #[arg(long)]
        cancel: bool,
    },
    /// One employee: employments and every system's levels.
    Profile {
        /// Employee number.
        employee: String,
    },
    /// One employee's evidence, oldest first, with where each record came from.
    History {
        /// Employee number.
        employee: String,
    },
    /// Gaps between target and current level.
    Gaps(GapsArgs),
    /// Training demand: per course, how many people it would close (or narrow) a gap for, by
    /// occupation and unit; and the gaps no course closes. Groups under --min-group are withheld.
    Demand {
        /// Only employments in this unit and the units below it.
        #[arg(long)]
        unit: Option<String>,
        /// Only employments in this occupation.
        #[arg(long)]
        occupation: Option<String>,
        /// Withhold figures over fewer than this many people.
        #[arg(long, default_value_t = skillreg_store::DEFAULT_MIN_GROUP)]
        min_group: u32,
    },
    /// A baseline compared with a follow-up, per unit and system: people with a target, share at
    /// target, mean level, not assessed; joiners and leavers counted.
    Progress {
        /// The baseline day.
        #[arg(long, value_parser = parse_date)]
        from: NaiveDate,
        /// The follow-up day (default: today or --as-of).
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        /// Only this unit and the units below it.
        #[arg(long)]
        unit: Option<String>,
        /// Withhold figures over fewer than this many people.
        #[arg(long, default_value_t = skillreg_store::DEFAULT_MIN_GROUP)]
        min_group: u32,
        /// Also write the report as one self-contained HTML page with a chart.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
    /// The appraisal brief of one employee.
    Brief {
        /// Employee number.
        employee: String,
        /// Report what changed since this day (default: a year before).
        #[arg(long, value_parser = parse_date)]
        since: Option<NaiveDate>,
        /// Also write the brief as one self-contained HTML page (radar chart, gaps, what to
        /// talk about), for the screen or A4.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
    /// A manager's team: each report's level against target in every system.
    Team {
        /// The manager's employee number.
        manager: String,
        /// Reports of reports too.
        #[arg(long)]
        indirect: bool,
        /// Also write the team as one self-contained HTML page (a sortable matrix).
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Counts over fewer people than this are withheld.
        #[arg(long, default_value_t = 5)]
        min_group: usize,
    },
    /// A unit and the units below it against every system: one row per person when it has at
    /// most --max-people people, else one row per occupation; figures over fewer than
    /// --min-group people withheld.
    Unit {
        /// The unit id (with the units below it).
        #[arg(required_unless_present = "all")]
        unit: Option<String>,
        /// The whole organisation instead of one unit: everyone active, every top-level unit.
        #[arg(long, conflicts_with = "unit")]
        all: bool,
        /// Show people one by one up to this many, else occupations.
        #[arg(long, default_value_t = skillreg_store::DEFAULT_MAX_PEOPLE)]
        max_people: usize,
        /// Figures over fewer people than this are withheld.
        #[arg(long, default_value_t = skillreg_store::DEFAULT_MIN_GROUP)]
        min_group: u32,
        /// Also write the unit as one self-contained HTML page (a sortable matrix).
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
    /// The sync run log.
    Runs,
    /// The audit trail, oldest first: every write, and every read of a person's record by
    /// someone else, with who, when and through which command or sync run (HR only).
    Audit {
        /// Only rows about this employee.
        #[arg(long)]
        employee: Option<String>,
        /// Only rows from this day on (UTC).
        #[arg(long, value_parser = parse_date)]
        since: Option<NaiveDate>,
    },
    /// Self-assessment rounds: open one for an occupation, write the forms, import the
    /// answers, follow the response rate.
    #[command(subcommand)]
    Round(round_cmd::RoundCommand),
    /// Data subject requests: everything held about one person.
    #[command(subcommand)]
    Subject(subject_cmd::SubjectCommand),
    /// Erase the personal data of people who left (retention); reports for past days still add
    /// up, without names.
    Purge(subject_cmd::PurgeArgs),
    /// Import the shipped sample into a fresh registry (always ./skillreg-demo.db, never the
    /// --db registry) and show a team overview and one brief.
    Demo,
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Apply a TOML catalog (idempotent: items are created or updated, none removed).
    Apply {
        /// The catalog file.
        file: PathBuf,
    },
    /// Show the catalog.
    Show,
}

#[derive(Subcommand)]
enum SyncCommand {
    /// A Winlas-like WLX export.
    Wlx {
        /// The export file.
        file: PathBuf,
        #[command(flatten)]
        common: SyncFlags,
    },
    /// A PAXml personnel register (payroll), with the mapping of its codes.
    Paxml {
        /// The PAXml file.
        file: PathBuf,
        /// The mapping file (TOML): cost centres to units, position codes to occupations.
        #[arg(long)]
        mapping: PathBuf,
        /// Skip people whose codes the mapping lacks (listed as warnings) instead of refusing
        /// the file.
        #[arg(long)]
        allow_unmapped: bool,
        #[command(flatten)]
        common: SyncFlags,
    },
    /// An HR CSV export, with its column mapping.
    Csv {
        /// The CSV file.
        file: PathBuf,
        /// The mapping file (TOML): which column is which, delimiter, encoding, codes.
        #[arg(long)]
        mapping: PathBuf,
        #[command(flatten)]
        common: SyncFlags,
    },
    /// The Users of a SCIM 2.0 service provider.
    Scim {
        /// The base URL, e.g. `https://idp.example.se/scim/v2`.
        base_url: String,
        /// The environment variable that holds the bearer token.
        #[arg(long, value_name = "VAR")]
        token_env: Option<String>,
        /// The mapping file (TOML): departments to units, titles to occupations.
        #[arg(long)]
        mapping: Option<PathBuf>,
        #[command(flatten)]
        common: SyncFlags,
    },
    /// Course completions from an xAPI learning record store (adds evidence only; resumes
    /// where the last sync stopped).
    Xapi {
        /// The LRS endpoint, e.g. `https://lrs.example.se/xAPI`.
        base_url: String,
        /// The mapping file (TOML): activities to courses, actors to employee numbers.
        #[arg(long)]
        mapping: PathBuf,
        /// The environment variable that holds the Basic-auth user.
        #[arg(long, value_name = "VAR", requires = "password_env")]
        user_env: Option<String>,
        /// The environment variable that holds the Basic-auth password.
        #[arg(long, value_name = "VAR", requires = "user_env")]
        password_env: Option<String>,
        /// Read statements stored after this time (RFC 3339, e.g. 2026-11-01T00:00:00Z)
        /// instead of after the last sync's watermark: to read again what was left out before a
        /// mapping was fixed. Evidence already held is not added twice.
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        #[command(flatten)]
        common: SyncFlags,
    },
    /// The nightly job: every source a profile lists, in order, under one lock.
    Run {
        /// The profile (TOML).
        #[arg(long)]
        profile: PathBuf,
        /// Plan every step, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Overrides the people step's termination guard: a number (25) or a share (10%).
        #[arg(long, value_parser = parse_limit)]
        max_terminations: Option<TerminationLimit>,
    },
}

/// The language of tables and pages: `--lang`, else the locale variables, else English. (The
/// catalog states no language: neither the WLX export nor the TOML catalog has one.)
fn resolve_lang(arg: Option<Lang>) -> Lang {
    arg.or_else(|| {
        let vars = ["LC_ALL", "LC_MESSAGES", "LANG"].map(|v| std::env::var(v).ok());
        Lang::from_locale(vars.iter().map(Option::as_deref))
    })
    .unwrap_or(Lang::En)
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_tag(s).ok_or_else(|| format!("expected en, sv or nb, got {s:?}"))
}

/// Writes a page to `file` (through a temporary name, so that a reader never sees half).
fn write_page(file: &Path, html: &str) -> anyhow::Result<String> {
    skillreg_cli::write_atomically(file, html.as_bytes())?;
    Ok(format!("wrote {}\n", file.display()))
}

#[derive(Args)]
struct SyncFlags {
    /// Print the plan, change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Refuse a plan that terminates more people than this: a number (25) or a share of
    /// the active people (10%). Default 10%, never tripping for 2 people or fewer.
    #[arg(long, value_parser = parse_limit)]
    max_terminations: Option<TerminationLimit>,
    /// Add catalog and evidence only: create, change and terminate nobody (for a source that
    /// is not the one that owns people).
    #[arg(long)]
    evidence_only: bool,
}

impl SyncFlags {
    fn config(&self) -> SyncConfig {
        SyncConfig {
            role: if self.evidence_only {
                SourceRole::Evidence
            } else {
                SourceRole::People
            },
            dry_run: self.dry_run,
            max_terminations: self.max_terminations.unwrap_or_default(),
            ..SyncConfig::default()
        }
    }
}

#[derive(Subcommand)]
enum ExportCommand {
    /// The WLX return file: records learned since the last export.
    Wlx {
        /// Where to write it.
        file: PathBuf,
    },
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["self_", "manager"])))]
struct AssessArgs {
    /// Employee number.
    employee: String,
    /// System code.
    system: String,
    /// Level 1-4.
    #[arg(value_parser = parse_level)]
    level: Level,
    /// A self-assessment.
    #[arg(long = "self")]
    self_: bool,
    /// A manager assessment, by this assessor (employee number or name).
    #[arg(long, value_name = "ASSESSOR")]
    manager: Option<String>,
    /// The assessment's date (default: today or --as-of).
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
}

#[derive(Subcommand)]
enum CourseCommand {
    /// Record a completed course.
    Complete {
        /// Employee number.
        employee: String,
        /// Course code.
        course: String,
        /// Completion date (default: today or --as-of).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("scope").required(true).args(["employee", "manager", "unit", "occupation", "all"])))]
struct GapsArgs {
    /// One employee.
    #[arg(long)]
    employee: Option<String>,
    /// A manager's reports.
    #[arg(long)]
    manager: Option<String>,
    /// With --manager: reports of reports too.
    #[arg(long, requires = "manager")]
    indirect: bool,
    /// A unit and the units below it.
    #[arg(long)]
    unit: Option<String>,
    /// An occupation.
    #[arg(long)]
    occupation: Option<String>,
    /// Everyone.
    #[arg(long)]
    all: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date YYYY-MM-DD, got {s:?}"))
}

/// An actor for the command line: hr, manager:EMPNO or employee:EMPNO (a sync job's actor is
/// the nightly job's own, per step).
fn parse_actor(s: &str) -> Result<Actor, String> {
    match s.parse::<Actor>() {
        Ok(Actor::Sync { .. }) => Err(format!(
            "{s:?}: a sync job acts as its source by itself; use hr, manager:EMPNO or employee:EMPNO"
        )),
        Ok(actor) => Ok(actor),
        Err(_) => Err(format!(
            "expected hr, manager:EMPNO or employee:EMPNO, got {s:?}"
        )),
    }
}

fn parse_level(s: &str) -> Result<Level, String> {
    s.parse()
}

fn parse_limit(s: &str) -> Result<TerminationLimit, String> {
    s.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if let Some(skillreg_store::Error::GuardTripped { report, .. }) = find_store_error(&err)
            {
                if let Ok(plan) = render_sync(Format::Table, report) {
                    print!("{plan}");
                }
                eprintln!("error: {err:#}");
                eprintln!("would terminate: {}", report.terminated().join(", "));
                skillreg_cli::hints::print_hint(&err);
                return ExitCode::from(EXIT_GUARD);
            }
            eprintln!("error: {err:#}");
            if let Some(skillreg_store::Error::Refused {
                problems, n_more, ..
            }) = find_store_error(&err)
            {
                for p in problems {
                    eprintln!("  {p}");
                }
                if *n_more > 0 {
                    eprintln!("  ... and {n_more} more");
                }
            }
            skillreg_cli::hints::print_hint(&err);
            ExitCode::from(1)
        }
    }
}

fn find_store_error(err: &anyhow::Error) -> Option<&skillreg_store::Error> {
    err.chain().find_map(|e| {
        e.downcast_ref::<skillreg_store::Error>().or_else(|| {
            match e.downcast_ref::<skillreg_cli::JobError>() {
                Some(skillreg_cli::JobError::Registry(inner)) => Some(inner),
                _ => None,
            }
        })
    })
}

fn user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "cli".to_string())
}

/// Who runs this command (`--as-actor`) and its command line: every registry the command opens
/// is opened for that actor, and the audit trail names the command line. Set once, in `run`.
static SESSION: OnceLock<(Actor, String)> = OnceLock::new();

/// The actor and command line of this run (HR and `skillreg` before `run` sets them).
fn session() -> (Actor, String) {
    SESSION
        .get()
        .cloned()
        .unwrap_or_else(|| (Actor::Hr, "skillreg".to_string()))
}

/// The command line, for the audit trail: `skillreg brief 10031`.
fn command_line() -> String {
    std::iter::once("skillreg".to_string())
        .chain(std::env::args().skip(1).map(|a| {
            if a.is_empty() || a.contains(char::is_whitespace) {
                format!("{a:?}")
            } else {
                a
            }
        }))
        .collect::<Vec<_>>()
        .join(" ")
}

fn open(db: &Path) -> anyhow::Result<Registry> {
    if !db.exists() {
        bail!(
            "no registry at {}: create one with `skillreg init` or choose one with --db",
            db.display()
        );
    }
    let (actor, via) = session();
    let mut registry = Registry::open_existing(db, actor)
        .with_context(|| format!("cannot open registry {}", db.display()))?;
    registry.set_via(&via);
    Ok(registry)
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let format = match cli.format {
        OutputFormat::Table => Format::Table,
        OutputFormat::Json => Format::Json,
        OutputFormat::Csv => Format::Csv,
    };
    let today = Local::now().date_naive();
    let day = cli.as_of.unwrap_or(today);
    let lang = resolve_lang(cli.lang);
    let text = Text::new(format, lang);
    // `run` is called once per process; a second call keeps the first's actor.
    let _ = SESSION.set((cli.as_actor.clone(), command_line()));
    let out = match cli.command {
        Command::Init => {
            let registry = Registry::open(&cli.db, cli.as_actor.clone())
                .with_context(|| format!("cannot create registry {}", cli.db.display()))?;
            format!(
                "registry {} ready (schema version {})\n",
                cli.db.display(),
                registry.schema_version()?
            )
        }
        Command::Catalog(CatalogCommand::Apply { file }) => {
            let mut registry = open(&cli.db)?;
            let catalog = skillreg_cli::read_catalog(&file)?;
            let ops = registry.apply_catalog(&catalog, &file.display().to_string())?;
            let mut t = Table::new(&["change", "item"]);
            for op in &ops {
                t.row(vec![
                    format!("{:?}", op.change).to_lowercase(),
                    op.item.label(),
                ]);
            }
            if format == Format::Table && ops.is_empty() {
                "catalog unchanged\n".to_string()
            } else {
                render::emit(format, &ops, &t)?
            }
        }
        Command::Catalog(CatalogCommand::Show) => {
            let registry = open(&cli.db)?;
            let catalog = registry.catalog()?;
            let mut t = Table::new(&["kind", "code", "name", "details"]);
            for s in &catalog.systems {
                t.row(vec![
                    "system".into(),
                    s.code.clone(),
                    s.name.clone(),
                    s.vendor.clone().unwrap_or_default(),
                ]);
            }
            for c in &catalog.courses {
                let valid = c
                    .valid_months
                    .map(|m| format!(", valid {m} months"))
                    .unwrap_or_default();
                t.row(vec![
                    "course".into(),
                    c.code.clone(),
                    c.name.clone(),
                    format!("{} level {}{valid}", c.system, c.grants),
                ]);
            }
            for o in &catalog.occupations {
                t.row(vec![
                    "occupation".into(),
                    o.code.clone(),
                    o.name.clone(),
                    String::new(),
                ]);
            }
            for r in &catalog.requirements {
                let unit = r
                    .unit
                    .as_ref()
                    .map(|u| format!(" in {u} and below"))
                    .unwrap_or_default();
                t.row(vec![
                    "requirement".into(),
                    r.occupation.clone(),
                    String::new(),
                    format!("{} level {}{unit}", r.system, r.level),
                ]);
            }
            for u in &catalog.units {
                t.row(vec![
                    "unit".into(),
                    u.id.clone(),
                    u.name.clone(),
                    u.parent
                        .as_ref()
                        .map(|p| format!("under {p}"))
                        .unwrap_or_default(),
                ]);
            }
            render::emit(format, &catalog, &t)?
        }
        Command::Sync(SyncCommand::Run {
            profile,
            dry_run,
            max_terminations,
        }) => {
            let profile = nightly::Profile::from_file(&profile)?;
            if !cli.db.exists() {
                // A typo in SKILLREG_DB must not import everyone into a new, empty registry.
                bail!(
                    "no registry at {}: create one with `skillreg init` or choose one with --db",
                    cli.db.display()
                );
            }
            let options = RunOptions {
                dry_run,
                max_terminations,
                as_of: day,
                lock_timeout: Duration::from_secs(cli.lock_timeout),
            };
            let mut bar = progress::Bar::new();
            let summary =
                nightly::run_profile(&cli.db, &cli.as_actor, &profile, &options, &mut bar)?;
            drop(bar);
            let out = render_summary(format, &summary)?;
            write_out(&out)?;
            return Ok(summary.exit_code());
        }
        Command::Sync(command) => {
            let (source, config) = match command {
                SyncCommand::Wlx { file, common } => (Source::Wlx { file }, common.config()),
                SyncCommand::Paxml {
                    file,
                    mapping,
                    allow_unmapped,
                    common,
                } => (
                    Source::Paxml {
                        file,
                        mapping: skillreg_paxml::PaxmlMapping::from_file(&mapping)?,
                        allow_unmapped,
                    },
                    common.config(),
                ),
                SyncCommand::Csv {
                    file,
                    mapping,
                    common,
                } => (
                    Source::Csv {
                        file,
                        mapping: skillreg_csv::CsvMapping::from_file(&mapping)?,
                    },
                    common.config(),
                ),
                SyncCommand::Scim {
                    base_url,
                    token_env,
                    mapping,
                    common,
                } => (
                    Source::Scim {
                        config: nightly::scim_config(&base_url, token_env.as_deref())?,
                        mapping: match mapping {
                            Some(m) => skillreg_scim::ScimMapping::from_file(&m)?,
                            None => skillreg_scim::ScimMapping::default(),
                        },
                    },
                    common.config(),
                ),
                SyncCommand::Xapi {
                    base_url,
                    mapping,
                    user_env,
                    password_env,
                    since,
                    common,
                } => (
                    Source::Xapi {
                        config: nightly::xapi_config(
                            &base_url,
                            user_env.as_deref(),
                            password_env.as_deref(),
                        )?,
                        mapping: skillreg_xapi::XapiMapping::from_file(&mapping)?,
                        since,
                    },
                    // Completions are evidence only, whatever the flags say.
                    SyncConfig {
                        role: SourceRole::Evidence,
                        ..common.config()
                    },
                ),
                SyncCommand::Run { .. } => bail!("sync run is handled above"),
            };
            let mut registry = open(&cli.db)?;
            let _lock = RunLock::acquire_within(&cli.db, Duration::from_secs(cli.lock_timeout))?;
            let report = sources::sync_source(&mut registry, &source, &config, day, &mut |_| {})?;
            render_sync(format, &report)?
        }
        Command::Export(ExportCommand::Wlx { file }) => {
            let mut registry = open(&cli.db)?;
            let _lock = RunLock::acquire_within(&cli.db, Duration::from_secs(cli.lock_timeout))?;
            let n = skillreg_cli::export_wlx_file(&mut registry, &file)?;
            format!("wrote {n} record(s) to {}\n", file.display())
        }
        Command::Assess(a) => {
            let mut registry = open(&cli.db)?;
            let by = match a.manager {
                Some(m) => Assessment::Manager(m),
                None => Assessment::SelfAssessment,
            };
            let date = a.date.unwrap_or(day);
            let new =
                registry.record_assessment(&a.employee, &a.system, a.level, &by, date, &user())?;
            let what = if new { "recorded" } else { "already recorded" };
            format!(
                "{what}: {} {} level {} ({}) on {date}\n",
                a.employee,
                a.system,
                a.level,
                match by {
                    Assessment::SelfAssessment => "self-assessment".to_string(),
                    Assessment::Manager(m) => format!("manager assessment by {m}"),
                }
            )
        }
        Command::Course(CourseCommand::Complete {
            employee,
            course,
            date,
        }) => {
            let mut registry = open(&cli.db)?;
            let date = date.unwrap_or(day);
            let new = registry.complete_course(&employee, &course, date, &user())?;
            format!(
                "{}: {employee} completed {course} on {date}\n",
                if new { "recorded" } else { "already recorded" }
            )
        }
        Command::Refer {
            employee,
            course,
            due,
            cancel,
        } => {
            let mut registry = open(&cli.db)?;
            if cancel {
                registry.cancel_referral(&employee, &course, day)?;
                format!("cancelled: referral of {employee} to {course}\n")
            } else {
                let outcome = registry.refer(&employee, &course, day, due, &user())?;
                let due = due.map(|d| format!(", due {d}")).unwrap_or_default();
                let what = match outcome {
                    skillreg_store::Referred::Created => "referred",
                    skillreg_store::Referred::DueChanged => "already referred, due date changed",
                    skillreg_store::Referred::AlreadyOpen => "already referred",
                };
                format!("{what}: {employee} to {course}{due}\n")
            }
        }
        Command::Profile { employee } => {
            let registry = open(&cli.db)?;
            let profile = registry.profile(&employee, day)?;
            render_profile(format, text, &profile)?
        }
        Command::History { employee } => {
            let registry = open(&cli.db)?;
            let history = registry.history(&employee)?;
            let w = text.table();
            let mut t = Table::new(&w.history_columns);
            for h in &history {
                let detail = match &h.evidence.kind {
                    skillreg_core::EvidenceKind::SelfAssessment => String::new(),
                    skillreg_core::EvidenceKind::ManagerAssessment { assessor } => assessor
                        .clone()
                        .map(|a| format!("{} {a}", w.by))
                        .unwrap_or_default(),
                    skillreg_core::EvidenceKind::CourseResult { course, expires } => {
                        let exp = expires
                            .map(|e| format!(", {} {}", w.expires, text.date(e)))
                            .unwrap_or_default();
                        format!(
                            "{}{exp}",
                            course.clone().unwrap_or_else(|| "(course)".into())
                        )
                    }
                };
                let source = match (&h.run_id, &h.entered_by) {
                    (Some(run), _) => format!("{} {} {run}", h.source, w.run),
                    (None, Some(user)) => format!("{} {} {user}", h.source, w.by),
                    _ => h.source.clone(),
                };
                t.row(vec![
                    h.id.to_string(),
                    text.date(h.evidence.date),
                    h.evidence.system.clone(),
                    text.level(Some(h.evidence.level)),
                    evidence_kind(text, &h.evidence.kind).into(),
                    detail,
                    source,
                ]);
            }
            render::emit(format, &history, &t)?
        }
        Command::Gaps(g) => {
            let registry = open(&cli.db)?;
            let scope = if let Some(e) = g.employee {
                Scope::Employee(e)
            } else if let Some(m) = g.manager {
                Scope::Manager {
                    manager: m,
                    indirect: g.indirect,
                }
            } else if let Some(u) = g.unit {
                Scope::Unit(u)
            } else if let Some(o) = g.occupation {
                Scope::Occupation(o)
            } else {
                Scope::All
            };
            if format != Format::Table {
                // Machines get the rows as they are computed: a whole region's gaps need not
                // fit in memory.
                stream_gaps(&registry, &scope, day, format)?;
                return Ok(0);
            }
            let gaps = registry.gaps(&scope, day)?;
            let mut t = Table::new(&text.table().gap_columns);
            for g in &gaps {
                t.row(gap_cells(text, g));
            }
            if gaps.is_empty() {
                format!("{} {}\n", text.table().no_gaps_as_of, text.date(day))
            } else {
                t.render()
            }
        }
        Command::Demand {
            unit,
            occupation,
            min_group,
        } => {
            let registry = open(&cli.db)?;
            let filter = skillreg_store::DemandFilter { unit, occupation };
            render_demand(format, text, &registry.demand(&filter, day, min_group)?)?
        }
        Command::Progress {
            from,
            to,
            unit,
            min_group,
            html,
        } => {
            let registry = open(&cli.db)?;
            let report = registry.progress(from, to.unwrap_or(day), unit.as_deref(), min_group)?;
            match html {
                Some(file) => {
                    let page = skillreg_html::render_progress(&report, &registry.catalog()?, lang);
                    write_page(&file, &page)?
                }
                None => render_progress(format, text, &report)?,
            }
        }
        Command::Brief {
            employee,
            since,
            html,
        } => {
            let registry = open(&cli.db)?;
            let brief = registry.brief(
                &employee,
                &BriefConfig {
                    since,
                    ..BriefConfig::new(day)
                },
            )?;
            match html {
                Some(file) => {
                    let page = skillreg_html::render_brief(&brief, &registry.catalog()?, lang);
                    write_page(&file, &page)?
                }
                None => render_brief(format, text, &brief)?,
            }
        }
        Command::Team {
            manager,
            indirect,
            html,
            min_group,
        } => {
            let registry = open(&cli.db)?;
            let team = registry.team(&Scope::Manager { manager, indirect }, day)?;
            match html {
                Some(file) => {
                    let page = skillreg_html::render_team(
                        &team,
                        &registry.catalog()?,
                        lang,
                        &skillreg_html::TeamConfig {
                            min_group,
                            ..skillreg_html::TeamConfig::new(day)
                        },
                    );
                    write_page(&file, &page)?
                }
                None if format == Format::Table => team_overview(text, &team),
                None => {
                    // JSON: the profiles; CSV: one row per person and system.
                    let mut t = Table::new(&[
                        "employee", "name", "system", "target", "current", "self", "gap",
                    ]);
                    for p in &team {
                        for st in &p.systems {
                            let n = |l: Option<Level>| l.map(|l| l.number().to_string());
                            t.row(vec![
                                p.employee.employee_no.clone(),
                                p.employee.full_name(),
                                st.system.clone(),
                                n(st.target).unwrap_or_default(),
                                n(st.current).unwrap_or_default(),
                                n(st.self_level).unwrap_or_default(),
                                st.gap.to_string(),
                            ]);
                        }
                    }
                    render::emit(format, &team, &t)?
                }
            }
        }
        Command::Unit {
            unit,
            all: _,
            max_people,
            min_group,
            html,
        } => {
            let registry = open(&cli.db)?;
            let scope = unit.map_or(skillreg_store::UnitScope::Everyone, |u| {
                skillreg_store::UnitScope::Unit(u)
            });
            let view = registry.unit_view(scope, day, max_people, min_group)?;
            match html {
                Some(file) => {
                    let page = skillreg_html::render_unit(&view, &registry.catalog()?, lang);
                    write_page(&file, &page)?
                }
                None => {
                    // JSON: the view; table and CSV: one row per person (or occupation) and
                    // system, and in the occupations shape the unit's totals as occupation `*`.
                    let n = min_group;
                    let count = |c: &skillreg_store::Cell<u64>| report_cell(c, n, u64::to_string);
                    let mean = |c: &skillreg_store::Cell<f64>| {
                        report_cell(c, n, |v| match text.machine {
                            true => format!("{v:.2}"),
                            false => lang.decimal(*v, 2),
                        })
                    };
                    let w = text.table();
                    let t = match view.shape {
                        skillreg_store::UnitShape::People => {
                            let mut t = Table::new(&w.gap_columns[..6]);
                            for p in &view.people {
                                for st in &p.systems {
                                    // CSV leaves a missing level empty; the table shows –.
                                    let lv = |l: Option<Level>| match text.machine {
                                        true => {
                                            l.map(|l| l.number().to_string()).unwrap_or_default()
                                        }
                                        false => level(l),
                                    };
                                    t.row(vec![
                                        p.employee_no.clone(),
                                        p.name.clone(),
                                        st.system.clone(),
                                        lv(st.target),
                                        lv(st.current),
                                        st.gap.to_string(),
                                    ]);
                                }
                            }
                            t
                        }
                        skillreg_store::UnitShape::Occupations => {
                            let mut t = Table::new(&w.unit_occupation_columns);
                            let rows = view
                                .occupations
                                .iter()
                                .map(|o| (o.occupation.clone(), count(&o.n_people), &o.systems))
                                .chain(std::iter::once((
                                    "*".to_string(),
                                    view.n_people.to_string(),
                                    &view.totals,
                                )));
                            for (occupation, people, systems) in rows {
                                for f in systems {
                                    t.row(vec![
                                        occupation.clone(),
                                        people.clone(),
                                        f.system.clone(),
                                        count(&f.n_with_target),
                                        count(&f.n_at_target),
                                        mean(&f.mean_level),
                                        mean(&f.mean_gap),
                                    ]);
                                }
                            }
                            t
                        }
                    };
                    let mut out = render::emit(format, &view, &t)?;
                    if format == Format::Table {
                        if view.shape == skillreg_store::UnitShape::People {
                            out += &text.level_legend();
                        }
                        out += &suppression_note(text, &view.suppression);
                    }
                    out
                }
            }
        }
        Command::Round(command) => round_cmd::run(command, &cli.db, format, text, day)?,
        Command::Subject(command) => subject_cmd::subject(command, &cli.db, day)?,
        Command::Purge(args) => subject_cmd::purge(args, &cli.db, format)?,
        Command::Runs => {
            let registry = open(&cli.db)?;
            let runs = registry.runs()?;
            let mut t = Table::new(&text.table().runs_columns);
            for r in &runs {
                let [c, u, te, re, ev] = r.counts;
                t.row(vec![
                    r.id.to_string(),
                    r.started_at.clone(),
                    r.source.clone(),
                    r.role.clone(),
                    r.input.clone().unwrap_or_default(),
                    r.outcome.clone(),
                    c.to_string(),
                    u.to_string(),
                    te.to_string(),
                    re.to_string(),
                    ev.to_string(),
                    r.n_warnings.to_string(),
                    r.duration_ms.to_string(),
                ]);
            }
            render::emit(format, &runs, &t)?
        }
        Command::Audit { employee, since } => {
            let registry = open(&cli.db)?;
            let trail = registry.audit(&skillreg_store::AuditFilter { employee, since })?;
            let mut t = Table::new(&["id", "at", "actor", "action", "employee", "detail", "via"]);
            for a in &trail {
                t.row(vec![
                    a.id.to_string(),
                    a.at.clone(),
                    a.actor.clone(),
                    a.action.clone(),
                    a.employee_no.clone().unwrap_or_default(),
                    a.detail.clone(),
                    a.via.clone(),
                ]);
            }
            if format == Format::Table && trail.is_empty() {
                "the audit trail has no such rows\n".to_string()
            } else {
                render::emit(format, &trail, &t)?
            }
        }
        Command::Demo => demo(cli.as_of, format, lang)?,
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

fn render_summary(format: Format, summary: &nightly::Summary) -> anyhow::Result<String> {
    if format != Format::Table {
        let mut t = Table::new(&[
            "step",
            "kind",
            "role",
            "outcome",
            "seen",
            "created",
            "updated",
            "reactivated",
            "terminated",
            "unchanged",
            "skipped",
            "evidence",
            "catalog",
            "exported",
            "warnings",
            "ms",
            "error",
        ]);
        for s in &summary.steps {
            let c = &s.counts;
            t.row(vec![
                s.name.clone(),
                s.kind.clone(),
                s.role.clone(),
                outcome_name(s.outcome).into(),
                c.seen.to_string(),
                c.created.to_string(),
                c.updated.to_string(),
                c.reactivated.to_string(),
                c.terminated.to_string(),
                c.unchanged.to_string(),
                c.skipped.to_string(),
                c.evidence.to_string(),
                c.catalog.to_string(),
                c.exported.to_string(),
                s.n_warnings.to_string(),
                s.duration_ms.to_string(),
                s.error.clone().unwrap_or_default(),
            ]);
        }
        return render::emit(format, summary, &t);
    }
    let mut out = String::new();
    let title = if summary.profile.is_empty() {
        "sync run".to_string()
    } else {
        format!("sync run {:?}", summary.profile)
    };
    out += &format!(
        "{title}: {}{} in {:.1} s\n",
        outcome_name(summary.outcome),
        if summary.dry_run {
            " (dry run, nothing written)"
        } else {
            ""
        },
        summary.duration_ms as f64 / 1000.0
    );
    for (i, s) in summary.steps.iter().enumerate() {
        let c = &s.counts;
        let what = match (s.kind.as_str(), s.outcome) {
            (_, nightly::Outcome::Skipped) => String::new(),
            ("export-wlx", _) => format!("{} record(s) to send", c.exported),
            _ => format!(
                "{} seen: {} created, {} updated, {} reactivated, {} terminated, {} unchanged, {} skipped; {} evidence; {} catalog change(s)",
                c.seen,
                c.created,
                c.updated,
                c.reactivated,
                c.terminated,
                c.unchanged,
                c.skipped,
                c.evidence,
                c.catalog
            ),
        };
        out += &format!(
            "{}. {} [{}, {}] {}: {what}\n",
            i + 1,
            s.name,
            s.kind,
            s.role,
            outcome_name(s.outcome)
        );
        if let Some(e) = &s.error {
            out += &format!("   {e}\n");
        }
        for p in &s.problems {
            out += &format!("   problem: {p}\n");
        }
        if !s.would_terminate.is_empty() {
            out += &format!("   would terminate: {}\n", s.would_terminate.join(", "));
        }
        for w in &s.warnings {
            out += &format!("   warning: {w}\n");
        }
        if s.n_warnings > s.warnings.len() {
            out += &format!(
                "   ... and {} more warnings (--format json lists the first 100)\n",
                s.n_warnings - s.warnings.len()
            );
        }
    }
    Ok(out)
}

fn outcome_name(outcome: nightly::Outcome) -> &'static str {
    outcome.label()
}

/// The name of an evidence kind: the machine name (`self`, `manager`, `course`) or, for people,
/// the words of the pages.
fn evidence_kind(text: Text, kind: &skillreg_core::EvidenceKind) -> &'static str {
    if text.machine {
        return kind.name();
    }
    let l = text.labels();
    match kind {
        skillreg_core::EvidenceKind::SelfAssessment => l.kind_self,
        skillreg_core::EvidenceKind::ManagerAssessment { .. } => l.kind_manager,
        skillreg_core::EvidenceKind::CourseResult { .. } => l.kind_course,
    }
}

fn gap_cells(text: Text, g: &skillreg_store::GapRow) -> Vec<String> {
    let current = match g.current_source.as_str() {
        "self" => format!(
            "{} ({})",
            text.level(g.current),
            text.table().standing_columns[4]
        ),
        _ => text.level(g.current),
    };
    vec![
        g.employee_no.clone(),
        g.name.clone(),
        g.system.clone(),
        text.level(g.target),
        current,
        g.gap.to_string(),
        g.recommended_courses.join(", "),
    ]
}

/// Writes gaps as JSON (an array of `{employee_no, system, target, current, gap}`) or CSV while
/// they are computed. A closed pipe ends the output quietly.
fn stream_gaps(
    registry: &Registry,
    scope: &Scope,
    day: NaiveDate,
    format: Format,
) -> anyhow::Result<()> {
    #[derive(Serialize)]
    struct Row<'a> {
        employee_no: &'a str,
        system: &'a str,
        target: Option<Level>,
        current: Option<Level>,
        gap: u8,
    }
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    // The first write error is kept; later rows are not written.
    let mut failed: Option<anyhow::Error> = None;
    if format == Format::Csv {
        let mut w = csv::Writer::from_writer(out);
        let text = Text::new(format, Lang::En);
        w.write_record(text.table().gap_columns)?;
        registry.for_each_gap(scope, day, |g| {
            if failed.is_none() {
                failed = w.write_record(gap_cells(text, &g)).err().map(Into::into);
            }
        })?;
        if failed.is_none() {
            failed = w.flush().err().map(Into::into);
        }
    } else {
        let mut out = out;
        let mut first = true;
        failed = out.write_all(b"[").err().map(Into::into);
        registry.for_each_gap(scope, day, |g| {
            if failed.is_none() {
                let row = Row {
                    employee_no: &g.employee_no,
                    system: &g.system,
                    target: g.target,
                    current: g.current,
                    gap: g.gap,
                };
                let sep: &[u8] = if first { b"\n" } else { b",\n" };
                first = false;
                failed = out
                    .write_all(sep)
                    .map_err(anyhow::Error::from)
                    .and_then(|()| Ok(serde_json::to_writer(&mut out, &row)?))
                    .err();
            }
        })?;
        if failed.is_none() {
            let end: &[u8] = if first { b"]\n" } else { b"\n]\n" };
            failed = out
                .write_all(end)
                .and_then(|()| out.flush())
                .err()
                .map(Into::into);
        }
    }
    match failed {
        Some(e) if !is_broken_pipe(&e) => Err(e),
        _ => Ok(()),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            || matches!(c.downcast_ref::<csv::Error>().map(csv::Error::kind),
                Some(csv::ErrorKind::Io(io)) if io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The warnings of a sync, one per line (those beyond the first 100 counted).
fn sync_warnings(report: &SyncReport) -> String {
    let mut out = String::new();
    for w in &report.warnings {
        out += &format!("  warning: {w}\n");
    }
    if report.n_warnings > report.warnings.len() {
        out += &format!(
            "  ... and {} more warnings\n",
            report.n_warnings - report.warnings.len()
        );
    }
    out
}

fn render_sync(format: Format, report: &SyncReport) -> anyhow::Result<String> {
    if format != Format::Table {
        let mut t = Table::new(&["employee", "change", "evidence"]);
        for p in &report.people {
            t.row(vec![
                p.employee_no.clone(),
                p.change.name().into(),
                p.n_evidence.to_string(),
            ]);
        }
        return render::emit(format, report, &t);
    }
    let mut out = String::new();
    let verb = if report.dry_run {
        "plan (dry run, nothing written)"
    } else {
        "applied"
    };
    out += &format!(
        "{verb}: {} people in the export ({} as of {}); {} created, {} updated, {} reactivated, {} terminated, {} unchanged; {} evidence record(s) added; {} catalog change(s)\n",
        report.n_seen,
        report.header.source,
        report.header.as_of,
        report.n_created,
        report.n_updated,
        report.n_reactivated,
        report.n_terminated,
        report.n_unchanged,
        report.n_evidence,
        report.catalog.len()
    );
    let warnings = sync_warnings(report);
    if report.is_empty() {
        out += "nothing to change\n";
        out += &warnings;
        return Ok(out);
    }
    // A first import lists everything: show the first lines; JSON and CSV list all.
    const SHOWN: usize = 50;
    for op in report.catalog.iter().take(SHOWN) {
        out += &format!(
            "  {:<11} {}\n",
            format!("{:?}", op.change).to_lowercase(),
            op.item.label()
        );
    }
    if report.catalog.len() > SHOWN {
        out += &format!(
            "  ... and {} more catalog changes\n",
            report.catalog.len() - SHOWN
        );
    }
    for p in report.people.iter().take(SHOWN) {
        let ev = if p.n_evidence > 0 {
            format!(" (+{} evidence)", p.n_evidence)
        } else {
            String::new()
        };
        out += &format!("  {:<11} {}{ev}\n", p.change.name(), p.employee_no);
    }
    if report.people.len() > SHOWN {
        out += &format!(
            "  ... and {} more people (--format json or csv lists them all)\n",
            report.people.len() - SHOWN
        );
    }
    out += &warnings;
    Ok(out)
}

fn standing_table(text: Text, systems: &[Standing]) -> Table {
    let (l, w) = (text.labels(), text.table());
    let mut t = Table::new(&w.standing_columns);
    for s in systems {
        let mut notes = Vec::new();
        match s.current_source {
            skillreg_core::CurrentSource::SelfAssessed => notes.push(l.source_self),
            skillreg_core::CurrentSource::None => notes.push(l.not_assessed),
            skillreg_core::CurrentSource::Confirmed => {}
        }
        if s.discrepancy {
            notes.push(w.differ);
        }
        let courses = if s.referred_courses.is_empty() {
            s.recommended_courses.join(", ")
        } else {
            format!("{}: {}", w.referred_to, s.referred_courses.join(", "))
        };
        t.row(vec![
            s.system.clone(),
            text.level(s.target),
            text.level(s.current),
            text.level(s.confirmed),
            text.level(s.self_level),
            s.gap.to_string(),
            notes.join("; "),
            courses,
        ]);
    }
    t
}

/// A percentage of employment: `100%`, or `100 %` in Swedish and Norwegian.
fn employment_percent(lang: Lang, percent: Option<u8>) -> String {
    let number = percent.map_or_else(|| "?".to_string(), |p| p.to_string());
    match lang {
        Lang::En => format!("{number}%"),
        Lang::Sv | Lang::Nb => format!("{number} %"),
    }
}

fn render_profile(format: Format, text: Text, profile: &Profile) -> anyhow::Result<String> {
    let t = standing_table(text, &profile.systems);
    if format != Format::Table {
        return render::emit(format, profile, &t);
    }
    let w = text.table();
    let e = &profile.employee;
    let mut out = format!(
        "{} {} ({}) {} {}\n",
        e.employee_no,
        e.full_name(),
        if profile.active {
            w.active
        } else {
            w.not_active
        },
        w.as_of,
        text.date(profile.as_of)
    );
    for emp in &e.employments {
        let end = emp.end.map(|d| text.date(d)).unwrap_or_default();
        let manager = emp
            .manager
            .as_ref()
            .map(|m| format!(", {} {m}", w.manager))
            .unwrap_or_default();
        let primary = if emp.primary {
            format!(" ({})", w.primary)
        } else {
            String::new()
        };
        out += &format!(
            "  {} {} {} {}..{end}{manager}{primary}\n",
            emp.unit,
            emp.occupation,
            employment_percent(text.lang, emp.percent),
            text.date(emp.start)
        );
    }
    out += "\n";
    out += &t.render();
    out += &text.level_legend();
    Ok(out)
}

fn render_brief(format: Format, text: Text, brief: &Brief) -> anyhow::Result<String> {
    let standings: Vec<Standing> = brief.systems.iter().map(|s| s.standing.clone()).collect();
    let t = standing_table(text, &standings);
    if format != Format::Table {
        return render::emit(format, brief, &t);
    }
    let (l, w) = (text.labels(), text.table());
    let mut out = format!(
        "{}: {} {} — {} {}{}\n",
        l.brief_title,
        brief.employee_no,
        brief.name,
        w.as_of,
        text.date(brief.as_of),
        if brief.active {
            String::new()
        } else {
            format!(" ({})", w.not_active_on_day)
        }
    );
    if let (Some(unit), Some(occupation)) = (&brief.unit, &brief.occupation) {
        let manager = brief
            .manager
            .as_ref()
            .map(|m| format!(", {} {m}", w.manager))
            .unwrap_or_default();
        out += &format!("{occupation} {} {unit}{manager}\n", w.in_unit);
    }
    out += "\n";
    out += &t.render();
    out += &text.level_legend();
    let gaps: Vec<&skillreg_store::BriefSystem> = brief
        .systems
        .iter()
        .filter(|s| s.standing.gap > 0)
        .collect();
    if !gaps.is_empty() {
        out += &format!("\n{}:\n", w.to_reach_target);
        for s in gaps {
            // What the level means is the catalog's own text (in the organisation's language).
            let meaning = s
                .target_description
                .as_ref()
                .map(|d| format!(" — {}: {d}", text.level(s.standing.target)))
                .unwrap_or_default();
            out += &format!("  {} ({}){meaning}\n", s.standing.system, s.name);
        }
    }
    out += &format!("\n{}:", l.referrals_heading);
    if brief.open_referrals.is_empty() {
        out += &format!(" {}\n", l.none);
    } else {
        out += "\n";
        for r in &brief.open_referrals {
            let due = r
                .due
                .map(|d| {
                    let overdue = if r.overdue {
                        format!(" ({})", l.overdue)
                    } else {
                        String::new()
                    };
                    format!(", {} {}{overdue}", w.due, text.date(d))
                })
                .unwrap_or_default();
            out += &format!(
                "  {} ({} {}) {} {}{due}\n",
                r.course,
                r.system,
                text.level(Some(r.grants)),
                w.referred_on,
                text.date(r.created)
            );
        }
    }
    out += &format!(
        "{}:",
        l.expiring_heading
            .replace("{n}", &brief.expiring_days.to_string())
    );
    if brief.expiring.is_empty() {
        out += &format!(" {}\n", l.none);
    } else {
        out += "\n";
        for x in &brief.expiring {
            out += &format!(
                "  {} ({}) {} {}, {} {}\n",
                x.course,
                x.system,
                w.completed,
                text.date(x.completed),
                w.expires,
                text.date(x.expires)
            );
        }
    }
    out += &format!("{} {}:", l.changes_since, text.date(brief.since));
    if brief.changes.is_empty() && brief.new_evidence.is_empty() {
        out += &format!(" {}\n", l.none);
    } else {
        out += "\n";
        let [_, target, current, _, _, gap, _, _] = w.standing_columns;
        for c in &brief.changes {
            out += &format!(
                "  {}: {current} {} → {}, {target} {} → {}, {gap} {} → {}\n",
                c.system,
                level(c.current_before),
                level(c.current_after),
                level(c.target_before),
                level(c.target_after),
                c.gap_before,
                c.gap_after
            );
        }
        for h in &brief.new_evidence {
            out += &format!(
                "  {} {} {} ({})\n",
                text.date(h.evidence.date),
                h.evidence.system,
                text.level(Some(h.evidence.level)),
                evidence_kind(text, &h.evidence.kind)
            );
        }
    }
    Ok(out)
}

/// The team overview: people as rows, systems as columns, `current/target` per cell.
fn team_overview(text: Text, team: &[Profile]) -> String {
    let w = text.table();
    let mut systems: Vec<&str> = team
        .iter()
        .flat_map(|p| p.systems.iter().map(|s| s.system.as_str()))
        .collect();
    systems.sort();
    systems.dedup();
    let mut headers = vec![w.gap_columns[0], w.gap_columns[1]];
    headers.extend(systems.iter());
    let mut t = Table::new(&headers);
    for p in team {
        let mut row = vec![p.employee.employee_no.clone(), p.employee.full_name()];
        for system in &systems {
            let cell = match p.systems.iter().find(|s| s.system == *system) {
                None => String::new(),
                Some(s) => {
                    let self_mark =
                        if s.current_source == skillreg_core::CurrentSource::SelfAssessed {
                            w.self_letter
                        } else {
                            ""
                        };
                    let gap = if s.gap > 0 {
                        format!(" ▲{}", s.gap)
                    } else {
                        String::new()
                    };
                    format!("{}{self_mark}/{}{gap}", level(s.current), level(s.target))
                }
            };
            row.push(cell);
        }
        t.row(row);
    }
    format!(
        "{}({}; {})\n",
        t.render(),
        w.team_legend.replace("{s}", w.self_letter),
        text.level_names()
    )
}

fn demo(as_of: Option<NaiveDate>, format: Format, lang: Lang) -> anyhow::Result<String> {
    // Always its own file: the demo must never replace a registry named by --db or
    // SKILLREG_DB.
    let db = PathBuf::from(DEMO_DB);
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", db.display()));
        if file.exists() {
            std::fs::remove_file(&file)
                .with_context(|| format!("cannot replace {}", file.display()))?;
        }
    }
    let mut registry = Registry::open(&db, Actor::Hr)?;
    registry.set_via(&command_line());
    let report = skillreg_cli::sync_wlx_bytes(
        &mut registry,
        skillreg_cli::SAMPLE_EXPORT,
        "sample-export.xml",
        &SyncConfig::default(),
    )?;
    let day = as_of.unwrap_or(report.header.as_of);
    let manager = "10001";
    let team = registry.team(
        &Scope::Manager {
            manager: manager.into(),
            indirect: true,
        },
        day,
    )?;
    let brief = registry.brief("10023", &BriefConfig::new(day))?;
    if format == Format::Json {
        #[derive(Serialize)]
        struct Demo<'a> {
            sync: &'a SyncReport,
            team: &'a [Profile],
            brief: &'a Brief,
        }
        return Ok(serde_json::to_string_pretty(&Demo {
            sync: &report,
            team: &team,
            brief: &brief,
        })? + "\n");
    }
    let created = report
        .people
        .iter()
        .filter(|p| p.change == PersonChange::Created)
        .count();
    let mut out = format!(
        "Imported the sample export into {} ({created} people, {} evidence records, {} catalog items).\n\n",
        db.display(),
        report.n_evidence,
        report.catalog.len()
    );
    let manager_name = registry
        .employee(manager)
        .map(|e| e.full_name())
        .unwrap_or_default();
    let text = Text::new(Format::Table, lang);
    let w = text.table();
    out += &format!(
        "{} {manager} {manager_name}, {} {}:\n",
        w.team_of,
        w.as_of,
        text.date(day)
    );
    out += &team_overview(text, &team);
    out += "\n";
    out += &render_brief(Format::Table, text, &brief)?;
    // The same as pages a person opens: the brief and the team, next to the demo registry.
    let catalog = registry.catalog()?;
    let pages = [
        (
            DEMO_BRIEF,
            skillreg_html::render_brief(&brief, &catalog, lang),
        ),
        (
            DEMO_TEAM,
            skillreg_html::render_team(&team, &catalog, lang, &skillreg_html::TeamConfig::new(day)),
        ),
        (
            DEMO_PROGRESS,
            skillreg_html::render_progress(
                &registry.progress(
                    NaiveDate::from_ymd_opt(2026, 1, 1)
                        .filter(|from| *from < day)
                        .unwrap_or(day),
                    day,
                    None,
                    skillreg_store::DEFAULT_MIN_GROUP,
                )?,
                &catalog,
                lang,
            ),
        ),
    ];
    out += "\nPages:";
    for (file, html) in pages {
        write_page(Path::new(file), &html)?;
        out += &format!(" {file}");
    }
    out += &format!(
        "\n\nExplore further: skillreg --db {} --as-of {day} gaps --all\n",
        db.display()
    );
    Ok(out)
}

/// A report figure: the value, `<N` when withheld, `–` when there is nothing to show.
fn report_cell<T>(
    cell: &skillreg_store::Cell<T>,
    min_group: u32,
    show: impl Fn(&T) -> String,
) -> String {
    match (&cell.value, cell.suppressed) {
        (_, true) => format!("<{min_group}"),
        (Some(v), false) => show(v),
        (None, false) => "–".to_string(),
    }
}

fn suppression_note(text: Text, s: &skillreg_store::Suppression) -> String {
    text.table()
        .withheld_note
        .replace("{k}", &s.n_suppressed.to_string())
        .replace("{n}", &s.min_group.to_string())
        .replace("{m}", &s.min_group.saturating_sub(1).to_string())
        + "\n"
}

/// The scope of a report in words: everyone, a unit and below, an occupation, or both.
fn scope_words(text: Text, unit: Option<&str>, occupation: Option<&str>) -> String {
    let w = text.table();
    let template = match (unit, occupation) {
        (None, None) => w.scope_everyone,
        (Some(_), None) => w.scope_unit,
        (None, Some(_)) => w.scope_occupation,
        (Some(_), Some(_)) => w.scope_occupation_in_unit,
    };
    template
        .replace("{u}", unit.unwrap_or_default())
        .replace("{o}", occupation.unwrap_or_default())
}

fn render_demand(
    format: Format,
    text: Text,
    demand: &skillreg_store::Demand,
) -> anyhow::Result<String> {
    use skillreg_store::Breakdown;
    let w = text.table();
    let n = demand.suppression.min_group;
    let count = |c: &skillreg_store::Cell<u64>| report_cell(c, n, u64::to_string);
    let [by_all, by_occupation, by_unit] = w.demand_by;
    // One row per group: everyone, then each occupation, then each unit; a group missing from
    // one breakdown has nobody there.
    let groups = |parts: &[&Breakdown]| -> Vec<(&'static str, String, Vec<String>)> {
        let mut rows = vec![(
            by_all,
            String::new(),
            parts.iter().map(|b| count(&b.total)).collect(),
        )];
        for (by, list) in [
            (
                by_occupation,
                parts.iter().map(|b| &b.by_occupation).collect::<Vec<_>>(),
            ),
            (by_unit, parts.iter().map(|b| &b.by_unit).collect()),
        ] {
            let names: std::collections::BTreeSet<&str> = list
                .iter()
                .flat_map(|l| l.iter().map(|g| g.group.as_str()))
                .collect();
            for name in names {
                let cells = list
                    .iter()
                    .map(|l| {
                        l.iter()
                            .find(|g| g.group == name)
                            .map_or_else(|| "0".to_string(), |g| count(&g.count))
                    })
                    .collect();
                rows.push((by, name.to_string(), cells));
            }
        }
        rows
    };
    let mut t = Table::new(&w.demand_columns);
    for c in &demand.courses {
        for (by, group, cells) in groups(&[&c.closes, &c.narrows, &c.referred]) {
            let mut row = vec![
                w.demand_course.to_string(),
                c.system.clone(),
                text.level(Some(c.grants)),
                c.course.clone(),
                by.to_string(),
                group,
            ];
            row.extend(cells);
            row.push(String::new());
            t.row(row);
        }
    }
    for u in &demand.unmet {
        for (by, group, cells) in groups(&[&u.people]) {
            let mut row = vec![
                w.demand_new_course.to_string(),
                u.system.clone(),
                text.level(Some(u.level)),
                String::new(),
                by.to_string(),
                group,
                String::new(),
                String::new(),
                String::new(),
            ];
            row.extend(cells);
            t.row(row);
        }
    }
    if format != Format::Table {
        return render::emit(format, demand, &t);
    }
    let scope = scope_words(
        text,
        demand.filter.unit.as_deref(),
        demand.filter.occupation.as_deref(),
    );
    let mut out = w
        .demand_title
        .replace("{day}", &text.date(demand.as_of))
        .replace("{scope}", &scope)
        .replace("{n}", &count(&demand.n_people))
        .replace("{m}", &count(&demand.n_people_with_gaps));
    out += "\n\n";
    out += &t.render();
    out += "\n";
    out += w.demand_notes;
    out += &suppression_note(text, &demand.suppression);
    Ok(out)
}

fn render_progress(
    format: Format,
    text: Text,
    progress: &skillreg_store::Progress,
) -> anyhow::Result<String> {
    let w = text.table();
    let n = progress.suppression.min_group;
    let count = |c: &skillreg_store::Cell<u64>| report_cell(c, n, u64::to_string);
    let share = |c: &skillreg_store::Cell<f64>| report_cell(c, n, |v| text.percent(*v));
    let mean = |c: &skillreg_store::Cell<f64>| report_cell(c, n, |v| text.decimal(*v, 2));
    let mut t = Table::new(&w.progress_columns);
    for r in &progress.rows {
        let mut row = vec![
            r.unit.clone().unwrap_or_else(|| w.all_rows.to_string()),
            r.system.clone(),
        ];
        for f in [&r.from, &r.to] {
            row.extend([
                count(&f.n_people),
                share(&f.share_at_target),
                mean(&f.mean_level),
                count(&f.n_not_assessed),
            ]);
        }
        row.extend([
            report_cell(&r.change.n_people, n, |v| {
                if text.machine {
                    v.to_string()
                } else {
                    format!("{v:+}")
                }
            }),
            report_cell(&r.change.share_at_target, n, |v| {
                if text.machine {
                    v.to_string()
                } else {
                    format!("{} {}", text.signed(v * 100.0, 0), w.points)
                }
            }),
            report_cell(&r.change.mean_level, n, |v| text.signed(*v, 2)),
        ]);
        t.row(row);
    }
    if text.machine {
        return render::emit(format, progress, &t);
    }
    let p = &progress.people;
    let mut out = w
        .progress_heading
        .replace("{from}", &text.date(progress.from))
        .replace("{to}", &text.date(progress.to))
        .replace(
            "{scope}",
            &scope_words(text, progress.unit.as_deref(), None),
        );
    out += "\n";
    out += &w
        .progress_people
        .replace("{both}", &count(&p.n_both))
        .replace("{left}", &count(&p.n_left))
        .replace("{joined}", &count(&p.n_joined));
    out += "\n\n";
    out += &t.render();
    out += "\n";
    out += w.progress_notes;
    out += &suppression_note(text, &progress.suppression);
    Ok(out)
}
