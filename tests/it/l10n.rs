//! Tables and pages in Swedish and Norwegian Bokmål on the sample organisation: `--lang` on any
//! command, the locale variables when it is absent, and JSON and CSV that stay the same in every
//! language.

use crate::{Env, Run};

const AS_OF: [&str; 2] = ["--as-of", "2026-11-20"];

fn sample() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env
}

/// Runs `args` as of the sample's day.
fn run(env: &Env, args: &[&str]) -> String {
    run_with(env, args, &[]).ok().stdout
}

fn run_with(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut all = AS_OF.to_vec();
    all.extend_from_slice(args);
    env.run_env(&all, vars)
}

/// The line of `out` that starts with `start`.
fn line<'a>(out: &'a str, start: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?} in\n{out}"))
}

/// The cells of a table line (columns are separated by at least two spaces).
fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn brief_in_swedish_names_levels_and_writes_iso_dates() {
    let env = sample();
    let out = run(&env, &["--lang", "sv", "brief", "10031"]);
    assert!(
        out.starts_with(
            "Underlag för medarbetarsamtal: 10031 Linnéa Karlsson — per 2026-11-20\n\
             SSK i SOC-SÄBO, chef 10030\n"
        ),
        "{out}"
    );
    assert_eq!(
        cells(line(&out, "system")),
        [
            "system",
            "målnivå",
            "nuvarande",
            "bekräftad",
            "självskattad",
            "kvar",
            "anmärkning",
            "utbildningar"
        ]
    );
    // Linnéa (docs/src/rules.md): target 3, confirmed 2 after her course expired, self 3: gap 1, discrepancy.
    assert_eq!(
        cells(line(&out, "LIFECARE ")),
        [
            "LIFECARE",
            "3 avancerad",
            "2 självständig",
            "2 självständig",
            "3 avancerad",
            "1",
            "självskattad och bekräftad nivå skiljer sig åt",
            "LC-HANDL"
        ]
    );
    assert!(out.contains("O365      2 självständig  –"), "{out}");
    assert!(
        out.contains(
            "(nivåer: 1 grundläggande, 2 självständig, 3 avancerad, 4 expert; – = ej bedömd / ingen målnivå)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  LIFECARE (Lifecare) — 3 avancerad: Handleder kollegor i dokumentationen\n"),
        "{out}"
    );
    assert!(
        out.contains("Anvisade utbildningar som pågår: inga\n"),
        "{out}"
    );
    assert!(
        out.contains("Utbildningsresultat som upphör att gälla inom 90 dagar: inga\n"),
        "{out}"
    );
    assert!(out.contains("Förändringar sedan 2025-11-20:\n"), "{out}");
    assert!(
        out.contains("  2026-10-12 LIFECARE 2 självständig (chefens bedömning)\n"),
        "{out}"
    );
}

#[test]
fn brief_in_norwegian_writes_dates_day_first() {
    let env = sample();
    let out = run(&env, &["brief", "10031", "--lang", "nb"]);
    assert!(
        out.starts_with(
            "Grunnlag for medarbeidersamtale: 10031 Linnéa Karlsson — per 20.11.2026\n\
             SSK i SOC-SÄBO, leder 10030\n"
        ),
        "{out}"
    );
    assert_eq!(
        cells(line(&out, "LIFECARE ")),
        [
            "LIFECARE",
            "3 avansert",
            "2 selvstendig",
            "2 selvstendig",
            "3 avansert",
            "1",
            "egenvurdert og bekreftet nivå er ulike",
            "LC-HANDL"
        ]
    );
    assert!(
        out.contains("Kursresultater som utløper innen 90 dager: ingen\n"),
        "{out}"
    );
    assert!(out.contains("Endringer siden 20.11.2025:\n"), "{out}");
    assert!(
        out.contains("  02.09.2026 LIFECARE 3 avansert (egenvurdering)\n"),
        "{out}"
    );
}

