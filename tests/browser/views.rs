//! The unit overview and the progress page as Chromium builds, draws and checks them, on the
//! sample organisation as of 2026-11-20 (baseline 2026-01-01 for progress).
//!
//! SOC (with SOC-HT and SOC-SÄBO) has 6 active people. Per system, with a target / at or above
//! it: LIFECARE 6 / 2, O365 6 / 2, TIMECARE 5 / 3 (worked out in the store's unit view tests).
//! With groups of 5 the people with a target show and the people at target (2, 2, 3) are
//! withheld. Progress of SOC-HT TIMECARE: 1 of 4 at target on 2026-01-01, 2 of 4 on 2026-11-20;
//! of everyone's LIFECARE: 0 of 6, then 2 of 6 (worked out in the store's report tests).

use skillreg_html::EN;

use crate::dom::Element;
use crate::pages::{assert_accessible, count_colour, decode_shot, non_white_share};
use crate::{Sample, dump_dom, dump_dom_after, screenshot, shots_dir};

/// The `<td>` of the table footer for `system`.
fn footer_cell<'a>(dom: &'a Element, system: &str) -> &'a Element {
    dom.select("tfoot", &[])[0]
        .select("td", &[])
        .into_iter()
        .find(|c| c.attr("data-system") == Some(system))
        .unwrap_or_else(|| panic!("no footer cell for {system}"))
}

/// The employee numbers of the body rows, in the order the browser has them.
fn people_rows(dom: &Element) -> Vec<String> {
    dom.select("tbody", &[])[0]
        .select("tr", &[])
        .iter()
        .filter_map(|r| r.attr("data-employee").map(str::to_string))
        .collect()
}

#[test]
fn the_unit_page_of_soc_has_its_people_and_systems_and_withholds_counts_at_target() {
    let sample = Sample::new();
    let dom = dump_dom(&sample.unit("SOC", &[]));
    let table = dom.by_id("unit-table").expect("the unit matrix");
    // Columns: the row heading, then the systems that matter to anyone in SOC, catalog order.
    let heads = table.select("thead", &[])[0].select("th", &[]);
    assert_eq!(
        heads
            .iter()
            .map(|th| th.attr("data-system").unwrap_or("-"))
            .collect::<Vec<_>>(),
        ["-", "LIFECARE", "O365", "TIMECARE"]
    );
    // Rows: the six people of SOC and the units below it, none of BUF.
    assert_eq!(
        people_rows(&dom),
        ["10001", "10023", "10024", "10025", "10030", "10031"]
    );
    assert_eq!(
        dom.select("p", &["summary"])[0].text(),
        "People in the unit: 6"
    );
    // Linnéa (10031): LIFECARE 2 of 3, one level short.
    let linnea = table
        .select("tr", &[])
        .into_iter()
        .find(|r| r.attr("data-employee") == Some("10031"))
        .expect("Linnéa's row");
    let lifecare = linnea
        .select("td", &[])
        .into_iter()
        .find(|c| c.attr("data-system") == Some("LIFECARE"))
        .expect("her LIFECARE cell");
    assert!(lifecare.has_class("gap-1"));
    assert_eq!(lifecare.req("data-gap"), "1");
    assert!(
        lifecare.text().starts_with("2 / 3 ▲1"),
        "{}",
        lifecare.text()
    );

    // Totals: 6, 6 and 5 people with a target are shown; the 2, 2 and 3 at target are not.
    for (system, with) in [("LIFECARE", 6), ("O365", 6), ("TIMECARE", 5)] {
        let cell = footer_cell(&dom, system);
        assert!(cell.has_class("suppressed"), "{system}");
        assert_eq!(cell.req("data-with-target"), with.to_string());
        assert_eq!(cell.attr("data-at-target"), None, "{system}");
        assert_eq!(
            cell.text(),
            format!("{} 5 {} {with}", EN.fewer_than, EN.of),
            "{system}"
        );
    }
    let withheld = dom.select("span", &["n-suppressed"]);
    assert_eq!(withheld[0].text(), "3");

    // The script ran: every heading is a sort button and the hint shows.
    for th in &heads {
        assert_eq!(th.select("button", &["sort"]).len(), 1, "{}", th.text());
    }
    let hint = dom.by_id("sort-hint").expect("the sort hint");
    assert_eq!(hint.attr("hidden"), None);
    assert_eq!(hint.text(), EN.sort_hint);
}

