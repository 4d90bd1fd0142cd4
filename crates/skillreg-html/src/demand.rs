//! The training demand page: per course, the people it would close or narrow a gap for, by
//! occupation and unit; the gaps no course closes; the courses to be made for a group.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use skillreg_core::Catalog;
use skillreg_core::view::{Breakdown, Cell, Demand, GenderGroup};
use skillreg_l10n::Lang;

use crate::escape::Escaped;
use crate::page::{PageAssets, col_headers, document_with_footer_assets};
use crate::progress::count_text;

/// `en`, `sv` or `nb` by `lang`: the page's own words (the labels the other pages share come
/// from `skillreg-l10n`).
fn t(lang: Lang, en: &'static str, sv: &'static str, nb: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Sv => sv,
        Lang::Nb => nb,
    }
}

/// The page's title in `lang`.
fn title(lang: Lang) -> &'static str {
    t(
        lang,
        "Training demand",
        "Utbildningsbehov",
        "Opplæringsbehov",
    )
}

/// The training demand as a self-contained HTML page in `lang`.
///
/// A header with the day, the scope (unit, occupation, target group, manager) and the counts
/// of active people and of those with a gap; then one table of every course in the catalog
/// with, for everyone in scope, the people it closes a gap for (recommended, reaches the
/// target), narrows one for (recommended, below the target) and who are already referred to
/// it; then the same three counts per occupation and per unit (and per gender group when the
/// report was asked by gender); then the gaps no course closes, the courses to be made for an
/// occupational group, and what was withheld. A withheld count reads "fewer than N". Names of
/// systems, occupations and units come from `catalog`. The page names nobody.
///
/// ```
/// use skillreg_html::{Lang, render_demand};
/// use skillreg_store::DemandFilter;
///
/// let mut registry = skillreg_store::Registry::open_in_memory(skillreg_store::Actor::Hr)?;
/// # let sample = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/winlas/sample-export.xml"));
/// # let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
/// # registry.sync(&mut export, "sample", &skillreg_core::sync::SyncConfig::default())?;
/// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
/// let demand = registry.demand(&DemandFilter::default(), day, 1)?;
/// let html = render_demand(&demand, &registry.catalog()?, Lang::Sv);
/// assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
/// assert!(html.contains("<h1>Utbildningsbehov</h1>"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_demand(demand: &Demand, catalog: &Catalog, lang: Lang) -> String {
    render_demand_with(demand, catalog, lang, PageAssets::Inline)
}

