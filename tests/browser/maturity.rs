//! The digital maturity page as Chromium builds, draws and checks it: the example framework
//! (13 capabilities, 5 steps) answered by generated leader groups of three units of the sample
//! organisation on two days, in English, Swedish and Norwegian.

use crate::dom::Element;
use crate::pages::{assert_accessible, decode_shot, non_white_share};
use crate::{Sample, dump_dom, screenshot, shots_dir, workspace_root};

/// Respondents per unit: SOC-HT 8, SOC-SÄBO 7, BUF-EHT 3 (too few for groups of 5). Respondent
/// r of unit u answers capability c with 1 + (r + c + u) mod 3 on the baseline, one step more
/// (at most 5) at the follow-up when (r + c) is even.
fn measured() -> Sample {
    let sample = Sample::new();
    let framework = workspace_root().join("fixtures/maturity/example-framework.toml");
    let text = std::fs::read_to_string(&framework).expect("the example framework");
    let caps: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .skip(1)
        .collect();
    assert_eq!(caps.len(), 13);
    let (mut base, mut follow) = (
        String::from("respondent,unit,capability,step\n"),
        String::from("respondent;unit;capability;step\n"),
    );
    for (u, (unit, n)) in [("SOC-HT", 8), ("SOC-SÄBO", 7), ("BUF-EHT", 3)]
        .into_iter()
        .enumerate()
    {
        for r in 1..=n {
            for (c, cap) in caps.iter().enumerate() {
                let b = 1 + (r + c + u) % 3;
                let f = if (r + c) % 2 == 0 { (b + 1).min(5) } else { b };
                base += &format!("LG-{u}-{r},{unit},{cap},{b}\n");
                follow += &format!("LG-{u}-{r};{unit};{cap};{f}\n");
            }
        }
    }
    let fw = framework.to_string_lossy();
    for (name, text, date) in [
        ("base.csv", base, "2026-03-02"),
        ("follow.csv", follow, "2026-10-05"),
    ] {
        let path = sample.path(name);
        std::fs::write(&path, text).expect("write answers");
        sample.run(&[
            "maturity",
            "import",
            &path.to_string_lossy(),
            "--framework",
            &fw,
            "--date",
            date,
        ]);
    }
    sample
}

fn page(sample: &Sample, lang: &str) -> std::path::PathBuf {
    let framework = workspace_root().join("fixtures/maturity/example-framework.toml");
    let page = sample.path(&format!("maturity-{lang}.html"));
    sample.run(&[
        "maturity",
        "report",
        "--framework",
        &framework.to_string_lossy(),
        "--from",
        "2026-03-31",
        "--to",
        "2026-10-31",
        "--html",
        &page.to_string_lossy(),
        "--lang",
        lang,
    ]);
    page
}

/// The `data-level`s of the vertices of `class` in `radar`, axis by axis.
fn vertex_levels<'a>(radar: &'a Element, class: &str) -> Vec<&'a str> {
    radar
        .select("circle", &["radar-vertex", class])
        .into_iter()
        .chain(radar.select("rect", &["radar-vertex", class]))
        .map(|v| v.req("data-level"))
        .collect()
}

#[test]
fn the_maturity_page_draws_the_medians_of_its_table_and_passes_axe_in_every_language() {
    let sample = measured();
    for lang in ["en", "sv", "nb"] {
        let path = page(&sample, lang);
        let dom = dump_dom(&path);
        assert_eq!(
            dom.select("html", &[])[0].attr("lang"),
            Some(lang),
            "lang attribute"
        );
        // Everyone, BUF (3, withheld: no radar), BUF-EHT (same), SOC, SOC-HT, SOC-SÄBO.
        let sections = dom.select("section", &["maturity-group"]);
        assert_eq!(sections.len(), 6);
        for (i, section) in sections.iter().enumerate() {
            let radar = section.by_id(&format!("maturity-radar-{i}"));
            if matches!(i, 1 | 2) {
                assert!(radar.is_none(), "group {i} is withheld");
                continue;
            }
            let radar = radar.unwrap_or_else(|| panic!("radar {i}"));
            assert_eq!(radar.attr("role"), Some("img"));
            let caption = radar.req("aria-labelledby");
            assert!(
                dom.by_id(caption).is_some_and(|c| !c.text().is_empty()),
                "{caption}"
            );
            assert_eq!(radar.req("data-axes"), "13");
            // The table's medians are the radar's vertices, axis by axis.
            let rows = section.select("tr", &[]);
            let medians = |key: &str| -> Vec<&str> {
                rows.iter()
                    .filter_map(|r| r.attr("data-capability").map(|_| *r))
                    .map(|r| {
                        r.select("td", &[])
                            .into_iter()
                            .find_map(|td| td.attr(key))
                            .expect("median cell")
                    })
                    .collect()
            };
            assert_eq!(
                vertex_levels(radar, "radar-baseline"),
                medians("data-median-from"),
                "{lang} group {i}"
            );
            assert_eq!(
                vertex_levels(radar, "radar-followup"),
                medians("data-median-to"),
                "{lang} group {i}"
            );
        }
        assert_accessible(&path);
    }
    let png = shots_dir().join("maturity-en.png");
    screenshot(&page(&sample, "en"), &png);
    let pixels = decode_shot(&png);
    assert!(non_white_share(&pixels) > 0.03, "the page draws something");
}
