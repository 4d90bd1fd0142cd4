//! The unit overview page: people × systems for a small unit, occupations × systems for a large
//! one, with the team page's matrix, colours, symbols and sorting.

use std::fmt::Write as _;

use skillreg_core::Catalog;
use skillreg_core::view::{Cell, SystemFigures, UnitShape, UnitView};
use skillreg_l10n::Lang;

use crate::escape::Escaped;
use crate::page::{PageAssets, document_with, document_with_footer_assets};
use crate::team::{
    Total, legend, matrix_foot_start, matrix_head, named_systems, page_header, person_row,
    sort_script, suppressed_note, total_cell, withheld_note,
};

/// `value` with 2 decimals and the local decimal sign (`1.67`, `1,67`).
fn decimal(lang: Lang, value: f64) -> String {
    let text = format!("{value:.2}");
    match lang {
        Lang::En => text,
        Lang::Sv | Lang::Nb => text.replace('.', ","),
    }
}

/// One occupation × system cell: people at target of those with one and the mean level,
/// coloured by the mean gap (0 met, up to 1 `gap-1`, more `gap-2`). Withheld figures read
/// "fewer than N" (class `suppressed`): the whole cell when the people with a target are too
/// few, else only the people at target ("<5 / 6", in words "fewer than 5 of 6").
fn occupation_cell(f: &SystemFigures, lang: Lang, min_group: u32) -> String {
    let l = lang.labels();
    if f.n_with_target.suppressed || f.mean_gap.suppressed {
        return format!(
            "<td class=\"cell suppressed\" data-system=\"{}\" data-sort=\"-1\">{} {min_group}</td>",
            Escaped(&f.system),
            Escaped(l.fewer_than)
        );
    }
    let (Some(with), Some(gap)) = (f.n_with_target.value.filter(|n| *n > 0), f.mean_gap.value)
    else {
        return format!(
            "<td class=\"cell no-target\" data-system=\"{}\" data-sort=\"-1\"><span aria-hidden=\"true\">–</span><span class=\"vh\">{}</span></td>",
            Escaped(&f.system),
            Escaped(l.sym_no_target)
        );
    };
    let class = if gap <= 0.0 {
        "met"
    } else if gap <= 1.0 {
        "gap-1"
    } else {
        "gap-2"
    };
    let symbol = if gap <= 0.0 { " ✓" } else { "" };
    let mean = f
        .mean_level
        .value
        .map(|m| decimal(lang, m))
        .unwrap_or_default();
    let (at_short, at_full, at_attr, withheld) = match f.n_at_target.value {
        Some(at) if !f.n_at_target.suppressed => (
            at.to_string(),
            at.to_string(),
            format!(" data-at-target=\"{at}\""),
            "",
        ),
        _ => (
            format!("<{min_group}"),
            format!("{} {min_group}", l.fewer_than),
            String::new(),
            " suppressed",
        ),
    };
    let full = format!(
        "{at_full} {} {with} {}; {}: {mean}; {}: {}",
        l.of,
        l.at_target,
        l.mean_level,
        l.mean_gap,
        decimal(lang, gap)
    );
    format!(
        "<td class=\"cell {class}{withheld}\" data-system=\"{}\"{at_attr} data-with-target=\"{with}\" data-sort=\"{gap}\"><span aria-hidden=\"true\">{} / {with}{symbol}<br>⌀ {mean}</span><span class=\"vh\">{}</span></td>",
        Escaped(&f.system),
        Escaped(&at_short),
        Escaped(&full)
    )
}

fn count(cell: &Cell<u64>, lang: Lang, min_group: u32) -> String {
    match cell.value {
        Some(n) => n.to_string(),
        None => format!("{} {min_group}", lang.labels().fewer_than),
    }
}

