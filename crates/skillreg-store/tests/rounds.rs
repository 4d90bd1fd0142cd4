//! Self-assessment rounds in the library, on the sample organisation.

use std::sync::Arc;

use skillreg_core::{Level, Location};
use skillreg_store::{Assessment, Error, RoundAnswer, RoundSpec};
use skillreg_testkit::{d, sample_registry};

fn spec(occupation: &str, unit: Option<&str>, opens: &str, closes: &str) -> RoundSpec {
    RoundSpec {
        occupation: occupation.into(),
        unit: unit.map(str::to_string),
        opens: d(opens),
        closes: d(closes),
    }
}

fn answer(
    line: u64,
    round: i64,
    employee: &str,
    system: &str,
    level: Option<u8>,
    day: Option<&str>,
) -> RoundAnswer {
    RoundAnswer {
        location: Location {
            file: Some(Arc::from("answers.csv")),
            line: Some(line),
            ..Location::default()
        },
        round,
        employee_no: employee.into(),
        system: system.into(),
        level: level.and_then(Level::new),
        answered: day.map(d),
    }
}

#[test]
fn a_round_within_a_unit_asks_only_that_units_people_about_their_systems() {
    let mut registry = sample_registry();
    let round = registry
        .open_round(
            &spec("USK", Some("SOC-SÄBO"), "2026-11-20", "2026-12-11"),
            "hr",
        )
        .unwrap();
    assert_eq!((round.id, round.n_people), (1, 1));
    assert_eq!(round.unit.as_deref(), Some("SOC-SÄBO"));
    let forms = registry.round_forms(round.id, d("2026-11-20")).unwrap();
    assert_eq!(forms.forms.len(), 1);
    let sofia = &forms.forms[0];
    assert_eq!(
        (sofia.employee_no.as_str(), sofia.unit.as_str()),
        ("10025", "SOC-SÄBO")
    );
    let systems: Vec<&str> = sofia.systems.iter().map(|s| s.system.as_str()).collect();
    assert_eq!(systems, ["LIFECARE", "O365", "TIMECARE"]);
    // Her last self-assessment in O365 (from the export) is on the form.
    assert_eq!(
        sofia.systems[1].last_self,
        Some((Level::Independent, d("2026-09-20")))
    );
    assert_eq!(
        sofia.systems[0].level_descriptions[2].as_deref(),
        Some("Handleder kollegor i dokumentationen")
    );
}

#[test]
fn who_is_asked_is_fixed_when_the_round_opens() {
    let mut registry = sample_registry();
    // Before 10041 left (2026-06-30): both school nurses are asked.
    let round = registry
        .open_round(&spec("SKSK", None, "2026-06-01", "2026-06-20"), "hr")
        .unwrap();
    assert_eq!(round.n_people, 2);
    let status = registry.round_status(round.id, d("2026-11-20")).unwrap();
    // On 20 Nov 10041 has left: not counted, but said.
    assert_eq!(status.n_left, 1);
    assert_eq!(status.total.n_asked, 1);
    assert!(status.closed);
    // 10040 rated herself in the export after the round opened: that is an answer.
    assert_eq!(status.total.n_answered, 1);
    assert!(status.unanswered.is_empty());
}

#[test]
fn answers_are_recorded_all_or_nothing() {
    let mut registry = sample_registry();
    registry
        .open_round(&spec("USK", None, "2026-11-20", "2026-11-30"), "hr")
        .unwrap();
    let today = d("2026-12-02");
    // Twice the same answer, and an answer to another round: refused, nothing written.
    let bad = [
        answer(2, 1, "10023", "O365", Some(2), None),
        answer(3, 1, "10023", "O365", Some(3), None),
        answer(4, 2, "10024", "O365", Some(2), None),
        answer(5, 1, "10024", "O365", Some(2), Some("2026-12-03")),
    ];
    let before = registry.history("10023").unwrap();
    match registry.import_round_answers(&bad, "answers.csv", today, "hr") {
        Err(Error::Refused { problems, .. }) => {
            let lines: Vec<_> = problems.iter().map(|p| p.location.line).collect();
            assert_eq!(lines, [Some(3), Some(4), Some(5)], "{problems:?}");
            assert!(
                problems[0].message.contains("a second answer"),
                "{}",
                problems[0]
            );
            assert!(problems[0].message.contains("answers.csv: line 2"));
            assert!(problems[1].message.contains("import one round at a time"));
            assert!(problems[2].message.contains("after today (2026-12-02)"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(registry.history("10023").unwrap(), before);

    // A late answer is recorded and counted as late.
    let good = [
        answer(2, 1, "10023", "O365", Some(2), Some("2026-12-01")),
        answer(3, 1, "10024", "LIFECARE", None, None),
    ];
    let import = registry
        .import_round_answers(&good, "answers.csv", today, "hr")
        .unwrap();
    assert_eq!(
        (
            import.n_recorded,
            import.n_blank,
            import.n_late,
            import.n_people
        ),
        (1, 1, 1, 1)
    );
    let profile = registry.profile("10023", today).unwrap();
    let o365 = profile.systems.iter().find(|s| s.system == "O365").unwrap();
    assert_eq!(o365.self_level, Some(Level::Independent));
}

#[test]
fn any_self_assessment_after_the_opening_counts_as_an_answer() {
    let mut registry = sample_registry();
    let round = registry
        .open_round(&spec("USK", None, "2026-11-20", "2026-12-11"), "hr")
        .unwrap();
    let status = registry.round_status(round.id, d("2026-11-21")).unwrap();
    assert_eq!(status.total.n_answered, 0);
    // Self-assessments from before the round opened do not count; one entered after does.
    registry
        .record_assessment(
            "10024",
            "TIMECARE",
            Level::Basic,
            &Assessment::SelfAssessment,
            d("2026-11-22"),
            "cli",
        )
        .unwrap();
    registry
        .record_assessment(
            "10023",
            "O365",
            Level::Advanced,
            &Assessment::Manager("10001".into()),
            d("2026-11-22"),
            "cli",
        )
        .unwrap();
    let status = registry.round_status(round.id, d("2026-11-23")).unwrap();
    assert_eq!(status.total.n_answered, 1);
    assert_eq!(status.total.n_complete, 0);
    assert_eq!(status.total.rate, Some(0.3333));
    let unanswered: Vec<&str> = status
        .unanswered
        .iter()
        .map(|u| u.employee_no.as_str())
        .collect();
    assert_eq!(unanswered, ["10023", "10025"]);
}

#[test]
fn rounds_are_refused_when_they_cannot_be_what_was_asked() {
    let mut registry = sample_registry();
    assert!(matches!(
        registry.open_round(&spec("NOPE", None, "2026-11-20", "2026-12-11"), "hr"),
        Err(Error::UnknownOccupation(o)) if o == "NOPE"
    ));
    assert!(matches!(
        registry.open_round(&spec("USK", Some("NOPE"), "2026-11-20", "2026-12-11"), "hr"),
        Err(Error::UnknownUnit(u)) if u == "NOPE"
    ));
    assert!(matches!(
        registry.open_round(&spec("USK", None, "2026-11-20", "2026-11-19"), "hr"),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        registry.round_status(3, d("2026-11-20")),
        Err(Error::UnknownRound(3))
    ));
    assert!(registry.rounds().unwrap().is_empty());
}
