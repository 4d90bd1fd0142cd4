//! The brief and the team page as Chromium builds, draws and checks them.

use chrono::NaiveDate;
use skillreg_core::Level;
use skillreg_core::sync::SyncConfig;
use skillreg_html::{EN, Labels, NB, RadarAxis, RadarFrame, SV, brief_axes, radar};
use skillreg_store::{BriefConfig, Registry};

use crate::dom::Element;
use crate::{SHOT_HEIGHT, SHOT_WIDTH, Sample, axe, dump_dom, screenshot, shots_dir};

fn axis(code: &str, label: &str, target: u8, current: u8, self_level: u8) -> RadarAxis {
    RadarAxis {
        code: code.into(),
        label: label.into(),
        target: Level::new(target),
        current: Level::new(current),
        self_level: Level::new(self_level),
    }
}

/// Anna Lindqvist (10023) on 2026-11-20 in the sample: Lifecare target 2, confirmed 3,
/// self 2; Microsoft 365 target 1, self-assessed 1; Timecare target 1, not assessed.
fn anna_axes() -> Vec<RadarAxis> {
    vec![
        axis("LIFECARE", "Lifecare", 2, 3, 2),
        axis("O365", "Microsoft 365", 1, 1, 1),
        axis("TIMECARE", "Timecare Planering", 1, 0, 0),
    ]
}

/// `"x1,y1 x2,y2 ..."` as numbers.
fn points(text: &str) -> Vec<(f64, f64)> {
    text.split_ascii_whitespace()
        .map(|pair| {
            let (x, y) = pair
                .split_once(',')
                .unwrap_or_else(|| panic!("not x,y: {pair}"));
            (
                x.parse().unwrap_or_else(|e| panic!("x of {pair}: {e}")),
                y.parse().unwrap_or_else(|e| panic!("y of {pair}: {e}")),
            )
        })
        .collect()
}

fn number(e: &Element, attr: &str) -> f64 {
    e.req(attr)
        .parse()
        .unwrap_or_else(|err| panic!("{attr} of <{}>: {err}", e.name))
}

/// The page prints coordinates with one decimal: the browser's value must be the computed one
/// rounded to 0.1, within 0.01 (so within 0.06 of the exact value).
fn assert_at(what: &str, got: (f64, f64), want: skillreg_html::Point) {
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let close = (got.0 - round(want.x)).abs() < 0.01 && (got.1 - round(want.y)).abs() < 0.01;
    assert!(
        close,
        "{what}: the browser has ({}, {}), the geometry ({:.3}, {:.3})",
        got.0, got.1, want.x, want.y
    );
}