#[test]
fn a_click_on_a_system_heading_sorts_the_unit_page_by_gap() {
    // LIFECARE gaps: 10001 0, 10023 0, 10024 1, 10025 1, 10030 2, 10031 1.
    let sample = Sample::new();
    let page = sample.unit("SOC", &[]);
    let dom = dump_dom_after(
        &page,
        "document.querySelector('#unit-table th[data-system=\"LIFECARE\"] button').click();",
    );
    assert_eq!(
        people_rows(&dom),
        ["10001", "10023", "10024", "10025", "10031", "10030"]
    );
    let th = dom
        .select("th", &[])
        .into_iter()
        .find(|th| th.attr("data-system") == Some("LIFECARE"))
        .expect("the LIFECARE heading");
    assert_eq!(th.attr("aria-sort"), Some("ascending"));
    let twice = dump_dom_after(
        &page,
        "var b = document.querySelector('#unit-table th[data-system=\"LIFECARE\"] button'); \
         b.click(); b.click();",
    );
    assert_eq!(
        people_rows(&twice),
        ["10030", "10024", "10025", "10031", "10001", "10023"]
    );
}

#[test]
fn the_unit_page_by_occupation_shows_withheld_cells_as_withheld() {
    // SOC with at most one person shown: one row per occupation, each of 1 to 3 people, so
    // every occupation's figures are withheld.
    let sample = Sample::new();
    let dom = dump_dom(&sample.unit("SOC", &["--max-people", "1"]));
    let rows = dom.select("tr", &[]);
    let occupations: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.attr("data-occupation"))
        .collect();
    assert_eq!(occupations, ["ECH", "SSK", "USK"]);
    assert!(
        dom.select("tr", &[])
            .iter()
            .all(|r| r.attr("data-employee").is_none())
    );
    let usk = rows
        .iter()
        .find(|r| r.attr("data-occupation") == Some("USK"))
        .expect("the USK row");
    let cells = usk.select("td", &[]);
    assert_eq!(cells.len(), 3);
    for cell in &cells {
        assert!(cell.has_class("suppressed"), "{:?}", cell.attrs);
        assert_eq!(cell.text(), format!("{} 5", EN.fewer_than));
    }
    assert!(usk.text().contains(&format!("({} 5)", EN.fewer_than)));
    assert_eq!(dom.select("span", &["n-suppressed"])[0].text(), "38");
}

/// The chart group of `system` in the figure of `unit` ("" for everyone).
fn bars<'a>(dom: &'a Element, unit: &str, system: &str) -> &'a Element {
    let figure = dom
        .select("figure", &["progress-figure"])
        .into_iter()
        .find(|f| f.attr("data-unit") == Some(unit))
        .unwrap_or_else(|| panic!("no chart of {unit:?}"));
    figure
        .select("g", &["progress-system"])
        .into_iter()
        .find(|g| g.attr("data-system") == Some(system))
        .unwrap_or_else(|| panic!("no bars of {system} for {unit:?}"))
}

/// The width of the bar of `day` ("from" or "to"), if there is one.
fn bar_width(g: &Element, day: &str) -> Option<f64> {
    g.select("rect", &["bar", &format!("bar-{day}")])
        .first()
        .map(|r| r.req("width").parse().expect("a numeric width"))
}

/// The value label of `day`'s bar.
fn bar_value<'a>(g: &'a Element, day: &str) -> &'a Element {
    g.select("text", &["bar-value", &format!("bar-{day}")])[0]
}

