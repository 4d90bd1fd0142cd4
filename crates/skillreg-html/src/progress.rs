//! The progress page: a baseline compared with a follow-up, per unit and system.

use std::fmt::Write as _;

use skillreg_core::Catalog;
use skillreg_core::view::{Cell, DayFigures, Progress, ProgressRow};
use skillreg_l10n::Lang;

use crate::escape::Escaped;
use crate::page::{PageAssets, document_with_footer_assets};

/// Width of the chart in SVG units.
const WIDTH: u32 = 640;
/// Where the bars start (left of it: the day labels).
const BAR_X: u32 = 150;
/// The length of a bar at 100 %.
const BAR_MAX: u32 = 380;
/// Height of one bar.
const BAR_H: u32 = 16;
/// Height of the system name line above a pair of bars.
const NAME_H: u32 = 22;
/// Space after a pair of bars.
const GAP: u32 = 12;

/// The progress report as a self-contained HTML page in `lang`.
///
/// For each unit (everyone first, then each unit as in `progress.rows`) a chart of paired
/// horizontal bars per system: the share of the people with a target who are at or above it on
/// the baseline day (outlined bar) and on the follow-up day (filled bar), each labelled with its
/// day and its value; a withheld share is drawn as no bar with the text "fewer than N". The
/// chart has `role="img"` and is labelled by its caption; the table after the charts gives every
/// figure (people with a target, share, mean level, not assessed, on both days, and the change)
/// and is the chart's text alternative. Then how joiners and leavers are counted, with their
/// counts, and which figures were withheld. Names of systems and units come from `catalog`
/// (the code when the catalog does not know it). The page names nobody.
pub fn render_progress(progress: &Progress, catalog: &Catalog, lang: Lang) -> String {
    render_progress_with(progress, catalog, lang, PageAssets::Inline)
}

/// [`render_progress`] with its style sheet from `assets` (see [`PageAssets`]).
///
/// ```
/// use skillreg_html::{Lang, PageAssets, render_progress_with};
/// use skillreg_store::Registry;
///
/// let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
/// # let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
/// # let sample = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/winlas/sample-export.xml"));
/// # let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
/// # registry.sync(&mut export, "sample", &skillreg_core::sync::SyncConfig::default())?;
/// let progress = registry.progress(day(1, 1)?, day(11, 20)?, None, 5)?;
/// let assets = PageAssets::Linked { stylesheet: "/static/skillreg.css", header: "" };
/// let html = render_progress_with(&progress, &registry.catalog()?, Lang::En, assets);
/// assert!(html.contains("<link rel=\"stylesheet\" href=\"/static/skillreg.css\">"));
/// assert!(!html.contains("<style>") && !html.contains("<script"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_progress_with(
    progress: &Progress,
    catalog: &Catalog,
    lang: Lang,
    assets: PageAssets<'_>,
) -> String {
    let l = lang.labels();
    let n = progress.suppression.min_group;
    let mut body = String::new();
    let _ = write!(
        body,
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{} {} · {} {}",
        Escaped(l.progress_title),
        Escaped(l.progress_baseline),
        Escaped(&lang.date(progress.from)),
        Escaped(l.progress_follow_up),
        Escaped(&lang.date(progress.to)),
    );
    if let Some(unit) = &progress.unit {
        let _ = write!(
            body,
            " · {}: {}",
            Escaped(l.progress_scope),
            Escaped(&unit_name(Some(unit), catalog, lang))
        );
    }
    if let Some(occupation) = &progress.occupation {
        let name = catalog
            .occupations
            .iter()
            .find(|o| o.code == *occupation)
            .map_or(occupation.as_str(), |o| o.name.as_str());
        let _ = write!(body, " · {}: {}", Escaped(l.col_occupation), Escaped(name));
    }
    if let Some(group) = &progress.group {
        let name = catalog
            .group(group)
            .map_or(group.as_str(), |g| g.name.as_str());
        let _ = write!(body, " · {}: {}", Escaped(l.progress_group), Escaped(name));
    }
    if let Some(manager) = &progress.manager {
        let _ = write!(
            body,
            " · {} {}",
            Escaped(l.progress_manager),
            Escaped(manager)
        );
    }
    body.push_str("</p>\n</header>\n");

    if progress.rows.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", Escaped(l.progress_no_rows));
    } else {
        let _ = writeln!(
            body,
            "<section class=\"keep\">\n<h2>{}</h2>",
            Escaped(l.progress_chart_heading)
        );
        body.push_str(&legend(progress, lang));
        for (i, group) in unit_groups(&progress.rows).into_iter().enumerate() {
            body.push_str(&chart(i, group, progress, catalog, lang));
        }
        body.push_str("</section>\n");
        body.push_str(&table(progress, catalog, lang));
    }

    let p = &progress.people;
    let _ = write!(
        body,
        "<section class=\"keep\">\n<h2>{}</h2>\n<p id=\"progress-handling\">{}</p>\n\
         <dl class=\"facts\" id=\"progress-turnover\">\n",
        Escaped(l.progress_turnover_heading),
        Escaped(l.progress_handling),
    );
    for (label, key, cell) in [
        (l.progress_n_both, "both", &p.n_both),
        (l.progress_n_left, "left", &p.n_left),
        (l.progress_n_joined, "joined", &p.n_joined),
    ] {
        let _ = writeln!(
            body,
            "<dt>{}</dt><dd data-turnover=\"{key}\"{}>{}</dd>",
            Escaped(label),
            suppressed_class(cell.suppressed),
            Escaped(&count_text(cell, n, lang))
        );
    }
    body.push_str("</dl>\n</section>\n");

    let n_suppressed = u64::try_from(progress.suppression.n_suppressed).unwrap_or(u64::MAX);
    let statement = format!(
        "{} {}",
        l.progress_suppression.replace("{n}", &n.to_string()),
        l.progress_n_withheld.format(n_suppressed)
    );
    let _ = write!(
        body,
        "<section class=\"keep\">\n<h2>{}</h2>\n<p id=\"progress-suppression\" data-min-group=\"{n}\" \
         data-suppressed=\"{}\">{}</p>\n<p class=\"note\">{}</p>\n</section>\n",
        Escaped(l.progress_suppression_heading),
        progress.suppression.n_suppressed,
        Escaped(&statement),
        Escaped(l.progress_mean_note),
    );
    // The page names no one: it says so rather than "contains personal data".
    // A linked page may carry no style attribute (the CSP forbids inline style): the linked
    // sheet sizes the chart instead (`svg.progress-chart`).
    let body = match assets {
        PageAssets::Inline => body,
        PageAssets::Linked { .. } => body.replace(" style=\"max-width: 100%; height: auto\"", ""),
    };
    document_with_footer_assets(
        lang,
        l.progress_title,
        &body,
        None,
        l.footer_aggregate,
        assets,
    )
}