#[test]
fn the_radar_chromium_builds_has_the_computed_vertices_of_annas_levels() {
    // The levels the chart must show are the ones the registry reports for her.
    let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr).unwrap();
    skillreg_cli::sync_wlx_bytes(
        &mut registry,
        skillreg_cli::SAMPLE_EXPORT,
        "sample",
        &SyncConfig::default(),
    )
    .unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let brief = registry.brief("10023", &BriefConfig::new(day)).unwrap();
    assert_eq!(brief_axes(&brief), anna_axes());

    let sample = Sample::new();
    let dom = dump_dom(&sample.brief("10023", "en"));
    let svg = dom.by_id("radar").expect("an element with id radar");
    assert_eq!(svg.name, "svg");
    assert_eq!(svg.req("data-axes"), "3", "one axis per system");
    assert_eq!(svg.req("data-shape"), "polygon");

    let chart = radar(&anna_axes(), RadarFrame::default());
    let lines = svg.select("line", &["radar-axis"]);
    assert_eq!(
        lines.iter().map(|l| l.req("data-axis")).collect::<Vec<_>>(),
        ["LIFECARE", "O365", "TIMECARE"]
    );
    for (line, axis) in lines.iter().zip(&chart.axes) {
        assert_at(
            &format!("end of axis {}", axis.code),
            (number(line, "x2"), number(line, "y2")),
            axis.end,
        );
    }
    let labels = svg.select("text", &["radar-axis-label"]);
    // A long name is broken into lines, one tspan each.
    let shown: Vec<String> = labels
        .iter()
        .map(|t| {
            let lines: Vec<String> = t.select("tspan", &[]).iter().map(|s| s.text()).collect();
            lines.join(" ")
        })
        .collect();
    assert_eq!(
        shown,
        chart
            .axes
            .iter()
            .map(|a| a.label.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        labels[2].select("tspan", &[]).len(),
        2,
        "Timecare Planering"
    );

    let expected_levels = ["2,1,1", "3,1,none", "2,1,none"];
    for (series, levels) in chart.series.iter().zip(expected_levels) {
        let class = series.series.class();
        let polygon = svg
            .by_id(class)
            .unwrap_or_else(|| panic!("no #{class} in the browser's DOM"));
        assert_eq!(polygon.name, "polygon", "#{class}");
        assert!(polygon.has_class(class));
        assert_eq!(polygon.req("data-levels"), levels, "#{class}");
        let got = points(polygon.req("points"));
        assert_eq!(got.len(), 3, "#{class} points");
        for (i, (p, v)) in got.iter().zip(&series.vertices).enumerate() {
            assert_at(&format!("#{class} vertex {i}"), *p, v.at);
        }
        // One marker per axis, on the same spot, naming axis and level.
        let markers: Vec<_> = svg
            .descendants()
            .into_iter()
            .filter(|e| e.has_class("radar-vertex") && e.has_class(class))
            .collect();
        assert_eq!(
            markers
                .iter()
                .map(|m| format!("{}={}", m.req("data-axis"), m.req("data-level")))
                .collect::<Vec<_>>()
                .join(","),
            ["LIFECARE", "O365", "TIMECARE"]
                .iter()
                .zip(levels.split(','))
                .map(|(a, l)| format!("{a}={l}"))
                .collect::<Vec<_>>()
                .join(","),
            "#{class} markers"
        );
        if class == "radar-current" {
            for (m, v) in markers.iter().zip(&series.vertices) {
                assert_at("current marker", (number(m, "cx"), number(m, "cy")), v.at);
            }
        }
    }
}

fn headings(dom: &Element, name: &str) -> Vec<String> {
    dom.select(name, &[]).iter().map(|h| h.text()).collect()
}

#[test]
fn the_brief_in_swedish_and_norwegian_has_its_language_and_localised_headings() {
    let sample = Sample::new();
    let cases: [(&str, &Labels); 2] = [("sv", &SV), ("nb", &NB)];
    for (lang, labels) in cases {
        let dom = dump_dom(&sample.brief("10023", lang));
        let html = &dom.select("html", &[])[0];
        assert_eq!(html.attr("lang"), Some(lang));
        assert_eq!(
            dom.select("title", &[])[0].text(),
            format!("{} – Anna Lindqvist", labels.brief_title)
        );
        assert_eq!(
            headings(&dom, "h1"),
            [format!("{}: Anna Lindqvist", labels.brief_title)]
        );
        let h2 = headings(&dom, "h2");
        for wanted in [
            labels.profile_heading,
            labels.levels_heading,
            labels.gaps_heading,
            labels.meanings_heading,
        ] {
            assert!(
                h2.iter().any(|h| h == wanted),
                "{lang}: no {wanted:?} in {h2:?}"
            );
        }
        for english in [EN.profile_heading, EN.levels_heading, EN.gaps_heading] {
            assert!(
                !h2.iter().any(|h| h == english),
                "{lang}: English {english:?}"
            );
        }
        let legend: Vec<String> = dom
            .by_id("radar-legend")
            .expect("the radar's legend")
            .select("li", &[])
            .iter()
            .map(|li| li.text())
            .collect();
        assert_eq!(
            legend,
            [
                labels.series_target,
                labels.series_current,
                labels.series_self
            ]
        );
    }
}