/// The unit overview as a self-contained HTML page in `lang`: in the people shape one row per
/// person (as on the team page: current / target level, symbol and colour per system), in the
/// occupations shape one row per occupation (people at or above target of those with a target,
/// mean current level, coloured by the mean gap). Columns are the systems that matter to anyone
/// in the unit (catalog order), and the matrix sorts by any column. The last row counts, per
/// system, the people at or above target; every figure the view withheld reads "fewer than N"
/// (class `suppressed`), and the page says how many were withheld.
///
/// The people shape names individuals: for HR and the unit's managers only.
///
/// ```
/// use skillreg_html::{Lang, render_unit};
/// use skillreg_store::Registry;
///
/// let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
/// # let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
/// # let sample = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/winlas/sample-export.xml"));
/// # let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
/// # registry.sync(&mut export, "sample", &skillreg_core::sync::SyncConfig::default())?;
/// let view = registry.unit_view("SOC", day, 1, 5)?;
/// let html = render_unit(&view, &registry.catalog()?, Lang::En);
/// assert!(html.contains("<h1>Unit overview</h1>"));
/// assert!(html.contains("class=\"cell suppressed\""));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_unit(view: &UnitView, catalog: &Catalog, lang: Lang) -> String {
    render_unit_with(view, catalog, lang, PageAssets::Inline)
}