/// [`render_demand`] with its style sheet from `assets` (see [`PageAssets`]).
///
/// ```
/// use skillreg_html::{Lang, PageAssets, render_demand_with};
/// use skillreg_store::DemandFilter;
///
/// let mut registry = skillreg_store::Registry::open_in_memory(skillreg_store::Actor::Hr)?;
/// # let sample = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/winlas/sample-export.xml"));
/// # let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
/// # registry.sync(&mut export, "sample", &skillreg_core::sync::SyncConfig::default())?;
/// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
/// let demand = registry.demand(&DemandFilter::default(), day, 5)?;
/// let assets = PageAssets::Linked { stylesheet: "/static/skillreg.css", header: "" };
/// let html = render_demand_with(&demand, &registry.catalog()?, Lang::En, assets);
/// assert!(html.contains("<link rel=\"stylesheet\" href=\"/static/skillreg.css\">"));
/// assert!(!html.contains("<style>") && !html.contains("<script"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_demand_with(
    demand: &Demand,
    catalog: &Catalog,
    lang: Lang,
    assets: PageAssets<'_>,
) -> String {
    let l = lang.labels();
    let n = demand.suppression.min_group;
    let count = |c: &Cell<u64>| count_text(c, n, lang);
    let mut body = String::new();
    let _ = write!(
        body,
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{} {}",
        Escaped(title(lang)),
        Escaped(l.as_of),
        Escaped(&lang.date(demand.as_of)),
    );
    let f = &demand.filter;
    if let Some(unit) = &f.unit {
        let _ = write!(
            body,
            " · {}: {}",
            Escaped(l.progress_scope),
            Escaped(&unit_name(unit, catalog))
        );
    }
    if let Some(occupation) = &f.occupation {
        let _ = write!(
            body,
            " · {}: {}",
            Escaped(l.col_occupation),
            Escaped(&occupation_name(occupation, catalog))
        );
    }
    if let Some(group) = &f.group {
        let name = catalog
            .group(group)
            .map_or(group.as_str(), |g| g.name.as_str());
        let _ = write!(body, " · {}: {}", Escaped(l.progress_group), Escaped(name));
    }
    if let Some(manager) = &f.manager {
        let _ = write!(
            body,
            " · {} {}",
            Escaped(l.progress_manager),
            Escaped(manager)
        );
    }
    body.push_str("</p>\n</header>\n");
    let _ = writeln!(
        body,
        "<dl class=\"facts\">\n<dt>{}</dt><dd data-figure=\"people\">{}</dd>\n<dt>{}</dt><dd data-figure=\"with-gaps\">{}</dd>\n</dl>",
        Escaped(t(
            lang,
            "Active people",
            "Aktiva personer",
            "Aktive personer"
        )),
        Escaped(&count(&demand.n_people)),
        Escaped(t(
            lang,
            "Of them with a gap",
            "Av dem med utvecklingsbehov",
            "Av dem med utviklingsbehov"
        )),
        Escaped(&count(&demand.n_people_with_gaps)),
    );
    if !demand.people_by_gender.is_empty() {
        let _ = write!(
            body,
            "<table class=\"demand-gender\">\n{}\n<tbody>\n",
            col_headers(&[
                t(lang, "Gender", "Kön", "Kjønn"),
                t(lang, "People", "Personer", "Personer")
            ])
        );
        for g in &demand.people_by_gender {
            let _ = writeln!(
                body,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td></tr>",
                Escaped(gender_name(lang, g.gender)),
                Escaped(&count(&g.count))
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }

    // Every course, for everyone in scope.
    let (closes, narrows, referred) = (
        t(lang, "Closes a gap", "Når målet", "Når målet"),
        t(
            lang,
            "Narrows a gap",
            "Närmar sig målet",
            "Nærmer seg målet",
        ),
        t(lang, "Referred", "Anvisade", "Henviste"),
    );
    let _ = write!(
        body,
        "<section>\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<table class=\"demand-courses\">\n{}\n<tbody>\n",
        Escaped(t(lang, "Courses", "Utbildningar", "Kurs")),
        Escaped(t(
            lang,
            "People for whom a course is recommended and reaches their target (closes), is recommended but stays below it (narrows), or who are already referred to it.",
            "Personer för vilka en utbildning rekommenderas och når målnivån (når målet), rekommenderas men stannar under den (närmar sig), eller som redan är anvisade till den.",
            "Personer som et kurs anbefales for og når målnivået (når målet), anbefales men blir under det (nærmer seg), eller som allerede er henvist til det."
        )),
        col_headers(&[
            l.col_system,
            t(lang, "Course", "Utbildning", "Kurs"),
            t(lang, "Grants", "Ger nivå", "Gir nivå"),
            closes,
            narrows,
            referred,
        ])
    );
    for c in &demand.courses {
        let _ = writeln!(
            body,
            "<tr data-course=\"{}\"><td>{}</td><th scope=\"row\">{} <span class=\"code\">{}</span></th><td>{}</td><td class=\"num\" data-closes>{}</td><td class=\"num\" data-narrows>{}</td><td class=\"num\" data-referred>{}</td></tr>",
            Escaped(&c.course),
            Escaped(&system_name(&c.system, catalog)),
            Escaped(&c.name),
            Escaped(&c.course),
            Escaped(&lang.level(Some(c.grants))),
            Escaped(&count(&c.closes.total)),
            Escaped(&count(&c.narrows.total)),
            Escaped(&count(&c.referred.total)),
        );
    }
    body.push_str("</tbody>\n</table>\n</section>\n");

    // The same per occupation, unit (and gender).
    let needed: Vec<_> = demand
        .courses
        .iter()
        .filter(|c| {
            [&c.closes, &c.narrows, &c.referred]
                .iter()
                .any(|b| !empty(b))
        })
        .collect();
    if !needed.is_empty() {
        let _ = write!(
            body,
            "<section>\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<table class=\"demand-groups\">\n{}\n<tbody>\n",
            Escaped(t(
                lang,
                "Per occupation and unit",
                "Per yrkesgrupp och enhet",
                "Per yrkesgruppe og enhet"
            )),
            Escaped(t(
                lang,
                "A person counts in every unit and occupation they work in; a unit includes the units below it.",
                "En person räknas i varje enhet och yrkesgrupp där hen arbetar; en enhet omfattar enheterna under den.",
                "En person telles i hver enhet og yrkesgruppe der vedkommende arbeider; en enhet omfatter enhetene under den."
            )),
            col_headers(&[
                t(lang, "Course", "Utbildning", "Kurs"),
                t(lang, "Group", "Grupp", "Gruppe"),
                closes,
                narrows,
                referred,
            ])
        );
        for c in needed {
            for (group, cells) in groups(lang, catalog, &[&c.closes, &c.narrows, &c.referred], n) {
                let _ = write!(
                    body,
                    "<tr data-course=\"{}\"><th scope=\"row\">{}</th><td>{}</td>",
                    Escaped(&c.course),
                    Escaped(&c.name),
                    Escaped(&group)
                );
                for cell in cells {
                    let _ = write!(body, "<td class=\"num\">{}</td>", Escaped(&cell));
                }
                body.push_str("</tr>\n");
            }
        }
        body.push_str("</tbody>\n</table>\n</section>\n");
    }

    // Gaps no course closes.
    let _ = write!(
        body,
        "<section>\n<h2>{}</h2>\n",
        Escaped(t(
            lang,
            "Gaps no course closes",
            "Behov som ingen utbildning täcker",
            "Behov som ingen kurs dekker"
        )),
    );
    if demand.unmet.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            Escaped(t(lang, "None.", "Inga.", "Ingen."))
        );
    } else {
        let _ = write!(
            body,
            "<table class=\"demand-unmet\">\n{}\n<tbody>\n",
            col_headers(&[
                l.col_system,
                l.col_target,
                t(lang, "Group", "Grupp", "Gruppe"),
                t(lang, "People", "Personer", "Personer"),
            ])
        );
        for u in &demand.unmet {
            for (group, cells) in groups(lang, catalog, &[&u.people], n) {
                let _ = writeln!(
                    body,
                    "<tr data-unmet=\"{} {}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                    Escaped(&u.system),
                    u.level.number(),
                    Escaped(&system_name(&u.system, catalog)),
                    Escaped(&lang.level(Some(u.level))),
                    Escaped(&group),
                    Escaped(cells.first().map_or("", String::as_str)),
                );
            }
        }
        body.push_str("</tbody>\n</table>\n");
    }
    body.push_str("</section>\n");

    // Courses to be made for an occupational group.
    let _ = write!(
        body,
        "<section>\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        Escaped(t(
            lang,
            "Courses to be made for a group",
            "Utbildningar att ta fram för en yrkesgrupp",
            "Kurs som må lages for en yrkesgruppe"
        )),
        Escaped(t(
            lang,
            "Gaps that no course made for the person's occupational group reaches: the tailored training to commission.",
            "Utvecklingsbehov som ingen utbildning gjord för personens yrkesgrupp når: den anpassade utbildning som behöver tas fram.",
            "Utviklingsbehov som ingen kurs laget for personens yrkesgruppe når: den tilpassede opplæringen som må bestilles."
        )),
    );
    if demand.missing_courses.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            Escaped(t(lang, "None.", "Inga.", "Ingen."))
        );
    } else {
        let _ = write!(
            body,
            "<table class=\"demand-missing\">\n{}\n<tbody>\n",
            col_headers(&[
                l.col_occupation,
                l.col_system,
                l.col_target,
                t(lang, "People", "Personer", "Personer"),
            ])
        );
        for m in &demand.missing_courses {
            let _ = writeln!(
                body,
                "<tr data-missing=\"{} {} {}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                Escaped(&m.occupation),
                Escaped(&m.system),
                m.level.number(),
                Escaped(&occupation_name(&m.occupation, catalog)),
                Escaped(&system_name(&m.system, catalog)),
                Escaped(&lang.level(Some(m.level))),
                Escaped(&count(&m.n_people)),
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }
    body.push_str("</section>\n");

    let n_suppressed = u64::try_from(demand.suppression.n_suppressed).unwrap_or(u64::MAX);
    let statement = format!(
        "{} {}",
        l.progress_suppression.replace("{n}", &n.to_string()),
        l.progress_n_withheld.format(n_suppressed)
    );
    let _ = write!(
        body,
        "<section class=\"keep\">\n<h2>{}</h2>\n<p id=\"demand-suppression\" data-min-group=\"{n}\" \
         data-suppressed=\"{}\">{}</p>\n</section>\n",
        Escaped(l.progress_suppression_heading),
        demand.suppression.n_suppressed,
        Escaped(&statement),
    );
    document_with_footer_assets(lang, title(lang), &body, None, l.footer_aggregate, assets)
}

/// Whether a breakdown counts nobody and withholds nothing.
fn empty(b: &Breakdown) -> bool {
    !b.total.suppressed
        && b.total.value.unwrap_or(0) == 0
        && b.by_occupation.is_empty()
        && b.by_unit.is_empty()
}

/// The rows of `parts` side by side: each occupation, each unit, then each gender group
/// (when broken down by gender), each with one count per part ("0" where a part has nobody).
fn groups(
    lang: Lang,
    catalog: &Catalog,
    parts: &[&Breakdown],
    n: u32,
) -> Vec<(String, Vec<String>)> {
    let mut rows = Vec::new();
    let lists = [
        parts.iter().map(|b| &b.by_occupation).collect::<Vec<_>>(),
        parts.iter().map(|b| &b.by_unit).collect(),
    ];
    for (i, list) in lists.iter().enumerate() {
        let names: BTreeSet<&str> = list
            .iter()
            .flat_map(|l| l.iter().map(|g| g.group.as_str()))
            .collect();
        for name in names {
            let cells = list
                .iter()
                .map(|l| {
                    l.iter()
                        .find(|g| g.group == name)
                        .map_or_else(|| "0".to_string(), |g| count_text(&g.count, n, lang))
                })
                .collect();
            let label = if i == 0 {
                occupation_name(name, catalog)
            } else {
                unit_name(name, catalog)
            };
            rows.push((label, cells));
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
                        .map_or_else(|| "0".to_string(), |c| count_text(&c.count, n, lang))
                })
                .collect();
            rows.push((gender_name(lang, g).to_string(), cells));
        }
    }
    rows
}