#[test]
fn profile_history_and_gaps_in_norwegian() {
    let env = sample();
    let profile = run(&env, &["--lang", "nb", "profile", "10023"]);
    assert!(
        profile.starts_with(
            "10023 Anna Lindqvist (ansatt) per 20.11.2026\n  \
             SOC-HT USK 75 % 01.03.2015.., leder 10001 (hovedstilling)\n"
        ),
        "{profile}"
    );
    // Anna (docs/src/rules.md): O365 self-assessed only, TIMECARE not assessed with target 1.
    assert_eq!(
        cells(line(&profile, "O365")),
        [
            "O365",
            "1 grunnleggende",
            "1 grunnleggende",
            "–",
            "1 grunnleggende",
            "0",
            "kun egenvurdert"
        ]
    );
    assert_eq!(
        cells(line(&profile, "TIMECARE")),
        [
            "TIMECARE",
            "1 grunnleggende",
            "–",
            "–",
            "–",
            "1",
            "ikke vurdert",
            "TC-PERS"
        ]
    );

    let history = run(&env, &["--lang", "nb", "history", "10031"]);
    assert_eq!(
        cells(line(&history, "#")),
        ["#", "dato", "system", "nivå", "type", "detalj", "kilde"]
    );
    // The expired course result: completed 2023-04-18, valid 24 months.
    let course = history
        .lines()
        .find(|l| l.contains("kursresultat"))
        .unwrap_or_else(|| panic!("{history}"));
    assert_eq!(
        cells(course)[1..],
        [
            "18.04.2023",
            "LIFECARE",
            "3 avansert",
            "kursresultat",
            "LC-HANDL, gjelder ikke fra 18.04.2025",
            "wlx kjøring 1"
        ]
    );
    assert!(
        history.contains("lederens vurdering  av 10030"),
        "{history}"
    );

    let gaps = run(&env, &["--lang", "nb", "gaps", "--employee", "10023"]);
    assert_eq!(
        cells(line(&gaps, "ansattnr.")),
        [
            "ansattnr.",
            "navn",
            "system",
            "målnivå",
            "nåværende",
            "gjenstår",
            "anbefales"
        ]
    );
    assert_eq!(
        cells(line(&gaps, "10023")),
        [
            "10023",
            "Anna Lindqvist",
            "TIMECARE",
            "1 grunnleggende",
            "–",
            "1",
            "TC-PERS"
        ]
    );
    let elin = run(&env, &["--lang", "nb", "gaps", "--employee", "10041"]);
    assert_eq!(elin, "ingen utviklingsbehov per 20.11.2026\n");
}

#[test]
fn team_demand_and_progress_in_swedish() {
    let env = sample();
    let team = run(&env, &["--lang", "sv", "team", "10001", "--indirect"]);
    assert!(
        team.starts_with("anställningsnr  namn                LIFECARE  O365    TIMECARE\n"),
        "{team}"
    );
    assert!(
        line(&team, "10023").contains("1s/1") && line(&team, "10023").contains("–/1 ▲1"),
        "{team}"
    );
    assert!(
        team.contains("(ruta = nuvarande/målnivå; s = endast självskattad;"),
        "{team}"
    );

    let demand = run(&env, &["--lang", "sv", "demand"]);
    assert!(
        demand.starts_with(
            "Utbildningsbehov per 2026-11-20, alla: 7 aktiva personer, 6 med utvecklingsbehov\n"
        ),
        "{demand}"
    );
    assert_eq!(
        cells(
            demand
                .lines()
                .find(|l| l.starts_with("utbildning ")
                    && l.contains("LC-DOK")
                    && l.contains("alla"))
                .unwrap_or_else(|| panic!("no LC-DOK row in\n{demand}"))
        ),
        [
            "utbildning",
            "LIFECARE",
            "2 självständig",
            "LC-DOK",
            "alla",
            "<5",
            "0",
            "0"
        ]
    );
    assert!(
        demand.contains("44 uppgifter visas inte utan som <5: ett antal på 1 till 4 personer"),
        "{demand}"
    );

    let progress = run(
        &env,
        &[
            "--lang",
            "sv",
            "progress",
            "--from",
            "2026-01-01",
            "--min-group",
            "1",
        ],
    );
    assert!(
        progress.starts_with(
            "Utveckling från 2026-01-01 till 2026-11-20, alla\n\
             Personer: 7 båda dagarna, 1 har slutat, 0 har börjat;"
        ),
        "{progress}"
    );
    // LIFECARE for everyone: nobody at target on 1 January, 2 of 6 on the export day.
    assert_eq!(
        cells(line(&progress, "(alla)    LIFECARE")),
        [
            "(alla)",
            "LIFECARE",
            "6",
            "0 %",
            "0,00",
            "6",
            "6",
            "33 %",
            "1,67",
            "1",
            "+0",
            "+33 %-enheter",
            "+1,67"
        ]
    );
}

