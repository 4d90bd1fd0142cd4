//! Several sources feeding one registry: `SourceRole::People` and `SourceRole::Evidence`, what a
//! source says when it is done (`SourceEnd`: warnings, skipped people, watermark),
//! `SourceCatalog::names_if_new`, and the code mappings (`CodeMap`, `Unmapped`).
//!
//! `sync::run` runs over the test kit's in-memory target, which keeps, like the real store, the
//! owner's digest per person and every evidence source's digest apart.
//!
//! Fixtures are written as text, one line per item:
//! - an employment: `UNIT OCCUPATION START..[END] [PCT%] [manager NO]` (the first is primary);
//! - a source's evidence record: `competence SYSTEM LEVEL self|manager DATE [assessor NO]` or
//!   `result COURSE DATE`.

use skillreg_core::mapping::{CodeMap, Unmapped};
use skillreg_core::sync::{self, SourceRole, SyncConfig, SyncError, SyncReport};
use skillreg_core::{
    Catalog, CatalogLocations, CompetenceSource, EvidenceKind, EvidenceRecord, Location,
    Occupation, OrgUnit, PersonRecord, Problem, SnapshotKind, SourceCatalog, SourceEnd, Watermark,
};
use skillreg_testkit::fixture::{self, loc, person as record};
use skillreg_testkit::{MemoryError, MemoryTarget, VecSnapshot, Write, d, strings};

const HR_FILE: &str = "personal.xml";
const LMS_FILE: &str = "kursresultat.csv";

// ---------------------------------------------------------------------------------------------
// The catalog: Sundsvall's social services.

fn unit(id: &str, name: &str, parent: Option<&str>) -> OrgUnit {
    OrgUnit {
        id: id.into(),
        name: name.into(),
        parent: parent.map(str::to_string),
    }
}

fn occupation(code: &str, name: &str) -> Occupation {
    Occupation {
        code: code.into(),
        name: name.into(),
    }
}

fn source_catalog(catalog: Catalog) -> SourceCatalog {
    SourceCatalog {
        catalog,
        locations: CatalogLocations::default(),
        names_if_new: false,
    }
}

// ---------------------------------------------------------------------------------------------
// People as a source states them.

/// The HR system's people: Karin (head of unit), Anna and Mohammed (assistant nurses).
fn karin() -> PersonRecord {
    record(
        HR_FILE,
        "10001",
        "Karin Åberg",
        10,
        &["SOC-HT SSK 2012-01-01.."],
        &[],
    )
}

fn anna() -> PersonRecord {
    record(
        HR_FILE,
        "10023",
        "Anna Lindqvist",
        20,
        &["SOC-HT USK 2015-03-01.. 75% manager 10001"],
        &["competence LIFECARE 2 self 2026-09-14"],
    )
}

fn mohammed() -> PersonRecord {
    record(
        HR_FILE,
        "10024",
        "Mohammed Al-Sayed",
        30,
        &["SOC-HT USK 2021-08-15.. manager 10001"],
        &["competence LIFECARE 1 self 2026-09-15"],
    )
}

fn hr_people() -> Vec<PersonRecord> {
    vec![karin(), anna(), mohammed()]
}

/// The learning platform's record of one person: its names and employments are whatever the
/// platform holds (often stale); the evidence is what counts.
fn lms(no: &str, name: &str, line: u64, emps: &[&str], evs: &[&str]) -> PersonRecord {
    record(LMS_FILE, no, name, line, emps, evs)
}

// ---------------------------------------------------------------------------------------------
// The in-memory store: the test kit's, with the write calls rendered here.

