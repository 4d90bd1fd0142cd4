//! Data subject requests: everything held about one person ([`Registry::subject_export`]),
//! and erasure of the people who left ([`Registry::erase_terminated_before`]).
//!
//! Written-down choices where DOMAIN.md is silent:
//! - **Who is erased.** A person whose every employment ended before the cutoff day: nobody
//!   with an ongoing employment, or one that ended on or after the cutoff, is touched.
//! - **What erasure does.** The person's row stays, with their employments and evidence, so that
//!   reports for past days still add up, but everything that names them goes: the employee
//!   number becomes `erased-<n>`, names and email are emptied, their per-source digests are
//!   deleted, and their number is removed wherever it names them as someone's manager or
//!   assessor. What is left is a person with no name, in a unit and occupation, with levels.
//!   The audit trail keeps its rows (who read or changed what, when), but where they name an
//!   erased number they now say `erased-<n>`: the same person, without the name.
//! - **A source that still lists them.** A keyed hash of each erased employee number is kept
//!   (never the number), with their last day. A sync that meets the number again with no
//!   employment after that day skips the record with a warning, so the old data does not come
//!   back; a record with a later employment (someone rehired) is let through as a new person
//!   with the later employments only (the earlier ones are still counted, without a name).
//!   References to an erased manager are dropped; a rehired manager's reports are linked again
//!   from the sync after the one that brought the manager back.

use std::collections::HashMap;

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;
use skillreg_core::snapshot::{SnapshotHeader, SourceEnd};
use skillreg_core::{CurrentSource, EvidenceKind, Level, Problem, SourceCatalog};

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::sql::{self, day_col, to_day};

/// Everything the registry holds about one person, with field names a person can read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectExport {
    /// What the export is and what is not in it.
    #[serde(rename = "About this export")]
    pub about: &'static str,
    /// The day it was made.
    #[serde(rename = "Made on")]
    pub made_on: NaiveDate,
    /// Employee number.
    #[serde(rename = "Employee number")]
    pub employee_no: String,
    /// Given name.
    #[serde(rename = "Given name")]
    pub given_name: String,
    /// Family name.
    #[serde(rename = "Family name")]
    pub family_name: String,
    /// Work email.
    #[serde(rename = "Work email")]
    pub email: Option<String>,
    /// Every employment, past and present.
    #[serde(rename = "Employments")]
    pub employments: Vec<SubjectEmployment>,
    /// The levels as the registry computes them on `made_on`.
    #[serde(rename = "Levels today")]
    pub levels: Vec<SubjectLevel>,
    /// Every piece of evidence, in the order it was recorded.
    #[serde(rename = "Evidence")]
    pub evidence: Vec<SubjectEvidence>,
    /// Referrals to courses.
    #[serde(rename = "Referrals to courses")]
    pub referrals: Vec<SubjectReferral>,
    /// Self-assessment rounds the person was asked in.
    #[serde(rename = "Self-assessment rounds")]
    pub rounds: Vec<SubjectRound>,
    /// How many employments of other people name this person as their manager.
    #[serde(rename = "Employments of others naming this person as manager")]
    pub n_managed_employments: u64,
    /// How many assessments of other people this person made as manager.
    #[serde(rename = "Assessments of others made by this person")]
    pub n_assessments_made: u64,
}

/// One employment in a [`SubjectExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectEmployment {
    /// Unit id.
    #[serde(rename = "Unit")]
    pub unit: String,
    /// Unit name.
    #[serde(rename = "Unit name")]
    pub unit_name: String,
    /// Occupation code.
    #[serde(rename = "Occupation")]
    pub occupation: String,
    /// Occupation name.
    #[serde(rename = "Occupation name")]
    pub occupation_name: String,
    /// Percent of full time.
    #[serde(rename = "Percent of full time")]
    pub percent: Option<u8>,
    /// First day.
    #[serde(rename = "First day")]
    pub start: NaiveDate,
    /// Last day.
    #[serde(rename = "Last day")]
    pub end: Option<NaiveDate>,
    /// Manager's employee number.
    #[serde(rename = "Manager's employee number")]
    pub manager: Option<String>,
    /// The primary employment.
    #[serde(rename = "Primary employment")]
    pub primary: bool,
}