/// The rows grouped by unit, in report order (everyone first).
fn unit_groups(rows: &[ProgressRow]) -> Vec<&[ProgressRow]> {
    let mut out = Vec::new();
    let mut rest = rows;
    while let Some(first) = rest.first() {
        let len = rest
            .iter()
            .take_while(|r| r.unit == first.unit)
            .count()
            .max(1);
        let (group, tail) = rest.split_at(len.min(rest.len()));
        out.push(group);
        rest = tail;
    }
    out
}

fn unit_name(unit: Option<&String>, catalog: &Catalog, lang: Lang) -> String {
    match unit {
        None => lang.labels().progress_everyone.to_string(),
        Some(id) => catalog
            .units
            .iter()
            .find(|u| &u.id == id)
            .map_or_else(|| id.clone(), |u| u.name.clone()),
    }
}

fn system_name(code: &str, catalog: &Catalog) -> String {
    catalog
        .system(code)
        .map_or_else(|| code.to_string(), |s| s.name.clone())
}

pub(crate) fn suppressed_class(suppressed: bool) -> &'static str {
    if suppressed {
        " class=\"num suppressed\""
    } else {
        " class=\"num\""
    }
}

pub(crate) fn fewer_than(n: u32, lang: Lang) -> String {
    format!("{} {n}", lang.labels().fewer_than)
}

pub(crate) fn count_text(cell: &Cell<u64>, n: u32, lang: Lang) -> String {
    match (cell.suppressed, cell.value) {
        (true, _) => fewer_than(n, lang),
        (false, Some(v)) => v.to_string(),
        (false, None) => "–".to_string(),
    }
}

pub(crate) fn share_text(cell: &Cell<f64>, n: u32, lang: Lang) -> String {
    match (cell.suppressed, cell.value) {
        (true, _) => fewer_than(n, lang),
        (false, Some(v)) => lang.percent(v),
        (false, None) => "–".to_string(),
    }
}