/// A write call, with the plan's counts.
fn call(write: &Write) -> String {
    match write {
        Write::Catalog(ops) => format!(
            "apply_catalog {}",
            ops.iter()
                .map(|op| format!("{:?} {}", op.change, op.item.label()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Write::Person(plan) => format!(
            "apply_person {} {} ({} employment op(s), {} evidence{})",
            plan.employee_no,
            plan.change.name(),
            plan.employments.len(),
            plan.evidence.len(),
            if plan.details.is_some() {
                ", details"
            } else {
                ""
            }
        ),
        Write::Terminate { .. } => write.to_string(),
    }
}

/// Everything held about one person, one fact a line.
fn dump(store: &MemoryTarget, no: &str) -> Vec<String> {
    let Some(p) = store.person(no) else {
        return vec![];
    };
    let e = &p.employee;
    let mut out = vec![format!("{} {}", e.given_name, e.family_name)];
    out.extend(e.employments.iter().map(|e| {
        format!(
            "{} {} {}..{}{}",
            e.unit,
            e.occupation,
            e.start,
            e.end.map(|d| d.to_string()).unwrap_or_default(),
            e.manager
                .as_ref()
                .map(|m| format!(" manager {m}"))
                .unwrap_or_default()
        )
    }));
    out.extend(p.evidence.iter().map(|e| {
        let extra = match &e.kind {
            EvidenceKind::SelfAssessment => String::new(),
            EvidenceKind::ManagerAssessment { assessor } => {
                format!(" by {}", assessor.as_deref().unwrap_or("-"))
            }
            EvidenceKind::CourseResult { course, .. } => {
                format!(" {}", course.as_deref().unwrap_or("-"))
            }
        };
        format!(
            "{} {} {} {}{extra}",
            e.system,
            e.kind.name(),
            e.level,
            e.date
        )
    }));
    out
}

// ---------------------------------------------------------------------------------------------
// Snapshots.

/// The HR system's export (the owner of people): the whole catalog.
fn hr(kind: SnapshotKind, day: &str, people: Vec<PersonRecord>) -> VecSnapshot {
    VecSnapshot::new("wlx", kind, d(day), people)
        .with_catalog(source_catalog(fixture::social_services()))
}

/// The learning platform's export (evidence only): no catalog of its own.
fn lms_snapshot(kind: SnapshotKind, day: &str, people: Vec<PersonRecord>) -> VecSnapshot {
    VecSnapshot::new("lms", kind, d(day), people)
        .with_catalog(SourceCatalog::default())
        .with_exported_at(&format!("{day}T03:00:00+01:00"))
}

fn with_end(snapshot: VecSnapshot, end: SourceEnd) -> VecSnapshot {
    snapshot.with_end(end)
}

fn people_role() -> SyncConfig {
    SyncConfig::default()
}

fn evidence_role() -> SyncConfig {
    SyncConfig {
        role: SourceRole::Evidence,
        ..SyncConfig::default()
    }
}

/// What a run did, rendered.
#[derive(Debug, PartialEq)]
struct Applied {
    summary: String,
    people: Vec<String>,
    warnings: Vec<String>,
    calls: Vec<String>,
}

fn summary(r: &SyncReport) -> String {
    format!(
        "{} seen {} | created {} updated {} reactivated {} terminated {} unchanged {} | \
         evidence {} | warnings {} skipped {}",
        r.role.name(),
        r.n_seen,
        r.n_created,
        r.n_updated,
        r.n_reactivated,
        r.n_terminated,
        r.n_unchanged,
        r.n_evidence,
        r.n_warnings,
        r.n_skipped
    )
}

fn applied(summary: &str, people: &[&str], warnings: &[&str], calls: &[&str]) -> Applied {
    Applied {
        summary: summary.into(),
        people: strings(people),
        warnings: strings(warnings),
        calls: strings(calls),
    }
}

/// Runs one sync: the only place that calls `sync::run`. Returns the report too, for the
/// fields `Applied` does not render.
fn run(
    store: &mut MemoryTarget,
    mut snapshot: VecSnapshot,
    config: SyncConfig,
) -> Result<(Applied, SyncReport), SyncError<MemoryError>> {
    store.take_writes();
    let report = sync::run(&mut snapshot, store, &config)?;
    let rendered = Applied {
        summary: summary(&report),
        people: report
            .people
            .iter()
            .map(|p| format!("{} {} {}", p.employee_no, p.change.name(), p.n_evidence))
            .collect(),
        warnings: report.warnings.iter().map(Problem::to_string).collect(),
        calls: store.take_writes().iter().map(call).collect(),
    };
    Ok((rendered, report))
}

fn run_ok(store: &mut MemoryTarget, snapshot: VecSnapshot, config: SyncConfig) -> Applied {
    match run(store, snapshot, config) {
        Ok((applied, _)) => applied,
        Err(e) => panic!("the sync failed: {e}"),
    }
}

/// The problems of a refused run, rendered; panics if the run was not refused.
fn refused(
    store: &mut MemoryTarget,
    snapshot: VecSnapshot,
    config: SyncConfig,
) -> (String, Vec<String>) {
    match run(store, snapshot, config) {
        Err(e @ SyncError::Refused { .. }) => {
            let message = e.to_string();
            let SyncError::Refused { problems, .. } = e else {
                unreachable!()
            };
            (message, problems.iter().map(Problem::to_string).collect())
        }
        Err(e) => panic!("expected a refusal, got {e}"),
        Ok((applied, _)) => panic!("expected a refusal, got {applied:?}"),
    }
}

/// The HR system's first export on 2026-11-20: the catalog and three people.
fn first_run(store: &mut MemoryTarget) {
    assert_eq!(
        run_ok(
            store,
            hr(SnapshotKind::Full, "2026-11-20", hr_people()),
            people_role()
        )
        .summary,
        "people seen 3 | created 3 updated 0 reactivated 0 terminated 0 unchanged 0 | \
         evidence 2 | warnings 0 skipped 0"
    );
}

// ---------------------------------------------------------------------------------------------
// The evidence role.

#[test]
fn evidence_role_adds_only_new_evidence_and_reports_updated_or_unchanged() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    let night = || {
        lms_snapshot(
            SnapshotKind::Delta,
            "2026-11-21",
            vec![
                // Already held self-assessment, plus a course result the registry lacks.
                lms(
                    "10023",
                    "Anna Lindqvist",
                    2,
                    &[],
                    &[
                        "competence LIFECARE 2 self 2026-09-14",
                        "result LC-DOK 2026-11-10",
                    ],
                ),
                // Only what the registry holds already.
                lms(
                    "10024",
                    "Mohammed Al-Sayed",
                    5,
                    &[],
                    &["competence LIFECARE 1 self 2026-09-15"],
                ),
            ],
        )
    };
    assert_eq!(
        run_ok(&mut store, night(), evidence_role()),
        applied(
            "evidence seen 2 | created 0 updated 1 reactivated 0 terminated 0 unchanged 1 | \
             evidence 1 | warnings 0 skipped 0",
            &["10023 updated 1"],
            &[],
            &[
                "apply_person 10023 updated (0 employment op(s), 1 evidence)",
                "apply_person 10024 unchanged (0 employment op(s), 0 evidence)",
            ],
        )
    );
    assert_eq!(
        dump(&store, "10023"),
        [
            "Anna Lindqvist",
            "SOC-HT USK 2015-03-01.. manager 10001",
            "LIFECARE self 2 2026-09-14",
            "LIFECARE course 2 2026-11-10 LC-DOK",
        ]
    );

    // The same evidence export again: both unchanged by their digests, nothing written.
    let quiet_lms = applied(
        "evidence seen 2 | created 0 updated 0 reactivated 0 terminated 0 unchanged 2 | \
         evidence 0 | warnings 0 skipped 0",
        &[],
        &[],
        &[],
    );
    assert_eq!(run_ok(&mut store, night(), evidence_role()), quiet_lms);

    // The owner's next export, unchanged: the evidence source did not spoil the owner's
    // digests, so nothing is read or written; then the evidence source again: still nothing.
    let quiet_hr = applied(
        "people seen 3 | created 0 updated 0 reactivated 0 terminated 0 unchanged 3 | \
         evidence 0 | warnings 0 skipped 0",
        &[],
        &[],
        &[],
    );
    for _ in 0..2 {
        assert_eq!(
            run_ok(
                &mut store,
                hr(SnapshotKind::Full, "2026-11-22", hr_people()),
                people_role()
            ),
            quiet_hr
        );
        assert_eq!(run_ok(&mut store, night(), evidence_role()), quiet_lms);
    }
}

#[test]
fn evidence_role_unknown_person_is_a_warning_and_is_not_created() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    let (applied_run, report) = match run(
        &mut store,
        lms_snapshot(
            SnapshotKind::Delta,
            "2026-11-21",
            vec![
                lms(
                    "10023",
                    "Anna Lindqvist",
                    2,
                    &[],
                    &["competence O365 2 self 2026-11-02"],
                ),
                // A substitute the HR system has not hired yet.
                lms(
                    "10099",
                    "Erik Johansson",
                    4,
                    &["SOC-SÄBO USK 2026-11-01.."],
                    &["result LC-DOK 2026-11-12"],
                ),
            ],
        ),
        evidence_role(),
    ) {
        Ok(r) => r,
        Err(e) => panic!("the sync failed: {e}"),
    };
    assert_eq!(
        applied_run,
        applied(
            "evidence seen 2 | created 0 updated 1 reactivated 0 terminated 0 unchanged 0 | \
             evidence 1 | warnings 1 skipped 1",
            &["10023 updated 1"],
            &[
                "kursresultat.csv: line 4: <Person>: not in the registry: lms contributes evidence \
               only, so the person was not created; their evidence was not recorded (value \
               \"10099\")"
            ],
            &["apply_person 10023 updated (0 employment op(s), 1 evidence)"],
        )
    );
    assert_eq!(report.role, SourceRole::Evidence);
    assert!(dump(&store, "10099").is_empty());
    assert_eq!(store.people().len(), 3);
}

#[test]
fn evidence_role_ignores_names_and_employments_even_naming_unknown_units() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    // The platform holds Anna under her new married name, in a unit, an occupation and with a
    // manager the registry does not know, with two clashing employments, one ending before it
    // starts: none of it is the platform's to say, so none of it is checked.
    let stale = lms(
        "10023",
        "Anna Sundberg",
        2,
        &[
            "SOC-XX VÅRDBITR 2015-03-01.. manager 99999",
            "SOC-XX VÅRDBITR 2015-03-01..2014-12-31",
        ],
        &["competence O365 3 manager 2026-11-05 assessor 10001"],
    );
    assert_eq!(
        run_ok(
            &mut store,
            lms_snapshot(SnapshotKind::Delta, "2026-11-21", vec![stale]),
            evidence_role()
        ),
        applied(
            "evidence seen 1 | created 0 updated 1 reactivated 0 terminated 0 unchanged 0 | \
             evidence 1 | warnings 0 skipped 0",
            &["10023 updated 1"],
            &[],
            &["apply_person 10023 updated (0 employment op(s), 1 evidence)"],
        )
    );
    assert_eq!(
        dump(&store, "10023"),
        [
            "Anna Lindqvist",
            "SOC-HT USK 2015-03-01.. manager 10001",
            "LIFECARE self 2 2026-09-14",
            "O365 manager 3 2026-11-05 by 10001",
        ]
    );
    // Nothing was added to the catalog either.
    assert_eq!(store.held_catalog().units.len(), 3);
}