#[test]
fn the_team_page_suppresses_small_counts_and_its_sort_script_runs() {
    let sample = Sample::new();
    let dom = dump_dom(&sample.team("10001", 5));
    let rows = dom.select("tr", &[]);
    let people: Vec<_> = rows
        .iter()
        .filter_map(|r| r.attr("data-employee"))
        .collect();
    assert_eq!(people, ["10023", "10024", "10025"]);
    let tfoot = &dom.select("tfoot", &[])[0];
    let suppressed = tfoot.select("td", &["suppressed"]);
    assert!(!suppressed.is_empty(), "no suppressed count in the footer");
    for cell in &suppressed {
        assert!(cell.has_class("num"));
        assert_eq!(cell.text(), format!("{} 5", EN.fewer_than));
    }
    assert_eq!(
        suppressed
            .iter()
            .map(|c| c.req("data-system"))
            .collect::<Vec<_>>(),
        ["LIFECARE", "O365", "TIMECARE"]
    );
    assert!(
        !tfoot.text().contains(&format!(" {} ", EN.of)),
        "a count over fewer than 5 people is shown: {}",
        tfoot.text()
    );
    // The page's script ran in the browser: every column heading became a sort button and
    // the hint is no longer hidden.
    let heads = dom.select("thead", &[])[0].select("th", &[]);
    assert_eq!(heads.len(), 4);
    for th in heads {
        assert_eq!(th.select("button", &["sort"]).len(), 1, "{}", th.text());
    }
    let hint = dom.by_id("sort-hint").expect("the sort hint");
    assert_eq!(hint.attr("hidden"), None);
    assert_eq!(hint.text(), EN.sort_hint);

    // With groups of one allowed, the same cells show counts instead.
    let open = dump_dom(&sample.team("10001", 1));
    let tfoot = &open.select("tfoot", &[])[0];
    assert!(tfoot.select("td", &["suppressed"]).is_empty());
    let lifecare = tfoot
        .select("td", &[])
        .into_iter()
        .find(|c| c.attr("data-system") == Some("LIFECARE"))
        .expect("the Lifecare count");
    assert_eq!(lifecare.text(), format!("1 {} 3", EN.of));
}

/// Decodes a screenshot, checks its size and returns its pixels as RGB.
pub(crate) fn decode_shot(png_path: &std::path::Path) -> Vec<[u8; 3]> {
    let file = std::fs::File::open(png_path).expect("open the screenshot");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap_or_else(|e| panic!("{} is not a PNG: {e}", png_path.display()));
    let mut buf = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let info = reader.next_frame(&mut buf).expect("the PNG's image");
    assert_eq!(
        (info.width, info.height),
        (SHOT_WIDTH, SHOT_HEIGHT),
        "{}",
        png_path.display()
    );
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected colour type {other:?}"),
    };
    buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect()
}

/// How many pixels are within 8 of `rgb` in every channel.
pub(crate) fn count_colour(pixels: &[[u8; 3]], rgb: [u8; 3]) -> usize {
    pixels
        .iter()
        .filter(|p| p.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 8))
        .count()
}

/// The share of pixels that differ from the white background.
pub(crate) fn non_white_share(pixels: &[[u8; 3]]) -> f64 {
    let ink = pixels
        .iter()
        .filter(|p| p.iter().map(|c| u32::from(255 - c)).sum::<u32>() > 30)
        .count();
    ink as f64 / pixels.len() as f64
}

