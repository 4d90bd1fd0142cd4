//! The aggregate reports (`Registry::demand`, `Registry::progress`) on the sample organisation
//! (`fixtures/winlas/sample-export.xml`, 8 people), with the expected figures worked out by hand
//! from the fixture and the rules of docs/src/rules.md.
//!
//! The sample as of 2026-11-20 (7 active; 10041 left on 2026-06-30). Courses: LC-GRUND (LIFECARE
//! 1), LC-DOK (LIFECARE 2), LC-HANDL (LIFECARE 3, 24 months), TEAMS-1 (O365 2), TC-PERS
//! (TIMECARE 1, made for USK and SSK), TC-CHEF (TIMECARE 3, made for ECH). Gaps and what rule 6
//! recommends:
//! - 10001 ECH SOC-HT: O365 self 2 of 3, no course grants more than 2: unmet (O365, 3).
//! - 10023 USK SOC-HT: TIMECARE not assessed of 1: TC-PERS closes (TC-CHEF is not for USK).
//! - 10024 USK SOC-HT: LIFECARE self 1 of 2: LC-DOK and LC-HANDL close; O365 none of 1: TEAMS-1.
//! - 10025 USK SOC-SÄBO (and SOC-HT): LIFECARE 2 of 3: LC-HANDL; TIMECARE none of 2 (the
//!   SOC-SÄBO requirement): TC-PERS only narrows and no course for USK reaches 2, so unmet
//!   (TIMECARE, 2).
//! - 10030 ECH SOC-SÄBO: O365 none of 3: TEAMS-1 only narrows, so also unmet (O365, 3);
//!   LIFECARE none of 2: LC-DOK and LC-HANDL close. (TIMECARE self 4 of 3: no gap.)
//! - 10031 SSK SOC-SÄBO: LIFECARE 2 of 3 (LC-HANDL expired): LC-HANDL; O365 none of 2: TEAMS-1.
//! - 10040 SKSK BUF-EHT: no gap.
//!
//! A unit's figure includes the units below it; Sofia (10025) counts in both her units.

use skillreg_store::{Actor, Breakdown, Cell, Demand, DemandFilter, Error, Progress, Registry};
use skillreg_testkit::{d, sample_registry, wlx_registry};

/// The sample plus 10050, a USK in SOC-HT from 2026-08-01 with a self-assessment LIFECARE 2.
fn with_joiner() -> Registry {
    wlx_registry(
        include_bytes!("../../../../fixtures/winlas/reports-joiner.xml"),
        "sample-export.xml",
        Actor::Hr,
    )
}

/// A cell as text: the value, `<N` when withheld, `–` when there is nothing.
fn cell<T: ToString>(c: &Cell<T>, min_group: u32) -> String {
    match (&c.value, c.suppressed) {
        (_, true) => format!("<{min_group}"),
        (Some(v), false) => v.to_string(),
        (None, false) => "–".to_string(),
    }
}