/// One system's levels in a [`SubjectExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectLevel {
    /// System name and code.
    #[serde(rename = "System")]
    pub system: String,
    /// The level the role needs.
    #[serde(rename = "Target level")]
    pub target: Option<Level>,
    /// Confirmed by a manager or a course.
    #[serde(rename = "Confirmed level")]
    pub confirmed: Option<Level>,
    /// The person's own rating.
    #[serde(rename = "Self-assessed level")]
    pub self_level: Option<Level>,
    /// The level the registry counts.
    #[serde(rename = "Current level")]
    pub current: Option<Level>,
    /// Where the current level comes from.
    #[serde(rename = "Current level comes from")]
    pub current_source: &'static str,
    /// Levels short of the target.
    #[serde(rename = "Gap")]
    pub gap: u8,
}

/// One piece of evidence in a [`SubjectExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectEvidence {
    /// System name and code.
    #[serde(rename = "System")]
    pub system: String,
    /// Level.
    #[serde(rename = "Level")]
    pub level: Level,
    /// Its date.
    #[serde(rename = "Date")]
    pub date: NaiveDate,
    /// Self-assessment, manager assessment or course result.
    #[serde(rename = "Kind")]
    pub kind: &'static str,
    /// The assessing manager, for a manager assessment.
    #[serde(rename = "Assessed by")]
    pub assessor: Option<String>,
    /// The course, for a course result.
    #[serde(rename = "Course")]
    pub course: Option<String>,
    /// The system or registry function it came from.
    #[serde(rename = "Came from")]
    pub source: String,
    /// The sync run that brought it.
    #[serde(rename = "Sync run")]
    pub run_id: Option<i64>,
    /// The user who entered it.
    #[serde(rename = "Entered by")]
    pub entered_by: Option<String>,
}

/// One referral in a [`SubjectExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectReferral {
    /// Course code.
    #[serde(rename = "Course")]
    pub course: String,
    /// Made on.
    #[serde(rename = "Referred on")]
    pub created: NaiveDate,
    /// Due day.
    #[serde(rename = "Due")]
    pub due: Option<NaiveDate>,
    /// Cancelled on.
    #[serde(rename = "Cancelled on")]
    pub cancelled: Option<NaiveDate>,
    /// Who referred.
    #[serde(rename = "Referred by")]
    pub referred_by: Option<String>,
}

/// One self-assessment round in a [`SubjectExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectRound {
    /// The round's number.
    #[serde(rename = "Round")]
    pub round: i64,
    /// The occupation asked.
    #[serde(rename = "Occupation")]
    pub occupation: String,
    /// Opening day.
    #[serde(rename = "Opened")]
    pub opened: NaiveDate,
    /// Closing day.
    #[serde(rename = "Closes")]
    pub closes: NaiveDate,
    /// The systems on the person's form.
    #[serde(rename = "Systems on the form")]
    pub systems: Vec<String>,
}

/// What [`Registry::erase_terminated_before`] did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Erasure {
    /// Everyone whose every employment ended before this day.
    pub cutoff: NaiveDate,
    /// People erased.
    pub n_people: u64,
    /// Employments of others whose manager number was removed.
    pub n_manager_links: u64,
    /// Evidence whose assessor number was removed.
    pub n_assessor_links: u64,
    /// Audit trail rows whose mention of an erased number now says `erased-<n>` instead.
    pub n_audit_rows: u64,
    /// Nothing was written.
    pub dry_run: bool,
}

const ABOUT: &str = "Everything the competence registry (skillreg) holds about you: your name, \
work email and employee number, your employments, the evidence of what you can do in each \
system and where it came from, referrals to courses, the self-assessment rounds you were asked \
in, and the levels the registry computes from them. The registry holds no national identity \
number and no notes about health or performance.";

