//! `profile`, `history` and `brief`: one person.

use super::*;

pub(super) fn profile(ctx: &Ctx, employee: String) -> anyhow::Result<String> {
    let (format, day, text) = (ctx.format, ctx.day, ctx.text);
    Ok({
        let registry = ctx.open()?;
        let profile = registry.profile(&employee, day)?;
        render_profile(format, text, &profile)?
    })
}

pub(super) fn history(ctx: &Ctx, employee: String) -> anyhow::Result<String> {
    let (format, text) = (ctx.format, ctx.text);
    Ok({
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
    })
}

pub(super) fn brief(
    ctx: &Ctx,
    employee: String,
    since: Option<NaiveDate>,
    html: Option<PathBuf>,
) -> anyhow::Result<String> {
    let (format, day, lang, text) = (ctx.format, ctx.day, ctx.lang, ctx.text);
    Ok({
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
                ctx.write_page(&file, &page)?
            }
            None => render_brief(format, text, &brief)?,
        }
    })
}
