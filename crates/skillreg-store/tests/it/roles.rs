//! Several sources feeding one SQLite registry: the HR system owns people and employments
//! (`SourceRole::People`), a learning platform adds evidence only (`SourceRole::Evidence`).
//! Per-source digests (schema 4 `source_digests`), watermarks (`source_watermarks`) and the run
//! log, through `Registry::sync` on a registry in memory.

use skillreg_core::sync::{SourceRole, SyncConfig, SyncReport, TerminationLimit};
use skillreg_core::{
    Catalog, CatalogLocations, EvidenceKind, Occupation, OrgUnit, PersonRecord, Problem, Snapshot,
    SnapshotKind, SourceCatalog, SourceEnd, Watermark,
};
use skillreg_store::{Error, Registry};
use skillreg_testkit::fixture::{self, person as record};
use skillreg_testkit::{VecSnapshot, d};

const HR_FILE: &str = "personal.xml";
const LMS_FILE: &str = "kursresultat.csv";
const XAPI_KEY: &str = "xapi http://127.0.0.1:8080/xAPI";

/// Sundsvall's social services (`fixture::social_services`) as the HR system states them.
fn catalog() -> SourceCatalog {
    SourceCatalog {
        catalog: fixture::social_services(),
        locations: CatalogLocations::default(),
        names_if_new: false,
    }
}

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
        &["SOC-HT USK 2015-03-01.. manager 10001"],
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

fn snapshot(
    source: &str,
    kind: SnapshotKind,
    day: &str,
    catalog: SourceCatalog,
    people: Vec<PersonRecord>,
    end: SourceEnd,
) -> VecSnapshot {
    VecSnapshot::new(source, kind, d(day), people)
        .with_catalog(catalog)
        .with_end(end)
}

/// The HR system's full export with the catalog.
fn hr(day: &str, people: Vec<PersonRecord>) -> VecSnapshot {
    snapshot(
        "wlx",
        SnapshotKind::Full,
        day,
        catalog(),
        people,
        SourceEnd::default(),
    )
}

