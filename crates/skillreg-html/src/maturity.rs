//! The digital maturity page: per group (everyone, then each unit) a radar of the median step
//! per capability on the baseline day and at the follow-up, beside it the group's share of
//! people at all their skill targets on the same days, and the table of every figure.

use std::fmt::Write as _;

use skillreg_core::view::{Cell, MaturityFigures, MaturityGroup, MaturityReport};
use skillreg_l10n::Lang;

use crate::escape::Escaped;
use crate::page::{PageAssets, col_headers, document_with_footer_assets};
use crate::progress::{change_mean, change_share, count_text, share_text, suppressed_class};
use crate::radar::{
    Drawing, DrawnSeries, Point, RadarFrame, Series, axis_lines, dodge, draw, scale_vertex,
    shape_for, shaped_marker,
};

/// The two series of a maturity radar: CSS class, the marker shape, and which day.
const SERIES: [(&str, Series); 2] = [
    ("radar-baseline", Series::Target),
    ("radar-followup", Series::Current),
];

/// The id of group `i`'s radar chart (`maturity-radar-0` is everyone's).
pub fn maturity_radar_id(i: usize) -> String {
    format!("maturity-radar-{i}")
}

/// A median as its `data-level`: `3`, `2.5`, or `none`.
fn data_level(value: Option<f64>) -> String {
    value.map_or_else(|| "none".to_string(), |v| format!("{v}"))
}

/// The radar of group `i`: one axis per capability, the scale 0 to the number of steps, the
/// baseline's and the follow-up's medians (a withheld or missing median at the centre, said so
/// in the table). `None` when no median of either day can be shown.
fn radar(report: &MaturityReport, group: &MaturityGroup, i: usize, lang: Lang) -> Option<String> {
    let medians: [Vec<Option<f64>>; 2] = [
        group.rows.iter().map(|r| r.from.median.value).collect(),
        group.rows.iter().map(|r| r.to.median.value).collect(),
    ];
    if medians.iter().flatten().all(Option::is_none) {
        return None;
    }
    let frame = RadarFrame::default();
    let n = report.capabilities.len();
    let max = report.framework.steps.len() as f64;
    let shape = shape_for(n);
    let axes = axis_lines(
        report
            .capabilities
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str())),
        frame,
    );
    let rings = (1..=report.framework.steps.len())
        .map(|k| {
            let k = u32::try_from(k).unwrap_or(u32::MAX);
            let points = (0..n)
                .map(|a| scale_vertex(frame, a, n, Some(f64::from(k)), max))
                .collect();
            (k, points, f64::from(k) / max)
        })
        .collect();
    let series = SERIES
        .iter()
        .zip(&medians)
        .enumerate()
        .map(|(s, ((class, shape_of), values))| DrawnSeries {
            class,
            shape: *shape_of,
            id: format!("{}-{}", maturity_radar_id(i), &class["radar-".len()..]),
            vertices: values
                .iter()
                .enumerate()
                .map(|(a, v)| (scale_vertex(frame, a, n, *v, max), data_level(*v)))
                .collect(),
            dx: dodge(shape, s, SERIES.len()),
        })
        .collect();
    let id = maturity_radar_id(i);
    let caption = format!("{id}-caption");
    Some(draw(&Drawing {
        id: &id,
        caption_id: &caption,
        frame,
        shape,
        axes: &axes,
        rings,
        series,
        empty: lang.maturity_labels().no_answers,
    }))
}

fn median_text(cell: &Cell<f64>, n: u32, lang: Lang) -> String {
    match (cell.suppressed, cell.value) {
        (true, _) => crate::progress::fewer_than(n, lang),
        (false, Some(v)) => lang.decimal(v, 1),
        (false, None) => "–".to_string(),
    }
}

