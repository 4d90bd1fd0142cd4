//! A person's own answers, entered by the person (online): the rounds that ask them with their
//! forms ([`Registry::rounds_asking`], [`Registry::own_round_form`]), their answers to one round
//! ([`Registry::answer_round`]) and a self-assessment of any system outside a round
//! ([`Registry::record_self_assessments`]).
//!
//! Written-down choices where the rules are silent (docs/src/guides/hr.md#self-assessment-rounds):
//! - **Who may.** The person themself (as an employee or as a manager: a manager rates
//!   themself like anyone else) and HR for anyone. A manager may not answer for their reports:
//!   a self-assessment is the person's own word.
//! - **Open** means the round has opened and has not closed on the day asked: online answers to
//!   a closed round are refused (an answers file may still bring late answers, see
//!   [`Registry::import_round_answers`]).
//! - **All or nothing.** Every answer is checked first: a known level (1-4, or blank for no
//!   answer), the person was asked, the system is on their form (or, outside a round, in the
//!   catalog), no system answered twice, and the round open on the day. One problem refuses
//!   every answer ([`Error::Refused`], each problem naming the system in its location's element
//!   and the value given); otherwise all are written in one transaction with one audit row.
//! - **Again.** Answering again with the same levels on the same day records nothing new: the
//!   answers come back counted as already held (`n_already`), and the audit trail says so.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use skillreg_core::model::{EvidenceDayFault, check_evidence_day};
use skillreg_core::view::{Round, RoundForm};
use skillreg_core::{Evidence, EvidenceKind, Level, Location, Problem, sync};

use super::answers::record_planned;
use super::read::form_system;
use super::{RoundAnswer, RoundImport};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::registry::{REGISTRY_SOURCE, Registry};
use crate::sql::{self, to_day};
use crate::target::{Ids, Origin, insert_evidence};

/// One answer on a person's own form, as entered: a system and the level chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormAnswer {
    /// System code.
    pub system: String,
    /// The level as entered: `1` to `4`, or empty for no answer.
    pub value: String,
}

impl FormAnswer {
    /// An answer of `value` for `system`.
    pub fn new(system: impl Into<String>, value: impl Into<String>) -> FormAnswer {
        FormAnswer {
            system: system.into(),
            value: value.into(),
        }
    }
}

/// A round that asks a person, with that person's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AskedRound {
    /// The round.
    pub round: Round,
    /// The person's form in it, with their latest self-assessment of each system.
    pub form: RoundForm,
}

impl AskedRound {
    /// Whether the round takes answers on `day`: it has opened and not yet closed.
    pub fn is_open(&self, day: NaiveDate) -> bool {
        self.round.opened <= day && day <= self.round.closes
    }
}

/// What [`Registry::record_self_assessments`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfAssessed {
    /// Self-assessments recorded.
    pub n_recorded: u64,
    /// Answers the registry already held (the same level, the same day).
    pub n_already: u64,
    /// Answers left blank.
    pub n_blank: u64,
}

/// Where an answer of `system` is on the form `input`: the system is the element.
fn at(input: &str, system: &str) -> Location {
    Location {
        file: Some(Arc::from(input)),
        element: Some(system.to_string()),
        ..Location::default()
    }
}

/// `value` as a level (`None` for blank), or the problem with it.
fn level_of(input: &str, answer: &FormAnswer) -> Result<Option<Level>, Problem> {
    if answer.value.is_empty() {
        return Ok(None);
    }
    answer.value.parse::<Level>().map(Some).map_err(|e| {
        Problem::new(
            &at(input, &answer.system),
            Some(&answer.value),
            format!("system {:?}: {e}", answer.system),
        )
    })
}

