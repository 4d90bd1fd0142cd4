//! End to end: the sample organisation from its WLX export, then course results from the LRS,
//! through the real sync engine and SQLite store.

use chrono::{Local, NaiveDate};
use skillreg_core::sync::{PersonChange, PersonLine, SourceRole, SyncConfig};
use skillreg_core::{CurrentSource, EvidenceKind, Level, Standing};
use skillreg_store::{BriefConfig, Registry};
use skillreg_testkit::d;
use skillreg_wlx::WlxReader;

use crate::{Lrs, fetch_ok, mapping, winlas_fixture};

fn evidence_role() -> SyncConfig {
    SyncConfig {
        role: SourceRole::Evidence,
        ..SyncConfig::default()
    }
}

fn sample_registry() -> Registry {
    let mut registry =
        Registry::open_in_memory(skillreg_store::Actor::Hr).unwrap_or_else(|e| panic!("open: {e}"));
    let path = winlas_fixture("sample-export.xml");
    let mut reader = WlxReader::open(&path).unwrap_or_else(|e| panic!("{e}"));
    registry
        .sync(&mut reader, "sample-export.xml", &SyncConfig::default())
        .unwrap_or_else(|e| panic!("WLX sync: {e}"));
    registry
}

fn lifecare(registry: &Registry, no: &str, on: NaiveDate) -> Standing {
    let profile = registry
        .profile(no, on)
        .unwrap_or_else(|e| panic!("profile {no}: {e}"));
    let found = profile.systems.into_iter().find(|s| s.system == "LIFECARE");
    found.unwrap_or_else(|| panic!("{no} has no LIFECARE standing"))
}

fn open_referrals(registry: &Registry, no: &str, on: NaiveDate) -> Vec<String> {
    let brief = registry
        .brief(no, &BriefConfig::new(on))
        .unwrap_or_else(|e| panic!("brief {no}: {e}"));
    brief.open_referrals.into_iter().map(|r| r.course).collect()
}

fn n_evidence(registry: &Registry, no: &str) -> usize {
    registry
        .history(no)
        .unwrap_or_else(|e| panic!("history {no}: {e}"))
        .len()
}

#[test]
fn course_results_from_the_lrs_close_gaps_and_referrals_and_a_rerun_writes_nothing() {
    let lrs = Lrs::start("statements.json");
    let mut registry = sample_registry();
    let today = Local::now().date_naive();
    let referred = d("2026-11-01");
    for no in ["10023", "10031"] {
        registry
            .refer(no, "LC-HANDL", referred, Some(d("2026-12-31")), "10030")
            .unwrap_or_else(|e| panic!("refer {no}: {e}"));
    }

    // Before: Linnéa (SSK, target 3) has a gap of 1; Anna (USK, target 2) is confirmed 3 by
    // her manager; both are referred to LC-HANDL.
    let linnea = lifecare(&registry, "10031", today);
    assert_eq!(
        (linnea.target, linnea.current, linnea.gap),
        (Some(Level::Advanced), Some(Level::Independent), 1)
    );
    assert_eq!(linnea.referred_courses, ["LC-HANDL"]);
    assert_eq!(open_referrals(&registry, "10023", today), ["LC-HANDL"]);
    assert_eq!(open_referrals(&registry, "10031", today), ["LC-HANDL"]);
    let held: Vec<usize> = ["10023", "10024", "10031"]
        .iter()
        .map(|no| n_evidence(&registry, no))
        .collect();

    let config = lrs.config(2);
    let mut snapshot =
        skillreg_xapi::fetch(&config, &mapping(), None).unwrap_or_else(|e| panic!("fetch: {e}"));
    let report = registry
        .sync(&mut snapshot, &lrs.base_url(), &evidence_role())
        .unwrap_or_else(|e| panic!("xAPI sync: {e}"));
    let line = |no: &str| PersonLine {
        employee_no: no.to_string(),
        change: PersonChange::Updated,
        n_evidence: 1,
    };
    assert_eq!(report.people, [line("10023"), line("10024"), line("10031")]);
    assert_eq!(
        (report.n_evidence, report.n_created, report.n_terminated),
        (3, 0, 0)
    );
    assert_eq!((report.n_warnings, report.n_skipped), (4, 0));
    assert!(report.catalog.is_empty());
    // Statement 5 (an unmapped mailbox) holds the watermark at statement 4.
    let watermark = lrs.stored_of(4);
    assert_eq!(
        registry
            .watermark(&config.watermark_key())
            .unwrap_or_else(|e| panic!("{e}")),
        Some(watermark.clone())
    );

    // After: Linnéa's LC-HANDL (level 3, 2026-11-17) reaches her target; Anna's (level 3,
    // 2026-11-16) keeps her at her target, now by two kinds of evidence; both referrals closed.
    let linnea = lifecare(&registry, "10031", today);
    assert_eq!(
        (linnea.target, linnea.confirmed, linnea.current, linnea.gap),
        (
            Some(Level::Advanced),
            Some(Level::Advanced),
            Some(Level::Advanced),
            0
        )
    );
    assert_eq!(linnea.current_source, CurrentSource::Confirmed);
    assert!(linnea.referred_courses.is_empty());
    let anna = lifecare(&registry, "10023", today);
    assert_eq!(
        (anna.target, anna.confirmed, anna.gap),
        (Some(Level::Independent), Some(Level::Advanced), 0)
    );
    assert_eq!(
        open_referrals(&registry, "10023", today),
        Vec::<String>::new()
    );
    assert_eq!(
        open_referrals(&registry, "10031", today),
        Vec::<String>::new()
    );
    // As of the day before her course, Linnéa still had the gap: the result counts from its day.
    assert_eq!(lifecare(&registry, "10031", d("2026-11-16")).gap, 1);
    let history = registry.history("10031").unwrap_or_else(|e| panic!("{e}"));
    let last = history.last().unwrap_or_else(|| panic!("no history"));
    assert_eq!(last.source, "xapi");
    assert_eq!(last.evidence.date, d("2026-11-17"));
    assert!(matches!(
        &last.evidence.kind,
        EvidenceKind::CourseResult { course: Some(c), .. } if c == "LC-HANDL"
    ));

    // The next night, from the stored watermark: nothing new, nothing written.
    let since = registry
        .watermark(&config.watermark_key())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut snapshot = skillreg_xapi::fetch(&config, &mapping(), since.as_deref())
        .unwrap_or_else(|e| panic!("fetch: {e}"));
    let report = registry
        .sync(&mut snapshot, &lrs.base_url(), &evidence_role())
        .unwrap_or_else(|e| panic!("xAPI sync: {e}"));
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(
        (report.n_seen, report.n_evidence, report.n_warnings),
        (0, 0, 0)
    );
    assert_eq!(
        registry
            .watermark(&config.watermark_key())
            .unwrap_or_else(|e| panic!("{e}")),
        Some(watermark)
    );
    let after: Vec<usize> = ["10023", "10024", "10031"]
        .iter()
        .map(|no| n_evidence(&registry, no))
        .collect();
    assert_eq!(after, held.iter().map(|n| n + 1).collect::<Vec<_>>());
}

