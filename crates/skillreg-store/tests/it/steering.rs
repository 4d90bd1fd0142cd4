//! Who may read what, as one table: every view of the registry (the aggregates and the reads of
//! one person) against every kind of actor, on the sample organisation
//! (fixtures/winlas/sample-export.xml) on 2026-11-20.
//!
//! The sample, by hand: 7 people are active. 10001 (unit manager, SOC-HT) manages 10023 and
//! 10024 (SOC-HT) and 10025 through her secondary employment in SOC-HT; 10030 (unit manager,
//! SOC-SÄBO) manages 10025 (primary employment) and 10031; 10040 is alone in BUF-EHT; 10041
//! left on 2026-06-30. SOC holds 6 active people, SOC-HT 4 (10025's secondary employment
//! included), BUF 1.
//!
//! So a manager's aggregates cover 4 people (10001) and 3 (10030); a viewer of SOC sees
//! figures over 6 people, a viewer of SOC-HT or BUF only withheld ones (`<5`), and no viewer
//! sees anything about one person.

use chrono::NaiveDate;
use skillreg_core::{Catalog, Group, SourceCatalog};
use skillreg_store::{
    Actor, AuditFilter, BriefConfig, By, Cell, DemandFilter, Error, Registry, ReportFilter,
    RoundSpec, Scope, UnitScope, UnitShape,
};
use skillreg_testkit::sample_registry;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const ACTORS: [&str; 8] = [
    "hr",
    "manager:10001",
    "manager:10030",
    "employee:10023",
    "viewer:SOC",
    "viewer:SOC-HT",
    "viewer:BUF",
    "sync:wlx",
];