fn breakdown(b: &Breakdown, n: u32) -> String {
    let groups = |list: &[skillreg_store::GroupCount]| {
        list.iter()
            .map(|g| format!("{} {}", g.group, cell(&g.count, n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{} [{}] [{}]",
        cell(&b.total, n),
        groups(&b.by_occupation),
        groups(&b.by_unit)
    )
}

/// One line per course and per unmet need; the single place that reads a `Demand`.
fn demand_lines(demand: &Demand) -> Vec<String> {
    let n = demand.suppression.min_group;
    let mut lines = vec![format!(
        "people {} with gaps {}",
        cell(&demand.n_people, n),
        cell(&demand.n_people_with_gaps, n)
    )];
    for c in &demand.courses {
        lines.push(format!(
            "{} closes {} narrows {} referred {}",
            c.course,
            breakdown(&c.closes, n),
            cell(&c.narrows.total, n),
            cell(&c.referred.total, n),
        ));
    }
    for u in &demand.unmet {
        lines.push(format!(
            "unmet {} {}: {}",
            u.system,
            u.level,
            breakdown(&u.people, n)
        ));
    }
    lines
}

fn check_demand(registry: &Registry, filter: DemandFilter, min_group: u32, expected: &[&str]) {
    let demand = registry
        .demand(&filter, d("2026-11-20"), min_group)
        .unwrap();
    assert_eq!(demand_lines(&demand), expected);
}

fn filter(unit: Option<&str>, occupation: Option<&str>) -> DemandFilter {
    DemandFilter {
        unit: unit.map(str::to_string),
        occupation: occupation.map(str::to_string),
        ..DemandFilter::default()
    }
}

#[test]
fn demand_on_the_sample_with_groups_of_one_shown() {
    // LC-DOK closes for 10024 (USK SOC-HT) and 10030 (ECH SOC-SÄBO); LC-HANDL for 10024,
    // 10025 (USK, both units), 10030 and 10031 (SSK SOC-SÄBO); TEAMS-1 closes for 10024 and
    // 10031 and narrows for 10030; TC-PERS closes for 10023 and narrows for 10025, whose TIMECARE
    // 2 is unmet (TC-CHEF would reach it but is made for ECH). Nobody needs LC-GRUND.
    // O365 3 is needed by 10001 (SOC-HT) and 10030 (SOC-SÄBO), both ECH, and no course has it.
    check_demand(
        &sample_registry(),
        DemandFilter::default(),
        1,
        &[
            "people 7 with gaps 6",
            "LC-GRUND closes 0 [] [] narrows 0 referred 0",
            "LC-DOK closes 2 [ECH 1, USK 1] [SOC 2, SOC-HT 1, SOC-SÄBO 1] narrows 0 referred 0",
            "LC-HANDL closes 4 [ECH 1, SSK 1, USK 2] [SOC 4, SOC-HT 2, SOC-SÄBO 3] narrows 0 referred 0",
            "TEAMS-1 closes 2 [SSK 1, USK 1] [SOC 2, SOC-HT 1, SOC-SÄBO 1] narrows 1 referred 0",
            "TC-PERS closes 1 [USK 1] [SOC 1, SOC-HT 1] narrows 1 referred 0",
            "TC-CHEF closes 0 [] [] narrows 0 referred 0",
            "unmet O365 3: 2 [ECH 2] [SOC 2, SOC-HT 1, SOC-SÄBO 1]",
            "unmet TIMECARE 2: 1 [USK 1] [SOC 1, SOC-HT 1, SOC-SÄBO 1]",
        ],
    );
}

#[test]
fn demand_with_the_default_threshold_withholds_every_count_below_five() {
    // Only the 7 and 6 people in scope reach 5; zeros are shown (they single out nobody).
    let registry = sample_registry();
    check_demand(
        &registry,
        DemandFilter::default(),
        5,
        &[
            "people 7 with gaps 6",
            "LC-GRUND closes 0 [] [] narrows 0 referred 0",
            "LC-DOK closes <5 [ECH <5, USK <5] [SOC <5, SOC-HT <5, SOC-SÄBO <5] narrows 0 referred 0",
            "LC-HANDL closes <5 [ECH <5, SSK <5, USK <5] [SOC <5, SOC-HT <5, SOC-SÄBO <5] narrows 0 referred 0",
            "TEAMS-1 closes <5 [SSK <5, USK <5] [SOC <5, SOC-HT <5, SOC-SÄBO <5] narrows <5 referred 0",
            "TC-PERS closes <5 [USK <5] [SOC <5, SOC-HT <5] narrows <5 referred 0",
            "TC-CHEF closes 0 [] [] narrows 0 referred 0",
            "unmet O365 3: <5 [ECH <5] [SOC <5, SOC-HT <5, SOC-SÄBO <5]",
            "unmet TIMECARE 2: <5 [USK <5] [SOC <5, SOC-HT <5, SOC-SÄBO <5]",
        ],
    );
    let demand = registry
        .demand(&DemandFilter::default(), d("2026-11-20"), 5)
        .unwrap();
    // Withheld (each total, occupation and unit): LC-DOK closes 1 + 2 + 3, LC-HANDL 1 + 3 + 3,
    // TEAMS-1 closes 1 + 2 + 3 and narrows 1 + 1 + 2, TC-PERS closes 1 + 1 + 2 and narrows
    // 1 + 1 + 3, unmet O365 1 + 1 + 3 and TIMECARE 1 + 1 + 3, the two courses to make for a
    // group: 44.
    assert_eq!(demand.suppression.n_suppressed, 44);
    assert_eq!(demand.suppression.min_group, 5);
    assert!(
        demand.suppression.rule.starts_with(
            "a count of 1 to 4 people (also within a group, such as those at target), any share, \
             mean or count over a group of 1 to 4 people, a share whose count is withheld"
        ),
        "{}",
        demand.suppression.rule
    );
    let none = registry
        .demand(&DemandFilter::default(), d("2026-11-20"), 1)
        .unwrap();
    assert_eq!(none.suppression.n_suppressed, 0);
    // Nothing in a report names or numbers a person.
    let json = serde_json::to_string(&demand).unwrap();
    for person in ["10001", "10023", "10025", "Lindqvist", "Anna"] {
        assert!(!json.contains(person), "{person} in {json}");
    }
}

#[test]
fn demand_in_a_unit_counts_only_employments_there() {
    // SOC-HT: 10001, 10023, 10024, and 10025 through her second employment (USK). Sofia's
    // LIFECARE target is still 3 (her own, from SOC-SÄBO), so LC-HANDL closes hers.
    check_demand(
        &sample_registry(),
        filter(Some("SOC-HT"), None),
        1,
        &[
            "people 4 with gaps 4",
            "LC-GRUND closes 0 [] [] narrows 0 referred 0",
            "LC-DOK closes 1 [USK 1] [SOC-HT 1] narrows 0 referred 0",
            "LC-HANDL closes 2 [USK 2] [SOC-HT 2] narrows 0 referred 0",
            "TEAMS-1 closes 1 [USK 1] [SOC-HT 1] narrows 0 referred 0",
            "TC-PERS closes 1 [USK 1] [SOC-HT 1] narrows 1 referred 0",
            "TC-CHEF closes 0 [] [] narrows 0 referred 0",
            "unmet O365 3: 1 [ECH 1] [SOC-HT 1]",
            "unmet TIMECARE 2: 1 [USK 1] [SOC-HT 1]",
        ],
    );
}

#[test]
fn demand_of_one_occupation() {
    // ECH: 10001 (SOC-HT) and 10030 (SOC-SÄBO).
    check_demand(
        &sample_registry(),
        filter(None, Some("ECH")),
        1,
        &[
            "people 2 with gaps 2",
            "LC-GRUND closes 0 [] [] narrows 0 referred 0",
            "LC-DOK closes 1 [ECH 1] [SOC 1, SOC-SÄBO 1] narrows 0 referred 0",
            "LC-HANDL closes 1 [ECH 1] [SOC 1, SOC-SÄBO 1] narrows 0 referred 0",
            "TEAMS-1 closes 0 [] [] narrows 1 referred 0",
            "TC-PERS closes 0 [] [] narrows 0 referred 0",
            "TC-CHEF closes 0 [] [] narrows 0 referred 0",
            "unmet O365 3: 2 [ECH 2] [SOC 2, SOC-HT 1, SOC-SÄBO 1]",
        ],
    );
}

#[test]
fn demand_counts_an_open_referral_instead_of_a_recommendation() {
    // 10023 is referred to TC-PERS: rule 6 shows the referral instead of recommending it, so
    // TC-PERS closes nobody's gap by recommendation (10025's it only narrows).
    let mut registry = sample_registry();
    registry
        .refer("10023", "TC-PERS", d("2026-11-01"), None, "10001")
        .unwrap();
    let demand = registry
        .demand(&DemandFilter::default(), d("2026-11-20"), 1)
        .unwrap();
    let tc = demand
        .courses
        .iter()
        .find(|c| c.course == "TC-PERS")
        .unwrap();
    assert_eq!(tc.closes.total.value, Some(0));
    assert_eq!(tc.narrows.total.value, Some(1));
    assert_eq!(tc.referred.total.value, Some(1));
    assert_eq!(tc.referred.by_unit[1].group, "SOC-HT");
}

#[test]
fn demand_of_an_unknown_unit_or_occupation_is_an_error() {
    let registry = sample_registry();
    let err = registry
        .demand(&filter(Some("SOC-XX"), None), d("2026-11-20"), 5)
        .unwrap_err();
    assert!(
        matches!(err, Error::UnknownUnit(ref u) if u == "SOC-XX"),
        "{err}"
    );
    assert_eq!(err.to_string(), "no org unit \"SOC-XX\" in the catalog");
    let err = registry
        .demand(&filter(None, Some("LÄK")), d("2026-11-20"), 5)
        .unwrap_err();
    assert_eq!(err.to_string(), "no occupation \"LÄK\" in the catalog");
    let err = registry
        .progress(d("2026-01-01"), d("2026-11-20"), Some("SOC-XX"), 5)
        .unwrap_err();
    assert_eq!(err.to_string(), "no org unit \"SOC-XX\" in the catalog");
}

/// One line per row: unit, system, then per day people/share/mean/not assessed, then changes.
fn progress_lines(progress: &Progress) -> Vec<String> {
    let n = progress.suppression.min_group;
    let p = &progress.people;
    let mut lines = vec![format!(
        "both {} left {} joined {}",
        cell(&p.n_both, n),
        cell(&p.n_left, n),
        cell(&p.n_joined, n)
    )];
    for r in &progress.rows {
        let day = |f: &skillreg_store::DayFigures| {
            format!(
                "{} {} {} {}",
                cell(&f.n_people, n),
                cell(&f.share_at_target, n),
                cell(&f.mean_level, n),
                cell(&f.n_not_assessed, n)
            )
        };
        lines.push(format!(
            "{} {}: {} | {} | {} {} {}",
            r.unit.as_deref().unwrap_or("*"),
            r.system,
            day(&r.from),
            day(&r.to),
            cell(&r.change.n_people, n),
            cell(&r.change.share_at_target, n),
            cell(&r.change.mean_level, n),
        ));
    }
    lines
}

fn check_progress(registry: &Registry, unit: Option<&str>, min_group: u32, expected: &[&str]) {
    let progress = registry
        .progress(d("2026-01-01"), d("2026-11-20"), unit, min_group)
        .unwrap();
    assert_eq!(progress_lines(&progress), expected);
}

#[test]
fn progress_on_the_sample_from_new_year() {
    // On 2026-01-01 all 8 were active (10041 until 2026-06-30); the only evidence dated by then
    // is 10001's TIMECARE manager 3 and 10041's PMO manager 4 (10031's LC-HANDL expired on
    // 2025-04-18). Columns: people, share at target, mean level, not assessed.
    // - LIFECARE (6 with a target, all in SOC): then nobody assessed; now 10001 2/2, 10023 3/2
    //   at target, 10024 1/2, 10025 2/3, 10030 none, 10031 2/3: 2/6, mean 10/6.
    // - O365: then 8 incl. 10041, nobody assessed; now 7: 10001 2/3, 10023 1/1, 10024 none,
    //   10025 2/1, 10030 none, 10031 none, 10040 3/2: 3/7, mean 8/7, 3 not assessed.
    // - PMO: then 10040 none and 10041 4/3: 1/2, mean 2; now 10040 3/3.
    // - TIMECARE: then 10001 3/3 of 5: 1/5, mean 3/5; now 10001 3, 10024 2/1, 10030 4/3 at
    //   target, 10023 and 10025 not assessed: 3/5, mean 9/5.
    check_progress(
        &sample_registry(),
        None,
        1,
        &[
            "both 7 left 1 joined 0",
            "* LIFECARE: 6 0 0 6 | 6 0.333 1.67 1 | 0 0.333 1.67",
            "* O365: 8 0 0 8 | 7 0.429 1.14 3 | -1 0.429 1.14",
            "* PMO: 2 0.5 2 1 | 1 1 3 0 | -1 0.5 1",
            "* TIMECARE: 5 0.2 0.6 4 | 5 0.6 1.8 2 | 0 0.4 1.2",
            "BUF O365: 2 0 0 2 | 1 1 3 0 | -1 1 3",
            "BUF PMO: 2 0.5 2 1 | 1 1 3 0 | -1 0.5 1",
            "BUF-EHT O365: 2 0 0 2 | 1 1 3 0 | -1 1 3",
            "BUF-EHT PMO: 2 0.5 2 1 | 1 1 3 0 | -1 0.5 1",
            "SOC LIFECARE: 6 0 0 6 | 6 0.333 1.67 1 | 0 0.333 1.67",
            "SOC O365: 6 0 0 6 | 6 0.333 0.83 3 | 0 0.333 0.83",
            "SOC TIMECARE: 5 0.2 0.6 4 | 5 0.6 1.8 2 | 0 0.4 1.2",
            "SOC-HT LIFECARE: 4 0 0 4 | 4 0.5 2 0 | 0 0.5 2",
            "SOC-HT O365: 4 0 0 4 | 4 0.5 1.25 1 | 0 0.5 1.25",
            "SOC-HT TIMECARE: 4 0.25 0.75 3 | 4 0.5 1.25 2 | 0 0.25 0.5",
            "SOC-SÄBO LIFECARE: 3 0 0 3 | 3 0 1.33 1 | 0 0 1.33",
            "SOC-SÄBO O365: 3 0 0 3 | 3 0.333 0.67 2 | 0 0.333 0.67",
            "SOC-SÄBO TIMECARE: 2 0 0 2 | 2 0.5 2 1 | 0 0.5 2",
        ],
    );
}

#[test]
fn progress_with_the_default_threshold_shows_only_groups_of_five() {
    // Everyone-rows and SOC have 5 or more people; a change from or to a withheld figure is
    // withheld too, and so is a count of 0 not assessed among 1 to 4 people (it would say
    // that each of them is assessed). The one leaver is withheld. A share whose count of
    // people at target is 1 to 4 (2 of 6, 3 of 7, 1 of 5, 3 of 5) is withheld even over a group
    // of 5 or more, since the share gives the count back; a share of 0 is shown.
    check_progress(
        &sample_registry(),
        None,
        5,
        &[
            "both 7 left <5 joined 0",
            "* LIFECARE: 6 0 0 6 | 6 <5 1.67 <5 | 0 <5 1.67",
            "* O365: 8 0 0 8 | 7 <5 1.14 <5 | -1 <5 1.14",
            "* PMO: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
            "* TIMECARE: 5 <5 0.6 <5 | 5 <5 1.8 <5 | 0 <5 1.2",
            "BUF O365: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
            "BUF PMO: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
            "BUF-EHT O365: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
            "BUF-EHT PMO: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
            "SOC LIFECARE: 6 0 0 6 | 6 <5 1.67 <5 | 0 <5 1.67",
            "SOC O365: 6 0 0 6 | 6 <5 0.83 <5 | 0 <5 0.83",
            "SOC TIMECARE: 5 <5 0.6 <5 | 5 <5 1.8 <5 | 0 <5 1.2",
            "SOC-HT LIFECARE: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
            "SOC-HT O365: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
            "SOC-HT TIMECARE: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
            "SOC-SÄBO LIFECARE: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
            "SOC-SÄBO O365: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
            "SOC-SÄBO TIMECARE: <5 <5 <5 <5 | <5 <5 <5 <5 | <5 <5 <5",
        ],
    );
    // With groups of 3, the 3 of 7 and 3 of 5 at target show; the 2 of 6 and 1 of 5 do not.
    let progress = sample_registry()
        .progress(d("2026-01-01"), d("2026-11-20"), None, 3)
        .unwrap();
    let lines = progress_lines(&progress);
    assert_eq!(lines[1], "* LIFECARE: 6 0 0 6 | 6 <3 1.67 <3 | 0 <3 1.67");
    assert_eq!(lines[2], "* O365: 8 0 0 8 | 7 0.429 1.14 3 | -1 0.429 1.14");
    assert_eq!(lines[4], "* TIMECARE: 5 <3 0.6 4 | 5 0.6 1.8 <3 | 0 <3 1.2");
}

#[test]
fn progress_counts_a_joiner_and_a_leaver_on_their_own_days() {
    // 10050 joins SOC-HT (USK) on 2026-08-01 with a self-assessed LIFECARE 2: in the second
    // day's figures only. 10041 left on 2026-06-30: in the first day's only.
    // - LIFECARE now 7: 10001, 10023, 10050 at target: 3/7, mean 12/7.
    // - O365 now 8 (10050 not assessed): 3/8, mean 8/8, 4 not assessed.
    // - TIMECARE now 6: 3/6, mean 9/6.
    // - SOC-HT LIFECARE now 5: 10001, 10023, 10050 at target: 3/5, mean 10/5.
    check_progress(
        &with_joiner(),
        Some("SOC-HT"),
        1,
        &[
            "both 4 left 0 joined 1",
            "* LIFECARE: 4 0 0 4 | 5 0.6 2 0 | 1 0.6 2",
            "* O365: 4 0 0 4 | 5 0.4 1 2 | 1 0.4 1",
            "* TIMECARE: 4 0.25 0.75 3 | 5 0.4 1 3 | 1 0.15 0.25",
            "SOC-HT LIFECARE: 4 0 0 4 | 5 0.6 2 0 | 1 0.6 2",
            "SOC-HT O365: 4 0 0 4 | 5 0.4 1 2 | 1 0.4 1",
            "SOC-HT TIMECARE: 4 0.25 0.75 3 | 5 0.4 1 3 | 1 0.15 0.25",
        ],
    );
    let progress = with_joiner()
        .progress(d("2026-01-01"), d("2026-11-20"), None, 1)
        .unwrap();
    let lines = progress_lines(&progress);
    assert_eq!(lines[0], "both 7 left 1 joined 1");
    assert_eq!(
        lines[1],
        "* LIFECARE: 6 0 0 6 | 7 0.429 1.71 1 | 1 0.429 1.71"
    );
    assert_eq!(lines[2], "* O365: 8 0 0 8 | 8 0.375 1 4 | 0 0.375 1");
    assert_eq!(
        lines[4],
        "* TIMECARE: 5 0.2 0.6 4 | 6 0.5 1.5 3 | 1 0.3 0.9"
    );
    assert!(
        progress
            .people
            .handling
            .starts_with("each day counts its own active people"),
        "{}",
        progress.people.handling
    );
}
