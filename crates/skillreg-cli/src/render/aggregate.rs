//! Aggregates over many people: demand and progress, with withheld figures explained.

use skillreg_core::view::{GenderCount, GenderGroup};

use crate::render::{self, Format, Table, Text};

/// A gender group's name: the language's word, the code in JSON and CSV (English tables).
fn gender_name(text: Text, g: GenderGroup) -> &'static str {
    text.table().gender_groups[g.index()]
}

/// "female 6, male <5, ..." for a table's heading.
fn gender_counts(text: Text, counts: &[GenderCount], min_group: u32) -> String {
    counts
        .iter()
        .map(|c| {
            let n = report_cell(&c.count, min_group, u64::to_string);
            format!("{} {n}", gender_name(text, c.gender))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A report figure: the value, `<N` when withheld, `–` when there is nothing to show.
pub fn report_cell<T>(
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
/// The sentence under a table that says how many figures were withheld and why.
pub fn suppression_note(text: Text, s: &skillreg_store::Suppression) -> String {
    text.table().withheld_note_for(s.n_suppressed, s.min_group) + "\n"
}
/// The scope of a report in words: everyone, a unit and below, an occupation, or both.
pub fn scope_words(text: Text, unit: Option<&str>, occupation: Option<&str>) -> String {
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
/// [`scope_words`] with a target group: "target group STEG1", or the other scope and the group;
/// and a manager's people when the report is narrowed to them.
pub fn scope_words_in_group(
    text: Text,
    unit: Option<&str>,
    occupation: Option<&str>,
    group: Option<&str>,
    manager: Option<&str>,
) -> String {
    let scope = scope_words(text, unit, occupation);
    let scope = match group {
        None => scope,
        Some(group) => {
            let group = text.table().scope_group.replace("{g}", group);
            if unit.is_none() && occupation.is_none() {
                group
            } else {
                format!("{scope}, {group}")
            }
        }
    };
    let Some(m) = manager else {
        return scope;
    };
    let people = format!("{} {m}", text.lang.labels().progress_manager.to_lowercase());
    if unit.is_none() && occupation.is_none() && group.is_none() {
        people
    } else {
        format!("{scope}, {people}")
    }
}
/// The training demand (people below target per system and course) as a table, JSON or CSV.
pub fn render_demand(
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
        if parts.iter().any(|b| !b.by_gender.is_empty()) {
            for g in GenderGroup::ALL {
                let cells = parts
                    .iter()
                    .map(|b| {
                        b.by_gender
                            .iter()
                            .find(|c| c.gender == g)
                            .map_or_else(|| "0".to_string(), |c| count(&c.count))
                    })
                    .collect();
                rows.push((w.by_gender, gender_name(text, g).to_string(), cells));
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
    for m in &demand.missing_courses {
        t.row(vec![
            w.demand_group_course.to_string(),
            m.system.clone(),
            text.level(Some(m.level)),
            String::new(),
            by_occupation.to_string(),
            m.occupation.clone(),
            String::new(),
            String::new(),
            String::new(),
            count(&m.n_people),
        ]);
    }
    if format != Format::Table {
        return render::emit_with(format, text.csv, demand, &t);
    }
    let scope = scope_words_in_group(
        text,
        demand.filter.unit.as_deref(),
        demand.filter.occupation.as_deref(),
        demand.filter.group.as_deref(),
        demand.filter.manager.as_deref(),
    );
    let mut out = w
        .demand_title
        .replace("{day}", &text.date(demand.as_of))
        .replace("{scope}", &scope)
        .replace("{n}", &count(&demand.n_people))
        .replace("{m}", &count(&demand.n_people_with_gaps));
    if !demand.people_by_gender.is_empty() {
        out += &format!(
            "\n{}: {}",
            w.by_gender,
            gender_counts(text, &demand.people_by_gender, n)
        );
    }
    out += "\n\n";
    out += &t.render();
    out += "\n";
    out += w.demand_notes;
    out += &suppression_note(text, &demand.suppression);
    Ok(render::terminal_text(out))
}
/// A baseline compared with a follow-up, per unit and system, as a table, JSON or CSV.
pub fn render_progress(
    format: Format,
    text: Text,
    progress: &skillreg_store::Progress,
) -> anyhow::Result<String> {
    let w = text.table();
    let n = progress.suppression.min_group;
    let count = |c: &skillreg_store::Cell<u64>| report_cell(c, n, u64::to_string);
    let share = |c: &skillreg_store::Cell<f64>| report_cell(c, n, |v| text.percent(*v));
    let mean = |c: &skillreg_store::Cell<f64>| report_cell(c, n, |v| text.decimal(*v, 2));
    let by_gender = progress.by.is_some();
    let mut columns: Vec<&str> = w.progress_columns.to_vec();
    if by_gender {
        columns.insert(2, w.by_gender);
    }
    let mut t = Table::new(&columns);
    // The row for everyone, then (with --by gender) one per gender group.
    let mut lines = Vec::new();
    for r in &progress.rows {
        lines.push((r, w.all_rows, &r.from, &r.to, &r.change));
        for g in &r.by_gender {
            lines.push((r, gender_name(text, g.gender), &g.from, &g.to, &g.change));
        }
    }
    for (r, gender, from, to, change) in lines {
        let mut row = vec![
            r.unit.clone().unwrap_or_else(|| w.all_rows.to_string()),
            r.system.clone(),
        ];
        if by_gender {
            row.push(gender.to_string());
        }
        for f in [from, to] {
            row.extend([
                count(&f.n_people),
                share(&f.share_at_target),
                mean(&f.mean_level),
                count(&f.n_not_assessed),
            ]);
        }
        row.extend([
            report_cell(&change.n_people, n, |v| {
                if text.machine {
                    v.to_string()
                } else {
                    format!("{v:+}")
                }
            }),
            report_cell(&change.share_at_target, n, |v| {
                if text.machine {
                    v.to_string()
                } else {
                    format!("{} {}", text.signed(v * 100.0, 0), w.points)
                }
            }),
            report_cell(&change.mean_level, n, |v| text.signed(*v, 2)),
        ]);
        t.row(row);
    }
    if text.machine {
        return render::emit_with(format, text.csv, progress, &t);
    }
    let p = &progress.people;
    let mut out = w
        .progress_heading
        .replace("{from}", &text.date(progress.from))
        .replace("{to}", &text.date(progress.to))
        .replace(
            "{scope}",
            &scope_words_in_group(
                text,
                progress.unit.as_deref(),
                progress.occupation.as_deref(),
                progress.group.as_deref(),
                progress.manager.as_deref(),
            ),
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
    if !progress.completions.is_empty() {
        let mut c = Table::new(&w.completions_columns);
        for course in &progress.completions {
            let mut row = vec![
                course.course.clone(),
                course.name.clone(),
                count(&course.n_people),
            ];
            row.extend(course.by_gender.iter().map(|g| count(&g.count)));
            c.row(row);
        }
        out += &w
            .completions_heading
            .replace("{from}", &text.date(progress.from))
            .replace("{to}", &text.date(progress.to));
        out += "\n\n";
        out += &c.render();
        out += "\n";
    }
    out += w.progress_notes;
    out += &suppression_note(text, &progress.suppression);
    Ok(render::terminal_text(out))
}

/// The target groups (phase, people, latest round, share at target, demand) as a table, JSON or
/// CSV.
pub fn render_groups(
    format: Format,
    text: Text,
    report: &skillreg_store::GroupsReport,
) -> anyhow::Result<String> {
    let w = text.table();
    let n = report.suppression.min_group;
    let count = |c: &skillreg_store::Cell<u64>| report_cell(c, n, u64::to_string);
    let share = |c: &skillreg_store::Cell<f64>| report_cell(c, n, |v| text.percent(*v));
    let list = |items: &[String]| {
        if text.machine {
            items.join(" ")
        } else {
            items.join(", ")
        }
    };
    let mut t = Table::new(&w.groups_columns);
    for g in &report.groups {
        let units = if g.units.is_empty() && !text.machine {
            w.groups_all_units.to_string()
        } else {
            list(&g.units)
        };
        let (opened, asked, rate) = match &g.latest_round {
            Some(r) => (text.date(r.opened), count(&r.n_asked), share(&r.rate)),
            None if text.machine => (String::new(), String::new(), String::new()),
            None => ("–".into(), "–".into(), "–".into()),
        };
        t.row(vec![
            g.phase.to_string(),
            g.code.clone(),
            g.name.clone(),
            list(&g.occupations),
            units,
            count(&g.n_people),
            opened,
            asked,
            rate,
            count(&g.n_with_target),
            count(&g.n_at_target),
            share(&g.share_at_target),
            count(&g.n_with_gaps),
            count(&g.n_without_course),
        ]);
    }
    if format != Format::Table {
        return render::emit_with(format, text.csv, report, &t);
    }
    if report.groups.is_empty() {
        return Ok(w.groups_none.to_string());
    }
    let mut out = w.groups_title.replace("{day}", &text.date(report.as_of));
    out += "\n\n";
    out += &t.render();
    out += "\n";
    out += w.groups_notes;
    out += &suppression_note(text, &report.suppression);
    Ok(render::terminal_text(out))
}
