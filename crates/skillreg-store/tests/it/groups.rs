//! Target groups in the store, on the sample organisation (fixtures/winlas/sample-export.xml):
//! the groups report, the reports' group filter, rounds opened for a group, and groups kept
//! across HR exports.

use chrono::NaiveDate;
use skillreg_core::{Catalog, Group, SourceCatalog};
use skillreg_store::{
    Actor, Cell, DemandFilter, Error, Registry, ReportFilter, RoundFilter, RoundSpec,
};
use skillreg_testkit::{sample_registry, sample_registry_as};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn group(code: &str, phase: u32, occupations: &[&str], units: &[&str]) -> Group {
    Group {
        code: code.into(),
        name: format!("Grupp {code}"),
        occupations: occupations.iter().map(|o| o.to_string()).collect(),
        units: units.iter().map(|u| u.to_string()).collect(),
        phase,
    }
}

fn apply(registry: &mut Registry, groups: Vec<Group>) {
    let catalog = Catalog {
        groups,
        ..Catalog::default()
    };
    registry
        .apply_catalog(
            &SourceCatalog {
                catalog,
                ..Default::default()
            },
            "groups.toml",
        )
        .unwrap();
}

fn shown<T: Copy>(cell: &Cell<T>) -> Option<T> {
    assert!(!cell.suppressed);
    cell.value
}

#[test]
fn groups_come_by_phase_then_code_with_their_people() {
    let mut registry = sample_registry();
    apply(
        &mut registry,
        vec![
            group("A-SIST", 3, &["SKSK"], &[]),
            group("Z-FÖRST", 1, &["USK"], &["SOC-HT"]),
            group("CHEFER", 2, &["ECH"], &[]),
            group("B-FÖRST", 1, &["SSK"], &[]),
        ],
    );
    let report = registry.groups(day("2026-11-20"), 1).unwrap();
    let rows: Vec<(&str, u32, Option<u64>)> = report
        .groups
        .iter()
        .map(|g| (g.code.as_str(), g.phase, shown(&g.n_people)))
        .collect();
    assert_eq!(
        rows,
        [
            ("B-FÖRST", 1, Some(1)),
            // 10023, 10024 and Sofia (10025) through her second employment, in SOC-HT.
            ("Z-FÖRST", 1, Some(3)),
            ("CHEFER", 2, Some(2)),
            // 10041 left on 2026-06-30.
            ("A-SIST", 3, Some(1)),
        ]
    );
    assert_eq!(report.suppression.n_suppressed, 0);
    // On 2026-06-01 both school nurses were employed.
    let june = registry.groups(day("2026-06-01"), 1).unwrap();
    assert_eq!(shown(&june.groups[3].n_people), Some(2));
}

#[test]
fn every_figure_of_a_small_group_is_withheld() {
    let mut registry = sample_registry();
    apply(
        &mut registry,
        vec![group("STEG1", 1, &["SSK", "USK"], &["SOC"])],
    );
    let report = registry.groups(day("2026-11-20"), 5).unwrap();
    let g = &report.groups[0];
    for cell in [
        &g.n_people,
        &g.n_with_target,
        &g.n_at_target,
        &g.n_with_gaps,
        &g.n_without_course,
    ] {
        assert!(cell.suppressed && cell.value.is_none());
    }
    assert!(g.share_at_target.suppressed);
    assert_eq!(report.suppression.n_suppressed, 6);
}

#[test]
fn a_group_of_one_occupation_filters_like_the_occupation() {
    let mut registry = sample_registry();
    apply(
        &mut registry,
        vec![
            group("USK", 1, &["USK"], &[]),
            group("ECH-SOC", 1, &["ECH"], &["SOC"]),
            // A unit and one below it: the higher one's figures cover the lower one's people.
            group("NESTED", 1, &["USK"], &["SOC-HT", "SOC"]),
        ],
    );
    let at = day("2026-11-20");
    // Case: (group, the same people named another way).
    let cases = [
        (
            "USK",
            DemandFilter {
                occupation: Some("USK".into()),
                ..DemandFilter::default()
            },
        ),
        (
            "ECH-SOC",
            DemandFilter {
                occupation: Some("ECH".into()),
                unit: Some("SOC".into()),
                ..DemandFilter::default()
            },
        ),
        (
            "NESTED",
            DemandFilter {
                occupation: Some("USK".into()),
                unit: Some("SOC".into()),
                ..DemandFilter::default()
            },
        ),
    ];
    for (code, same) in cases {
        let by_group = DemandFilter {
            group: Some(code.into()),
            ..DemandFilter::default()
        };
        let mut a = registry.demand(&by_group, at, 1).unwrap();
        let b = registry.demand(&same, at, 1).unwrap();
        a.filter = b.filter.clone();
        assert_eq!(a, b, "{code}");
        let mut a = registry
            .progress_of(day("2026-01-01"), at, &by_group, 1)
            .unwrap();
        let b = registry
            .progress_of(day("2026-01-01"), at, &same, 1)
            .unwrap();
        assert_eq!(a.group.as_deref(), Some(code));
        (a.unit, a.occupation, a.group) = (b.unit.clone(), b.occupation.clone(), None);
        assert_eq!(a, b, "{code}");
    }
    // The old call is the filter with a unit only.
    let old = registry
        .progress(day("2026-01-01"), at, Some("SOC-HT"), 1)
        .unwrap();
    let filter = ReportFilter {
        unit: Some("SOC-HT".into()),
        ..ReportFilter::default()
    };
    let new = registry
        .progress_of(day("2026-01-01"), at, &filter, 1)
        .unwrap();
    assert_eq!(old, new);
    let unknown = DemandFilter {
        group: Some("NOPE".into()),
        ..DemandFilter::default()
    };
    assert!(matches!(
        registry.demand(&unknown, at, 1),
        Err(Error::UnknownGroup(g)) if g == "NOPE"
    ));
}