fn gender_name(lang: Lang, g: GenderGroup) -> &'static str {
    let names = lang.table_labels().gender_groups;
    names[g.index()]
}

fn unit_name(id: &str, catalog: &Catalog) -> String {
    catalog
        .units
        .iter()
        .find(|u| u.id == id)
        .map_or_else(|| id.to_string(), |u| u.name.clone())
}

fn occupation_name(code: &str, catalog: &Catalog) -> String {
    catalog
        .occupations
        .iter()
        .find(|o| o.code == code)
        .map_or_else(|| code.to_string(), |o| o.name.clone())
}

fn system_name(code: &str, catalog: &Catalog) -> String {
    catalog
        .system(code)
        .map_or_else(|| code.to_string(), |s| s.name.clone())
}

#[cfg(test)]
mod tests {
    use skillreg_store::{Actor, DemandFilter, Registry};

    use super::*;

    fn sample() -> Registry {
        let xml = include_bytes!("../../../fixtures/winlas/sample-export.xml");
        let mut registry = Registry::open_in_memory(Actor::Hr).unwrap_or_else(|e| panic!("{e}"));
        let mut export = skillreg_wlx::WlxReader::with_file_name(&xml[..], "sample")
            .unwrap_or_else(|e| panic!("{e}"));
        registry
            .sync(
                &mut export,
                "sample",
                &skillreg_core::sync::SyncConfig::default(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        registry
    }

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
    }

    /// The row of `course` in the courses table.
    fn course_row<'a>(html: &'a str, course: &str) -> &'a str {
        let table = html
            .split("<table class=\"demand-courses\">")
            .nth(1)
            .unwrap_or_default();
        let at = table
            .find(&format!("<tr data-course=\"{course}\">"))
            .unwrap_or_else(|| panic!("no row for {course}: {table}"));
        table[at..].split("</tr>").next().unwrap_or_default()
    }

    #[test]
    fn the_sample_demand_names_the_courses_and_counts_of_domain_md() {
        let registry = sample();
        let demand = registry
            .demand(&DemandFilter::default(), day(), 1)
            .unwrap_or_else(|e| panic!("{e}"));
        let catalog = registry.catalog().unwrap_or_else(|e| panic!("{e}"));
        let html = render_demand(&demand, &catalog, Lang::En);
        // Seven active people on 2026-11-20 (10041 left on 2026-06-30).
        assert!(html.contains("<dd data-figure=\"people\">7</dd>"), "{html}");
        // TC-PERS closes Anna Lindqvist's TIMECARE gap of 1 and narrows Sofia Öhman & Berg's
        // gap of 2 (no course made for USK reaches level 2).
        let row = course_row(&html, "TC-PERS");
        assert!(
            row.ends_with("data-closes>1</td><td class=\"num\" data-narrows>1</td><td class=\"num\" data-referred>0</td>"),
            "{row}"
        );
        // Six of the seven have a gap; LC-HANDL (Lifecare level 3) closes four of them.
        assert!(
            html.contains("<dd data-figure=\"with-gaps\">6</dd>"),
            "{html}"
        );
        assert!(course_row(&html, "LC-HANDL").contains("data-closes>4</td>"));
        // TC-CHEF is made for unit managers: recommended to nobody in the sample.
        let row = course_row(&html, "TC-CHEF");
        assert!(
            row.ends_with("data-closes>0</td><td class=\"num\" data-narrows>0</td><td class=\"num\" data-referred>0</td>"),
            "{row}"
        );
        // The course to make: USK need TIMECARE level 2.
        assert!(
            html.contains("<tr data-missing=\"USK TIMECARE 2\">"),
            "{html}"
        );
        assert!(html.contains("<h1>Training demand</h1>"));
        assert!(html.contains("<style>") && !html.contains("<script"));
    }

    #[test]
    fn withheld_counts_read_fewer_than_in_swedish() {
        let registry = sample();
        let demand = registry
            .demand(&DemandFilter::default(), day(), 5)
            .unwrap_or_else(|e| panic!("{e}"));
        let catalog = registry.catalog().unwrap_or_else(|e| panic!("{e}"));
        let html = render_demand(&demand, &catalog, Lang::Sv);
        assert!(html.contains("<h1>Utbildningsbehov</h1>"));
        assert!(html.contains("<dd data-figure=\"people\">7</dd>"), "{html}");
        let row = course_row(&html, "TC-PERS");
        assert!(row.contains("data-closes>färre än 5</td>"), "{row}");
        assert!(html.contains("data-min-group=\"5\""));
    }
}
