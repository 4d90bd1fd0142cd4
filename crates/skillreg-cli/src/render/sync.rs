//! Sync reports and the nightly summary as tables, JSON or CSV.
use skillreg_core::sync::SyncReport;

use crate::nightly;
use crate::render::{self, Format, Table};

/// The nightly run's summary: a table per step, or one JSON document (one line off a terminal).
pub fn render_summary(format: Format, summary: &nightly::Summary) -> anyhow::Result<String> {
    if format == Format::Json {
        return Ok(render::json_for_stdout(summary)?);
    }
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
    let outcome = match summary.outcome {
        // Refused, not applied: nothing of the night was written.
        nightly::Outcome::GuardTripped => "refused, the termination guard tripped: nothing applied",
        outcome => outcome_name(outcome),
    };
    out += &format!(
        "{title}: {outcome}{} in {:.1} s\n",
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
            (_, nightly::Outcome::GuardTripped) => format!(
                "nothing applied; the refused plan would have terminated {} of {} seen",
                c.terminated, c.seen
            ),
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
    Ok(render::terminal_text(out))
}
/// The word for a step's outcome in tables and CSV.
pub fn outcome_name(outcome: nightly::Outcome) -> &'static str {
    outcome.label()
}
/// The warnings of a sync, one per line (those beyond the first 100 counted).
pub fn sync_warnings(report: &SyncReport) -> String {
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
    render::terminal_text(out)
}
/// A sync's report: the plan or what was done, per person, with warnings.
pub fn render_sync(format: Format, report: &SyncReport) -> anyhow::Result<String> {
    let verb = if report.dry_run {
        "plan (dry run, nothing written)"
    } else {
        "applied"
    };
    render_report(format, report, verb)
}

/// The plan of a sync the termination guard refused: nothing of it was applied, so it never
/// says `applied:`.
pub fn render_guard_tripped(format: Format, report: &SyncReport) -> anyhow::Result<String> {
    render_report(
        format,
        report,
        "refused by the termination guard, nothing applied; the plan was",
    )
}

/// A sync's report under the heading `verb`.
fn render_report(format: Format, report: &SyncReport, verb: &str) -> anyhow::Result<String> {
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
        return Ok(render::terminal_text(out));
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
    Ok(render::terminal_text(out))
}
