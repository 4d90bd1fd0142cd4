//! `demo`: the shipped sample organisation imported into a fresh registry, a team and a brief
//! shown, and the pages written beside it.

use super::*;

/// The demo's registry file, in the current directory.
const DEMO_DB: &str = "skillreg-demo.db";
/// The demo's appraisal brief page, in the current directory.
const DEMO_BRIEF: &str = "skillreg-demo-brief.html";
/// The demo's team page, in the current directory.
const DEMO_TEAM: &str = "skillreg-demo-team.html";
/// The demo's baseline vs follow-up page, in the current directory.
const DEMO_PROGRESS: &str = "skillreg-demo-progress.html";

pub(super) fn demo(as_of: Option<NaiveDate>, format: Format, lang: Lang) -> anyhow::Result<String> {
    Ok(build(as_of, format, lang)?.0)
}

/// Builds the demo registry and its pages: the output to print, and the day it is as of (the
/// sample export's, unless `as_of` says otherwise).
fn build(
    as_of: Option<NaiveDate>,
    format: Format,
    lang: Lang,
) -> anyhow::Result<(String, NaiveDate)> {
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
        let json = serde_json::to_string_pretty(&Demo {
            sync: &report,
            team: &team,
            brief: &brief,
        })?;
        return Ok((json + "\n", day));
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
    Ok((out, day))
}

/// `demo --serve`: refuses a listen address that is not loopback before anything else, builds
/// the demo registry as `demo` does, and serves it with the demo sign-in page until Ctrl-C.
pub(super) fn serve(
    as_of: Option<NaiveDate>,
    lang: Lang,
    listen: Option<std::net::SocketAddr>,
) -> anyhow::Result<String> {
    let listen = listen.unwrap_or(std::net::SocketAddr::from(([127, 0, 0, 1], 8080)));
    if !listen.ip().is_loopback() {
        anyhow::bail!(
            "--listen {listen}: the demo serves on loopback only (127.0.0.1 or ::1), as it lets anyone choose who they are"
        );
    }
    let (out, day) = build(as_of, Format::Table, lang)?;
    print!("{out}");
    // Served as of the same day as the pages `demo` writes: the sample export's.
    skillreg_server::serve_demo(Path::new(DEMO_DB), listen, Some(day))?;
    Ok(String::new())
}
