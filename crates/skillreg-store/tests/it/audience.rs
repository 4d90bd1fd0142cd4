//! Rule 6 with courses made for occupational groups, on the sample (WLX 1.3): TC-PERS is made
//! for USK and SSK (grants TIMECARE 1), TC-CHEF for unit managers, ECH (grants 3); at Solgården
//! (SOC-SÄBO) USK must reach TIMECARE 2.

use chrono::NaiveDate;
use skillreg_core::{Catalog, Course, Level, SourceCatalog, System};
use skillreg_store::{Actor, BriefConfig, DemandFilter, Error, Registry};
use skillreg_testkit::sample_registry;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

/// (recommended courses, no course for the group) of `employee`'s standing in `system`.
fn timecare(registry: &Registry, employee: &str) -> (Vec<String>, bool, u8) {
    let brief = registry.brief(employee, &BriefConfig::new(day())).unwrap();
    let s = brief
        .systems
        .iter()
        .find(|s| s.standing.system == "TIMECARE")
        .map(|s| s.standing.clone())
        .unwrap_or_else(|| panic!("{employee} has no TIMECARE row"));
    (s.recommended_courses, s.no_course_for_group, s.gap)
}

#[test]
fn a_course_made_for_another_group_is_never_recommended() {
    let registry = sample_registry();
    // Anna (USK, Hemtjänst Centrum): target 1, not assessed: TC-PERS, never TC-CHEF.
    assert_eq!(
        timecare(&registry, "10023"),
        (vec!["TC-PERS".into()], false, 1)
    );
    // Sofia (USK at Solgården): target 2. TC-CHEF would reach it but is made for ECH; TC-PERS,
    // the only course made for USK, grants 1: recommended, and no course for her group.
    assert_eq!(
        timecare(&registry, "10025"),
        (vec!["TC-PERS".into()], true, 2)
    );
    // The brief's JSON says so on that system's row.
    let brief = registry.brief("10025", &BriefConfig::new(day())).unwrap();
    let json = serde_json::to_value(&brief).unwrap();
    let row = json["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["system"] == "TIMECARE")
        .unwrap();
    assert_eq!(row["no_course_for_group"], true);
}

#[test]
fn training_demand_lists_the_courses_to_make_per_group() {
    let registry = sample_registry();
    let demand = registry.demand(&DemandFilter::default(), day(), 1).unwrap();
    let missing: Vec<(String, String, u8, Option<u64>)> = demand
        .missing_courses
        .iter()
        .map(|m| {
            (
                m.occupation.clone(),
                m.system.clone(),
                m.level.number(),
                m.n_people.value,
            )
        })
        .collect();
    // Sofia (USK at Solgården) needs TIMECARE 2 and only TC-CHEF, made for ECH, reaches it;
    // both unit managers need O365 3, which no course reaches at all.
    let row = |o: &str, s: &str, l: u8, n: u64| (o.to_string(), s.to_string(), l, Some(n));
    assert_eq!(
        missing,
        [row("ECH", "O365", 3, 2), row("USK", "TIMECARE", 2, 1)]
    );
    // Suppressed like every count.
    let suppressed = registry.demand(&DemandFilter::default(), day(), 5).unwrap();
    assert!(
        suppressed
            .missing_courses
            .iter()
            .all(|m| m.n_people.value.is_none())
    );
}

#[test]
fn an_audience_naming_an_unknown_occupation_is_refused_and_changes_nothing() {
    let mut registry = Registry::open_in_memory(Actor::Hr).unwrap();
    let catalog = Catalog {
        systems: vec![System {
            code: "TIMECARE".into(),
            name: "Timecare".into(),
            vendor: None,
            level_descriptions: Default::default(),
        }],
        courses: vec![Course {
            code: "TC-X".into(),
            name: "Timecare".into(),
            system: "TIMECARE".into(),
            grants: Level::Basic,
            valid_months: None,
            audience: vec!["NOPE".into()],
        }],
        ..Catalog::default()
    };
    let err = registry
        .apply_catalog(
            &SourceCatalog {
                catalog,
                ..Default::default()
            },
            "catalog.toml",
        )
        .unwrap_err();
    match &err {
        Error::Refused { problems, .. } => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].value.as_deref(), Some("NOPE"));
            assert!(
                problems[0]
                    .message
                    .contains("course TC-X is made for an unknown occupation")
            );
        }
        other => panic!("{other}"),
    }
    assert!(registry.catalog().unwrap().courses.is_empty());
}