fn kind_name(kind: &EvidenceKind) -> &'static str {
    match kind {
        EvidenceKind::SelfAssessment => "self-assessment",
        EvidenceKind::ManagerAssessment { .. } => "manager assessment",
        EvidenceKind::CourseResult { .. } => "course result",
    }
}

fn source_name(source: CurrentSource) -> &'static str {
    match source {
        CurrentSource::Confirmed => "confirmed",
        CurrentSource::SelfAssessed => "self-assessment",
        CurrentSource::None => "not assessed",
    }
}

/// The key an erased employee number is remembered by: a keyed BLAKE3 hash, not the number.
pub(crate) fn erased_key(employee_no: &str) -> [u8; 32] {
    const KEY: [u8; 32] = *b"skillreg erased employee number.";
    *blake3::keyed_hash(&KEY, employee_no.as_bytes()).as_bytes()
}

fn count(conn: &Connection, sql: &str, arg: &str) -> Result<u64> {
    let n: i64 = conn.query_row(sql, [arg], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or_default())
}

impl Registry {
    /// Everything held about `employee_no` (GDPR art. 15), as of `day` for the computed levels.
    ///
    /// ```
    /// let mut registry = skillreg_store::Registry::open_in_memory(skillreg_store::Actor::Hr)?;
    /// let mut sample = skillreg_wlx::WlxReader::new(skillreg_testkit::SAMPLE_EXPORT)?;
    /// registry.sync(&mut sample, "sample-export.xml", &skillreg_core::sync::SyncConfig::default())?;
    /// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    /// let export = registry.subject_export("10023", day)?;
    /// assert_eq!(export.given_name, "Anna");
    /// let json = serde_json::to_value(&export)?;
    /// assert_eq!(json["Employments"][0]["Unit name"], "Hemtjänst Centrum");
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn subject_export(&self, employee_no: &str, day: NaiveDate) -> Result<SubjectExport> {
        // The person themself, or HR on their behalf.
        let own =
            matches!(self.actor(), Actor::Employee(me) | Actor::Manager(me) if me == employee_no);
        if !own {
            self.require_hr("export everything held about a person")?;
        }
        let employee = self.employee(employee_no)?;
        let catalog = self.catalog()?;
        let conn = self.connection();
        let person = sql::person_id(conn, employee_no)?
            .ok_or_else(|| Error::UnknownEmployee(employee_no.to_string()))?;
        let unit_name = |id: &str| {
            catalog
                .unit(id)
                .map_or_else(|| id.to_string(), |u| u.name.clone())
        };
        let occupation_name = |code: &str| {
            catalog
                .occupations
                .iter()
                .find(|o| o.code == code)
                .map_or_else(|| code.to_string(), |o| o.name.clone())
        };
        let system_name = |code: &str| {
            catalog
                .system(code)
                .map_or_else(|| code.to_string(), |s| format!("{} ({code})", s.name))
        };
        let employments = employee
            .employments
            .iter()
            .map(|e| SubjectEmployment {
                unit: e.unit.clone(),
                unit_name: unit_name(&e.unit),
                occupation: e.occupation.clone(),
                occupation_name: occupation_name(&e.occupation),
                percent: e.percent,
                start: e.start,
                end: e.end,
                manager: e.manager.clone(),
                primary: e.primary,
            })
            .collect();
        let levels = self
            .profile(employee_no, day)?
            .systems
            .into_iter()
            .map(|s| SubjectLevel {
                system: system_name(&s.system),
                target: s.target,
                confirmed: s.confirmed,
                self_level: s.self_level,
                current: s.current,
                current_source: source_name(s.current_source),
                gap: s.gap,
            })
            .collect();
        let evidence = self
            .history(employee_no)?
            .into_iter()
            .map(|h| {
                let (assessor, course) = match &h.evidence.kind {
                    EvidenceKind::ManagerAssessment { assessor } => (assessor.clone(), None),
                    EvidenceKind::CourseResult { course, .. } => (None, course.clone()),
                    EvidenceKind::SelfAssessment => (None, None),
                };
                SubjectEvidence {
                    system: system_name(&h.evidence.system),
                    level: h.evidence.level,
                    date: h.evidence.date,
                    kind: kind_name(&h.evidence.kind),
                    assessor,
                    course,
                    source: h.source,
                    run_id: h.run_id,
                    entered_by: h.entered_by,
                }
            })
            .collect();
        let referrals = sql::load_referrals(conn, person)?
            .into_iter()
            .map(|r| SubjectReferral {
                course: r.course,
                created: r.created,
                due: r.due,
                cancelled: r.cancelled,
                referred_by: r.referred_by,
            })
            .collect();
        let mut rounds: Vec<SubjectRound> = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT r.id, o.name, r.opened_day, r.closes_day, s.code
                 FROM round_members m
                 JOIN rounds r ON r.id = m.round_id
                 JOIN occupations o ON o.id = r.occupation_id
                 LEFT JOIN round_systems rs ON rs.round_id = m.round_id AND rs.person_id = m.person_id
                 LEFT JOIN systems s ON s.id = rs.system_id
                 WHERE m.person_id = ?1 ORDER BY r.id, s.code",
            )?;
            let rows = stmt.query_map([person], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    day_col(r, 2)?,
                    day_col(r, 3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?;
            for row in rows {
                let (id, occupation, opened, closes, system) = row?;
                if rounds.last().is_none_or(|r| r.round != id) {
                    rounds.push(SubjectRound {
                        round: id,
                        occupation,
                        opened,
                        closes,
                        systems: Vec::new(),
                    });
                }
                if let (Some(last), Some(system)) = (rounds.last_mut(), system) {
                    last.systems.push(system);
                }
            }
        }
        if !own {
            self.log(
                "export subject data",
                Some(employee_no),
                "everything held (right of access)",
            )?;
        }
        Ok(SubjectExport {
            about: ABOUT,
            made_on: day,
            employee_no: employee.employee_no.clone(),
            given_name: employee.given_name.clone(),
            family_name: employee.family_name.clone(),
            email: employee.email.clone(),
            employments,
            levels,
            evidence,
            referrals,
            rounds,
            n_managed_employments: count(
                conn,
                "SELECT count(*) FROM employments WHERE manager_no = ?1",
                employee_no,
            )?,
            n_assessments_made: count(
                conn,
                "SELECT count(*) FROM evidence WHERE kind = 1 AND assessor = ?1",
                employee_no,
            )?,
        })
    }