/// [`render_unit`] with its style sheet from `assets` (see [`PageAssets`]); a linked page has
/// no sorting script, so it works under a Content-Security-Policy without inline script.
///
/// ```
/// use skillreg_html::{Lang, PageAssets, render_unit_with};
/// use skillreg_store::Registry;
///
/// let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
/// # let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
/// # let sample = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/winlas/sample-export.xml"));
/// # let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
/// # registry.sync(&mut export, "sample", &skillreg_core::sync::SyncConfig::default())?;
/// let view = registry.unit_view("SOC", day, 1, 5)?;
/// let assets = PageAssets::Linked { stylesheet: "/static/skillreg.css", header: "" };
/// let html = render_unit_with(&view, &registry.catalog()?, Lang::En, assets);
/// assert!(html.contains("<h1>Unit overview</h1>"));
/// assert!(!html.contains("<style>") && !html.contains("<script"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_unit_with(
    view: &UnitView,
    catalog: &Catalog,
    lang: Lang,
    assets: PageAssets<'_>,
) -> String {
    let l = lang.labels();
    let min_group = view.suppression.min_group;
    let systems = named_systems(view.systems.iter().map(String::as_str), catalog);
    let subtitle = match (&view.unit, &view.unit_name) {
        (Some(unit), Some(name)) => format!("{name} ({unit})"),
        (Some(unit), None) => unit.clone(),
        (None, _) if view.manager.is_none() => l.progress_everyone.to_string(),
        (None, _) => String::new(),
    };
    let subtitle = match &view.manager {
        Some(m) if subtitle.is_empty() => format!("{} {m}", l.progress_manager),
        Some(m) => format!("{subtitle} · {} {m}", l.progress_manager),
        None => subtitle,
    };
    let mut body = String::new();
    page_header(&mut body, lang, l.unit_title, Some(&subtitle), view.as_of);
    let _ = writeln!(
        body,
        "<p class=\"summary\">{}: <span class=\"n-people\">{}</span></p>",
        Escaped(l.unit_people),
        view.n_people
    );
    if view.n_people == 0 {
        let _ = writeln!(body, "<p>{}</p>", Escaped(l.no_people));
        return document_with(lang, l.unit_title, &body, assets);
    }
    match view.shape {
        UnitShape::People => {
            matrix_head(
                &mut body,
                lang,
                "unit-table",
                "team unit",
                l.col_employee,
                &systems,
            );
            for p in &view.people {
                person_row(
                    &mut body,
                    lang,
                    &p.employee_no,
                    &p.name,
                    &systems,
                    &p.systems,
                );
            }
        }
        UnitShape::Occupations => {
            // No one shown by name however small the unit (the store's `max_people` of 0 for
            // a viewer), or small enough and still by occupation: the view names no one.
            let names_no_one = view.max_people == 0
                || usize::try_from(view.n_people).is_ok_and(|n| n <= view.max_people);
            let note = if names_no_one {
                l.unit_names_no_one
                    .replace("{n}", &view.suppression.min_group.to_string())
            } else {
                l.unit_by_occupation.to_string()
            };
            let _ = writeln!(body, "<p class=\"note\">{}</p>", Escaped(&note));
            matrix_head(
                &mut body,
                lang,
                "unit-table",
                "team unit",
                l.col_occupation,
                &systems,
            );
            for o in &view.occupations {
                let name = catalog
                    .occupations
                    .iter()
                    .find(|c| c.code == o.occupation)
                    .map_or(o.occupation.as_str(), |c| c.name.as_str());
                let _ = write!(
                    body,
                    "<tr data-occupation=\"{}\"><th scope=\"row\" data-sort=\"{}\">{} <span class=\"code\">{}</span> <span class=\"n\">({})</span></th>",
                    Escaped(&o.occupation),
                    Escaped(name),
                    Escaped(name),
                    Escaped(&o.occupation),
                    Escaped(&count(&o.n_people, lang, min_group))
                );
                for f in &o.systems {
                    body.push_str(&occupation_cell(f, lang, min_group));
                }
                body.push_str("</tr>\n");
            }
        }
    }
    matrix_foot_start(&mut body, lang);
    for f in &view.totals {
        body.push_str(&total_cell(
            &f.system,
            Total::new(f.n_with_target, f.n_at_target),
            lang,
            usize::try_from(min_group).unwrap_or(usize::MAX),
        ));
    }
    body.push_str("</tr></tfoot>\n</table>\n");
    match view.shape {
        UnitShape::People => legend(&mut body, lang),
        UnitShape::Occupations => {
            let _ = writeln!(
                body,
                "<p class=\"legend unit-legend\">{}</p>",
                Escaped(l.unit_cell_reads)
            );
        }
    }
    suppressed_note(
        &mut body,
        lang,
        usize::try_from(min_group).unwrap_or(usize::MAX),
    );
    withheld_note(&mut body, lang, view.suppression.n_suppressed);
    // Occupation rows name no one; people rows do.
    let footer = match view.shape {
        UnitShape::People => l.footer,
        UnitShape::Occupations => l.footer_aggregate,
    };
    document_with_footer_assets(
        lang,
        l.unit_title,
        &body,
        Some(&sort_script("unit-table")),
        footer,
        assets,
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use skillreg_core::view::{Suppression, UnitOccupation, UnitPerson};
    use skillreg_core::{CurrentSource, Level, Standing};

    use super::*;

    fn shown<T>(v: T) -> Cell<T> {
        Cell {
            value: Some(v),
            suppressed: false,
        }
    }

    fn withheld<T>() -> Cell<T> {
        Cell {
            value: None,
            suppressed: true,
        }
    }

    fn figures(system: &str, n: u64, at: u64, mean: f64, gap: f64) -> SystemFigures {
        SystemFigures {
            system: system.into(),
            n_with_target: shown(n),
            n_at_target: shown(at),
            mean_level: shown(mean),
            mean_gap: shown(gap),
        }
    }

    fn suppressed_figures(system: &str) -> SystemFigures {
        SystemFigures {
            system: system.into(),
            n_with_target: withheld(),
            n_at_target: withheld(),
            mean_level: withheld(),
            mean_gap: withheld(),
        }
    }

    fn view(shape: UnitShape) -> UnitView {
        UnitView {
            unit: Some("U<1>".into()),
            unit_name: Some("Vård & <omsorg>".into()),
            manager: None,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
            shape,
            max_people: 50,
            n_people: 7,
            systems: vec!["LC".into(), "<S>".into()],
            people: vec![UnitPerson {
                employee_no: "1<2".into(),
                name: "Ann & \"Bo\"".into(),
                occupations: vec!["USK".into()],
                systems: vec![Standing {
                    system: "LC".into(),
                    target: Some(Level::Independent),
                    confirmed: None,
                    self_level: Some(Level::Basic),
                    current: Some(Level::Basic),
                    current_source: CurrentSource::SelfAssessed,
                    gap: 1,
                    discrepancy: false,
                    recommended_courses: Vec::new(),
                    no_course_for_group: false,
                    referred_courses: Vec::new(),
                }],
            }],
            occupations: vec![
                UnitOccupation {
                    occupation: "USK".into(),
                    n_people: shown(6),
                    systems: vec![
                        figures("LC", 6, 2, 1.5, 0.5),
                        figures("<S>", 5, 5, 3.0, 0.0),
                    ],
                },
                UnitOccupation {
                    occupation: "X&Y".into(),
                    n_people: withheld(),
                    systems: vec![suppressed_figures("LC"), suppressed_figures("<S>")],
                },
            ],
            totals: vec![figures("LC", 7, 3, 1.2, 1.4), suppressed_figures("<S>")],
            suppression: Suppression {
                min_group: 5,
                n_suppressed: 13,
                rule: String::new(),
            },
        }
    }

    fn catalog() -> Catalog {
        Catalog {
            systems: vec![skillreg_core::System {
                code: "LC".into(),
                name: "Life<care>".into(),
                vendor: None,
                level_descriptions: Default::default(),
            }],
            occupations: vec![skillreg_core::Occupation {
                code: "USK".into(),
                name: "Undersköterska".into(),
            }],
            ..Catalog::default()
        }
    }

    #[test]
    fn occupations_with_a_suppressed_row_and_total() {
        let html = render_unit(&view(UnitShape::Occupations), &catalog(), Lang::En);
        assert!(html.contains("<h1>Unit overview</h1>"));
        assert!(html.contains("Vård &amp; &lt;omsorg&gt; (U&lt;1&gt;) · As of 20 Nov 2026"));
        assert!(html.contains("<table id=\"unit-table\" class=\"team unit\">"));
        assert!(html.contains("getElementById(\"unit-table\")"));
        // Catalog order first, then the unknown code, escaped.
        assert!(html.contains("data-system=\"LC\">Life&lt;care&gt;<br>"));
        assert!(html.contains("data-system=\"&lt;S&gt;\">&lt;S&gt;<br>"));
        assert!(html.contains(
            "<tr data-occupation=\"USK\"><th scope=\"row\" data-sort=\"Undersköterska\">Undersköterska <span class=\"code\">USK</span> <span class=\"n\">(6)</span></th>"
        ));
        assert!(html.contains(
            "<td class=\"cell gap-1\" data-system=\"LC\" data-at-target=\"2\" data-with-target=\"6\" data-sort=\"0.5\"><span aria-hidden=\"true\">2 / 6<br>⌀ 1.50</span><span class=\"vh\">2 of 6 At or above target; mean level: 1.50; mean gap: 0.50</span></td>"
        ));
        assert!(html.contains("<span aria-hidden=\"true\">5 / 5 ✓<br>⌀ 3.00</span>"));
        assert!(html.contains(
            "<tr data-occupation=\"X&amp;Y\"><th scope=\"row\" data-sort=\"X&amp;Y\">X&amp;Y <span class=\"code\">X&amp;Y</span> <span class=\"n\">(fewer than 5)</span></th><td class=\"cell suppressed\" data-system=\"LC\" data-sort=\"-1\">fewer than 5</td>"
        ));
        assert!(html.contains(
            "<td class=\"num\" data-system=\"LC\" data-at-target=\"3\" data-with-target=\"7\">3 of 7</td><td class=\"num suppressed\" data-system=\"&lt;S&gt;\">fewer than 5</td>"
        ));
        assert!(html.contains("Figures withheld: <span class=\"n-suppressed\">13</span>"));
        assert!(html.contains("one row per occupation"));
        assert!(!html.contains("data-employee"));
    }

    #[test]
    fn people_rows_as_on_the_team_page() {
        let html = render_unit(&view(UnitShape::People), &catalog(), Lang::En);
        assert!(html.contains(
            "<tr data-employee=\"1&lt;2\"><th scope=\"row\" data-sort=\"Ann &amp; &quot;Bo&quot;\">Ann &amp; &quot;Bo&quot; <span class=\"code\">1&lt;2</span></th><td class=\"cell gap-1\" data-system=\"LC\" data-gap=\"1\""
        ));
        assert!(html.contains("<th scope=\"col\">Employee</th>"));
        assert!(html.contains("class=\"legend team-legend\""));
        assert!(!html.contains("data-occupation"));
        assert!(
            html.contains(
                "<td class=\"num suppressed\" data-system=\"&lt;S&gt;\">fewer than 5</td>"
            )
        );
    }

    #[test]
    fn every_language() {
        let v = view(UnitShape::Occupations);
        for (lang, title, fewer, mean) in [
            (Lang::En, "Unit overview", "fewer than 5", "⌀ 1.50"),
            (Lang::Sv, "Översikt för enheten", "färre än 5", "⌀ 1,50"),
            (Lang::Nb, "Oversikt over enheten", "færre enn 5", "⌀ 1,50"),
        ] {
            let html = render_unit(&v, &catalog(), lang);
            assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())));
            assert!(html.contains(&format!("<h1>{title}</h1>")), "{lang:?}");
            assert!(
                html.contains(&format!(
                    "class=\"cell suppressed\" data-system=\"LC\" data-sort=\"-1\">{fewer}</td>"
                )),
                "{lang:?}"
            );
            assert!(html.contains(mean), "{lang:?}");
            assert!(html.contains(lang.labels().n_withheld), "{lang:?}");
        }
    }

    #[test]
    fn occupation_rows_name_no_one_and_the_footer_says_so() {
        let l = Lang::En.labels();
        let groups = render_unit(&view(UnitShape::Occupations), &catalog(), Lang::En);
        assert!(groups.contains(l.footer_aggregate) && !groups.contains(l.footer));
        let people = render_unit(&view(UnitShape::People), &catalog(), Lang::En);
        assert!(people.contains(l.footer) && !people.contains(l.footer_aggregate));
    }

    #[test]
    fn a_count_at_target_withheld_within_a_group_shown() {
        // 2 of 6 at target: the 6 and the means are shown, the 2 is not.
        let mut v = view(UnitShape::Occupations);
        let mut lc = figures("LC", 6, 0, 1.5, 0.5);
        lc.n_at_target = withheld();
        v.occupations[0].systems[0] = lc.clone();
        v.totals[0] = lc;
        let html = render_unit(&v, &catalog(), Lang::En);
        assert!(html.contains(
            "<td class=\"cell gap-1 suppressed\" data-system=\"LC\" data-with-target=\"6\" data-sort=\"0.5\"><span aria-hidden=\"true\">&lt;5 / 6<br>⌀ 1.50</span><span class=\"vh\">fewer than 5 of 6 At or above target; mean level: 1.50; mean gap: 0.50</span></td>"
        ));
        assert!(html.contains(
            "<td class=\"num suppressed\" data-system=\"LC\" data-with-target=\"6\">fewer than 5 of 6</td>"
        ));
        assert!(!html.contains("data-at-target=\"0\""));
    }

    #[test]
    fn the_whole_organisation_is_named_everyone() {
        let mut v = view(UnitShape::People);
        v.unit = None;
        v.unit_name = None;
        let html = render_unit(&v, &catalog(), Lang::Sv);
        assert!(
            html.contains("<p class=\"subtitle\">Alla · Per 20 nov. 2026</p>"),
            "{html}"
        );
    }

    #[test]
    fn an_empty_unit() {
        let mut v = view(UnitShape::People);
        v.n_people = 0;
        v.people.clear();
        let html = render_unit(&v, &catalog(), Lang::Sv);
        assert!(html.contains("Ingen i gruppen denna dag."));
        assert!(!html.contains("<table"));
    }
}