/// The answers per step, `1: 5 · 2: <5 · 3: 0`: short, since a withheld count is common here
/// (the suppression statement below the tables says what `<5` means).
fn distribution(f: &MaturityFigures, n: u32) -> String {
    f.distribution
        .iter()
        .enumerate()
        .map(|(k, c)| match (c.suppressed, c.value) {
            (true, _) => format!("{}: <{n}", k + 1),
            (false, Some(v)) => format!("{}: {v}", k + 1),
            (false, None) => format!("{}: –", k + 1),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn group_name(report: &MaturityReport, group: &MaturityGroup, lang: Lang) -> String {
    match &group.unit {
        None => match &report.unit {
            None => lang.maturity_labels().everyone.to_string(),
            Some(u) => format!("{} ({u})", lang.maturity_labels().everyone),
        },
        Some(u) if group.unit_name.is_empty() => u.clone(),
        Some(u) => format!("{} ({u})", group.unit_name),
    }
}

fn legend(report: &MaturityReport, lang: Lang) -> String {
    let m = lang.maturity_labels();
    let mut out = String::from("<ul class=\"legend\">\n");
    for ((class, shape), (label, day)) in SERIES
        .iter()
        .zip([(m.baseline, report.from), (m.follow_up, report.to)])
    {
        let sample = shaped_marker(*shape, class, Point { x: 24.0, y: 8.0 }, "");
        let _ = writeln!(
            out,
            "<li class=\"legend-{class}\"><svg viewBox=\"0 0 48 16\" aria-hidden=\"true\"><line class=\"{class}\" x1=\"2\" y1=\"8\" x2=\"46\" y2=\"8\"/>{sample}</svg>{} {}</li>",
            Escaped(label),
            Escaped(&lang.date(day))
        );
    }
    out + "</ul>\n"
}

fn skills(report: &MaturityReport, group: &MaturityGroup, i: usize, lang: Lang) -> String {
    let (m, n) = (lang.maturity_labels(), report.suppression.min_group);
    let k = &group.skills;
    let mut out = format!(
        "<section class=\"skills\" aria-labelledby=\"skills-{i}\">\n<h3 id=\"skills-{i}\">{}</h3>\n<table class=\"skills-table\">\n{}\n<tbody>\n",
        Escaped(m.skills_heading),
        col_headers(&["", m.skills_people, m.skills_share]),
    );
    for (key, label, day, d) in [
        ("from", m.baseline, report.from, &k.from),
        ("to", m.follow_up, report.to, &k.to),
    ] {
        let _ = writeln!(
            out,
            "<tr data-skills=\"{key}\"><th scope=\"row\">{} {}</th><td{}>{}</td><td{} data-share=\"{}\">{}</td></tr>",
            Escaped(label),
            Escaped(&lang.date(day)),
            suppressed_class(d.n_people.suppressed),
            Escaped(&count_text(&d.n_people, n, lang)),
            suppressed_class(d.share_at_targets.suppressed),
            d.share_at_targets
                .value
                .map_or_else(|| "none".to_string(), |v| v.to_string()),
            Escaped(&share_text(&d.share_at_targets, n, lang)),
        );
    }
    let _ = write!(
        out,
        "<tr data-skills=\"change\"><th scope=\"row\">{}</th><td></td><td{}>{}</td></tr>\n</tbody>\n</table>\n<p class=\"note\">{}</p>\n</section>\n",
        Escaped(m.change),
        suppressed_class(k.change.suppressed),
        Escaped(&change_share(&k.change, n, lang)),
        Escaped(m.skills_note)
    );
    out
}

fn table(report: &MaturityReport, group: &MaturityGroup, name: &str, lang: Lang) -> String {
    let (m, n) = (lang.maturity_labels(), report.suppression.min_group);
    // Two header rows: the day over its three columns, then what each column is.
    let mut out = format!(
        "<table class=\"maturity-table\">\n<caption>{} · {}</caption>\n<thead><tr><th scope=\"col\" rowspan=\"2\">{}</th>",
        Escaped(m.table_heading),
        Escaped(name),
        Escaped(m.capability)
    );
    for (label, day) in [(m.baseline, report.from), (m.follow_up, report.to)] {
        let _ = write!(
            out,
            "<th scope=\"colgroup\" colspan=\"3\">{} {}</th>",
            Escaped(label),
            Escaped(&lang.date(day))
        );
    }
    let _ = write!(
        out,
        "<th scope=\"col\" rowspan=\"2\">{}</th></tr>\n<tr>",
        Escaped(m.change)
    );
    for _ in 0..2 {
        for h in [m.median, m.respondents, m.distribution] {
            let _ = write!(out, "<th scope=\"col\">{}</th>", Escaped(h));
        }
    }
    out += "</tr></thead>\n<tbody>\n";
    for (row, capability) in group.rows.iter().zip(&report.capabilities) {
        let _ = write!(
            out,
            "<tr data-capability=\"{}\"><th scope=\"row\">{}</th>",
            Escaped(&row.capability),
            Escaped(&capability.name)
        );
        for (key, f) in [("from", &row.from), ("to", &row.to)] {
            let _ = write!(
                out,
                "<td{} data-median-{key}=\"{}\">{}</td><td{}>{}</td><td class=\"dist\">{}</td>",
                suppressed_class(f.median.suppressed),
                data_level(f.median.value),
                Escaped(&median_text(&f.median, n, lang)),
                suppressed_class(f.n_respondents.suppressed),
                Escaped(&count_text(&f.n_respondents, n, lang)),
                Escaped(&distribution(f, n)),
            );
        }
        let _ = writeln!(
            out,
            "<td{}>{}</td></tr>",
            suppressed_class(row.change.suppressed),
            Escaped(&change_mean(&row.change, n, lang))
        );
    }
    out + "</tbody>\n</table>\n"
}

/// The maturity report as a self-contained HTML page in `lang`.
///
/// For each group (everyone first, then each unit with the units below it) a section with a
/// radar chart (`svg#maturity-radar-N`, `role="img"`, labelled by its caption): one axis per
/// capability, rings for the steps, the baseline's medians (`.radar-baseline`: dashed line,
/// square markers) and the follow-up's (`.radar-followup`: filled, round markers), each vertex
/// carrying its median in `data-level`; beside it the group's share of people at all their
/// skill targets on the same two days; then the table of every figure (median, respondents,
/// answers per step on each day, and the change), which is the chart's text alternative. A
/// group whose medians are all withheld shows no chart. Then the scale's steps, how the figures
/// are computed, and what was withheld. The page names nobody.
pub fn render_maturity(report: &MaturityReport, lang: Lang) -> String {
    render_maturity_with(report, lang, PageAssets::Inline)
}

/// [`render_maturity`] with its style sheet from `assets` (see [`PageAssets`]).
///
/// ```
/// use skillreg_core::view::{FrameworkRef, MaturityReport, Suppression};
/// use skillreg_html::{Lang, PageAssets, render_maturity_with};
///
/// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
/// let report = MaturityReport {
///     framework: FrameworkRef { id: "f".into(), name: "F".into(), version: "1".into(),
///                               steps: vec!["A".into(), "B".into()] },
///     unit: None, from: day, to: day, capabilities: vec![], groups: vec![], method: String::new(),
///     suppression: Suppression { min_group: 5, n_suppressed: 0, rule: String::new() },
/// };
/// let assets = PageAssets::Linked { stylesheet: "/static/skillreg.css", header: "" };
/// let html = render_maturity_with(&report, Lang::En, assets);
/// assert!(html.contains("<link rel=\"stylesheet\" href=\"/static/skillreg.css\">"));
/// assert!(!html.contains("<style>") && !html.contains("<script"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_maturity_with(report: &MaturityReport, lang: Lang, assets: PageAssets<'_>) -> String {
    let (l, m) = (lang.labels(), lang.maturity_labels());
    let n = report.suppression.min_group;
    let mut body = format!(
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}: {} ({} {}) · {} {} · {} {}",
        Escaped(m.title),
        Escaped(m.framework),
        Escaped(&report.framework.name),
        Escaped(m.version),
        Escaped(&report.framework.version),
        Escaped(m.baseline),
        Escaped(&lang.date(report.from)),
        Escaped(m.follow_up),
        Escaped(&lang.date(report.to)),
    );
    if let Some(unit) = &report.unit {
        let _ = write!(body, " · {}: {}", Escaped(m.scope), Escaped(unit));
    }
    body.push_str("</p>\n</header>\n");
    if report.groups.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", Escaped(m.no_answers));
    }
    for (i, group) in report.groups.iter().enumerate() {
        let name = group_name(report, group, lang);
        let _ = write!(
            body,
            "<section class=\"maturity-group\" data-unit=\"{}\">\n<h2>{}</h2>\n<p class=\"note\">{}: {} {} · {} {}</p>\n<div class=\"maturity-pair\">\n",
            Escaped(group.unit.as_deref().unwrap_or_default()),
            Escaped(&name),
            Escaped(m.respondents),
            Escaped(m.baseline),
            Escaped(&count_text(&group.n_respondents_from, n, lang)),
            Escaped(m.follow_up),
            Escaped(&count_text(&group.n_respondents_to, n, lang)),
        );
        match radar(report, group, i, lang) {
            Some(svg) => {
                let caption = m
                    .radar_caption
                    .replace("{n}", &report.framework.steps.len().to_string());
                let _ = write!(
                    body,
                    "<figure class=\"radar-figure\">\n{svg}\n<figcaption>\n{}<p id=\"{}-caption\">{} — {}</p>\n</figcaption>\n</figure>\n",
                    legend(report, lang),
                    maturity_radar_id(i),
                    Escaped(&name),
                    Escaped(&caption),
                );
            }
            None => {
                let _ = writeln!(
                    body,
                    "<p class=\"radar-withheld\">{}</p>",
                    Escaped(m.radar_withheld)
                );
            }
        }
        body.push_str(&skills(report, group, i, lang));
        body.push_str("</div>\n");
        body.push_str(&table(report, group, &name, lang));
        body.push_str("</section>\n");
    }
    let _ = write!(
        body,
        "<section class=\"keep\">\n<h2>{}</h2>\n<ol class=\"steps\">\n",
        Escaped(m.steps_heading)
    );
    for step in &report.framework.steps {
        let _ = writeln!(body, "<li>{}</li>", Escaped(step));
    }
    let n_suppressed = u64::try_from(report.suppression.n_suppressed).unwrap_or(u64::MAX);
    let _ = write!(
        body,
        "</ol>\n</section>\n<section class=\"keep\">\n<h2>{}</h2>\n<p>{}</p>\n</section>\n\
         <section class=\"keep\">\n<h2>{}</h2>\n<p id=\"maturity-suppression\" data-min-group=\"{n}\" data-withheld=\"{n_suppressed}\">{} {}</p>\n</section>\n",
        Escaped(m.method_heading),
        Escaped(m.method),
        Escaped(l.progress_suppression_heading),
        Escaped(&l.progress_suppression.replace("{n}", &n.to_string())),
        Escaped(&l.progress_n_withheld.format(n_suppressed)),
    );
    let title = format!("{} – {}", m.title, report.framework.name);
    document_with_footer_assets(lang, &title, &body, None, l.footer_aggregate, assets)
}
