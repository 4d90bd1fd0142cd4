//! Self-assessment rounds in the library, on the sample organisation.

use std::sync::Arc;

use skillreg_core::{Level, Location};
use skillreg_store::{
    Actor, Assessment, AuditFilter, Error, FormAnswer, Registry, RoundAnswer, RoundSpec,
};
use skillreg_testkit::{d, sample_registry};

const ANNA: &str = "10023";

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

/// (system, level, source) of each self-assessment of `employee`, as HR reads them.
fn self_levels(registry: &Registry, employee: &str) -> Vec<(String, u8, String)> {
    registry
        .history(employee)
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.evidence.kind, skillreg_core::EvidenceKind::SelfAssessment))
        .map(|e| (e.evidence.system, e.evidence.level.number(), e.source))
        .collect()
}

fn answers(pairs: &[(&str, &str)]) -> Vec<FormAnswer> {
    pairs.iter().map(|(s, v)| FormAnswer::new(*s, *v)).collect()
}

/// The problems of a refusal as (system, value), or the call's other outcome.
fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> Vec<(Option<String>, Option<String>)> {
    match result {
        Err(Error::Refused { problems, .. }) => problems
            .into_iter()
            .map(|p| (p.location.element, p.value))
            .collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn some(pairs: &[(&str, &str)]) -> Vec<(Option<String>, Option<String>)> {
    pairs
        .iter()
        .map(|(s, v)| {
            (
                (!s.is_empty()).then(|| s.to_string()),
                (!v.is_empty()).then(|| v.to_string()),
            )
        })
        .collect()
}

#[test]
fn an_employee_answers_her_round_online_all_or_nothing() {
    let mut registry = sample_registry();
    let round = registry
        .open_round(&spec("USK", None, "2026-11-20", "2026-12-11"), "hr")
        .unwrap();
    let before = self_levels(&registry, ANNA);
    let mut anna = registry.with_actor(Actor::Employee(ANNA.into()));
    let day = d("2026-11-21");
    let asked = anna.rounds_asking(ANNA, day).unwrap();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].round.id, round.id);
    assert_eq!(asked[0].form.unit, "SOC-HT");
    let systems: Vec<&str> = asked[0]
        .form
        .systems
        .iter()
        .map(|s| s.system.as_str())
        .collect();
    assert_eq!(systems, ["LIFECARE", "O365", "TIMECARE"]);
    // Her last self-assessments from the export are on the form: LIFECARE 2, O365 1.
    let last: Vec<Option<u8>> = asked[0]
        .form
        .systems
        .iter()
        .map(|s| s.last_self.map(|(l, _)| l.number()))
        .collect();
    assert_eq!(last, [Some(2), Some(1), None]);

    // A level out of range, a system not on her form, a system twice: each named, nothing
    // written.
    let bad = answers(&[
        ("O365", "3"),
        ("TIMECARE", "5"),
        ("PMO", "2"),
        ("O365", "2"),
        ("LIFECARE", "03"),
    ]);
    assert_eq!(
        refused(anna.answer_round(round.id, ANNA, &bad, day)),
        some(&[
            ("TIMECARE", "5"),
            ("LIFECARE", "03"),
            ("PMO", "PMO"),
            ("O365", "O365"),
        ])
    );
    // Nothing at all is no answer either.
    assert_eq!(
        refused(anna.answer_round(round.id, ANNA, &[], day)),
        some(&[("", "")])
    );

    let good = answers(&[("O365", "2"), ("TIMECARE", "1"), ("LIFECARE", "")]);
    let done = anna.answer_round(round.id, ANNA, &good, day).unwrap();
    assert_eq!(
        (
            done.round,
            done.n_recorded,
            done.n_already,
            done.n_blank,
            done.n_people
        ),
        (round.id, 2, 0, 1, 1)
    );
    // The same answers again the same day: nothing new, counted as already held.
    let again = anna.answer_round(round.id, ANNA, &good, day).unwrap();
    assert_eq!((again.n_recorded, again.n_already), (0, 2));
    // Her form now shows her answers as her last self-assessments.
    let form = anna.own_round_form(round.id, ANNA, day).unwrap();
    assert_eq!(
        form.form.systems[1].last_self.map(|(l, d)| (l.number(), d)),
        Some((2, day))
    );

    let registry = anna.with_actor(Actor::Hr);
    let after = self_levels(&registry, ANNA);
    assert_eq!(after.len(), before.len() + 2, "{after:?}");
    let source = format!("round {}", round.id);
    assert!(after.contains(&("O365".into(), 2, source.clone())));
    assert!(after.contains(&("TIMECARE".into(), 1, source)));
    let status = registry.round_status(round.id, day).unwrap();
    assert_eq!((status.total.n_answered, status.total.n_complete), (1, 0));
    assert!(!status.unanswered.iter().any(|u| u.employee_no == ANNA));
    let audit = registry.audit(&AuditFilter::default()).unwrap();
    let rows: Vec<(&str, &str)> = audit
        .iter()
        .filter(|e| e.action == "answer round")
        .map(|e| (e.actor.as_str(), e.detail.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "employee:10023",
                "round 1 on 2026-11-21: 2 recorded, 0 already held, 1 left blank"
            ),
            (
                "employee:10023",
                "round 1 on 2026-11-21: 0 recorded, 2 already held, 1 left blank"
            ),
        ]
    );
}