    /// Erases the personal data of everyone whose every employment ended before `cutoff` (see
    /// the module documentation for what is kept and why), in one transaction. With `dry_run`
    /// nothing is written and the counts say what would be.
    ///
    /// ```
    /// // The sample organisation (fixtures/winlas/sample-export.xml), asked by HR.
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let cutoff = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).ok_or("date")?;
    /// // 10041 left on 2026-06-30.
    /// assert_eq!(registry.erase_terminated_before(cutoff, false)?.n_people, 1);
    /// assert!(registry.employee("10041").is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn erase_terminated_before(&mut self, cutoff: NaiveDate, dry_run: bool) -> Result<Erasure> {
        self.require_hr("erase the personal data of people who left")?;
        let cutoff_day = to_day(cutoff);
        // Overwrite what is deleted or replaced with zeros, so the old names do not linger in
        // the file's free space.
        self.connection()
            .pragma_update(None, "secure_delete", true)?;
        let tx = self.transaction()?;
        let people: Vec<(i64, String, i64)> = {
            let mut stmt = tx.prepare(
                "SELECT p.id, p.employee_no, max(e.end_day) FROM persons p
                 JOIN employments e ON e.person_id = p.id
                 WHERE p.employee_no NOT LIKE 'erased-%'
                 GROUP BY p.id
                 HAVING count(*) = count(e.end_day) AND max(e.end_day) < ?1",
            )?;
            stmt.query_map([cutoff_day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut erasure = Erasure {
            cutoff,
            n_people: people.len() as u64,
            n_manager_links: 0,
            n_assessor_links: 0,
            n_audit_rows: 0,
            dry_run,
        };
        let erased_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        tx.execute("INSERT OR IGNORE INTO erasing (one) VALUES (1)", [])?;
        for (id, employee_no, last_day) in &people {
            erasure.n_manager_links += tx.execute(
                "UPDATE employments SET manager_no = NULL WHERE manager_no = ?1",
                [employee_no],
            )? as u64;
            erasure.n_assessor_links += tx.execute(
                "UPDATE evidence SET assessor = NULL WHERE kind = 1 AND assessor = ?1",
                [employee_no],
            )? as u64;
            tx.execute("DELETE FROM source_digests WHERE person_id = ?1", [id])?;
            erasure.n_audit_rows += pseudonymise_audit(&tx, employee_no, &format!("erased-{id}"))?;
            tx.execute(
                "UPDATE persons SET employee_no = 'erased-' || id, given_name = '', family_name = '',
                        email = NULL, digest = NULL WHERE id = ?1",
                [id],
            )?;
            tx.execute(
                "INSERT INTO erased_people (employee_key, last_day, erased_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (employee_key) DO UPDATE SET last_day = max(last_day, excluded.last_day),
                     erased_at = excluded.erased_at",
                params![&erased_key(employee_no)[..], last_day, erased_at],
            )?;
        }
        tx.execute("DELETE FROM erasing", [])?;
        if dry_run {
            tx.rollback()?;
            return Ok(erasure);
        }
        tx.commit()?;
        self.log(
            "erase people who left",
            None,
            &format!(
                "{} people whose every employment ended before {cutoff}",
                erasure.n_people
            ),
        )?;
        // The old pages also live in the write-ahead log until a checkpoint copies it back.
        if erasure.n_people > 0 {
            self.connection()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(erasure)
    }

    /// The last day of every erased employee number, by key, for a sync to skip them; numbers
    /// that are in the registry again (someone rehired) are not erased any more.
    pub(crate) fn erased_people(&self) -> Result<HashMap<[u8; 32], NaiveDate>> {
        let mut stmt = self
            .connection()
            .prepare("SELECT employee_key, last_day FROM erased_people")?;
        let rows = stmt.query_map([], |r| {
            let key: Vec<u8> = r.get(0)?;
            Ok((key, day_col(r, 1)?))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (key, day) = row?;
            if let Ok(key) = <[u8; 32]>::try_from(key.as_slice()) {
                out.insert(key, day);
            }
        }
        if !out.is_empty() {
            let mut stmt = self
                .connection()
                .prepare("SELECT employee_no FROM persons WHERE employee_no NOT LIKE 'erased-%'")?;
            let numbers = stmt.query_map([], |r| r.get::<_, String>(0))?;
            for no in numbers {
                out.remove(&erased_key(&no?));
            }
        }
        Ok(out)
    }
}

/// `text` with every whole-word `number` (not part of a longer number or word) replaced.
fn replace_number(text: &str, number: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(number) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + number.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        out.push_str(&rest[..at]);
        out.push_str(if word(before) || word(after) {
            number
        } else {
            with
        });
        rest = &rest[at + number.len()..];
    }
    out.push_str(rest);
    out
}

/// Replaces an erased employee number in the audit trail (whose record was read, by whom,
/// through which command) with the erased person's new name, so that the trail still shows who
/// did what to the same pseudonymous person without naming them. Returns the rows changed.
fn pseudonymise_audit(tx: &Connection, number: &str, with: &str) -> Result<u64> {
    let rows: Vec<(i64, Option<String>, String, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, employee_no, actor, detail, via FROM audit_log
             WHERE employee_no = ?1 OR instr(actor, ?1) OR instr(detail, ?1) OR instr(via, ?1)",
        )?;
        stmt.query_map([number], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    let mut n = 0;
    for (id, employee_no, actor, detail, via) in rows {
        let employee_no = employee_no.map(|e| if e == number { with.to_string() } else { e });
        n += tx.execute(
            "UPDATE audit_log SET employee_no = ?2, actor = ?3, detail = ?4, via = ?5 WHERE id = ?1",
            params![
                id,
                employee_no,
                replace_number(&actor, number, with),
                replace_number(&detail, number, with),
                replace_number(&via, number, with)
            ],
        )? as u64;
    }
    Ok(n)
}

/// A snapshot with the people erased from the registry left out: a record whose employee number
/// was erased and whose employments all ended on or before the day of the erasure's last
/// employment is skipped with a warning (and is not taken as absent).
pub(crate) struct SkipErased<'a, S: skillreg_core::Snapshot + ?Sized> {
    inner: &'a mut S,
    erased: HashMap<[u8; 32], NaiveDate>,
    warnings: Vec<Problem>,
    skipped: Vec<String>,
}

impl<'a, S: skillreg_core::Snapshot + ?Sized> SkipErased<'a, S> {
    pub(crate) fn new(inner: &'a mut S, erased: HashMap<[u8; 32], NaiveDate>) -> Self {
        SkipErased {
            inner,
            erased,
            warnings: Vec::new(),
            skipped: Vec::new(),
        }
    }
}

impl<S: skillreg_core::Snapshot + ?Sized> skillreg_core::Snapshot for SkipErased<'_, S> {
    fn header(&self) -> &SnapshotHeader {
        self.inner.header()
    }

    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
        self.inner.catalog()
    }

    fn next_person(&mut self) -> Result<Option<skillreg_core::PersonRecord>, Vec<Problem>> {
        loop {
            let Some(record) = self.inner.next_person()? else {
                return Ok(None);
            };
            if self.erased.is_empty() {
                return Ok(Some(record));
            }
            let mut record = record;
            // A reference to an erased manager names nobody the registry may know.
            for e in &mut record.employments {
                if e.manager
                    .as_deref()
                    .is_some_and(|m| self.erased.contains_key(&erased_key(m)))
                {
                    e.manager = None;
                }
            }
            let Some(last_day) = self.erased.get(&erased_key(&record.employee_no)) else {
                return Ok(Some(record));
            };
            let last_day = *last_day;
            let newer = record
                .employments
                .iter()
                .any(|e| e.end.is_none_or(|end| end > last_day));
            if newer {
                // Someone rehired comes back as a new person with the new employments only:
                // the old ones are still counted, without a name, under the erased person.
                record
                    .employments
                    .retain(|e| e.end.is_none_or(|end| end > last_day));
                if !record.employments.iter().any(|e| e.primary)
                    && let Some(first) = record.employments.first_mut()
                {
                    first.primary = true;
                }
                return Ok(Some(record));
            }
            self.warnings.push(Problem::new(
                &record.location,
                None,
                "a person whose data was erased after they left; the record is left out so it \
                 does not come back (a new employment would bring them back)",
            ));
            self.skipped.push(record.employee_no);
        }
    }

    fn digest(&self) -> Option<String> {
        self.inner.digest()
    }

    fn finish(&mut self) -> SourceEnd {
        let mut end = self.inner.finish();
        end.warnings.append(&mut self.warnings);
        end.skipped.append(&mut self.skipped);
        end
    }

    fn field_name(&self, field: skillreg_core::Field) -> &str {
        self.inner.field_name(field)
    }
}

#[cfg(test)]
mod tests {
    use super::replace_number;

    #[test]
    fn only_whole_numbers_are_replaced() {
        assert_eq!(
            replace_number("skillreg brief 10041 --since 10041-x", "10041", "erased-8"),
            "skillreg brief erased-8 --since 10041-x"
        );
        assert_eq!(
            replace_number("manager:10041", "10041", "erased-8"),
            "manager:erased-8"
        );
        assert_eq!(
            replace_number("100410 and 210041", "10041", "erased-8"),
            "100410 and 210041"
        );
    }
}
