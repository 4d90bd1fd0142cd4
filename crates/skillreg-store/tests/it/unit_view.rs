//! The unit view (`Registry::unit_view`) of SOC on the sample organisation
//! (`fixtures/winlas/sample-export.xml`) as of 2026-11-20, with the expected figures worked out
//! by hand from the fixture and the rules of docs/src/rules.md.
//!
//! SOC (with SOC-HT and SOC-SÄBO) has 6 active people; BUF's two are outside it. Standings
//! (target / current, gap):
//! - 10001 ECH SOC-HT: LIFECARE 2/2 self (0), TIMECARE 3/3 (0), O365 3/2 self (1).
//! - 10023 USK SOC-HT: LIFECARE 2/3 manager (0), TIMECARE 1/- (1), O365 1/1 self (0).
//! - 10024 USK SOC-HT: LIFECARE 2/1 self (1), TIMECARE 1/2 self (0), O365 1/- (1).
//! - 10025 USK SOC-SÄBO and SOC-HT: LIFECARE 3/2 (1, the SOC-SÄBO requirement), TIMECARE 2/- (2,
//!   the SOC-SÄBO requirement),
//!   O365 1/2 (0).
//! - 10030 ECH SOC-SÄBO: LIFECARE 2/- (2), TIMECARE 3/4 self (0), O365 3/- (3).
//! - 10031 SSK SOC-SÄBO: LIFECARE 3/2 (1, LC-HANDL expired), no TIMECARE target, O365 2/- (2).
//!
//! Per system over everyone with a target: LIFECARE 6 people, 2 at target (10001, 10023), levels
//! 2+3+1+2+0+2 = 10 (mean 1.67), gaps 0+0+1+1+2+1 = 5 (0.83); TIMECARE 5, 3 at target, levels
//! 3+0+2+0+4 = 9 (1.8), gaps 1+2 = 3 (0.6); O365 6, 2 at target, levels 2+1+0+2+0+0 = 5 (0.83),
//! gaps 1+0+1+0+3+2 = 7 (1.17).
//!
//! Suppression is the one rule of every aggregate (`Suppressor`): with groups of 5 the people
//! with a target (5 or 6) are shown, but the people at target among them (2, 2, 3) are counts of
//! fewer than 5 and are withheld.

use chrono::NaiveDate;
use skillreg_store::{Cell, Error, SystemFigures, UnitScope, UnitShape, UnitView};
use skillreg_testkit::{d, sample_registry};

fn day() -> NaiveDate {
    d("2026-11-20")
}

fn shown<T>(value: T) -> Cell<T> {
    Cell {
        value: Some(value),
        suppressed: false,
    }
}

fn withheld<T>() -> Cell<T> {
    Cell {
        value: None,
        suppressed: true,
    }
}

fn figures(system: &str, n: u64, at: u64, level: Option<f64>, gap: Option<f64>) -> SystemFigures {
    SystemFigures {
        system: system.into(),
        n_with_target: shown(n),
        n_at_target: shown(at),
        mean_level: Cell {
            value: level,
            suppressed: false,
        },
        mean_gap: Cell {
            value: gap,
            suppressed: false,
        },
    }
}

fn totals() -> Vec<SystemFigures> {
    vec![
        figures("LIFECARE", 6, 2, Some(1.67), Some(0.83)),
        figures("O365", 6, 2, Some(0.83), Some(1.17)),
        figures("TIMECARE", 5, 3, Some(1.8), Some(0.6)),
    ]
}

/// [`totals`] with the people at target withheld, as groups of 5 leave them.
fn totals_of_five() -> Vec<SystemFigures> {
    totals()
        .into_iter()
        .map(|f| SystemFigures {
            n_at_target: withheld(),
            ..f
        })
        .collect()
}

fn view(max_people: usize, min_group: u32) -> UnitView {
    sample_registry()
        .unit_view("SOC", day(), max_people, min_group)
        .unwrap()
}