fn mean_text(cell: &Cell<f64>, n: u32, lang: Lang) -> String {
    match (cell.suppressed, cell.value) {
        (true, _) => fewer_than(n, lang),
        (false, Some(v)) => lang.decimal(v, 2),
        (false, None) => "–".to_string(),
    }
}

/// A signed change: `+3`, `−0.25`, `±0`.
fn signed(text: String, value: f64) -> String {
    if text.starts_with('\u{2212}') {
        text
    } else if value > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{text}")
    } else {
        format!("±{text}")
    }
}

fn change_count(cell: &Cell<i64>, n: u32, lang: Lang) -> String {
    match (cell.suppressed, cell.value) {
        (true, _) => fewer_than(n, lang),
        (false, Some(v)) => {
            let text = if v < 0 {
                format!("\u{2212}{}", v.unsigned_abs())
            } else {
                v.to_string()
            };
            signed(text, v as f64)
        }
        (false, None) => "–".to_string(),
    }
}

pub(crate) fn change_share(cell: &Cell<f64>, n: u32, lang: Lang) -> String {
    match (cell.suppressed, cell.value) {
        (true, _) => fewer_than(n, lang),
        (false, Some(v)) => {
            let pts = v * 100.0;
            let places = if (pts - pts.round()).abs() < 0.05 {
                0
            } else {
                1
            };
            lang.labels()
                .progress_points
                .replace("{n}", &signed(lang.decimal(pts, places), pts))
        }
        (false, None) => "–".to_string(),
    }
}

pub(crate) fn change_mean(cell: &Cell<f64>, n: u32, lang: Lang) -> String {
    match (cell.suppressed, cell.value) {
        (true, _) => fewer_than(n, lang),
        (false, Some(v)) => signed(lang.decimal(v, 2), v),
        (false, None) => "–".to_string(),
    }
}

/// The legend of the charts: which bar is which day, drawn as the bars are.
fn legend(progress: &Progress, lang: Lang) -> String {
    let l = lang.labels();
    let mut out = String::from("<ul class=\"legend progress-legend\">\n");
    for (class, label, day) in [
        ("from", l.progress_baseline, progress.from),
        ("to", l.progress_follow_up, progress.to),
    ] {
        let _ = writeln!(
            out,
            "<li><svg viewBox=\"0 0 48 16\" aria-hidden=\"true\" focusable=\"false\">{}</svg>{}: {}</li>",
            bar_rect(class, 2, 2, 44, 12),
            Escaped(label),
            Escaped(&lang.date(day))
        );
    }
    out += "</ul>\n";
    out
}

/// One bar: the baseline outlined with a dashed border, the follow-up filled.
fn bar_rect(class: &str, x: u32, y: u32, w: u32, h: u32) -> String {
    if class == "from" {
        format!(
            "<rect class=\"bar bar-from\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" \
             fill=\"#ffffff\" stroke=\"#1f4e79\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
        )
    } else {
        format!(
            "<rect class=\"bar bar-to\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" \
             fill=\"#1f4e79\" stroke=\"#1f4e79\" stroke-width=\"2\"/>"
        )
    }
}

/// The chart of one unit's systems.
fn chart(
    index: usize,
    rows: &[ProgressRow],
    progress: &Progress,
    catalog: &Catalog,
    lang: Lang,
) -> String {
    let l = lang.labels();
    let n = progress.suppression.min_group;
    let unit = rows.first().and_then(|r| r.unit.as_ref());
    let unit_label = unit_name(unit, catalog, lang);
    let caption_id = format!("progress-caption-{index}");
    let per_row = NAME_H + 2 * (BAR_H + 4) + GAP;
    let count = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let height = per_row.saturating_mul(count).saturating_add(4);
    let mut out = String::new();
    let _ = write!(
        out,
        "<figure class=\"progress-figure\" data-unit=\"{}\">\n<figcaption id=\"{caption_id}\"><strong>{}</strong> \
         <span class=\"note\">{}</span></figcaption>\n\
         <svg class=\"progress-chart\" role=\"img\" aria-labelledby=\"{caption_id}\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" style=\"max-width: 100%; height: auto\" \
         font-family=\"system-ui, sans-serif\" font-size=\"13\">\n",
        Escaped(unit.map_or("", String::as_str)),
        Escaped(&unit_label),
        Escaped(l.progress_chart_caption),
    );
    // The 0 % and 100 % marks.
    for pct in [0u32, 100] {
        let x = BAR_X + BAR_MAX * pct / 100;
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{height}\" stroke=\"#b3b3b3\" stroke-width=\"1\"/>"
        );
    }
    let mut y = 0u32;
    for row in rows {
        let _ = writeln!(
            out,
            "<g class=\"progress-system\" data-system=\"{}\">\n<text x=\"0\" y=\"{}\" font-weight=\"600\" fill=\"#1a1a1a\">{} <tspan fill=\"#4d4d4d\" font-size=\"11\">{}</tspan></text>",
            Escaped(&row.system),
            y + 15,
            Escaped(&system_name(&row.system, catalog)),
            Escaped(&row.system),
        );
        let mut by = y + NAME_H;
        for (class, label, day, figures) in [
            ("from", l.progress_baseline, progress.from, &row.from),
            ("to", l.progress_follow_up, progress.to, &row.to),
        ] {
            out.push_str(&bar_line(
                class,
                label,
                &lang.date(day),
                figures,
                by,
                n,
                lang,
            ));
            by += BAR_H + 4;
        }
        out.push_str("</g>\n");
        y += per_row;
    }
    out.push_str("</svg>\n</figure>\n");
    out
}