#[test]
fn evidence_role_leaves_out_evidence_naming_an_unknown_system_or_course_with_a_warning() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    // One stale mapping in a learning record store must not block everyone's results: the
    // records naming an unknown system or course are left out and listed, the rest is applied.
    let applied = run_ok(
        &mut store,
        lms_snapshot(
            SnapshotKind::Delta,
            "2026-11-21",
            vec![
                lms(
                    "10023",
                    "Anna Lindqvist",
                    2,
                    &[],
                    &[
                        "competence PROCAPITA 2 self 2026-11-02",
                        "result O365-GRUND 2026-11-03",
                    ],
                ),
                // Unknown person, unknown system: both are warnings.
                lms(
                    "10099",
                    "Erik Johansson",
                    5,
                    &[],
                    &["competence TREServa 1 self 2026-11-04"],
                ),
            ],
        ),
        evidence_role(),
    );
    assert_eq!(
        applied.warnings,
        [
            "kursresultat.csv: line 3: <Competence>: unknown system: add it to the systems or \
             correct the system; the record was left out (value \"PROCAPITA\")",
            "kursresultat.csv: line 4: <CourseResult>: unknown course: add it to the courses or \
             correct the course; the record was left out (value \"O365-GRUND\")",
            "kursresultat.csv: line 6: <Competence>: unknown system: add it to the systems or \
             correct the system; the record was left out (value \"TREServa\")",
            "kursresultat.csv: line 5: <Person>: not in the registry: lms contributes evidence \
             only, so the person was not created; their evidence was not recorded (value \"10099\")",
        ]
    );
    assert_eq!(
        applied.summary,
        "evidence seen 2 | created 0 updated 0 reactivated 0 terminated 0 unchanged 1 | \
         evidence 0 | warnings 4 skipped 1"
    );
    assert_eq!(dump(&store, "10023").len(), 3);
}