/// The problem with answering on `day`, if it is before 1900 or after today anywhere on Earth.
fn day_problem(input: &str, day: NaiveDate) -> Option<Problem> {
    let latest = (Utc::now() + chrono::Duration::hours(14)).date_naive();
    let fault = check_evidence_day(day, Some(latest)).err()?;
    let why = match fault {
        EvidenceDayFault::TooEarly => "is before 1900",
        EvidenceDayFault::AfterLatest => {
            "is after today: a self-assessment cannot be from the future"
        }
    };
    Some(Problem::new(
        &Location {
            file: Some(Arc::from(input)),
            ..Location::default()
        },
        Some(&day.to_string()),
        format!("the day {day} {why}"),
    ))
}

/// Who entered a person's answers: the person, or (HR for them) the actor.
fn entered_by(others: bool, actor: String, employee_no: &str) -> String {
    match others {
        true => actor,
        false => employee_no.to_string(),
    }
}

impl Registry {
    /// Refuses anyone but HR and the person themself (as an employee or a manager) to `action`
    /// `employee_no`. `Ok(true)` when it is someone else's record (HR: the read is logged).
    fn check_own(&self, employee_no: &str, action: &str) -> Result<bool> {
        match self.actor() {
            Actor::Hr => Ok(true),
            Actor::Employee(me) | Actor::Manager(me) if me == employee_no => Ok(false),
            _ => Err(self.denied(
                action,
                format!("employee {employee_no}"),
                "HR and the employee",
            )),
        }
    }

    /// The person id of `employee_no`, or [`Error::UnknownEmployee`].
    fn own_person(&self, employee_no: &str) -> Result<i64> {
        sql::person_id(self.connection(), employee_no)?
            .ok_or_else(|| Error::UnknownEmployee(employee_no.to_string()))
    }

