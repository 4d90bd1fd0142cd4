//! The progress page rendered from the shipped sample organisation (docs/src/rules.md's worked
//! example), baseline 2026-01-01 and follow-up 2026-11-20, and from hand-made data with hostile
//! names.

use chrono::NaiveDate;
use skillreg_core::sync::SyncConfig;
use skillreg_core::{Catalog, OrgUnit, System};
use skillreg_html::{Lang, render_progress};
use skillreg_store::{Progress, Registry};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The sample's progress report from 2026-01-01 to 2026-11-20, and its catalog.
fn sample(min_group: u32) -> (Progress, Catalog) {
    let mut r = Registry::open_in_memory(skillreg_store::Actor::Hr).expect("in-memory registry");
    let sample = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/winlas/sample-export.xml"
    ));
    let mut export =
        skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample").expect("the sample reads");
    r.sync(&mut export, "sample", &SyncConfig::default())
        .expect("the sample syncs");
    let p = r
        .progress(day(2026, 1, 1), day(2026, 11, 20), None, min_group)
        .expect("progress");
    (p, r.catalog().expect("catalog"))
}

fn page(min_group: u32, lang: Lang) -> String {
    let (p, c) = sample(min_group);
    render_progress(&p, &c, lang)
}

/// The text from `start` to the first `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in page"));
    let rest = &html[at..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The chart group of `system` in the chart of everyone (the first figure).
fn everyone_bars<'a>(html: &'a str, system: &str) -> &'a str {
    let chart = between(
        html,
        "<figure class=\"progress-figure\" data-unit=\"\">",
        "</figure>",
    );
    between(
        chart,
        &format!("<g class=\"progress-system\" data-system=\"{system}\">"),
        "</g>",
    )
}

/// The table row of everyone and `system`.
fn everyone_row<'a>(html: &'a str, system: &str) -> &'a str {
    between(
        html,
        &format!("<tr data-unit=\"\" data-system=\"{system}\">"),
        "</tr>",
    )
}

fn check_self_contained(html: &str, lang: &str) {
    assert!(html.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">")));
    for outside in [
        "http://", "https://", "<link", " src=", "@import", "url(", "//cdn", "<img",
    ] {
        assert!(
            !html.contains(outside),
            "page refers outside itself: {outside}"
        );
    }
    assert_eq!(html.matches("<main>").count(), 1);
    assert!(html.contains("@media print"));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn lifecare_bars_and_values_for_everyone() {
    let html = page(1, Lang::En);
    check_self_contained(&html, "en");
    let g = everyone_bars(&html, "LIFECARE");
    assert!(g.contains(">Lifecare <tspan"), "{g}");
    // Baseline: 0 of 6 at target: a value, no bar.
    assert!(g.contains(">Baseline 1 Jan 2026</text>"), "{g}");
    assert!(!g.contains("bar bar-from"), "{g}");
    assert!(
        g.contains(
            "data-share=\"0\" x=\"156\" y=\"35\" font-weight=\"600\" fill=\"#1a1a1a\">0%</text>"
        ),
        "{g}"
    );
    // Follow-up: 2 of 6 = 33.3 %, a filled bar of 0.333 × 380 = 127 units.
    assert!(g.contains(">Follow-up 20 Nov 2026</text>"), "{g}");
    assert!(
        g.contains("<rect class=\"bar bar-to\" x=\"150\" y=\"42\" width=\"127\" height=\"16\" fill=\"#1f4e79\""),
        "{g}"
    );
    assert!(g.contains("data-share=\"0.333\" x=\"283\""), "{g}");
    assert!(g.contains(">33.3%</text>"), "{g}");
    // The baseline bar, where there is one, is outlined and dashed, not filled.
    let t = everyone_bars(&html, "TIMECARE");
    assert!(
        t.contains("<rect class=\"bar bar-from\" x=\"150\" y=\"244\" width=\"76\" height=\"16\" fill=\"#ffffff\" stroke=\"#1f4e79\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"),
        "{t}"
    );
    assert!(
        t.contains(">20%</text>") && t.contains(">60%</text>"),
        "{t}"
    );
}

#[test]
fn table_row_gives_every_figure() {
    let html = page(1, Lang::En);
    let row = everyone_row(&html, "LIFECARE");
    for (col, text) in [
        ("from-people", "6"),
        ("from-share", "0%"),
        ("from-mean", "0.00"),
        ("from-not-assessed", "6"),
        ("to-people", "6"),
        ("to-share", "33.3%"),
        ("to-mean", "1.67"),
        ("to-not-assessed", "1"),
        ("change-people", "±0"),
        ("change-share", "+33.3 percentage points"),
        ("change-mean", "+1.67"),
    ] {
        assert!(
            row.contains(&format!("<td data-col=\"{col}\" class=\"num\">{text}</td>")),
            "{col}: {row}"
        );
    }
    assert!(row.contains(
        "<td>Everyone</td><th scope=\"row\">Lifecare <span class=\"code\">LIFECARE</span></th>"
    ));
    let o365 = everyone_row(&html, "O365");
    assert!(
        o365.contains("<td data-col=\"change-people\" class=\"num\">\u{2212}1</td>"),
        "{o365}"
    );
    // Units by name, everyone first.
    let everyone = html.find("<tr data-unit=\"\"").unwrap_or(usize::MAX);
    let soc_ht = html.find("<tr data-unit=\"SOC-HT\"").unwrap_or(0);
    assert!(everyone < soc_ht);
    assert!(html.contains("<td>Hemtjänst Centrum</td>"));
    // The chart is an image labelled by its caption, the table its text alternative.
    assert!(html.contains("<figcaption id=\"progress-caption-0\"><strong>Everyone</strong>"));
    assert!(html.contains("role=\"img\" aria-labelledby=\"progress-caption-0\""));
    assert!(
        html.contains("Baseline: 1 Jan 2026</li>") && html.contains("Follow-up: 20 Nov 2026</li>")
    );
}