#[test]
fn the_locale_chooses_the_language_when_lang_is_not_given() {
    let env = sample();
    let args = ["brief", "10031"];
    let sv = run_with(&env, &args, &[("LANG", "sv_SE.UTF-8")])
        .ok()
        .stdout;
    assert!(sv.starts_with("Underlag för medarbetarsamtal:"), "{sv}");
    let nb = run_with(
        &env,
        &args,
        &[("LC_MESSAGES", "nb_NO.UTF-8"), ("LANG", "sv_SE.UTF-8")],
    )
    .ok()
    .stdout;
    assert!(nb.starts_with("Grunnlag for medarbeidersamtale:"), "{nb}");
    // LC_ALL=C is the C locale, whatever LANG says: English.
    let c = run_with(&env, &args, &[("LC_ALL", "C"), ("LANG", "sv_SE.UTF-8")])
        .ok()
        .stdout;
    assert!(c.starts_with("Appraisal brief: 10031"), "{c}");
    // --lang wins over the locale.
    let en = run_with(
        &env,
        &["--lang", "en", "brief", "10031"],
        &[("LANG", "sv_SE.UTF-8")],
    )
    .ok()
    .stdout;
    assert!(en.starts_with("Appraisal brief: 10031"), "{en}");
    // An unknown locale falls back to English.
    let de = run_with(&env, &args, &[("LANG", "de_DE.UTF-8")])
        .ok()
        .stdout;
    assert_eq!(de, en);
}

#[test]
fn json_and_csv_are_the_same_in_every_language() {
    let env = sample();
    for args in [
        &["brief", "10031"][..],
        &["profile", "10023"],
        &["history", "10031"],
        &["gaps", "--all"],
        &["team", "10001", "--indirect"],
        &["unit", "SOC"],
        &["demand"],
        &["progress", "--from", "2026-01-01"],
    ] {
        for format in ["json", "csv"] {
            let mut en = vec!["--format", format, "--lang", "en"];
            en.extend_from_slice(args);
            let english = run(&env, &en);
            for lang in ["sv", "nb"] {
                let mut other = vec!["--format", format, "--lang", lang];
                other.extend_from_slice(args);
                let text = run_with(&env, &other, &[("LANG", "sv_SE.UTF-8")])
                    .ok()
                    .stdout;
                assert_eq!(text, english, "{args:?} {format} {lang}");
            }
        }
    }
    let csv = run(
        &env,
        &["--format", "csv", "--lang", "nb", "history", "10031"],
    );
    assert!(
        csv.starts_with("#,date,system,level,kind,detail,source\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",2023-04-18,LIFECARE,3,course,\"LC-HANDL, expires 2025-04-18\","),
        "{csv}"
    );
}

#[test]
fn the_brief_names_its_expiring_window_in_json_and_on_the_page() {
    let env = sample();
    let brief = env.brief("2026-11-20", "10031");
    assert_eq!(brief["expiring_days"], 90);
    for (lang, heading) in [
        ("en", "Course results expiring within 90 days"),
        (
            "sv",
            "Utbildningsresultat som upphör att gälla inom 90 dagar",
        ),
        ("nb", "Kursresultater som utløper innen 90 dager"),
    ] {
        let file = env.path(&format!("brief-{lang}.html"));
        let file = file.to_str().unwrap_or_default();
        run(&env, &["brief", "10031", "--html", file, "--lang", lang]);
        let html = std::fs::read_to_string(file).unwrap_or_default();
        assert!(
            html.contains(&format!("<h2 id=\"h-expiring\">{heading}</h2>")),
            "{lang}: {html}"
        );
    }
}

#[test]
fn the_english_note_on_withheld_figures_is_the_rule_the_report_states() {
    // The table's words come from the typed labels; the JSON states the rule the store applied.
    // They must say the same.
    let env = sample();
    let json = run(&env, &["--format", "json", "demand"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let s = &v["suppression"];
    let figures = if s["n_suppressed"] == 1 {
        "figure"
    } else {
        "figures"
    };
    let note = format!(
        "{} {figures} withheld, shown as <{}: {}.\n",
        s["n_suppressed"],
        s["min_group"],
        s["rule"].as_str().unwrap_or_default()
    );
    let table = run(&env, &["--lang", "en", "demand"]);
    assert!(table.ends_with(&note), "{table}\nshould end with\n{note}");
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let env = sample();
    let run = run_with(&env, &["--lang", "de", "brief", "10031"], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("expected en, sv or nb"),
        "{}",
        run.stderr
    );
}