/// The learning platform's export `source` (no catalog), ending with `end`.
fn lms(source: &str, day: &str, people: Vec<PersonRecord>, end: SourceEnd) -> VecSnapshot {
    snapshot(
        source,
        SnapshotKind::Full,
        day,
        SourceCatalog::default(),
        people,
        end,
    )
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

fn sync(registry: &mut Registry, mut snapshot: VecSnapshot, config: SyncConfig) -> SyncReport {
    let input = match snapshot.header().source.as_str() {
        "wlx" => HR_FILE,
        _ => LMS_FILE,
    };
    registry
        .sync(&mut snapshot, input, &config)
        .unwrap_or_else(|e| panic!("the sync failed: {e}"))
}

/// `people seen N | created ... | evidence N | warnings N skipped N`.
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

fn count(registry: &Registry, sql: &str) -> i64 {
    registry
        .hr_connection()
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every evidence row: `NO SYSTEM KIND LEVEL DAY source SOURCE`.
fn evidence_rows(registry: &Registry, no: &str) -> Vec<String> {
    registry
        .history(no)
        .unwrap_or_else(|e| panic!("history of {no}: {e}"))
        .iter()
        .map(|h| {
            let extra = match &h.evidence.kind {
                EvidenceKind::CourseResult {
                    course: Some(c), ..
                } => format!(" {c}"),
                _ => String::new(),
            };
            format!(
                "{} {} {} {}{extra} from {}",
                h.evidence.system,
                h.evidence.kind.name(),
                h.evidence.level,
                h.evidence.date,
                h.source
            )
        })
        .collect()
}

/// One line per employment of `no`.
fn employments(registry: &Registry, no: &str) -> Vec<String> {
    let e = registry
        .employee(no)
        .unwrap_or_else(|e| panic!("employee {no}: {e}"));
    let mut out = vec![format!("{} {}", e.given_name, e.family_name)];
    out.extend(e.employments.iter().map(|e| {
        format!(
            "{} {} {}..{}",
            e.unit,
            e.occupation,
            e.start,
            e.end.map(|d| d.to_string()).unwrap_or_default()
        )
    }));
    out
}

/// The run log, newest first: `SOURCE OUTCOME role ROLE warnings N skipped N`.
fn run_log(registry: &Registry) -> Vec<String> {
    let mut stmt = registry
        .hr_connection()
        .unwrap()
        .prepare(
            "SELECT source, outcome, role, n_warnings, n_skipped, n_evidence FROM sync_runs
             ORDER BY id DESC",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    stmt.query_map([], |r| {
        Ok(format!(
            "{} {} role {} warnings {} skipped {} evidence {}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?
        ))
    })
    .unwrap_or_else(|e| panic!("{e}"))
    .collect::<Result<_, _>>()
    .unwrap_or_else(|e| panic!("{e}"))
}

fn first_run() -> Registry {
    let mut registry =
        Registry::open_in_memory(skillreg_store::Actor::Hr).unwrap_or_else(|e| panic!("open: {e}"));
    let report = sync(
        &mut registry,
        hr("2026-11-20", vec![karin(), anna(), mohammed()]),
        people_role(),
    );
    assert_eq!(
        summary(&report),
        "people seen 3 | created 3 updated 0 reactivated 0 terminated 0 unchanged 0 | \
         evidence 2 | warnings 0 skipped 0"
    );
    registry
}

/// The learning platform's nightly export: Anna's new course result, Mohammed's evidence the
/// registry holds, and a substitute the HR system has not hired yet.
fn lms_night() -> Vec<PersonRecord> {
    vec![
        record(
            LMS_FILE,
            "10023",
            "Anna Lindqvist",
            2,
            &[],
            &[
                "competence LIFECARE 2 self 2026-09-14",
                "result LC-DOK 2026-11-10",
            ],
        ),
        record(
            LMS_FILE,
            "10024",
            "Mohammed Al-Sayed",
            4,
            &[],
            &["competence LIFECARE 1 self 2026-09-15"],
        ),
        record(
            LMS_FILE,
            "10099",
            "Erik Johansson",
            6,
            &[],
            &["result LC-DOK 2026-11-12"],
        ),
    ]
}

#[test]
fn owner_and_evidence_source_alternating_do_not_defeat_each_others_unchanged_skip() {
    let mut registry = first_run();
    let report = sync(
        &mut registry,
        lms("lms", "2026-11-21", lms_night(), SourceEnd::default()),
        evidence_role(),
    );
    assert_eq!(
        summary(&report),
        "evidence seen 3 | created 0 updated 1 reactivated 0 terminated 0 unchanged 1 | \
         evidence 1 | warnings 1 skipped 1"
    );
    assert_eq!(
        report
            .warnings
            .iter()
            .map(Problem::to_string)
            .collect::<Vec<_>>(),
        [
            "kursresultat.csv: line 6: <Person>: not in the registry: lms contributes evidence \
          only, so the person was not created; their evidence was not recorded (value \
          \"10099\")"
        ]
    );
    assert_eq!(count(&registry, "SELECT count(*) FROM evidence"), 3);
    assert!(matches!(
        registry.employee("10099"),
        Err(Error::UnknownEmployee(no)) if no == "10099"
    ));

    // The second round: the owner's export, then the evidence export, both as before.
    let again = sync(
        &mut registry,
        hr("2026-11-22", vec![karin(), anna(), mohammed()]),
        people_role(),
    );
    assert!(again.is_empty(), "{:?}", again.people);
    assert_eq!(
        summary(&again),
        "people seen 3 | created 0 updated 0 reactivated 0 terminated 0 unchanged 3 | \
         evidence 0 | warnings 0 skipped 0"
    );
    let again = sync(
        &mut registry,
        lms("lms", "2026-11-22", lms_night(), SourceEnd::default()),
        evidence_role(),
    );
    assert!(again.is_empty(), "{:?}", again.people);
    assert_eq!(
        summary(&again),
        "evidence seen 3 | created 0 updated 0 reactivated 0 terminated 0 unchanged 2 | \
         evidence 0 | warnings 1 skipped 1"
    );
    assert_eq!(count(&registry, "SELECT count(*) FROM evidence"), 3);
    assert_eq!(
        evidence_rows(&registry, "10023"),
        [
            "LIFECARE self 2 2026-09-14 from wlx",
            "LIFECARE course 2 2026-11-10 LC-DOK from lms",
        ]
    );

    // Every run is logged, newest first, with its role, warnings and skipped people.
    let runs = registry.runs().unwrap_or_else(|e| panic!("runs: {e}"));
    assert_eq!(
        runs.iter()
            .map(|r| format!("{} {} {:?}", r.source, r.outcome, r.counts))
            .collect::<Vec<_>>(),
        [
            "lms applied [0, 0, 0, 0, 0]",
            "wlx applied [0, 0, 0, 0, 0]",
            "lms applied [0, 1, 0, 0, 1]",
            "wlx applied [3, 0, 0, 0, 2]",
        ]
    );
    assert_eq!(
        run_log(&registry),
        [
            "lms applied role evidence warnings 1 skipped 1 evidence 0",
            "wlx applied role people warnings 0 skipped 0 evidence 0",
            "lms applied role evidence warnings 1 skipped 1 evidence 1",
            "wlx applied role people warnings 0 skipped 0 evidence 2",
        ]
    );
}

#[test]
fn evidence_sync_never_changes_a_persons_name_or_employments() {
    let mut registry = first_run();
    let before = employments(&registry, "10023");
    // The platform holds Anna under her married name in another unit, and a unit it invented.
    let stale = record(
        LMS_FILE,
        "10023",
        "Anna Sundberg",
        2,
        &[
            "SOC-SÄBO USK 2020-01-01..",
            "SOC-XX VÅRDBITR 2015-03-01.. manager 99999",
        ],
        &["competence O365 3 manager 2026-11-05 assessor 10001"],
    );
    let report = sync(
        &mut registry,
        lms("lms", "2026-11-21", vec![stale], SourceEnd::default()),
        evidence_role(),
    );
    assert_eq!(
        summary(&report),
        "evidence seen 1 | created 0 updated 1 reactivated 0 terminated 0 unchanged 0 | \
         evidence 1 | warnings 0 skipped 0"
    );
    assert_eq!(
        before,
        ["Anna Lindqvist", "SOC-HT USK 2015-03-01.."],
        "the owner's facts"
    );
    assert_eq!(employments(&registry, "10023"), before);
    assert_eq!(
        evidence_rows(&registry, "10023"),
        [
            "LIFECARE self 2 2026-09-14 from wlx",
            "O365 manager 3 2026-11-05 from lms",
        ]
    );
    assert_eq!(
        count(
            &registry,
            "SELECT count(*) FROM org_units WHERE code = 'SOC-XX'"
        ),
        0
    );
    // The owner's digest is untouched: its next export is still unchanged for Anna.
    let again = sync(
        &mut registry,
        hr("2026-11-22", vec![karin(), anna(), mohammed()]),
        people_role(),
    );
    assert_eq!(again.n_unchanged, 3);
}

#[test]
fn watermark_is_stored_on_apply_only_and_updated_by_the_next_apply() {
    let mut registry = first_run();
    let end = |value: &str| SourceEnd {
        watermark: Some(Watermark {
            key: XAPI_KEY.into(),
            value: value.into(),
        }),
        ..SourceEnd::default()
    };
    let statement = |date: &str| {
        vec![record(
            LMS_FILE,
            "10023",
            "Anna Lindqvist",
            2,
            &[],
            &[&format!("competence O365 2 self {date}")],
        )]
    };
    let dry = SyncConfig {
        dry_run: true,
        ..evidence_role()
    };
    let watermark = |registry: &Registry| {
        registry
            .watermark(XAPI_KEY)
            .unwrap_or_else(|e| panic!("watermark: {e}"))
    };

    // A dry run: reported, not stored.
    let report = sync(
        &mut registry,
        lms(
            "xapi",
            "2026-11-21",
            statement("2026-11-20"),
            end("2026-11-21T03:00:00Z"),
        ),
        dry,
    );
    assert_eq!(
        report.watermark.map(|w| w.value).as_deref(),
        Some("2026-11-21T03:00:00Z")
    );
    assert_eq!(watermark(&registry), None);

    // A refused run (the same person twice): not stored.
    let twice = |line| {
        record(
            LMS_FILE,
            "10023",
            "Anna Lindqvist",
            line,
            &[],
            &["competence O365 2 self 2026-11-20"],
        )
    };
    let mut bad = lms(
        "xapi",
        "2026-11-21",
        vec![twice(2), twice(5)],
        end("2026-11-21T03:00:00Z"),
    );
    match registry.sync(&mut bad, LMS_FILE, &evidence_role()) {
        Err(Error::Refused { problems, .. }) => {
            let problems: Vec<String> = problems.iter().map(Problem::to_string).collect();
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(
                problems[0].contains("duplicate employee number (first on line 2)"),
                "{problems:?}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(watermark(&registry), None);

    // Applied: stored, with the run that brought it.
    sync(
        &mut registry,
        lms(
            "xapi",
            "2026-11-21",
            statement("2026-11-20"),
            end("2026-11-21T03:00:00Z"),
        ),
        evidence_role(),
    );
    assert_eq!(
        watermark(&registry).as_deref(),
        Some("2026-11-21T03:00:00Z")
    );

    // The next dry run leaves it; the next apply moves it on.
    sync(
        &mut registry,
        lms(
            "xapi",
            "2026-11-22",
            statement("2026-11-21"),
            end("2026-11-22T03:00:00Z"),
        ),
        dry,
    );
    assert_eq!(
        watermark(&registry).as_deref(),
        Some("2026-11-21T03:00:00Z")
    );
    sync(
        &mut registry,
        lms(
            "xapi",
            "2026-11-22",
            statement("2026-11-21"),
            end("2026-11-22T03:00:00Z"),
        ),
        evidence_role(),
    );
    assert_eq!(
        watermark(&registry).as_deref(),
        Some("2026-11-22T03:00:00Z")
    );
    let latest_run = registry
        .runs()
        .unwrap_or_else(|e| panic!("runs: {e}"))
        .first()
        .map(|r| r.id);
    assert_eq!(
        Some(count(
            &registry,
            "SELECT run_id FROM source_watermarks WHERE key = 'xapi http://127.0.0.1:8080/xAPI'"
        )),
        latest_run
    );

    // A run stopped by the termination guard: not stored either.
    let mut empty_full = snapshot(
        "wlx",
        SnapshotKind::Full,
        "2026-11-23",
        catalog(),
        vec![],
        end("2026-11-23T03:00:00Z"),
    );
    let strict = SyncConfig {
        max_terminations: TerminationLimit::Count(0),
        ..people_role()
    };
    match registry.sync(&mut empty_full, HR_FILE, &strict) {
        Err(Error::GuardTripped { report, .. }) => assert_eq!(report.n_terminated, 3),
        other => panic!("expected the guard to trip, got {other:?}"),
    }
    assert_eq!(
        watermark(&registry).as_deref(),
        Some("2026-11-22T03:00:00Z")
    );
    assert_eq!(
        registry.watermark("xapi http://other/xAPI").ok(),
        Some(None)
    );
}

#[test]
fn source_digests_hold_one_row_per_evidence_source_and_person() {
    let mut registry = first_run();
    assert_eq!(
        registry.schema_version().ok(),
        Some(skillreg_store::SCHEMA_VERSION)
    );
    // The owner keeps its digests in persons, not in source_digests.
    assert_eq!(count(&registry, "SELECT count(*) FROM source_digests"), 0);
    assert_eq!(
        count(
            &registry,
            "SELECT count(*) FROM persons WHERE digest IS NOT NULL"
        ),
        3
    );

    // A dry run writes no digest.
    sync(
        &mut registry,
        lms("lms", "2026-11-21", lms_night(), SourceEnd::default()),
        SyncConfig {
            dry_run: true,
            ..evidence_role()
        },
    );
    assert_eq!(count(&registry, "SELECT count(*) FROM source_digests"), 0);

    sync(
        &mut registry,
        lms("lms", "2026-11-21", lms_night(), SourceEnd::default()),
        evidence_role(),
    );
    // A second evidence source names Anna too.
    sync(
        &mut registry,
        lms(
            "xapi",
            "2026-11-21",
            vec![record(
                LMS_FILE,
                "10023",
                "Anna Lindqvist",
                2,
                &[],
                &["competence O365 2 self 2026-11-20"],
            )],
            SourceEnd::default(),
        ),
        evidence_role(),
    );
    let mut stmt = registry
        .hr_connection()
        .unwrap()
        .prepare(
            "SELECT d.source, p.employee_no, length(d.digest) FROM source_digests d
             JOIN persons p ON p.id = d.person_id ORDER BY d.source, p.employee_no",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "{} {} {} bytes",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?
            ))
        })
        .unwrap_or_else(|e| panic!("{e}"))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    // The unknown substitute 10099 has none: he is not in the registry.
    assert_eq!(
        rows,
        [
            "lms 10023 16 bytes",
            "lms 10024 16 bytes",
            "xapi 10023 16 bytes"
        ]
    );
    // The owner's digests were left alone.
    assert_eq!(
        count(
            &registry,
            "SELECT count(*) FROM persons WHERE digest IS NOT NULL"
        ),
        3
    );
}

#[test]
fn a_person_the_owner_terminated_still_receives_evidence() {
    let mut registry = first_run();
    // Mohammed leaves: absent from the HR system's full export on 1 December.
    let report = sync(
        &mut registry,
        hr("2026-12-01", vec![karin(), anna()]),
        people_role(),
    );
    assert_eq!(report.terminated(), ["10024"]);
    assert_eq!(
        employments(&registry, "10024"),
        ["Mohammed Al-Sayed", "SOC-HT USK 2021-08-15..2026-11-30"]
    );
    // The course he finished on his last week arrives from the platform afterwards.
    let report = sync(
        &mut registry,
        lms(
            "lms",
            "2026-12-02",
            vec![record(
                LMS_FILE,
                "10024",
                "Mohammed Al-Sayed",
                2,
                &[],
                &["result LC-DOK 2026-11-27"],
            )],
            SourceEnd::default(),
        ),
        evidence_role(),
    );
    assert_eq!(
        summary(&report),
        "evidence seen 1 | created 0 updated 1 reactivated 0 terminated 0 unchanged 0 | \
         evidence 1 | warnings 0 skipped 0"
    );
    assert_eq!(
        evidence_rows(&registry, "10024"),
        [
            "LIFECARE self 1 2026-09-15 from wlx",
            "LIFECARE course 2 2026-11-27 LC-DOK from lms",
        ]
    );
    // And he stays terminated.
    assert_eq!(
        employments(&registry, "10024"),
        ["Mohammed Al-Sayed", "SOC-HT USK 2021-08-15..2026-11-30"]
    );
}

#[test]
fn refused_evidence_run_is_logged_with_its_role() {
    let mut registry = first_run();
    // The same person twice refuses even an evidence-only source.
    let twice = |line| {
        record(
            LMS_FILE,
            "10023",
            "Anna Lindqvist",
            line,
            &[],
            &["result LC-DOK 2026-11-20"],
        )
    };
    let mut bad = lms(
        "lms",
        "2026-11-21",
        vec![twice(2), twice(3)],
        SourceEnd::default(),
    );
    assert!(matches!(
        registry.sync(&mut bad, LMS_FILE, &evidence_role()),
        Err(Error::Refused { .. })
    ));
    assert_eq!(
        run_log(&registry).first().map(String::as_str),
        Some("lms refused role evidence warnings 0 skipped 0 evidence 0")
    );
}

#[test]
fn names_if_new_keeps_a_known_units_name_and_parent_in_the_registry() {
    let mut registry = first_run();
    // A payroll export: cost centres mapped to registry codes, named by their payroll codes.
    let unit = |id: &str, name: &str, parent: Option<&str>| OrgUnit {
        id: id.into(),
        name: name.into(),
        parent: parent.map(str::to_string),
    };
    let payroll = SourceCatalog {
        catalog: Catalog {
            units: vec![
                unit("SOC-HT", "5110", None),
                unit("SOC-HT-SÖ", "5130", Some("SOC")),
            ],
            occupations: vec![Occupation {
                code: "USK".into(),
                name: "522301".into(),
            }],
            ..Catalog::default()
        },
        locations: CatalogLocations::default(),
        names_if_new: true,
    };
    let report = sync(
        &mut registry,
        snapshot(
            "lon",
            SnapshotKind::Delta,
            "2026-11-21",
            payroll,
            vec![record(
                "lon.csv",
                "10031",
                "Liisa Korhonen",
                4,
                &["SOC-HT-SÖ USK 2026-11-15.. manager 10001"],
                &[],
            )],
            SourceEnd::default(),
        ),
        people_role(),
    );
    assert_eq!(
        report
            .catalog
            .iter()
            .map(|op| format!("{:?} {}", op.change, op.item.label()))
            .collect::<Vec<_>>(),
        ["Created unit SOC-HT-SÖ"]
    );
    let catalog = registry
        .catalog()
        .unwrap_or_else(|e| panic!("catalog: {e}"));
    assert_eq!(
        catalog.unit("SOC-HT"),
        Some(&unit("SOC-HT", "Hemtjänst Norr", Some("SOC")))
    );
    assert_eq!(
        catalog.unit("SOC-HT-SÖ"),
        Some(&unit("SOC-HT-SÖ", "5130", Some("SOC")))
    );
    assert_eq!(
        catalog
            .occupations
            .iter()
            .find(|o| o.code == "USK")
            .map(|o| o.name.as_str()),
        Some("Undersköterska")
    );
    assert_eq!(
        employments(&registry, "10031"),
        ["Liisa Korhonen", "SOC-HT-SÖ USK 2026-11-15.."]
    );
}