#[test]
fn people_role_still_refuses_evidence_naming_an_unknown_system() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    let mut people = hr_people();
    people[0].evidence.push(EvidenceRecord::Competence {
        system: "PROCAPITA".into(),
        level: skillreg_core::Level::Basic,
        source: CompetenceSource::SelfAssessment,
        date: d("2026-11-02"),
        assessor: None,
        location: Location::default(),
    });
    let (message, problems) = refused(
        &mut store,
        hr(SnapshotKind::Full, "2026-11-21", people),
        people_role(),
    );
    assert_eq!(message, "the input was refused: 1 problem(s)");
    assert!(
        problems[0].ends_with(
            "unknown system: add it to the systems or correct the system (value \"PROCAPITA\")"
        ),
        "{problems:?}"
    );
    assert!(store.writes().is_empty(), "{:?}", store.writes());
}

#[test]
fn evidence_role_full_snapshot_missing_people_terminates_nobody() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    // A full evidence export that knows only Anna; a guard of 0 terminations would trip on
    // any planned termination.
    let strict = SyncConfig {
        max_terminations: sync::TerminationLimit::Count(0),
        ..evidence_role()
    };
    assert_eq!(
        run_ok(
            &mut store,
            lms_snapshot(
                SnapshotKind::Full,
                "2026-12-01",
                vec![lms(
                    "10023",
                    "Anna Lindqvist",
                    2,
                    &[],
                    &["result LC-DOK 2026-11-30"],
                )],
            ),
            strict
        ),
        applied(
            "evidence seen 1 | created 0 updated 1 reactivated 0 terminated 0 unchanged 0 | \
             evidence 1 | warnings 0 skipped 0",
            &["10023 updated 1"],
            &[],
            &["apply_person 10023 updated (0 employment op(s), 1 evidence)"],
        )
    );
    assert_eq!(store.n_active(d("2026-12-01")), 3);
}