    /// The form of `person` in round `id` up to `day`, or `None` when the round does not ask
    /// them.
    fn form_in(&self, id: i64, person: i64, day: NaiveDate) -> Result<Option<RoundForm>> {
        let conn = self.connection();
        let member = conn
            .prepare_cached(
                "SELECT p.employee_no, p.given_name, p.family_name, p.email, u.code, u.name
                 FROM round_members m
                 JOIN persons p ON p.id = m.person_id
                 JOIN org_units u ON u.id = m.unit_id
                 WHERE m.round_id = ?1 AND m.person_id = ?2",
            )?
            .query_row(params![id, person], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    format!("{} {}", r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .optional()?;
        let Some((employee_no, name, email, unit, unit_name)) = member else {
            return Ok(None);
        };
        let codes: Vec<String> = conn
            .prepare_cached(
                "SELECT s.code FROM round_systems rs JOIN systems s ON s.id = rs.system_id
                 WHERE rs.round_id = ?1 AND rs.person_id = ?2 ORDER BY s.code",
            )?
            .query_map(params![id, person], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let catalog = self.catalog()?;
        let evidence = sql::load_evidence(conn, person)?;
        let systems = codes
            .iter()
            .map(|code| form_system(&catalog, &evidence, code, day))
            .collect();
        Ok(Some(RoundForm {
            employee_no,
            name,
            email,
            unit,
            unit_name,
            systems,
        }))
    }

    /// The rounds open on `day` that ask `employee_no`, oldest first, each with their form and
    /// their latest self-assessment of each system up to `day`. The person themself (an
    /// employee or a manager) and HR may ask; HR's reading of someone's forms is logged.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_store::{Actor, RoundSpec};
    ///
    /// // The sample organisation (fixtures/winlas/sample-export.xml): HR opens a round for the
    /// // assistant nurses, and Anna (10023, USK) finds it among her rounds.
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
    /// let spec = RoundSpec { occupation: "USK".into(), unit: None, opens: day(11, 20)?, closes: day(12, 11)? };
    /// let round = registry.open_round(&spec, "hr")?;
    /// let anna = registry.with_actor(Actor::Employee("10023".into()));
    /// let asked = anna.rounds_asking("10023", day(11, 21)?)?;
    /// assert_eq!(asked.len(), 1);
    /// assert_eq!(asked[0].round.id, round.id);
    /// let systems: Vec<&str> = asked[0].form.systems.iter().map(|s| s.system.as_str()).collect();
    /// assert_eq!(systems, ["LIFECARE", "O365", "TIMECARE"]);
    /// // After it closes, no round asks her.
    /// assert!(anna.rounds_asking("10023", day(12, 12)?)?.is_empty());
    /// // Nor may she read another person's rounds.
    /// assert!(anna.rounds_asking("10024", day(11, 21)?).is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rounds_asking(&self, employee_no: &str, day: NaiveDate) -> Result<Vec<AskedRound>> {
        let others = self.check_own(employee_no, "read the self-assessment forms of")?;
        let person = self.own_person(employee_no)?;
        let ids: Vec<i64> = self
            .connection()
            .prepare_cached(
                "SELECT r.id FROM rounds r
                 JOIN round_members m ON m.round_id = r.id AND m.person_id = ?1
                 WHERE r.opened_day <= ?2 AND r.closes_day >= ?2 ORDER BY r.id",
            )?
            .query_map(params![person, to_day(day)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut asked = Vec::with_capacity(ids.len());
        for id in ids {
            let round = self.round_unchecked(id)?;
            if let Some(form) = self.form_in(id, person, day)? {
                asked.push(AskedRound { round, form });
            }
        }
        // Someone else's forms read: logged, unless there was none to read.
        if others && !asked.is_empty() {
            self.log(
                "read round forms",
                Some(employee_no),
                &format!("{} open round(s) as of {day}", asked.len()),
            )?;
        }
        Ok(asked)
    }

    /// The form of `employee_no` in round `id`, open or not (see [`AskedRound::is_open`]), with
    /// their latest self-assessment of each system up to `day`. A round that does not ask the
    /// person is [`Error::UnknownRound`], as an unknown one is: to the person it does not
    /// exist. Who may, as for [`Registry::rounds_asking`].
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_store::{Actor, Error, RoundSpec};
    ///
    /// // The sample organisation: a round for the nurses (SSK) does not ask Anna (USK).
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
    /// let usk = RoundSpec { occupation: "USK".into(), unit: None, opens: day(11, 20)?, closes: day(12, 11)? };
    /// let ssk = RoundSpec { occupation: "SSK".into(), ..usk.clone() };
    /// let (usk, ssk) = (registry.open_round(&usk, "hr")?, registry.open_round(&ssk, "hr")?);
    /// let anna = registry.with_actor(Actor::Employee("10023".into()));
    /// let mine = anna.own_round_form(usk.id, "10023", day(12, 20)?)?;
    /// assert!(!mine.is_open(day(12, 20)?));
    /// assert_eq!(mine.form.employee_no, "10023");
    /// assert!(matches!(anna.own_round_form(ssk.id, "10023", day(11, 21)?), Err(Error::UnknownRound(_))));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn own_round_form(&self, id: i64, employee_no: &str, day: NaiveDate) -> Result<AskedRound> {
        let others = self.check_own(employee_no, "read the self-assessment forms of")?;
        let person = self.own_person(employee_no)?;
        let round = self.round_unchecked(id)?;
        let form = self
            .form_in(id, person, day)?
            .ok_or(Error::UnknownRound(id))?;
        if others {
            self.log(
                "read round forms",
                Some(employee_no),
                &format!("round {id} as of {day}"),
            )?;
        }
        Ok(AskedRound { round, form })
    }

    /// Records `employee_no`'s answers to round `id` on `day` as self-assessments dated `day`,
    /// with the round as their source, all or nothing: every answer is checked first with the
    /// round's checks (a known level or blank, the person was asked, the system is on their
    /// form, no system twice) and the round must be open on `day`. Any problem refuses them all
    /// ([`Error::Refused`], each problem naming the system and the value). Written in one
    /// transaction with one audit row. Returns what was recorded; the same answers again on the
    /// same day record nothing new (counted in `n_already`). Who may, as for
    /// [`Registry::rounds_asking`].
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_store::{Actor, Error, FormAnswer, RoundSpec};
    ///
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
    /// let spec = RoundSpec { occupation: "USK".into(), unit: None, opens: day(11, 20)?, closes: day(12, 11)? };
    /// let round = registry.open_round(&spec, "hr")?;
    /// let mut anna = registry.with_actor(Actor::Employee("10023".into()));
    /// let answers = [FormAnswer::new("O365", "2"), FormAnswer::new("TIMECARE", "1"), FormAnswer::new("LIFECARE", "")];
    /// let done = anna.answer_round(round.id, "10023", &answers, day(11, 21)?)?;
    /// assert_eq!((done.n_recorded, done.n_already, done.n_blank), (2, 0, 1));
    /// // The same again the same day: nothing new.
    /// let again = anna.answer_round(round.id, "10023", &answers, day(11, 21)?)?;
    /// assert_eq!((again.n_recorded, again.n_already), (0, 2));
    /// // A level out of range refuses every answer, naming it.
    /// let bad = [FormAnswer::new("O365", "3"), FormAnswer::new("TIMECARE", "5")];
    /// let Err(Error::Refused { problems, .. }) = anna.answer_round(round.id, "10023", &bad, day(11, 22)?) else {
    ///     return Err("not refused".into());
    /// };
    /// assert_eq!(problems.len(), 1);
    /// assert_eq!(problems[0].location.element.as_deref(), Some("TIMECARE"));
    /// assert_eq!(problems[0].value.as_deref(), Some("5"));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn answer_round(
        &mut self,
        id: i64,
        employee_no: &str,
        answers: &[FormAnswer],
        day: NaiveDate,
    ) -> Result<RoundImport> {
        let others = self.check_own(employee_no, &format!("answer round {id} for"))?;
        self.own_person(employee_no)?;
        let round = self.round_unchecked(id)?;
        let input = format!("the form of employee {employee_no} in round {id}");
        let mut problems: Vec<Problem> = day_problem(&input, day).into_iter().collect();
        if day < round.opened || day > round.closes {
            problems.push(Problem::new(
                &Location {
                    file: Some(Arc::from(input.as_str())),
                    ..Location::default()
                },
                Some(&day.to_string()),
                format!(
                    "round {id} is open from {} to {}, not on {day}: it takes no answers",
                    round.opened, round.closes
                ),
            ));
            return Err(Error::Refused {
                input,
                problems,
                n_more: 0,
            });
        }
        let mut read = Vec::with_capacity(answers.len());
        for a in answers {
            match level_of(&input, a) {
                Ok(level) => read.push(RoundAnswer {
                    location: at(&input, &a.system),
                    round: id,
                    employee_no: employee_no.to_string(),
                    system: a.system.clone(),
                    level,
                    answered: Some(day),
                }),
                Err(problem) => problems.push(problem),
            }
        }
        if answers.is_empty() {
            problems.push(Problem::new(
                &Location {
                    file: Some(Arc::from(input.as_str())),
                    ..Location::default()
                },
                None,
                "the form holds no answers".to_string(),
            ));
        }
        let plan = match read.is_empty() {
            true => None,
            false => Some(self.plan_answers(&read, &input, day)?),
        };
        if let Some(plan) = &plan {
            problems.extend(plan.problems.iter().cloned());
        }
        let Some(plan) = plan.filter(|_| problems.is_empty()) else {
            return Err(Error::Refused {
                input,
                problems,
                n_more: 0,
            });
        };
        let mut import = plan.import;
        let by = entered_by(others, self.actor().to_string(), employee_no);
        let stamp = self.stamp();
        let tx = self.transaction()?;
        record_planned(&tx, plan.planned, &by, &mut import)?;
        stamp.write(
            &tx,
            "answer round",
            Some(employee_no),
            &format!(
                "round {id} on {day}: {} recorded, {} already held, {} left blank",
                import.n_recorded, import.n_already, import.n_blank
            ),
        )?;
        tx.commit()?;
        Ok(import)
    }

    /// Records `employee_no`'s self-assessments of any systems of the catalog, dated `day`,
    /// outside a round (the registry as their source), all or nothing: every answer is checked
    /// first (a known system, a known level or blank, no system twice) and any problem refuses
    /// them all ([`Error::Refused`], naming each system and value). Written in one transaction,
    /// with an audit row per answer as [`Registry::record_assessment`] writes. Returns what was
    /// recorded; the same answers again on the same day record nothing new. Who may, as for
    /// [`Registry::rounds_asking`].
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_store::{Actor, Error, FormAnswer};
    ///
    /// // Karin (10001) manages people, and rates herself like anyone else.
    /// let registry = skillreg_testkit::sample_registry();
    /// let mut karin = registry.with_actor(Actor::Manager("10001".into()));
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    /// let answers = [FormAnswer::new("O365", "3"), FormAnswer::new("LIFECARE", "")];
    /// let done = karin.record_self_assessments("10001", &answers, day)?;
    /// assert_eq!((done.n_recorded, done.n_blank), (1, 1));
    /// let bad = [FormAnswer::new("O365", "2"), FormAnswer::new("NOPE", "2")];
    /// assert!(matches!(karin.record_self_assessments("10001", &bad, day), Err(Error::Refused { .. })));
    /// // Not for her reports: a self-assessment is the person's own word.
    /// assert!(karin.record_self_assessments("10023", &answers, day).is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record_self_assessments(
        &mut self,
        employee_no: &str,
        answers: &[FormAnswer],
        day: NaiveDate,
    ) -> Result<SelfAssessed> {
        let others = self.check_own(employee_no, "record a self-assessment of")?;
        let person = self.own_person(employee_no)?;
        let input = format!("the self-assessment of employee {employee_no}");
        let catalog = self.catalog()?;
        let mut problems: Vec<Problem> = day_problem(&input, day).into_iter().collect();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut done = SelfAssessed::default();
        let mut planned: Vec<Evidence> = Vec::new();
        for a in answers {
            let here = at(&input, &a.system);
            if catalog.system(&a.system).is_none() {
                problems.push(Problem::new(
                    &here,
                    Some(&a.system),
                    format!("no system {:?} in the catalog", a.system),
                ));
                continue;
            }
            if !seen.insert(&a.system) {
                problems.push(Problem::new(
                    &here,
                    Some(&a.value),
                    format!("a second answer for system {:?}", a.system),
                ));
                continue;
            }
            match level_of(&input, a) {
                Err(problem) => problems.push(problem),
                Ok(None) => done.n_blank += 1,
                Ok(Some(level)) => planned.push(Evidence {
                    system: a.system.clone(),
                    level,
                    date: day,
                    kind: EvidenceKind::SelfAssessment,
                }),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Refused {
                input,
                problems,
                n_more: 0,
            });
        }
        let origin = Origin {
            source: REGISTRY_SOURCE.to_string(),
            run_id: None,
            entered_by: Some(entered_by(others, self.actor().to_string(), employee_no)),
        };
        let stamp = self.stamp();
        let tx = self.transaction()?;
        let ids = Ids::load(&tx)?;
        let mut held = sql::load_evidence(&tx, person)?;
        for evidence in planned {
            let detail = format!(
                "{} level {} on {}",
                evidence.system,
                evidence.level.number(),
                evidence.date
            );
            let key = sync::evidence_key(&evidence);
            if held.iter().any(|e| sync::evidence_key(e) == key) {
                done.n_already += 1;
                stamp.write(
                    &tx,
                    "record self-assessment",
                    Some(employee_no),
                    &format!("{detail} (already recorded)"),
                )?;
                continue;
            }
            insert_evidence(&tx, &ids, person, std::slice::from_ref(&evidence), &origin)?;
            stamp.write(&tx, "record self-assessment", Some(employee_no), &detail)?;
            held.push(evidence);
            done.n_recorded += 1;
        }
        tx.commit()?;
        Ok(done)
    }
}
