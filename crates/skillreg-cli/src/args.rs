//! The command line's grammar: every command, flag and value parser (clap derive). `main.rs`
//! parses with [`Cli`] and hands the [`Command`] to `cmd::run`.

use std::path::PathBuf;
use std::sync::LazyLock;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use skillreg_cli::nightly;
use skillreg_core::Level;
use skillreg_core::sync::{SourceRole, SyncConfig, TerminationLimit};
use skillreg_html::Lang;
use skillreg_store::Actor;

/// `--version`: the program's version and the registry schema it reads and writes.
static VERSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} (registry schema {})",
        env!("CARGO_PKG_VERSION"),
        skillreg_store::SCHEMA_VERSION
    )
});

/// The exit codes, as `main` maps them (shown under `--help`).
pub(crate) const EXIT_CODES: &str = "\
Exit codes:
  0  done; for `sync run`, every step went through
  1  an error: bad input (nothing was written), access refused, a step of `sync run` failed
  2  a usage error: an unknown command, flag or value
  3  the termination guard tripped: the sync would terminate more people than allowed
     (nothing was written; see --max-terminations)";

#[derive(Parser)]
#[command(
    name = "skillreg",
    version = VERSION.as_str(),
    about = "A registry of who can use which digital systems, at which level.",
    after_help = EXIT_CODES
)]
pub(crate) struct Cli {
    /// The registry file.
    #[arg(
        long,
        global = true,
        env = "SKILLREG_DB",
        default_value = "skillreg.db"
    )]
    pub(crate) db: PathBuf,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub(crate) format: OutputFormat,
    /// Answer as of this day (YYYY-MM-DD); default today.
    #[arg(long, global = true, value_parser = parse_date)]
    pub(crate) as_of: Option<NaiveDate>,
    /// The language of tables and pages: en, sv or nb (default: from LC_ALL, LC_MESSAGES or
    /// LANG, else en). JSON and CSV are the same in every language.
    #[arg(long, global = true, value_parser = parse_lang)]
    pub(crate) lang: Option<Lang>,
    /// Who is asking: hr (everything; the default, for the local administrator),
    /// manager:EMPNO (their own record, their reports' and the aggregates of their people),
    /// employee:EMPNO (their own record) or viewer:UNIT (a steering group: the unit's
    /// suppressed aggregates only). The registry refuses what the actor may not see or do,
    /// and logs the rest.
    #[arg(
        long,
        global = true,
        env = "SKILLREG_ACTOR",
        default_value = "hr",
        value_name = "ACTOR",
        value_parser = parse_actor
    )]
    pub(crate) as_actor: Actor,
    /// How many seconds a sync (and the return-file export) waits for another sync of the same
    /// registry to finish before giving up, and a purge for other processes' reads to end so
    /// that the erased data can be overwritten; 0 gives up at once.
    #[arg(
        long,
        global = true,
        value_name = "SECONDS",
        default_value_t = nightly::DEFAULT_LOCK_TIMEOUT.as_secs()
    )]
    pub(crate) lock_timeout: u64,
    /// CSV for machines (`rfc4180`: comma, LF, as RFC 4180) or for a Nordic spreadsheet
    /// (`excel`: UTF-8 byte order mark, `;`, CRLF, cells that could start a formula neutralised).
    #[arg(long, global = true, value_enum, default_value_t = skillreg_cli::csv_out::CsvStyle::Rfc4180)]
    pub(crate) csv_style: skillreg_cli::csv_out::CsvStyle,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum OutputFormat {
    Table,
    Json,
    Csv,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        /// Only employments in this target group (the catalog's `[[groups]]`).
        #[arg(long)]
        group: Option<String>,
        /// Only the people of this manager, directly and indirectly (a manager's own are the
        /// default when they ask).
        #[arg(long, value_name = "EMPNO")]
        manager: Option<String>,
        /// Also break the figures down by gender (the equality follow-up: female, male, other,
        /// unknown), withheld by the same rule.
        #[arg(long, value_enum)]
        by: Option<ByArg>,
        /// Withhold figures over fewer than this many people.
        #[arg(long, default_value_t = skillreg_store::DEFAULT_MIN_GROUP)]
        min_group: u32,
        /// Also write the report as one self-contained HTML page.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
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
        /// Only employments in this occupation.
        #[arg(long)]
        occupation: Option<String>,
        /// Only employments in this target group (the catalog's `[[groups]]`).
        #[arg(long)]
        group: Option<String>,
        /// Only the people of this manager, directly and indirectly (a manager's own are the
        /// default when they ask).
        #[arg(long, value_name = "EMPNO")]
        manager: Option<String>,
        /// Also break the figures down by gender (the equality follow-up: female, male, other,
        /// unknown), withheld by the same rule.
        #[arg(long, value_enum)]
        by: Option<ByArg>,
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
    /// --min-group people withheld. A manager reads their own people (or a unit they manage
    /// all of), a viewer their unit (by occupation only).
    Unit {
        /// The unit id (with the units below it). Without one: what the actor covers (as
        /// --all).
        unit: Option<String>,
        /// The whole organisation instead of one unit: everyone active, every top-level unit
        /// (for a manager: their people; for a viewer: their unit).
        #[arg(long, conflicts_with_all = ["unit", "manager"])]
        all: bool,
        /// The people of this manager, directly and indirectly, instead of a unit.
        #[arg(long, value_name = "EMPNO", conflicts_with = "unit")]
        manager: Option<String>,
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
    /// The target groups of the roll-out (the catalog's `[[groups]]`), by phase: people, the
    /// response rate of each group's latest rounds, the share at target and the training
    /// demand. Figures over fewer than --min-group people are withheld.
    Groups {
        /// Withhold figures over fewer than this many people.
        #[arg(long, default_value_t = skillreg_store::DEFAULT_MIN_GROUP)]
        min_group: u32,
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
    Round(crate::cmd::round::RoundCommand),
    /// The organisation's digital maturity: import the answers of a measurement to a maturity
    /// framework, and compare a baseline with a follow-up per unit.
    #[command(subcommand)]
    Maturity(crate::cmd::maturity::MaturityCommand),
    /// Data subject requests: everything held about one person.
    #[command(subcommand)]
    Subject(crate::cmd::subject::SubjectCommand),
    /// Appraisal talks: record one with what was agreed.
    #[command(subcommand)]
    Talk(crate::cmd::talk::TalkCommand),
    /// A person's appraisal talks (`talks EMP`), or who is due for one (`talks due`).
    Talks(crate::cmd::talk::TalksArgs),
    /// Service tokens for the HTTP API: create one (printed once, alone, on standard output;
    /// only a hash is kept), list them, revoke one (HR only).
    #[command(subcommand)]
    Token(crate::cmd::token::TokenCommand),
    /// Erase the personal data of people who left (retention); reports for past days still add
    /// up, without names.
    Purge(crate::cmd::subject::PurgeArgs),
    /// Import the shipped sample into a fresh registry (always ./skillreg-demo.db, never the
    /// --db registry) and show a team overview and one brief; with --serve, serve it on
    /// loopback with a demo sign-in page (choose who you are: HR, a manager, an employee, a
    /// viewer).
    Demo {
        /// Serve the demo registry as the web service, on loopback only, until Ctrl-C.
        #[arg(long)]
        serve: bool,
        /// The loopback address and port to serve on (default 127.0.0.1:8080).
        #[arg(long, requires = "serve", value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
    },
    /// Run the web service (behind a TLS-terminating reverse proxy): /healthz, /readyz, the
    /// HTTP API under /api/v1/ (for service tokens made by `skillreg token create`, and with
    /// an [oidc] section the provider's access tokens; its OpenAPI document at
    /// /api/v1/openapi.json) and, with an [oidc] section, sign-in and the signed-in pages.
    /// Stops on SIGTERM or Ctrl-C. See the book's chapters "For IT: the web service and its
    /// identity provider" and "For integrators: the HTTP API".
    Serve {
        /// The configuration file (registry, listen, public_url, [oidc] ...).
        #[arg(long, value_name = "FILE")]
        config: PathBuf,
        /// Listen here instead of the file's `listen` (e.g. 127.0.0.1:8080).
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
    },
    /// Print a shell completion script: `skillreg completions bash > /etc/bash_completion.d/skillreg`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `skillreg man > skillreg.1 && man ./skillreg.1`.
    Man,
}

#[derive(Subcommand)]
pub(crate) enum CatalogCommand {
    /// Apply a TOML catalog (idempotent: items are created or updated, none removed).
    Apply {
        /// The catalog file.
        file: PathBuf,
    },
    /// Show the catalog.
    Show,
}

#[derive(Subcommand)]
pub(crate) enum SyncCommand {
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
pub(crate) fn resolve_lang(arg: Option<Lang>) -> Lang {
    arg.or_else(|| {
        let vars = ["LC_ALL", "LC_MESSAGES", "LANG"].map(|v| std::env::var(v).ok());
        Lang::from_locale(vars.iter().map(Option::as_deref))
    })
    .unwrap_or(Lang::En)
}

pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_tag(s).ok_or_else(|| format!("expected en, sv or nb, got {s:?}"))
}

#[derive(Args)]
pub(crate) struct SyncFlags {
    /// Print the plan, change nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Refuse a plan that terminates more people than this: a number (25) or a share of
    /// the active people (10%). Default 10%, never tripping for 2 people or fewer.
    #[arg(long, value_parser = parse_limit)]
    pub(crate) max_terminations: Option<TerminationLimit>,
    /// Add catalog and evidence only: create, change and terminate nobody (for a source that
    /// is not the one that owns people).
    #[arg(long)]
    pub(crate) evidence_only: bool,
}

impl SyncFlags {
    pub(crate) fn config(&self) -> SyncConfig {
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
pub(crate) enum ExportCommand {
    /// The WLX return file: records learned since the last export.
    Wlx {
        /// Where to write it.
        file: PathBuf,
    },
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["self_", "manager"])))]
pub(crate) struct AssessArgs {
    /// Employee number.
    pub(crate) employee: String,
    /// System code.
    pub(crate) system: String,
    /// Level 1-4.
    #[arg(value_parser = parse_level)]
    pub(crate) level: Level,
    /// A self-assessment.
    #[arg(long = "self")]
    pub(crate) self_: bool,
    /// A manager assessment, by this assessor (employee number or name).
    #[arg(long, value_name = "ASSESSOR")]
    pub(crate) manager: Option<String>,
    /// The assessment's date (default: today or --as-of).
    #[arg(long, value_parser = parse_date)]
    pub(crate) date: Option<NaiveDate>,
}

#[derive(Subcommand)]
pub(crate) enum CourseCommand {
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
pub(crate) struct GapsArgs {
    /// One employee.
    #[arg(long)]
    pub(crate) employee: Option<String>,
    /// A manager's reports.
    #[arg(long)]
    pub(crate) manager: Option<String>,
    /// With --manager: reports of reports too.
    #[arg(long, requires = "manager")]
    pub(crate) indirect: bool,
    /// A unit and the units below it.
    #[arg(long)]
    pub(crate) unit: Option<String>,
    /// An occupation.
    #[arg(long)]
    pub(crate) occupation: Option<String>,
    /// Everyone.
    #[arg(long)]
    pub(crate) all: bool,
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date YYYY-MM-DD, got {s:?}"))
}

/// An actor for the command line: hr, manager:EMPNO, employee:EMPNO or viewer:UNIT (a sync
/// job's actor is the nightly job's own, per step).
pub(crate) fn parse_actor(s: &str) -> Result<Actor, String> {
    match s.parse::<Actor>() {
        Ok(Actor::Sync { .. }) => Err(format!(
            "{s:?}: a sync job acts as its source by itself; use hr, manager:EMPNO, employee:EMPNO or viewer:UNIT"
        )),
        Ok(actor) => Ok(actor),
        Err(_) => Err(format!(
            "expected hr, manager:EMPNO, employee:EMPNO or viewer:UNIT, got {s:?}"
        )),
    }
}

pub(crate) fn parse_level(s: &str) -> Result<Level, String> {
    s.parse()
}

pub(crate) fn parse_limit(s: &str) -> Result<TerminationLimit, String> {
    s.parse()
}

/// What `--by` breaks a report down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ByArg {
    /// Women, men, other and not stated, as the HR system states them.
    Gender,
}

impl From<ByArg> for skillreg_core::view::By {
    fn from(by: ByArg) -> Self {
        match by {
            ByArg::Gender => skillreg_core::view::By::Gender,
        }
    }
}
