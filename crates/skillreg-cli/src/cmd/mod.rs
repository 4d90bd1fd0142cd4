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
use skillreg_cli::render::{self, Format, Table, Text, level};
use skillreg_cli::render::*;
use skillreg_cli::sources::{self, Source};
use skillreg_core::sync::{PersonChange, SourceRole, SyncConfig, SyncReport};
use skillreg_core::Level;
use skillreg_html::Lang;
use skillreg_store::{Actor, Assessment, Brief, BriefConfig, Profile, Registry, Scope};

use crate::args::*;
use crate::progress;

pub(crate) mod round;
pub(crate) mod subject;

/// The demo's registry file, in the current directory.
const DEMO_DB: &str = "skillreg-demo.db";
/// The demo's appraisal brief page, in the current directory.
const DEMO_BRIEF: &str = "skillreg-demo-brief.html";
/// The demo's team page, in the current directory.
const DEMO_TEAM: &str = "skillreg-demo-team.html";
/// The demo's baseline vs follow-up page, in the current directory.
const DEMO_PROGRESS: &str = "skillreg-demo-progress.html";

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
    /// Today, by the local clock.
    pub today: NaiveDate,
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
            today,
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
        if !self.db.exists() {
            bail!(
                "no registry at {}: create one with `skillreg init` or choose one with --db",
                self.db.display()
            );
        }
        let mut registry = Registry::open_existing(&self.db, self.actor.clone())
            .with_context(|| format!("cannot open registry {}", self.db.display()))?;
        registry.set_via(&self.via);
        Ok(registry)
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



/// Writes a page to `file` (through a temporary name, so that a reader never sees half).
pub(crate) fn write_page(file: &Path, html: &str) -> anyhow::Result<String> {
    skillreg_cli::write_atomically(file, html.as_bytes())?;
    Ok(format!("wrote {}\n", file.display()))
}


pub(crate) fn run(ctx: &Ctx, command: Command) -> anyhow::Result<u8> {
    let (format, day, lang, text, _today) = (ctx.format, ctx.day, ctx.lang, ctx.text, ctx.today);
    let out = match command {
        Command::Init => {
            let registry = Registry::open(&ctx.db, ctx.actor.clone())
                .with_context(|| format!("cannot create registry {}", ctx.db.display()))?;
            format!(
                "registry {} ready (schema version {})\n",
                ctx.db.display(),
                registry.schema_version()?
            )
        }
        Command::Catalog(CatalogCommand::Apply { file }) => {
            let mut registry = ctx.open()?;
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
                render::emit_with(format, ctx.csv_style, &ops, &t)?
            }
        }
        Command::Catalog(CatalogCommand::Show) => {
            let registry = ctx.open()?;
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
            render::emit_with(format, ctx.csv_style, &catalog, &t)?
        }
        Command::Sync(SyncCommand::Run {
            profile,
            dry_run,
            max_terminations,
        }) => {
            let profile = nightly::Profile::from_file(&profile)?;
            if !ctx.db.exists() {
                // A typo in SKILLREG_DB must not import everyone into a new, empty registry.
                bail!(
                    "no registry at {}: create one with `skillreg init` or choose one with --db",
                    ctx.db.display()
                );
            }
            let options = RunOptions {
                dry_run,
                max_terminations,
                as_of: day,
                lock_timeout: Duration::from_secs(ctx.lock_timeout),
            };
            let mut bar = progress::Bar::new();
            let summary =
                nightly::run_profile(&ctx.db, &ctx.actor, &profile, &options, &mut bar)?;
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
            let mut registry = ctx.open()?;
            let _lock = RunLock::acquire_within(&ctx.db, Duration::from_secs(ctx.lock_timeout))?;
            let report = sources::sync_source(&mut registry, &source, &config, day, &mut |_| {})?;
            render_sync(format, &report)?
        }
        Command::Export(ExportCommand::Wlx { file }) => {
            let mut registry = ctx.open()?;
            let _lock = RunLock::acquire_within(&ctx.db, Duration::from_secs(ctx.lock_timeout))?;
            let n = skillreg_cli::export_wlx_file(&mut registry, &file)?;
            format!("wrote {n} record(s) to {}\n", file.display())
        }
        Command::Assess(a) => {
            let mut registry = ctx.open()?;
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
            let mut registry = ctx.open()?;
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
            let mut registry = ctx.open()?;
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
            let registry = ctx.open()?;
            let profile = registry.profile(&employee, day)?;
            render_profile(format, text, &profile)?
        }
        Command::History { employee } => {
            let registry = ctx.open()?;
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
            render::emit_with(format, ctx.csv_style, &history, &t)?
        }
        Command::Gaps(g) => {
            let registry = ctx.open()?;
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
                stream_gaps(&registry, &scope, day, format, ctx.csv_style)?;
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
            let registry = ctx.open()?;
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
            let registry = ctx.open()?;
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
            let registry = ctx.open()?;
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
            let registry = ctx.open()?;
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
                    render::emit_with(format, ctx.csv_style, &team, &t)?
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
            let registry = ctx.open()?;
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
                    let mut out = render::emit_with(format, ctx.csv_style, &view, &t)?;
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
        Command::Round(command) => round::run(command, ctx)?,
        Command::Subject(command) => subject::subject(command, ctx)?,
        Command::Purge(args) => subject::purge(args, ctx)?,
        Command::Runs => {
            let registry = ctx.open()?;
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
            render::emit_with(format, ctx.csv_style, &runs, &t)?
        }
        Command::Audit { employee, since } => {
            let registry = ctx.open()?;
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
                render::emit_with(format, ctx.csv_style, &trail, &t)?
            }
        }
        Command::Demo => demo(ctx.as_of, format, lang)?,
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

/// Writes gaps as JSON (an array of `{employee_no, system, target, current, gap}`) or CSV while
/// they are computed. A closed pipe ends the output quietly.
fn stream_gaps(
    registry: &Registry,
    scope: &Scope,
    day: NaiveDate,
    format: Format,
    csv_style: CsvStyle,
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
        let mut w = skillreg_cli::csv_out::CsvWriter::new(csv_style, out)?;
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