/// One day's bar of a system: its day label, the bar and its value, or the suppression text.
fn bar_line(
    class: &str,
    label: &str,
    day: &str,
    figures: &DayFigures,
    y: u32,
    n: u32,
    lang: Lang,
) -> String {
    let share = &figures.share_at_target;
    let text_y = y + BAR_H - 3;
    let mut out = format!(
        "<text class=\"bar-day\" x=\"{}\" y=\"{text_y}\" text-anchor=\"end\" font-size=\"12\" fill=\"#4d4d4d\">{} {}</text>",
        BAR_X - 6,
        Escaped(label),
        Escaped(day)
    );
    match (share.suppressed, share.value) {
        (true, _) => {
            let _ = write!(
                out,
                "<text class=\"bar-value bar-{class} suppressed\" x=\"{}\" y=\"{text_y}\" font-style=\"italic\" fill=\"#4d4d4d\">{}</text>",
                BAR_X + 4,
                Escaped(&fewer_than(n, lang))
            );
        }
        (false, Some(v)) => {
            let clamped = v.clamp(0.0, 1.0);
            // At most BAR_MAX, so the conversion cannot overflow.
            let w = (clamped * f64::from(BAR_MAX)).round() as u32;
            if w > 0 {
                out.push_str(&bar_rect(class, BAR_X, y, w, BAR_H));
            }
            let _ = write!(
                out,
                "<text class=\"bar-value bar-{class}\" data-share=\"{v}\" x=\"{}\" y=\"{text_y}\" font-weight=\"600\" fill=\"#1a1a1a\">{}</text>",
                BAR_X + w + 6,
                Escaped(&lang.percent(v))
            );
        }
        (false, None) => {
            let _ = write!(
                out,
                "<text class=\"bar-value bar-{class}\" x=\"{}\" y=\"{text_y}\" fill=\"#4d4d4d\">–</text>",
                BAR_X + 4
            );
        }
    }
    out.push('\n');
    out
}