/// The sample with a target group of everyone in care (USK, SSK, ECH) and a self-assessment
/// round for the assistant nurses (USK), asked by `actor`.
fn registry_as(actor: &str) -> Registry {
    let mut registry = sample_registry();
    let group = Group {
        code: "STEG1".into(),
        name: "Vården".into(),
        occupations: vec!["USK".into(), "SSK".into(), "ECH".into()],
        units: vec![],
        phase: 1,
    };
    let catalog = Catalog {
        groups: vec![group],
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
    let spec = RoundSpec {
        occupation: "USK".into(),
        unit: None,
        opens: day("2026-11-20"),
        closes: day("2026-12-11"),
    };
    registry.open_round(&spec, "hr").unwrap();
    registry
        .with_actor(actor.parse().unwrap())
        .with_today(day("2026-11-20"))
}

/// The smallest group each actor asks for: everyone's figures for HR and managers (they may
/// read each of their people already), the default for viewers.
fn min_group(actor: &str) -> u32 {
    if actor.starts_with("viewer:") { 5 } else { 1 }
}

fn cell(c: &Cell<u64>) -> String {
    match (c.value, c.suppressed) {
        (_, true) => "<5".into(),
        (Some(v), false) => v.to_string(),
        (None, false) => "–".into(),
    }
}

/// What a call gave, in a word: `denied`, or the figure the row checks.
fn outcome<T>(result: Result<T, Error>, figure: impl FnOnce(T) -> String) -> String {
    match result {
        Ok(value) => figure(value),
        Err(Error::AccessDenied { .. }) => "denied".into(),
        Err(e) => format!("error: {e}"),
    }
}

fn demand(filter: DemandFilter) -> impl Fn(&Registry, u32) -> String {
    move |r, min| {
        outcome(r.demand(&filter, day("2026-11-20"), min), |d| {
            cell(&d.n_people)
        })
    }
}

fn filter(unit: Option<&str>, manager: Option<&str>) -> DemandFilter {
    DemandFilter {
        unit: unit.map(str::to_string),
        manager: manager.map(str::to_string),
        ..DemandFilter::default()
    }
}

fn unit_view(scope: UnitScope) -> impl Fn(&Registry, u32) -> String {
    move |r, min| {
        outcome(
            r.unit_view(scope.clone(), day("2026-11-20"), 50, min),
            |v| {
                let shape = match v.shape {
                    UnitShape::People => "people",
                    UnitShape::Occupations => "occupations",
                };
                format!("{shape} {}", v.n_people)
            },
        )
    }
}

fn ok<T>(result: Result<T, Error>) -> String {
    outcome(result, |_| "read".into())
}

/// A view read with a minimum group size, as the text the table compares.
type ReadView = Box<dyn Fn(&Registry, u32) -> String>;

#[test]
fn every_view_against_every_actor() {
    #[rustfmt::skip]
    let table: Vec<(&str, ReadView, [&str; 8])> = vec![
        //                                                      hr     m10001  m10030  e10023  vSOC  vSOC-HT vBUF  sync
        ("demand", Box::new(demand(filter(None, None))),
            ["7", "4", "3", "denied", "6", "<5", "<5", "denied"]),
        ("demand of unit SOC-HT", Box::new(demand(filter(Some("SOC-HT"), None))),
            ["4", "4", "denied", "denied", "<5", "<5", "denied", "denied"]),
        ("demand of unit SOC (above both managers)", Box::new(demand(filter(Some("SOC"), None))),
            ["6", "denied", "denied", "denied", "6", "denied", "denied", "denied"]),
        ("demand of manager 10030's people", Box::new(demand(filter(None, Some("10030")))),
            ["3", "denied", "3", "denied", "denied", "denied", "denied", "denied"]),
        ("demand, groups of one shown", Box::new(|r: &Registry, _| demand(filter(None, None))(r, 1)),
            ["7", "4", "3", "denied", "denied", "denied", "denied", "denied"]),
        ("progress", Box::new(|r: &Registry, min| {
            let filter = ReportFilter::default();
            outcome(r.progress_of(day("2026-01-01"), day("2026-11-20"), &filter, min), |p| {
                format!("{} both, {} left", cell(&p.people.n_both), cell(&p.people.n_left))
            })
        }),
            ["7 both, 1 left", "4 both, 0 left", "3 both, 0 left", "denied",
             "6 both, 0 left", "<5 both, 0 left", "<5 both, <5 left", "denied"]),
        ("progress by gender", Box::new(|r: &Registry, _| {
            let filter = ReportFilter { by: Some(By::Gender), ..ReportFilter::default() };
            ok(r.progress_of(day("2026-01-01"), day("2026-11-20"), &filter, 5))
        }),
            ["read", "read", "read", "denied", "read", "read", "read", "denied"]),
        ("progress by gender, groups of one shown", Box::new(|r: &Registry, _| {
            let filter = ReportFilter { by: Some(By::Gender), ..ReportFilter::default() };
            ok(r.progress_of(day("2026-01-01"), day("2026-11-20"), &filter, 1))
        }),
            ["read", "denied", "denied", "denied", "denied", "denied", "denied", "denied"]),
        ("unit view of everyone", Box::new(unit_view(UnitScope::Everyone)),
            ["people 7", "people 4", "people 3", "denied",
             "occupations 6", "occupations 4", "occupations 1", "denied"]),
        ("unit view of SOC-HT", Box::new(unit_view(UnitScope::Unit("SOC-HT".into()))),
            ["people 4", "people 4", "denied", "denied",
             "occupations 4", "occupations 4", "denied", "denied"]),
        ("unit view of manager 10001's people", Box::new(unit_view(UnitScope::Manager("10001".into()))),
            ["people 4", "people 4", "denied", "denied", "denied", "denied", "denied", "denied"]),
        ("target groups", Box::new(|r: &Registry, min| {
            outcome(r.groups(day("2026-11-20"), min), |g| cell(&g.groups[0].n_people))
        }),
            ["6", "4", "3", "denied", "6", "<5", "0", "denied"]),
        ("round status", Box::new(|r: &Registry, _| {
            outcome(r.round_status(1, day("2026-11-21")), |s| {
                let asked = match s.total.withheld {
                    true => "withheld".to_string(),
                    false => format!("{} asked", s.total.n_asked),
                };
                format!("{asked}, {} named", s.unanswered.len())
            })
        }),
            ["3 asked, 3 named", "3 asked, 3 named", "1 asked, 1 named", "denied",
             "withheld, 0 named", "withheld, 0 named", "0 asked, 0 named", "denied"]),
        ("talk coverage", Box::new(|r: &Registry, min| {
            outcome(r.talk_coverage(day("2026-11-20"), 12, min), |c| cell(&c.units[0].n_people))
        }),
            ["7", "3", "3", "denied", "6", "<5", "<5", "denied"]),
        ("brief of 10023", Box::new(|r: &Registry, _| ok(r.brief("10023", &BriefConfig::new(day("2026-11-20"))))),
            ["read", "read", "denied", "read", "denied", "denied", "denied", "denied"]),
        ("history of 10023", Box::new(|r: &Registry, _| ok(r.history("10023"))),
            ["read", "read", "denied", "read", "denied", "denied", "denied", "denied"]),
        ("talks of 10023", Box::new(|r: &Registry, _| ok(r.talks("10023"))),
            ["read", "read", "denied", "read", "denied", "denied", "denied", "denied"]),
        ("team of 10001", Box::new(|r: &Registry, _| {
            let scope = Scope::Manager { manager: "10001".into(), indirect: false };
            ok(r.team(&scope, day("2026-11-20")))
        }),
            ["read", "read", "denied", "denied", "denied", "denied", "denied", "denied"]),
        ("gaps of unit BUF-EHT (one person)", Box::new(|r: &Registry, _| {
            ok(r.gaps(&Scope::Unit("BUF-EHT".into()), day("2026-11-20")))
        }),
            ["read", "denied", "denied", "denied", "denied", "denied", "denied", "denied"]),
        ("round forms", Box::new(|r: &Registry, _| ok(r.round_forms(1, day("2026-11-20")))),
            ["read", "denied", "denied", "denied", "denied", "denied", "denied", "denied"]),
        ("subject export of 10023", Box::new(|r: &Registry, _| ok(r.subject_export("10023", day("2026-11-20")))),
            ["read", "denied", "denied", "read", "denied", "denied", "denied", "denied"]),
    ];
    let registries: Vec<Registry> = ACTORS.iter().map(|a| registry_as(a)).collect();
    let mut wrong = Vec::new();
    for (view, call, expected) in &table {
        for ((actor, registry), want) in ACTORS.iter().zip(&registries).zip(expected) {
            let got = call(registry, min_group(actor));
            if got != *want {
                wrong.push(format!("{view} as {actor}: got {got:?}, want {want:?}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_viewer_is_told_why_and_nothing_is_logged_for_a_refusal() {
    let registry = registry_as("viewer:SOC-HT");
    let refused = registry
        .demand(&filter(Some("SOC"), None), day("2026-11-20"), 5)
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "viewer:SOC-HT may not read the training demand for unit SOC: only HR, viewers of that \
         unit or a unit above it, and managers of everyone in it may"
    );
    let one = registry
        .unit_view("SOC-HT", day("2026-11-20"), 50, 1)
        .unwrap_err();
    assert!(one.to_string().contains("groups of fewer than 5"), "{one}");
    let view = registry
        .unit_view(UnitScope::Everyone, day("2026-11-20"), 50, 5)
        .unwrap();
    // Asked for the whole organisation, the viewer gets their unit, by occupation.
    assert_eq!(view.unit.as_deref(), Some("SOC-HT"));
    assert!(view.people.is_empty());
    assert_eq!(
        view.occupations
            .iter()
            .map(|o| o.occupation.as_str())
            .collect::<Vec<_>>(),
        ["ECH", "USK"]
    );
    let hr = registry.with_actor(Actor::Hr);
    let trail = hr.audit(&AuditFilter::default()).unwrap();
    let reads: Vec<_> = trail
        .iter()
        .filter(|e| e.actor == "viewer:SOC-HT")
        .map(|e| (e.action.as_str(), e.detail.as_str(), e.employee_no.clone()))
        .collect();
    assert_eq!(
        reads,
        [("read unit view", "unit SOC-HT as of 2026-11-20", None)],
        "one row for the one read that went through"
    );
}

#[test]
fn a_manager_s_aggregates_count_only_the_employments_under_them() {
    // 10025 works in SOC-SÄBO under 10030 and in SOC-HT under 10001: in 10001's figures she
    // counts in SOC-HT only, in 10030's in SOC-SÄBO only.
    let progress = |actor: &str| {
        let registry = registry_as(actor);
        let p = registry
            .progress_of(
                day("2026-01-01"),
                day("2026-11-20"),
                &ReportFilter::default(),
                1,
            )
            .unwrap();
        let mut units: Vec<String> = p.rows.iter().filter_map(|r| r.unit.clone()).collect();
        units.dedup();
        (p.manager, units)
    };
    assert_eq!(
        progress("manager:10001"),
        (Some("10001".into()), vec!["SOC".into(), "SOC-HT".into()])
    );
    assert_eq!(
        progress("manager:10030"),
        (Some("10030".into()), vec!["SOC".into(), "SOC-SÄBO".into()])
    );
    // The people of a manager below them: 10001 manages nobody who manages, so asking for
    // 10023's people gives 10023 alone; asking for 10030's is refused.
    let registry = registry_as("manager:10001");
    let own = registry
        .demand(&filter(None, Some("10023")), day("2026-11-20"), 1)
        .unwrap();
    assert_eq!(own.n_people.value, Some(1));
    assert_eq!(own.filter.manager.as_deref(), Some("10023"));
}