#[test]
fn screenshots_of_the_brief_and_the_team_page_show_the_chart_and_the_matrix() {
    let sample = Sample::new();
    let dir = shots_dir();

    let brief_png = dir.join("brief-10023-en.png");
    screenshot(&sample.brief("10023", "en"), &brief_png);
    let pixels = decode_shot(&brief_png);
    let share = non_white_share(&pixels);
    assert!(
        share > 0.01,
        "the brief is blank: {:.2} % ink",
        share * 100.0
    );
    // The three series' colours (lines and markers), and the current level's light fill,
    // which only the chart's polygon has.
    for (what, rgb, at_least) in [
        ("target", [0x1f, 0x4e, 0x79], 150),
        ("current", [0xa3, 0x36, 0x00], 150),
        ("self-assessed", [0x5b, 0x2a, 0x86], 150),
        ("current fill", [244, 231, 224], 300),
    ] {
        let n = count_colour(&pixels, rgb);
        assert!(
            n >= at_least,
            "{what}: {n} pixels of {rgb:?} in {}",
            brief_png.display()
        );
    }

    let team_png = dir.join("team-10001.png");
    screenshot(&sample.team("10001", 5), &team_png);
    let pixels = decode_shot(&team_png);
    let share = non_white_share(&pixels);
    assert!(
        share > 0.01,
        "the team page is blank: {:.2} % ink",
        share * 100.0
    );
    for (what, rgb) in [("met", [0xdc, 0xef, 0xdc]), ("1 below", [0xfd, 0xe7, 0xc2])] {
        let n = count_colour(&pixels, rgb);
        assert!(
            n >= 1000,
            "{what} cells: {n} pixels of {rgb:?} in {}",
            team_png.display()
        );
    }
    eprintln!(
        "screenshots: {} and {}",
        brief_png.display(),
        team_png.display()
    );
}

/// Runs axe-core on `page` and fails, listing each, on any serious or critical violation.
/// Lesser ones are printed.
pub(crate) fn assert_accessible(page: &std::path::Path) {
    let result = axe(page);
    assert!(result.get("error").is_none(), "axe failed: {result}");
    assert!(
        result["version"]
            .as_str()
            .is_some_and(|v| v.starts_with("4.")),
        "axe-core 4 expected: {result}"
    );
    assert!(
        result["passes"].as_u64().is_some_and(|n| n > 10),
        "axe passed almost nothing, did it run? {result}"
    );
    let violations = result["violations"].as_array().expect("violations");
    let mut serious = Vec::new();
    for v in violations {
        let impact = v["impact"].as_str().unwrap_or("none");
        let mut text = format!(
            "{impact} {}: {} ({})",
            v["id"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or("?"),
            v["helpUrl"].as_str().unwrap_or("")
        );
        let nodes = v["nodes"].as_array().map_or(&[][..], Vec::as_slice);
        let serious_here = matches!(impact, "serious" | "critical");
        // Every node of a serious violation; the first three of a lesser one.
        let shown = if serious_here {
            nodes.len()
        } else {
            nodes.len().min(3)
        };
        for node in &nodes[..shown] {
            text += &format!(
                "\n    at {} {}\n      {}",
                node["target"],
                node["html"].as_str().unwrap_or("?"),
                node["failureSummary"]
                    .as_str()
                    .unwrap_or("?")
                    .replace('\n', "\n      ")
            );
        }
        if shown < nodes.len() {
            text += &format!("\n    and {} more", nodes.len() - shown);
        }
        if serious_here {
            serious.push(text);
        } else {
            eprintln!("axe, {}: {text}", page.display());
        }
    }
    assert!(
        serious.is_empty(),
        "axe-core finds {} serious or critical violation(s) in {}:\n{}",
        serious.len(),
        page.display(),
        serious.join("\n")
    );
}

#[test]
fn axe_finds_nothing_serious_on_the_english_brief() {
    assert_accessible(&Sample::new().brief("10023", "en"));
}

#[test]
fn axe_finds_nothing_serious_on_the_swedish_brief() {
    assert_accessible(&Sample::new().brief("10023", "sv"));
}

#[test]
fn axe_finds_nothing_serious_on_the_team_page() {
    assert_accessible(&Sample::new().team("10001", 5));
}