/// The table of every figure: the text alternative of the charts.
fn table(progress: &Progress, catalog: &Catalog, lang: Lang) -> String {
    let l = lang.labels();
    let n = progress.suppression.min_group;
    let from = lang.date(progress.from);
    let to = lang.date(progress.to);
    let mut out = String::new();
    let _ = write!(
        out,
        "<section>\n<h2>{}</h2>\n<table class=\"progress\" id=\"progress-table\">\n<thead>\n<tr>\
         <th scope=\"col\" rowspan=\"2\">{}</th><th scope=\"col\" rowspan=\"2\">{}</th>\
         <th scope=\"colgroup\" colspan=\"4\">{} {}</th><th scope=\"colgroup\" colspan=\"4\">{} {}</th>\
         <th scope=\"colgroup\" colspan=\"3\">{}</th></tr>\n<tr>",
        Escaped(l.progress_table_heading),
        Escaped(l.unit),
        Escaped(l.col_system),
        Escaped(l.progress_baseline),
        Escaped(&from),
        Escaped(l.progress_follow_up),
        Escaped(&to),
        Escaped(l.progress_col_change),
    );
    let day_cols = [
        l.progress_col_people,
        l.progress_col_share,
        l.progress_col_mean,
        l.not_assessed,
    ];
    // The baseline's four columns, the follow-up's four, and the change's three.
    for h in day_cols
        .iter()
        .chain(day_cols.iter())
        .chain(day_cols.iter().take(3))
    {
        let _ = write!(out, "<th scope=\"col\" class=\"num\">{}</th>", Escaped(h));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &progress.rows {
        let _ = write!(
            out,
            "<tr data-unit=\"{}\" data-system=\"{}\"><td>{}</td><th scope=\"row\">{} <span class=\"code\">{}</span></th>",
            Escaped(row.unit.as_deref().unwrap_or("")),
            Escaped(&row.system),
            Escaped(&unit_name(row.unit.as_ref(), catalog, lang)),
            Escaped(&system_name(&row.system, catalog)),
            Escaped(&row.system),
        );
        for (key, f) in [("from", &row.from), ("to", &row.to)] {
            let cells = [
                (
                    "people",
                    f.n_people.suppressed,
                    count_text(&f.n_people, n, lang),
                ),
                (
                    "share",
                    f.share_at_target.suppressed,
                    share_text(&f.share_at_target, n, lang),
                ),
                (
                    "mean",
                    f.mean_level.suppressed,
                    mean_text(&f.mean_level, n, lang),
                ),
                (
                    "not-assessed",
                    f.n_not_assessed.suppressed,
                    count_text(&f.n_not_assessed, n, lang),
                ),
            ];
            for (what, suppressed, text) in cells {
                let _ = write!(
                    out,
                    "<td data-col=\"{key}-{what}\"{}>{}</td>",
                    suppressed_class(suppressed),
                    Escaped(&text)
                );
            }
        }
        let c = &row.change;
        for (what, suppressed, text) in [
            (
                "people",
                c.n_people.suppressed,
                change_count(&c.n_people, n, lang),
            ),
            (
                "share",
                c.share_at_target.suppressed,
                change_share(&c.share_at_target, n, lang),
            ),
            (
                "mean",
                c.mean_level.suppressed,
                change_mean(&c.mean_level, n, lang),
            ),
        ] {
            let _ = write!(
                out,
                "<td data-col=\"change-{what}\"{}>{}</td>",
                suppressed_class(suppressed),
                Escaped(&text)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_decimals_in_local_form() {
        assert_eq!(Lang::En.percent(0.625), "62.5%");
        assert_eq!(Lang::Sv.percent(0.625), "62,5\u{a0}%");
        assert_eq!(Lang::Nb.percent(1.0), "100\u{a0}%");
        assert_eq!(Lang::En.percent(0.0), "0%");
        assert_eq!(Lang::Nb.decimal(-0.25, 2), "\u{2212}0,25");
        assert_eq!(Lang::En.decimal(-0.0, 2), "0.00");
    }

    #[test]
    fn signed_changes() {
        let shown = |v| Cell {
            value: Some(v),
            suppressed: false,
        };
        assert_eq!(change_mean(&shown(0.5), 5, Lang::Sv), "+0,50");
        assert_eq!(change_mean(&shown(-0.5), 5, Lang::En), "\u{2212}0.50");
        assert_eq!(change_mean(&shown(0.0), 5, Lang::En), "±0.00");
        assert_eq!(
            change_share(&shown(-0.125), 5, Lang::Nb),
            "\u{2212}12,5 prosentpoeng"
        );
        let withheld: Cell<f64> = Cell {
            value: None,
            suppressed: true,
        };
        assert_eq!(change_share(&withheld, 5, Lang::Nb), "færre enn 5");
    }

    #[test]
    fn a_change_of_one_percentage_point_is_singular() {
        let shown = |v| Cell {
            value: Some(v),
            suppressed: false,
        };
        let cases = [
            (Lang::En, 0.0, "±0 percentage points"),
            (Lang::En, 0.01, "+1 percentage point"),
            (Lang::En, -0.01, "\u{2212}1 percentage point"),
            (Lang::En, 0.02, "+2 percentage points"),
            (Lang::En, 0.015, "+1.5 percentage points"),
            (Lang::Sv, 0.0, "±0 procentenheter"),
            (Lang::Sv, 0.01, "+1 procentenhet"),
            (Lang::Sv, 0.02, "+2 procentenheter"),
            (Lang::Nb, 0.0, "±0 prosentpoeng"),
            (Lang::Nb, 0.01, "+1 prosentpoeng"),
            (Lang::Nb, 0.02, "+2 prosentpoeng"),
        ];
        for (lang, change, expected) in cases {
            assert_eq!(change_share(&shown(change), 5, lang), expected);
        }
    }
}
