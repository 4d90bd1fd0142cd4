//! `gaps`, `team`, `unit`, `demand` and `progress`: many people.

use super::*;

pub(super) fn gaps(ctx: &Ctx, g: GapsArgs) -> anyhow::Result<String> {
    let (format, day, text) = (ctx.format, ctx.day, ctx.text);
    Ok({
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
            return Ok(String::new());
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
    })
}

pub(super) fn demand(
    ctx: &Ctx,
    filter: skillreg_store::DemandFilter,
    min_group: u32,
    html: Option<PathBuf>,
) -> anyhow::Result<String> {
    let (format, day, lang, text) = (ctx.format, ctx.day, ctx.lang, ctx.text);
    Ok({
        let registry = ctx.open()?;
        let demand = registry.demand(&filter, day, min_group)?;
        match html {
            Some(file) => {
                let page = skillreg_html::render_demand(&demand, &registry.catalog()?, lang);
                ctx.write_page(&file, &page)?
            }
            None => render_demand(format, text, &demand)?,
        }
    })
}

pub(super) fn progress(
    ctx: &Ctx,
    from: NaiveDate,
    to: Option<NaiveDate>,
    filter: skillreg_store::ReportFilter,
    min_group: u32,
    html: Option<PathBuf>,
) -> anyhow::Result<String> {
    let (format, day, lang, text) = (ctx.format, ctx.day, ctx.lang, ctx.text);
    Ok({
        let registry = ctx.open()?;
        let report = registry.progress_of(from, to.unwrap_or(day), &filter, min_group)?;
        match html {
            Some(file) => {
                let page = skillreg_html::render_progress(&report, &registry.catalog()?, lang);
                ctx.write_page(&file, &page)?
            }
            None => render_progress(format, text, &report)?,
        }
    })
}

pub(super) fn team(
    ctx: &Ctx,
    manager: String,
    indirect: bool,
    html: Option<PathBuf>,
    min_group: usize,
) -> anyhow::Result<String> {
    let (format, day, lang, text) = (ctx.format, ctx.day, ctx.lang, ctx.text);
    Ok({
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
                ctx.write_page(&file, &page)?
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
    })
}

pub(super) fn unit(
    ctx: &Ctx,
    scope: skillreg_store::UnitScope,
    max_people: usize,
    min_group: u32,
    html: Option<PathBuf>,
) -> anyhow::Result<String> {
    let (format, day, lang, text) = (ctx.format, ctx.day, ctx.lang, ctx.text);
    Ok({
        let registry = ctx.open()?;
        let view = registry.unit_view(scope, day, max_people, min_group)?;
        match html {
            Some(file) => {
                let page = skillreg_html::render_unit(&view, &registry.catalog()?, lang);
                ctx.write_page(&file, &page)?
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
                                    true => l.map(|l| l.number().to_string()).unwrap_or_default(),
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
    })
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