#[test]
fn group_rounds_open_together_or_not_at_all() {
    let mut registry = sample_registry();
    apply(
        &mut registry,
        vec![
            // School nurses work in BUF only: no round for them in SOC.
            group("STEG1", 1, &["USK", "SKSK"], &["SOC"]),
            group("TOM", 2, &["SKSK"], &["SOC"]),
        ],
    );
    let (opens, closes) = (day("2026-11-20"), day("2026-12-11"));
    let rounds = registry
        .open_group_rounds("STEG1", opens, closes, "hr")
        .unwrap();
    let got: Vec<(i64, &str, Option<&str>, u64)> = rounds
        .iter()
        .map(|r| (r.id, r.occupation.as_str(), r.group.as_deref(), r.n_people))
        .collect();
    assert_eq!(got, [(1, "USK", Some("STEG1"), 3)]);
    // Nobody in the group: refused, nothing written.
    assert!(matches!(
        registry.open_group_rounds("TOM", opens, closes, "hr"),
        Err(Error::Invalid(m)) if m.contains("nobody in target group \"TOM\"")
    ));
    assert!(matches!(
        registry.open_group_rounds("STEG1", closes, opens, "hr"),
        Err(Error::Invalid(m)) if m.contains("closes on 2026-11-20 before it opens")
    ));
    assert!(matches!(
        registry.open_group_rounds("NOPE", opens, closes, "hr"),
        Err(Error::UnknownGroup(_))
    ));
    assert_eq!(registry.rounds().unwrap().len(), 1);

    // A round opened for the occupation alone is not the group's.
    let spec = RoundSpec {
        occupation: "USK".into(),
        unit: None,
        opens: day("2026-11-21"),
        closes,
    };
    let alone = registry.open_round(&spec, "hr").unwrap();
    assert_eq!(alone.group, None);
    let by_group = RoundFilter {
        group: Some("STEG1".into()),
        occupation: None,
    };
    let statuses = registry
        .round_statuses(&by_group, day("2026-11-22"))
        .unwrap();
    assert_eq!(statuses.len(), 1);
    assert_eq!(statuses[0].round.id, 1);
    // The occupation's latest round is the one opened alone.
    let by_occupation = RoundFilter {
        group: None,
        occupation: Some("USK".into()),
    };
    let statuses = registry
        .round_statuses(&by_occupation, day("2026-11-22"))
        .unwrap();
    assert_eq!(statuses[0].round.id, alone.id);
    let none = RoundFilter {
        group: Some("STEG1".into()),
        occupation: Some("SKSK".into()),
    };
    assert!(matches!(
        registry.round_statuses(&none, day("2026-11-22")),
        Err(Error::Invalid(m)) if m.contains("for occupation \"SKSK\" of target group \"STEG1\"")
    ));
    let report = registry.groups(day("2026-11-22"), 1).unwrap();
    let latest = report.groups[0].latest_round.as_ref().unwrap();
    assert_eq!(latest.rounds, [1]);
    assert_eq!(shown(&latest.n_asked), Some(3));
    assert_eq!(shown(&latest.n_answered), Some(0));
    assert_eq!(shown(&latest.rate), Some(0.0));
}

#[test]
fn only_hr_opens_for_groups_and_an_employee_reads_no_groups() {
    let mut registry = sample_registry_as(Actor::Manager("10001".into()));
    let at = day("2026-11-20");
    // A manager reads the groups over their own people (steering.rs), opens nothing.
    assert!(registry.groups(at, 5).is_ok());
    assert!(matches!(
        registry.open_group_rounds("STEG1", at, at, "10001"),
        Err(Error::AccessDenied { .. })
    ));
    let registry = registry.with_actor(Actor::Employee("10023".into()));
    assert!(matches!(
        registry.groups(at, 5),
        Err(Error::AccessDenied { .. })
    ));
    assert!(matches!(
        registry.round_statuses(&RoundFilter::default(), at),
        Err(Error::AccessDenied { .. })
    ));
}