#[test]
fn turnover_and_suppression_statement() {
    let html = page(1, Lang::En);
    assert!(html.contains("<p id=\"progress-handling\">Each day counts its own active people: people who left are in the baseline&#39;s figures only, people who joined in the follow-up&#39;s only.</p>"));
    assert!(
        html.contains(
            "<dt>In scope on both days</dt><dd data-turnover=\"both\" class=\"num\">7</dd>"
        )
    );
    assert!(html.contains("<dd data-turnover=\"left\" class=\"num\">1</dd>"));
    assert!(html.contains("<dd data-turnover=\"joined\" class=\"num\">0</dd>"));
    assert!(html.contains("data-min-group=\"1\" data-suppressed=\"0\">"));
    assert!(
        !html.contains("suppressed\""),
        "nothing withheld with groups of 1"
    );
}

#[test]
fn small_groups_are_withheld_as_fewer_than_n() {
    let (p, c) = sample(5);
    let html = render_progress(&p, &c, Lang::En);
    // PMO: 2 people at baseline, 1 at follow-up: no bars, "fewer than 5".
    let g = everyone_bars(&html, "PMO");
    assert!(!g.contains("<rect"), "{g}");
    assert_eq!(
        g.matches("font-style=\"italic\" fill=\"#4d4d4d\">fewer than 5</text>")
            .count(),
        2,
        "{g}"
    );
    assert!(
        g.contains("bar-value bar-from suppressed") && g.contains("bar-value bar-to suppressed")
    );
    assert!(!g.contains("data-share"), "{g}");
    let row = everyone_row(&html, "PMO");
    assert_eq!(
        row.matches("class=\"num suppressed\">fewer than 5</td>")
            .count(),
        11,
        "{row}"
    );
    // LIFECARE: 6 people on each day are shown; 1 not assessed out of 6 is a count of 1, and
    // the follow-up's share of 2 of 6 at target would give a count of 2 back: both withheld,
    // and the change of the share with it. The baseline's 0 of 6 is shown.
    let row = everyone_row(&html, "LIFECARE");
    assert!(row.contains("<td data-col=\"to-people\" class=\"num\">6</td>"));
    assert!(row.contains("<td data-col=\"from-share\" class=\"num\">0%</td>"));
    assert!(row.contains("<td data-col=\"to-share\" class=\"num suppressed\">fewer than 5</td>"));
    assert!(
        row.contains("<td data-col=\"change-share\" class=\"num suppressed\">fewer than 5</td>")
    );
    assert!(row.contains("<td data-col=\"to-mean\" class=\"num\">1.67</td>"));
    assert!(
        row.contains("<td data-col=\"to-not-assessed\" class=\"num suppressed\">fewer than 5</td>")
    );
    assert!(html.contains("<dd data-turnover=\"left\" class=\"num suppressed\">fewer than 5</dd>"));
    let n = p.suppression.n_suppressed;
    assert!(n > 0);
    assert!(html.contains(&format!(
        "data-min-group=\"5\" data-suppressed=\"{n}\">A count of fewer than 5 people (also of those at target within a group), any share, mean or count over a group of fewer than 5 people, and a share whose count is withheld are withheld"
    )));
    assert!(html.contains(&format!("{n} figures are withheld in this report.</p>")));
}

