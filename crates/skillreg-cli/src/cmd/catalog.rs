//! `catalog apply` and `catalog show`.

use super::*;

pub(super) fn apply(ctx: &Ctx, file: PathBuf) -> anyhow::Result<String> {
    let format = ctx.format;
    Ok({
        let mut registry = ctx.open()?;
        let ops = skillreg_cli::apply_catalog_file(&mut registry, &file)?;
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
    })
}

pub(super) fn show(ctx: &Ctx) -> anyhow::Result<String> {
    let format = ctx.format;
    Ok({
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
        for g in &catalog.groups {
            let units = if g.units.is_empty() {
                String::new()
            } else {
                format!(" in {}", g.units.join(", "))
            };
            t.row(vec![
                "group".into(),
                g.code.clone(),
                g.name.clone(),
                format!("phase {}: {}{units}", g.phase, g.occupations.join(", ")),
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
    })
}