#[test]
fn people_shape_names_everyone_in_the_unit_and_below_it() {
    for min_group in [1, 5] {
        let v = view(50, min_group);
        assert_eq!(v.shape, UnitShape::People);
        assert_eq!(
            (v.unit.as_deref(), v.unit_name.as_deref()),
            (Some("SOC"), Some("Socialförvaltningen"))
        );
        assert_eq!(v.n_people, 6);
        // The registry keeps the catalog by code.
        assert_eq!(v.systems, ["LIFECARE", "O365", "TIMECARE"]);
        let nos: Vec<&str> = v.people.iter().map(|p| p.employee_no.as_str()).collect();
        assert_eq!(nos, ["10001", "10023", "10024", "10025", "10030", "10031"]);
        assert!(v.occupations.is_empty());
        let sofia = &v.people[3];
        assert_eq!(sofia.name, "Sofia Öhman & Berg");
        assert_eq!(sofia.occupations, ["USK"]);
        let gaps: Vec<(&str, u8)> = sofia
            .systems
            .iter()
            .map(|s| (s.system.as_str(), s.gap))
            .collect();
        assert_eq!(gaps, [("LIFECARE", 1), ("O365", 0), ("TIMECARE", 2)]);
        // Every total is over 5 or 6 people, but with groups of 5 the 2, 2 and 3 at target are
        // withheld.
        if min_group == 1 {
            assert_eq!(v.totals, totals());
            assert_eq!(v.suppression.n_suppressed, 0);
        } else {
            assert_eq!(v.totals, totals_of_five());
            assert_eq!(v.suppression.n_suppressed, 3);
        }
        assert_eq!(v.suppression.min_group, min_group);
    }
}

#[test]
fn occupations_shape_with_groups_of_one_shows_every_figure() {
    let v = view(1, 1);
    assert_eq!(v.shape, UnitShape::Occupations);
    assert!(v.people.is_empty());
    assert_eq!(v.n_people, 6);
    let occ: Vec<(&str, Cell<u64>)> = v
        .occupations
        .iter()
        .map(|o| (o.occupation.as_str(), o.n_people))
        .collect();
    assert_eq!(
        occ,
        [("ECH", shown(2)), ("SSK", shown(1)), ("USK", shown(3))]
    );
    // ECH (10001, 10030): LIFECARE levels 2+0, gaps 0+2; TIMECARE 3+4, gaps 0; O365 2+0,
    // gaps 1+3.
    assert_eq!(
        v.occupations[0].systems,
        [
            figures("LIFECARE", 2, 1, Some(1.0), Some(1.0)),
            figures("O365", 2, 0, Some(1.0), Some(2.0)),
            figures("TIMECARE", 2, 2, Some(3.5), Some(0.0)),
        ]
    );
    // SSK (10031): no TIMECARE target, so nobody and no means.
    assert_eq!(
        v.occupations[1].systems,
        [
            figures("LIFECARE", 1, 0, Some(2.0), Some(1.0)),
            figures("O365", 1, 0, Some(0.0), Some(2.0)),
            figures("TIMECARE", 0, 0, None, None),
        ]
    );
    // USK (10023, 10024, 10025): LIFECARE 3+1+2 = 6, gaps 0+1+1; TIMECARE 0+2+0, gaps 1+0+2;
    // O365 1+0+2, gaps 0+1+0.
    assert_eq!(
        v.occupations[2].systems,
        [
            figures("LIFECARE", 3, 1, Some(2.0), Some(0.67)),
            figures("O365", 3, 2, Some(1.0), Some(0.33)),
            figures("TIMECARE", 3, 1, Some(0.67), Some(1.0)),
        ]
    );
    assert_eq!(v.totals, totals());
    assert_eq!(v.suppression.n_suppressed, 0);
}

#[test]
fn occupations_shape_with_groups_of_five_withholds_every_occupation() {
    let v = view(1, 5);
    assert_eq!(v.shape, UnitShape::Occupations);
    // Every occupation has 1 to 3 people: its count is withheld, and so are the four figures of
    // each system where 1 to 4 of them have a target. SSK has no TIMECARE target: 0 people,
    // shown. ECH 1 + 3*4, SSK 1 + 2*4, USK 1 + 3*4 = 35 withheld, and the 3 counts at target
    // under the matrix: 38.
    for o in &v.occupations {
        assert_eq!(o.n_people, withheld());
    }
    let ssk = &v.occupations[1];
    assert_eq!(ssk.systems[0].n_with_target, withheld());
    assert_eq!(ssk.systems[0].mean_level, withheld());
    assert_eq!(ssk.systems[2], figures("TIMECARE", 0, 0, None, None));
    assert_eq!(v.totals, totals_of_five());
    assert_eq!(v.suppression.n_suppressed, 38);
}