#[test]
fn evidence_role_adds_evidence_to_a_terminated_person() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    // Mohammed leaves (absent from the HR system's full export).
    assert_eq!(
        run_ok(
            &mut store,
            hr(SnapshotKind::Full, "2026-12-01", vec![karin(), anna()]),
            people_role()
        )
        .calls,
        ["terminate 10024 2026-11-30"]
    );
    // A course he finished before leaving arrives afterwards: he is in the registry, so it is
    // recorded.
    assert_eq!(
        run_ok(
            &mut store,
            lms_snapshot(
                SnapshotKind::Delta,
                "2026-12-02",
                vec![lms(
                    "10024",
                    "Mohammed Al-Sayed",
                    2,
                    &[],
                    &["result LC-DOK 2026-11-28"],
                )],
            ),
            evidence_role()
        ),
        applied(
            "evidence seen 1 | created 0 updated 1 reactivated 0 terminated 0 unchanged 0 | \
             evidence 1 | warnings 0 skipped 0",
            &["10024 updated 1"],
            &[],
            &["apply_person 10024 updated (0 employment op(s), 1 evidence)"],
        )
    );
    assert_eq!(
        dump(&store, "10024"),
        [
            "Mohammed Al-Sayed",
            "SOC-HT USK 2021-08-15..2026-11-30 manager 10001",
            "LIFECARE self 1 2026-09-15",
            "LIFECARE course 2 2026-11-28 LC-DOK",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// SourceEnd: skipped people, warnings, watermark.

#[test]
fn skipped_people_in_a_full_people_snapshot_are_not_terminated() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    // Anna's record had an unmapped cost centre, so the adapter left her out; Mohammed is truly
    // gone.
    let end = SourceEnd {
        warnings: vec![Problem::new(
            &Location {
                file: Some(HR_FILE.into()),
                line: Some(20),
                ..Location::default()
            },
            Some("5130"),
            "person 10023 left out: cost centre not in the mapping file",
        )],
        skipped: vec!["10023".into()],
        watermark: None,
        gone: Vec::new(),
    };
    assert_eq!(
        run_ok(
            &mut store,
            with_end(hr(SnapshotKind::Full, "2026-12-01", vec![karin()]), end),
            people_role()
        ),
        applied(
            "people seen 1 | created 0 updated 0 reactivated 0 terminated 1 unchanged 1 | \
             evidence 0 | warnings 1 skipped 1",
            &["10024 terminated 0"],
            &[
                "personal.xml: line 20: person 10023 left out: cost centre not in the mapping file \
               (value \"5130\")"
            ],
            &["terminate 10024 2026-11-30"],
        )
    );
    assert_eq!(
        dump(&store, "10023"),
        [
            "Anna Lindqvist",
            "SOC-HT USK 2015-03-01.. manager 10001",
            "LIFECARE self 2 2026-09-14",
        ]
    );
    assert_eq!(store.n_active(d("2026-12-01")), 2);
}

#[test]
fn skipped_manager_not_in_the_registry_is_an_unknown_manager() {
    let mut store = MemoryTarget::default();
    // A first export in which the head of unit is skipped (unmapped code): her reports name
    // her as manager, but she is neither in the registry nor among the people synced, so the
    // reference is refused rather than stored pointing at nobody.
    let end = SourceEnd {
        skipped: vec!["10001".into()],
        ..SourceEnd::default()
    };
    let (message, problems) = refused(
        &mut store,
        with_end(
            hr(SnapshotKind::Full, "2026-11-20", vec![anna(), mohammed()]),
            end,
        ),
        people_role(),
    );
    assert_eq!(message, "the input was refused: 2 problem(s)");
    assert!(
        problems.iter().all(|p| p.contains(
            "unknown manager: the manager names nobody in the file or the registry (value \"10001\")"
        )),
        "{problems:?}"
    );
    assert!(dump(&store, "10001").is_empty());
}

#[test]
fn warnings_are_capped_at_max_problems_and_all_counted() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    let unknown = |no: &str, line: u64| {
        lms(
            no,
            "Okänd Person",
            line,
            &[],
            &["competence O365 1 self 2026-11-01"],
        )
    };
    let end = SourceEnd {
        warnings: vec![
            Problem::new(
                &loc(LMS_FILE, 40, "Row"),
                Some("anna.lindqvist@sundsvall.se"),
                "no employee number for this e-mail address",
            ),
            Problem::new(
                &loc(LMS_FILE, 41, "Row"),
                Some("HLR-2026"),
                "course not in the mapping file",
            ),
        ],
        skipped: vec![],
        watermark: None,
        gone: Vec::new(),
    };
    let config = SyncConfig {
        max_problems: 2,
        ..evidence_role()
    };
    let (applied_run, report) = match run(
        &mut store,
        with_end(
            lms_snapshot(
                SnapshotKind::Delta,
                "2026-11-21",
                vec![
                    unknown("20001", 2),
                    unknown("20002", 3),
                    unknown("20003", 4),
                ],
            ),
            end,
        ),
        config,
    ) {
        Ok(r) => r,
        Err(e) => panic!("the sync failed: {e}"),
    };
    let not_in = |line: u64, no: &str| {
        format!(
            "kursresultat.csv: line {line}: <Person>: not in the registry: lms contributes \
             evidence only, so the person was not created; their evidence was not recorded \
             (value \"{no}\")"
        )
    };
    assert_eq!(
        applied_run.warnings,
        [not_in(2, "20001"), not_in(3, "20002")]
    );
    assert_eq!((report.n_warnings, report.n_skipped), (5, 3));
    assert!(applied_run.calls.is_empty(), "{:?}", applied_run.calls);

    // With room for all, the adapter's warnings follow the engine's.
    let (applied_run, report) = match run(
        &mut store,
        with_end(
            lms_snapshot(SnapshotKind::Delta, "2026-11-21", vec![unknown("20001", 2)]),
            SourceEnd {
                warnings: vec![Problem::new(
                    &loc(LMS_FILE, 41, "Row"),
                    Some("HLR-2026"),
                    "course not in the mapping file",
                )],
                ..SourceEnd::default()
            },
        ),
        evidence_role(),
    ) {
        Ok(r) => r,
        Err(e) => panic!("the sync failed: {e}"),
    };
    assert_eq!(
        applied_run.warnings,
        [
            not_in(2, "20001"),
            "kursresultat.csv: line 41: <Row>: course not in the mapping file (value \
             \"HLR-2026\")"
                .to_string(),
        ]
    );
    assert_eq!((report.n_warnings, report.n_skipped), (2, 1));
}