/// Reading everything again (a lost watermark) is harmless: the engine keeps evidence it
/// already holds once.
#[test]
fn reading_every_statement_again_adds_no_evidence() {
    let lrs = Lrs::start("statements.json");
    let mut registry = sample_registry();
    let config = lrs.config(100);
    for round in 0..2 {
        let mut snapshot = skillreg_xapi::fetch(&config, &mapping(), None)
            .unwrap_or_else(|e| panic!("fetch: {e}"));
        let report = registry
            .sync(&mut snapshot, &lrs.base_url(), &evidence_role())
            .unwrap_or_else(|e| panic!("xAPI sync: {e}"));
        let expected = if round == 0 { (3, 3, 0) } else { (0, 0, 3) };
        assert_eq!(
            (report.n_evidence, report.n_updated, report.n_unchanged),
            expected,
            "round {round}"
        );
    }
    assert_eq!(fetch_ok(&config, None).people.len(), 3);
}

/// A mapping file that maps an activity to a course code the competence system does not have:
/// the engine leaves those results out, and its warning points at the mapping file, where the
/// LRS's administrator can correct it (an LRS has no catalog of its own to add the course to).
#[test]
fn a_course_code_the_registry_lacks_is_left_out_naming_the_mapping_file() {
    let lrs = Lrs::start("statements.json");
    let mut registry = sample_registry();
    let text = std::fs::read_to_string(crate::fixture_path("mapping.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let stale = text.replacen("= \"LC-HANDL\"", "= \"LC-HANDLEDARE\"", 1);
    assert_ne!(stale, text);
    let stale = skillreg_xapi::XapiMapping::parse(&stale).unwrap_or_else(|e| panic!("{e}"));
    let mut snapshot = skillreg_xapi::fetch(&lrs.config(100), &stale, None)
        .unwrap_or_else(|e| panic!("fetch: {e}"));
    let report = registry
        .sync(&mut snapshot, &lrs.base_url(), &evidence_role())
        .unwrap_or_else(|e| panic!("xAPI sync: {e}"));
    let left_out: Vec<String> = report
        .warnings
        .iter()
        .filter(|w| w.value.as_deref() == Some("LC-HANDLEDARE"))
        .map(|w| w.message.clone())
        .collect();
    assert!(!left_out.is_empty(), "{:?}", report.warnings);
    for message in left_out {
        assert_eq!(
            message,
            "unknown course: add it to the competence system's courses or correct the course \
             code in [courses] of the mapping file; the record was left out"
        );
    }
}
