//! `init`, `runs` and `audit`: the registry file, the run log and the audit trail.

use super::*;

pub(super) fn init(ctx: &Ctx) -> anyhow::Result<String> {
    Ok({
        let registry = Registry::open(&ctx.db, ctx.actor.clone())
            .with_context(|| format!("cannot create registry {}", ctx.db.display()))?;
        format!(
            "registry {} ready (schema version {})\n",
            ctx.db.display(),
            registry.schema_version()?
        )
    })
}

pub(super) fn runs(ctx: &Ctx) -> anyhow::Result<String> {
    let (format, text) = (ctx.format, ctx.text);
    Ok({
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
    })
}

pub(super) fn audit(
    ctx: &Ctx,
    employee: Option<String>,
    since: Option<NaiveDate>,
) -> anyhow::Result<String> {
    let format = ctx.format;
    Ok({
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
    })
}