#[test]
fn a_smaller_unit_and_an_unknown_one() {
    let registry = sample_registry();
    // SOC-SÄBO: 10025, 10030, 10031 (Sofia through her SOC-SÄBO employment only).
    let v = registry.unit_view("SOC-SÄBO", day(), 50, 5).unwrap();
    let nos: Vec<&str> = v.people.iter().map(|p| p.employee_no.as_str()).collect();
    assert_eq!(nos, ["10025", "10030", "10031"]);
    // LIFECARE over 3 people: withheld (count and the three figures within it).
    assert_eq!(v.totals[0].n_with_target, withheld());
    assert_eq!(v.totals[0].n_at_target, withheld());
    assert_eq!(v.suppression.n_suppressed, 12);
    assert!(matches!(
        registry.unit_view("NOPE", day(), 50, 5),
        Err(Error::UnknownUnit(u)) if u == "NOPE"
    ));
}

#[test]
fn everyone_in_the_organisation_across_its_root_units() {
    // SOC's 6 and BUF's 10040 (SKSK, BUF-EHT: O365 3/2, PMO 3/3); 10041 has left. Over SOC's
    // figures: O365 7 people, 3 at target (10023, 10025, 10040), levels 5+3 = 8 (1.14), gaps
    // 7+0 = 7 (1.0); PMO 1 person at target, level 3.
    let registry = sample_registry();
    let v = registry
        .unit_view(UnitScope::Everyone, day(), 50, 1)
        .unwrap();
    assert_eq!((v.unit.as_deref(), v.unit_name.as_deref()), (None, None));
    assert_eq!(v.shape, UnitShape::People);
    assert_eq!(v.n_people, 7);
    let nos: Vec<&str> = v.people.iter().map(|p| p.employee_no.as_str()).collect();
    assert_eq!(
        nos,
        [
            "10001", "10023", "10024", "10025", "10030", "10031", "10040"
        ]
    );
    assert_eq!(v.systems, ["LIFECARE", "O365", "PMO", "TIMECARE"]);
    let everyone = vec![
        figures("LIFECARE", 6, 2, Some(1.67), Some(0.83)),
        figures("O365", 7, 3, Some(1.14), Some(1.0)),
        figures("PMO", 1, 1, Some(3.0), Some(0.0)),
        figures("TIMECARE", 5, 3, Some(1.8), Some(0.6)),
    ];
    assert_eq!(v.totals, everyone);

    // As occupations with groups of 5: every occupation has 1 to 3 people, so only the totals
    // over 5 or more people show; of them the counts at target (2, 3, 3) are withheld, and PMO
    // (1 person) is withheld whole.
    let v = registry
        .unit_view(UnitScope::Everyone, day(), 1, 5)
        .unwrap();
    assert_eq!(v.shape, UnitShape::Occupations);
    let occ: Vec<(&str, Cell<u64>)> = v
        .occupations
        .iter()
        .map(|o| (o.occupation.as_str(), o.n_people))
        .collect();
    assert_eq!(
        occ,
        [
            ("ECH", withheld()),
            ("SKSK", withheld()),
            ("SSK", withheld()),
            ("USK", withheld())
        ]
    );
    assert_eq!(v.totals[0].n_with_target, shown(6));
    assert_eq!(v.totals[0].n_at_target, withheld());
    assert_eq!(v.totals[1].n_with_target, shown(7));
    assert_eq!(v.totals[1].mean_level, shown(1.14));
    assert_eq!(v.totals[1].n_at_target, withheld());
    assert_eq!(
        v.totals[2],
        SystemFigures {
            system: "PMO".into(),
            n_with_target: withheld(),
            n_at_target: withheld(),
            mean_level: withheld(),
            mean_gap: withheld(),
        }
    );
    // A unit id and the whole organisation are the same kind of request.
    assert_eq!(
        registry.unit_view("SOC", day(), 50, 5).unwrap(),
        registry
            .unit_view(UnitScope::Unit("SOC".into()), day(), 50, 5)
            .unwrap()
    );
}