#[test]
fn the_progress_page_draws_each_share_as_a_bar_and_writes_out_what_it_withholds() {
    let sample = Sample::new();
    // With groups of 1 every figure shows. SOC-HT TIMECARE: 1 of 4, then 2 of 4 at target: bars
    // of 25 % and 50 % of the 380 units of the chart's scale.
    let open = dump_dom(&sample.progress(1));
    let g = bars(&open, "SOC-HT", "TIMECARE");
    assert_eq!(bar_width(g, "from"), Some(95.0));
    assert_eq!(bar_width(g, "to"), Some(190.0));
    assert_eq!(bar_value(g, "from").req("data-share"), "0.25");
    assert_eq!(bar_value(g, "to").req("data-share"), "0.5");
    assert_eq!(bar_value(g, "from").text(), "25%");
    assert_eq!(bar_value(g, "to").text(), "50%");
    // Everyone's LIFECARE: 0 of 6 (a value and no bar), then 2 of 6 (33.3 %: 127 units).
    let g = bars(&open, "", "LIFECARE");
    assert_eq!(bar_width(g, "from"), None);
    assert_eq!(bar_value(g, "from").text(), "0%");
    assert_eq!(bar_width(g, "to"), Some(127.0));
    assert_eq!(bar_value(g, "to").text(), "33.3%");
    assert!(open.select("text", &["suppressed"]).is_empty());

    // With groups of 5: SOC-HT has 4 people, so both its TIMECARE bars are withheld and say so;
    // everyone's LIFECARE keeps the 0 % of the baseline but withholds the follow-up's 2 of 6.
    let dom = dump_dom(&sample.progress(5));
    let fewer = format!("{} 5", EN.fewer_than);
    let g = bars(&dom, "SOC-HT", "TIMECARE");
    for day in ["from", "to"] {
        assert_eq!(bar_width(g, day), None, "{day}");
        let value = bar_value(g, day);
        assert!(value.has_class("suppressed"), "{day}");
        assert_eq!(value.attr("data-share"), None, "{day}");
        assert_eq!(value.text(), fewer, "{day}");
    }
    let g = bars(&dom, "", "LIFECARE");
    assert_eq!(bar_value(g, "from").text(), "0%");
    assert_eq!(bar_width(g, "to"), None);
    assert_eq!(bar_value(g, "to").text(), fewer);
    // The table writes out the same: LIFECARE for everyone, 6 people, share withheld.
    let row = dom
        .select("tr", &[])
        .into_iter()
        .find(|r| r.attr("data-unit") == Some("") && r.attr("data-system") == Some("LIFECARE"))
        .expect("everyone's LIFECARE row");
    let col = |name: &str| {
        row.select("td", &[])
            .into_iter()
            .find(|c| c.attr("data-col") == Some(name))
            .unwrap_or_else(|| panic!("no {name}"))
    };
    assert_eq!(col("to-people").text(), "6");
    assert!(col("to-share").has_class("suppressed"));
    assert_eq!(col("to-share").text(), fewer);
    assert_eq!(col("to-mean").text(), "1.67");
    // How many were withheld: the page says what the JSON report says.
    let json: serde_json::Value = serde_json::from_str(&sample.run(&[
        "--format",
        "json",
        "progress",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-20",
    ]))
    .expect("progress as JSON");
    let n = json["suppression"]["n_suppressed"]
        .as_u64()
        .expect("a count withheld");
    assert!(n > 0);
    let statement = dom.by_id("progress-suppression").expect("the statement");
    assert_eq!(statement.req("data-suppressed"), n.to_string());
    assert_eq!(statement.req("data-min-group"), "5");
    assert!(
        statement
            .text()
            .contains(&format!("{n} figures are withheld in this report.")),
        "{}",
        statement.text()
    );
}

#[test]
fn screenshots_of_the_unit_and_progress_pages_show_the_matrix_and_the_bars() {
    let sample = Sample::new();
    let dir = shots_dir();

    let unit_png = dir.join("unit-SOC.png");
    screenshot(&sample.unit("SOC", &[]), &unit_png);
    let pixels = decode_shot(&unit_png);
    let share = non_white_share(&pixels);
    assert!(
        share > 0.01,
        "the unit page is blank: {:.2} % ink",
        share * 100.0
    );
    for (what, rgb) in [
        ("met", [0xdc, 0xef, 0xdc]),
        ("1 below", [0xfd, 0xe7, 0xc2]),
        ("2 or more below", [0xf8, 0xcf, 0xcf]),
    ] {
        let n = count_colour(&pixels, rgb);
        assert!(
            n >= 1000,
            "{what} cells: {n} pixels of {rgb:?} in {}",
            unit_png.display()
        );
    }

    let progress_png = dir.join("progress-1.png");
    screenshot(&sample.progress(1), &progress_png);
    let pixels = decode_shot(&progress_png);
    let share = non_white_share(&pixels);
    assert!(
        share > 0.01,
        "the progress page is blank: {:.2} % ink",
        share * 100.0
    );
    // The filled follow-up bars.
    let n = count_colour(&pixels, [0x1f, 0x4e, 0x79]);
    assert!(n >= 2000, "bars: {n} pixels in {}", progress_png.display());
    eprintln!(
        "screenshots: {} and {}",
        unit_png.display(),
        progress_png.display()
    );
}

#[test]
fn axe_finds_nothing_serious_on_the_unit_page() {
    assert_accessible(&Sample::new().unit("SOC", &[]));
}

#[test]
fn axe_finds_nothing_serious_on_the_unit_page_by_occupation() {
    assert_accessible(&Sample::new().unit("SOC", &["--max-people", "1"]));
}

#[test]
fn axe_finds_nothing_serious_on_the_progress_page() {
    assert_accessible(&Sample::new().progress(5));
}