#[test]
fn watermark_passes_through_to_the_report() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    let watermark = Watermark {
        key: "xapi http://127.0.0.1:8080/xAPI".into(),
        value: "2026-11-21T03:14:07.123Z".into(),
    };
    for dry_run in [true, false] {
        let snapshot = with_end(
            lms_snapshot(SnapshotKind::Delta, "2026-11-21", vec![]),
            SourceEnd {
                watermark: Some(watermark.clone()),
                ..SourceEnd::default()
            },
        );
        let config = SyncConfig {
            dry_run,
            ..evidence_role()
        };
        match run(&mut store, snapshot, config) {
            Ok((_, report)) => {
                assert_eq!(
                    report.watermark.as_ref(),
                    Some(&watermark),
                    "dry run {dry_run}"
                );
                assert_eq!(report.dry_run, dry_run);
            }
            Err(e) => panic!("the sync failed: {e}"),
        }
    }
    // A source that has none gives none.
    match run(
        &mut store,
        hr(SnapshotKind::Delta, "2026-11-21", vec![]),
        people_role(),
    ) {
        Ok((_, report)) => assert_eq!(report.watermark, None),
        Err(e) => panic!("the sync failed: {e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// names_if_new.

#[test]
fn names_if_new_keeps_known_units_and_occupations_and_creates_new_ones() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    // A payroll file states its cost centres and job titles mapped to registry codes, named by
    // their payroll codes, without the tree. A new unit is placed under SOC.
    let payroll_catalog = SourceCatalog {
        catalog: Catalog {
            units: vec![
                unit("SOC-HT", "5110", None),
                unit("SOC-HT-SÖ", "5130", Some("SOC")),
            ],
            occupations: vec![
                occupation("USK", "522301"),
                occupation("ADM", "Administratör"),
            ],
            ..Catalog::default()
        },
        locations: CatalogLocations {
            units: vec![loc("lon.csv", 2, "Row"), loc("lon.csv", 3, "Row")],
            occupations: vec![loc("lon.csv", 2, "Row"), loc("lon.csv", 4, "Row")],
            ..CatalogLocations::default()
        },
        names_if_new: true,
    };
    let snapshot = hr(
        SnapshotKind::Delta,
        "2026-11-21",
        vec![record(
            "lon.csv",
            "10031",
            "Liisa Korhonen",
            4,
            &["SOC-HT-SÖ ADM 2026-11-15.. manager 10001"],
            &[],
        )],
    );
    let snapshot = snapshot.with_catalog(payroll_catalog);
    assert_eq!(
        run_ok(&mut store, snapshot, people_role()),
        applied(
            "people seen 1 | created 1 updated 0 reactivated 0 terminated 0 unchanged 0 | \
             evidence 0 | warnings 0 skipped 0",
            &["10031 created 0"],
            &[],
            &[
                "apply_catalog Created unit SOC-HT-SÖ, Created occupation ADM",
                "apply_person 10031 created (1 employment op(s), 0 evidence, details)",
            ],
        )
    );
    assert_eq!(
        store.held_catalog().unit("SOC-HT"),
        Some(&unit("SOC-HT", "Hemtjänst Norr", Some("SOC")))
    );
    assert_eq!(
        store.held_catalog().unit("SOC-HT-SÖ"),
        Some(&unit("SOC-HT-SÖ", "5130", Some("SOC")))
    );
    let usk = store
        .held_catalog()
        .occupations
        .iter()
        .find(|o| o.code == "USK");
    assert_eq!(usk, Some(&occupation("USK", "Undersköterska")));

    // The same catalog without the flag renames and uproots SOC-HT: the flag is what keeps it.
    let plain = hr(SnapshotKind::Delta, "2026-11-22", vec![]);
    let plain = plain.with_catalog(source_catalog(Catalog {
        units: vec![unit("SOC-HT", "5110", None)],
        ..Catalog::default()
    }));
    assert_eq!(
        run_ok(&mut store, plain, people_role()).calls,
        ["apply_catalog Updated unit SOC-HT"]
    );
}

// ---------------------------------------------------------------------------------------------
// Code mappings.

#[test]
fn unmapped_reports_one_problem_listing_codes_sorted_with_counts_and_first_lines() {
    let at = |line: u64| Location {
        file: Some("lon.csv".into()),
        line: Some(line),
        column: Some(3),
        element: None,
    };
    let units: CodeMap = [("5110", "SOC-HT"), ("5120", "SOC-SÄBO")]
        .into_iter()
        .collect();
    let occupations: CodeMap = [("522301", "USK")].into_iter().collect();
    let rows = [
        (12, "5130", "522301"),
        (13, "5110", "222101"),
        (14, " 5101 ", "522301"),
        (15, "5130", "522301"),
        (16, "5130", "222101"),
    ];
    let mut unmapped = Unmapped::default();
    let mut mapped = Vec::new();
    for (line, unit_code, occupation_code) in rows {
        match (units.get(unit_code), occupations.get(occupation_code)) {
            (Some(u), Some(o)) => mapped.push(format!("{u}/{o}")),
            (u, o) => {
                if u.is_none() {
                    unmapped.note("unit", unit_code.trim(), &at(line));
                }
                if o.is_none() {
                    unmapped.note("occupation", occupation_code, &at(line));
                }
            }
        }
    }
    assert!(mapped.is_empty(), "{mapped:?}");
    assert_eq!(unmapped.n_codes(), 3);
    let codes: Vec<(&str, &str, usize, Option<u64>)> = unmapped
        .codes()
        .map(|(kind, code, n, at)| (kind, code, n, at.line))
        .collect();
    assert_eq!(
        codes,
        [
            ("occupation", "222101", 2, Some(13)),
            ("unit", "5101", 1, Some(14)),
            ("unit", "5130", 3, Some(12)),
        ]
    );
    let problem = unmapped.problem(
        &Location {
            file: Some("lon.csv".into()),
            ..Location::default()
        },
        "add them to [units] and [occupations] in mapping.toml",
    );
    assert_eq!(
        problem.map(|p| p.to_string()),
        Some(
            "lon.csv: 3 code(s) the mapping file does not know: occupation 222101 (2 records, \
             first at line 13), unit 5101 (1 record, at line 14), unit 5130 (3 records, first at \
             line 12); add them to [units] and [occupations] in mapping.toml"
                .to_string()
        )
    );
    // Nothing missing: no problem.
    assert_eq!(Unmapped::default().problem(&at(1), "hint"), None);
}

#[test]
fn code_map_trims_the_outside_code_and_lists_entries_sorted() {
    let units: CodeMap = [("5120", "SOC-SÄBO"), ("5110", "SOC-HT")]
        .into_iter()
        .collect();
    assert_eq!(units.get(" 5110\t"), Some("SOC-HT"));
    assert_eq!(units.get("5110"), Some("SOC-HT"));
    assert_eq!(units.get("511"), None);
    assert_eq!(
        units.iter().collect::<Vec<_>>(),
        [("5110", "SOC-HT"), ("5120", "SOC-SÄBO")]
    );
    assert_eq!((units.len(), units.is_empty()), (2, false));
    assert!(CodeMap::default().is_empty());
}

#[test]
fn unmapped_without_lines_says_only_how_many_records() {
    let mut unmapped = Unmapped::default();
    unmapped.note("course", "HLR-2026", &Location::default());
    unmapped.note("course", "HLR-2026", &Location::default());
    unmapped.note("course", "BRAND", &Location::default());
    let problem = unmapped.problem(&Location::default(), "map them or ignore them");
    assert_eq!(
        problem.map(|p| p.message),
        Some(
            "2 code(s) the mapping file does not know: course BRAND (1 record), course HLR-2026 \
             (2 records); map them or ignore them"
                .to_string()
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Edges.

#[test]
fn skipped_person_listed_twice_is_counted_once() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    // A payroll file has one row per employment: Anna's two rows both name an unmapped cost
    // centre, and the adapter lists her number for each row it left out.
    let end = SourceEnd {
        skipped: vec!["10023".into(), "10023".into()],
        ..SourceEnd::default()
    };
    let (applied_run, report) = match run(
        &mut store,
        with_end(
            hr(SnapshotKind::Full, "2026-12-01", vec![karin(), mohammed()]),
            end,
        ),
        people_role(),
    ) {
        Ok(r) => r,
        Err(e) => panic!("the sync failed: {e}"),
    };
    assert!(applied_run.calls.is_empty(), "{:?}", applied_run.calls);
    assert_eq!(report.n_skipped, 1, "n_skipped counts people, not rows");
}

#[test]
fn names_if_new_problem_locations_follow_the_units_that_are_kept() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    // The known unit on line 2 is dropped; the new one on line 3 names an unknown parent, and
    // its problem must point at line 3, not at the dropped unit's line.
    let payroll_catalog = SourceCatalog {
        catalog: Catalog {
            units: vec![
                unit("SOC-HT", "5110", Some("LÖN-51")),
                unit("SOC-NY", "5199", Some("LÖN-51")),
            ],
            ..Catalog::default()
        },
        locations: CatalogLocations {
            units: vec![loc("lon.csv", 2, "Row"), loc("lon.csv", 3, "Row")],
            ..CatalogLocations::default()
        },
        names_if_new: true,
    };
    let snapshot = hr(SnapshotKind::Delta, "2026-11-21", vec![]);
    let snapshot = snapshot.with_catalog(payroll_catalog);
    assert_eq!(
        refused(&mut store, snapshot, people_role()),
        (
            "the input was refused: 1 problem(s)".to_string(),
            strings(&[
                "lon.csv: line 3: <Row>: org unit SOC-NY names an unknown parent unit (value \
                 \"LÖN-51\")"
            ])
        )
    );
}