#[test]
fn a_closed_round_or_one_not_asking_her_takes_no_answers() {
    let mut registry = sample_registry();
    let closed = registry
        .open_round(&spec("USK", None, "2026-11-01", "2026-11-10"), "hr")
        .unwrap();
    let nurses = registry
        .open_round(&spec("SSK", None, "2026-11-20", "2026-12-11"), "hr")
        .unwrap();
    let later = registry
        .open_round(&spec("USK", None, "2026-12-01", "2026-12-11"), "hr")
        .unwrap();
    let before = self_levels(&registry, ANNA);
    let mut anna = registry.with_actor(Actor::Employee(ANNA.into()));
    let day = d("2026-11-20");
    // None of them asks her today.
    assert!(anna.rounds_asking(ANNA, day).unwrap().is_empty());
    let one = answers(&[("O365", "2")]);
    for round in [closed.id, later.id] {
        assert!(!anna.own_round_form(round, ANNA, day).unwrap().is_open(day));
        assert_eq!(
            refused(anna.answer_round(round, ANNA, &one, day)),
            some(&[("", "2026-11-20")]),
            "round {round}"
        );
    }
    assert!(matches!(
        anna.own_round_form(nurses.id, ANNA, day),
        Err(Error::UnknownRound(n)) if n == nurses.id
    ));
    let problems = match anna.answer_round(nurses.id, ANNA, &one, day) {
        Err(Error::Refused { problems, .. }) => problems,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert!(
        problems[0].message.contains("was not asked in round 2"),
        "{problems:?}"
    );
    assert!(matches!(
        anna.answer_round(99, ANNA, &one, day),
        Err(Error::UnknownRound(99))
    ));
    let registry = anna.with_actor(Actor::Hr);
    assert_eq!(self_levels(&registry, ANNA), before);
}

#[test]
fn only_the_person_and_hr_answer_a_persons_round() {
    let mut registry = sample_registry();
    let round = registry
        .open_round(&spec("USK", None, "2026-11-20", "2026-12-11"), "hr")
        .unwrap();
    let day = d("2026-11-21");
    let one = answers(&[("O365", "2")]);
    for actor in [
        Actor::Manager("10001".into()),
        Actor::Employee("10024".into()),
        Actor::Viewer("SOC".into()),
    ] {
        registry = registry.with_actor(actor.clone());
        assert!(
            matches!(
                registry.answer_round(round.id, ANNA, &one, day),
                Err(Error::AccessDenied { .. })
            ),
            "{actor}"
        );
        assert!(matches!(
            registry.rounds_asking(ANNA, day),
            Err(Error::AccessDenied { .. })
        ));
        assert!(matches!(
            registry.record_self_assessments(ANNA, &one, day),
            Err(Error::AccessDenied { .. })
        ));
    }
    // HR may, for anyone; the reading of her forms is logged, her own is not.
    registry = registry.with_actor(Actor::Hr);
    assert_eq!(registry.rounds_asking(ANNA, day).unwrap().len(), 1);
    let done = registry.answer_round(round.id, ANNA, &one, day).unwrap();
    assert_eq!(done.n_recorded, 1);
    // Entered by HR, not by her.
    let entry = registry
        .history(ANNA)
        .unwrap()
        .into_iter()
        .find(|e| e.source == format!("round {}", round.id))
        .unwrap();
    assert_eq!(entry.entered_by.as_deref(), Some("hr"));
    let audit = registry.audit(&AuditFilter::default()).unwrap();
    assert!(audit.iter().any(|e| e.action == "read round forms"
        && e.actor == "hr"
        && e.employee_no.as_deref() == Some(ANNA)));
}

#[test]
fn a_self_assessment_of_any_system_is_recorded_all_or_nothing() {
    let registry = sample_registry();
    let before = self_levels(&registry, "10001");
    // Karin manages people, and rates herself like anyone else.
    let mut karin = registry.with_actor(Actor::Manager("10001".into()));
    let day = d("2026-11-20");
    let bad = answers(&[("O365", "3"), ("NOPE", "2"), ("PMO", "0"), ("O365", "2")]);
    assert_eq!(
        refused(karin.record_self_assessments("10001", &bad, day)),
        some(&[("NOPE", "NOPE"), ("PMO", "0"), ("O365", "2")])
    );
    let good = answers(&[("O365", "3"), ("PMO", "1"), ("LIFECARE", "")]);
    let done = karin.record_self_assessments("10001", &good, day).unwrap();
    assert_eq!((done.n_recorded, done.n_already, done.n_blank), (2, 0, 1));
    let again = karin.record_self_assessments("10001", &good, day).unwrap();
    assert_eq!((again.n_recorded, again.n_already), (0, 2));
    let registry = karin.with_actor(Actor::Hr);
    let after = self_levels(&registry, "10001");
    assert_eq!(after.len(), before.len() + 2, "{after:?}");
    assert!(after.contains(&("O365".into(), 3, "registry".into())));
    let rows = registry
        .audit(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "record self-assessment" && e.actor == "manager:10001")
        .count();
    assert_eq!(rows, 4);
}