#[test]
fn swedish_and_norwegian() {
    let sv = page(5, Lang::Sv);
    check_self_contained(&sv, "sv");
    assert!(sv.contains("<h1>Utveckling från nulägesmätning till uppföljning</h1>"));
    assert!(sv.contains("<title>Utveckling från nulägesmätning till uppföljning</title>"));
    let g = everyone_bars(&sv, "LIFECARE");
    assert!(g.contains(">Nulägesmätning 1 jan. 2026</text>"), "{g}");
    assert!(g.contains(">Uppföljning 20 nov. 2026</text>"), "{g}");
    assert!(g.contains(">färre än 5</text>"), "{g}");
    let row = everyone_row(&sv, "LIFECARE");
    assert!(row.contains("<td>Alla</td>"));
    assert!(row.contains(">1,67</td>"), "{row}");
    assert!(row.contains("class=\"num suppressed\">färre än 5</td>"));
    // The shares and changes withheld with groups of 5 (2 of 6 at target), as numbers in
    // Swedish with groups of 1.
    let open = page(1, Lang::Sv);
    assert!(everyone_bars(&open, "LIFECARE").contains(">33,3\u{a0}%</text>"));
    assert!(everyone_row(&open, "LIFECARE").contains(">+33,3 procentenheter</td>"));
    assert!(everyone_bars(&sv, "PMO").contains(">färre än 5</text>"));
    assert!(sv.contains("<h2>Andel på eller över målnivån</h2>"));

    // The shares of TIMECARE (1 and 3 of 5 at target) are withheld with groups of 5.
    let nb = page(1, Lang::Nb);
    check_self_contained(&nb, "nb");
    assert!(nb.contains("<h1>Utvikling fra kartlegging til oppfølging</h1>"));
    let g = everyone_bars(&nb, "TIMECARE");
    assert!(g.contains(">Kartlegging 01.01.2026</text>"), "{g}");
    assert!(g.contains(">Oppfølging 20.11.2026</text>"), "{g}");
    assert!(
        g.contains(">20\u{a0}%</text>") && g.contains(">60\u{a0}%</text>"),
        "{g}"
    );
    let row = everyone_row(&nb, "TIMECARE");
    assert!(
        row.contains(">+40 prosentpoeng</td>") && row.contains(">0,60</td>"),
        "{row}"
    );
    assert!(row.contains("<td>Alle</td>"));
    let nb = page(5, Lang::Nb);
    assert!(everyone_bars(&nb, "TIMECARE").contains(">færre enn 5</text>"));
    assert!(nb.contains("<h2>Nyansatte og avganger</h2>"));

    let en = page(5, Lang::En);
    assert!(en.contains("<h1>Progress from baseline to follow-up</h1>"));
    assert!(en.contains("<h2>Share at or above target</h2>"));
}

#[test]
fn names_from_data_are_escaped() {
    let (mut p, _) = sample(1);
    let catalog = Catalog {
        units: vec![OrgUnit {
            id: "SOC-HT".into(),
            name: "Hem & <b>vård</b>".into(),
            parent: None,
        }],
        systems: vec![System {
            code: "LIFECARE".into(),
            name: "<script>alert(\"x\")</script>".into(),
            vendor: None,
            level_descriptions: [None, None, None, None],
        }],
        ..Catalog::default()
    };
    p.unit = Some("\"><i>".into());
    if let Some(row) = p.rows.first_mut() {
        row.system = "O'365<".into();
    }
    let html = render_progress(&p, &catalog, Lang::En);
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<b>vård"));
    assert!(!html.contains("<i>"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("<td>Hem &amp; &lt;b&gt;vård&lt;/b&gt;</td>"));
    assert!(html.contains("data-system=\"O&#39;365&lt;\""));
    assert!(html.contains(": &quot;&gt;&lt;i&gt;</p>"));
}

#[test]
fn no_rows() {
    let (mut p, c) = sample(5);
    p.rows.clear();
    let html = render_progress(&p, &c, Lang::En);
    check_self_contained(&html, "en");
    assert!(html.contains("<p>Nobody in scope has a target on either day.</p>"));
    assert!(!html.contains("<svg class=\"progress-chart\""));
    assert!(!html.contains("<table"));
}

#[test]
fn the_progress_page_says_it_names_no_one() {
    for (lang, footer) in [
        (Lang::En, "Figures over groups only; no person is named."),
        (
            Lang::Sv,
            "Endast siffror för grupper; ingen person namnges.",
        ),
        (Lang::Nb, "Bare tall for grupper; ingen person er navngitt."),
    ] {
        let html = page(5, lang);
        assert!(html.contains(footer), "{lang:?}");
        assert!(!html.contains(lang.labels().footer), "{lang:?}");
    }
}

#[test]
fn the_count_of_withheld_figures_is_singular_for_one_only() {
    // The sample's own figures, with the statement's count set to 0, 1 and 2.
    let (mut p, c) = sample(5);
    let cases = [
        (Lang::En, 0, "0 figures are withheld in this report."),
        (Lang::En, 1, "1 figure is withheld in this report."),
        (Lang::En, 2, "2 figures are withheld in this report."),
        (Lang::Sv, 0, "0 siffror är dolda i rapporten."),
        (Lang::Sv, 1, "1 siffra är dold i rapporten."),
        (Lang::Sv, 2, "2 siffror är dolda i rapporten."),
        (Lang::Nb, 0, "0 tall er skjult i rapporten."),
        (Lang::Nb, 1, "1 tall er skjult i rapporten."),
        (Lang::Nb, 2, "2 tall er skjult i rapporten."),
    ];
    for (lang, n, sentence) in cases {
        p.suppression.n_suppressed = n;
        let html = render_progress(&p, &c, lang);
        assert!(
            html.contains(&format!(" {sentence}</p>")),
            "{lang:?} {n}: {}",
            between(&html, "<p id=\"progress-suppression\"", "</p>")
        );
    }
}
