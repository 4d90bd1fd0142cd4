//! Self-assessment rounds: how a municipality maps its staff, one occupational group at a time.
//!
//! A round is opened for one occupation, optionally within one unit and the units below it
//! ([`Registry::open_round`]). Who is asked, the unit each person is counted in and the systems
//! on each person's form are fixed when the round opens, so that the forms
//! ([`Registry::round_forms`]), the import of the answers ([`Registry::import_round_answers`])
//! and the response rate ([`Registry::round_status`]) all speak of the same people and systems.
//!
//! Written-down choices where DOMAIN.md is silent:
//! - **Who is asked.** Everyone with an employment in the occupation active on the opening day
//!   (within the unit, if one is given). The unit a person is counted in is that employment's
//!   unit (the primary one, if they hold several).
//! - **The form.** Every system that matters to the person on the opening day: their role's
//!   requirements (rule 1) and any system they hold evidence in, with each level's local
//!   description.
//! - **Answers** are self-assessments (rule 3) dated on the day the person answered (the
//!   answers file's `answered` column) or else the day of the import. A blank level is no
//!   answer. Importing the same answers again records nothing new. An answer for someone not
//!   asked in the round, or for a system not on their form, refuses the whole file.
//! - **Answered** means the registry holds a self-assessment, dated on or after the opening day,
//!   of at least one system on the person's form: however it arrived (the round's import, the
//!   CLI, or a competence system's export). People who are no longer active are not counted in
//!   the response rate; the status says how many left.
//! - The status names people (who has not answered, for reminders) and shows no levels; it is
//!   an administrative list, not a competence report, so it is not subject to small-group
//!   suppression.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use skillreg_core::{Evidence, EvidenceKind, Level, Location, Problem, sync};

use skillreg_core::OrgTree;
use skillreg_core::view::{
    DEFAULT_MIN_GROUP, FormSystem, Round, RoundForm, RoundForms, RoundStatus, Suppressor,
    Unanswered, UnitResponse, round,
};

use crate::error::{Error, Result};
use crate::reach::Aggregate;
use crate::registry::{Registry, Scope};
use crate::sql::{self, day_col, to_day};
use crate::target::{Ids, Origin, insert_evidence};

/// The most problems an import lists before it stops counting them one by one.
const MAX_PROBLEMS: usize = 100;

/// What a new round asks: one occupation, optionally in one unit, from one day to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundSpec {
    /// Occupation code.
    pub occupation: String,
    /// Unit id: only people employed in this unit or below it.
    pub unit: Option<String>,
    /// The opening day: who is asked and about what is decided as of this day.
    pub opens: NaiveDate,
    /// The last day for answers (for reminders; later answers are still recorded).
    pub closes: NaiveDate,
}

/// Which rounds to follow when no round number is given ([`Registry::round_statuses`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundFilter {
    /// The latest rounds opened together for this target group.
    pub group: Option<String>,
    /// Only rounds for this occupation (with `group`: that group's round for it; alone: the
    /// occupation's latest round).
    pub occupation: Option<String>,
}

/// One answer read from an answers file (see the CLI's `round import`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundAnswer {
    /// Where in the file it is (file, line, record).
    pub location: Location,
    /// The round the answer belongs to.
    pub round: i64,
    /// Employee number.
    pub employee_no: String,
    /// System code.
    pub system: String,
    /// The level chosen; `None` when left blank.
    pub level: Option<Level>,
    /// The day the person answered, if the file says.
    pub answered: Option<NaiveDate>,
}

/// What [`Registry::import_round_answers`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoundImport {
    /// The round.
    pub round: i64,
    /// Self-assessments recorded.
    pub n_recorded: u64,
    /// Answers the registry already held (an import run again).
    pub n_already: u64,
    /// Answers left blank.
    pub n_blank: u64,
    /// People with at least one answer in the file.
    pub n_people: u64,
    /// Answers dated after the round closed (recorded all the same).
    pub n_late: u64,
}

/// Checked answers: the problems found, or what to write.
struct AnswerPlan {
    problems: Vec<Problem>,
    n_more: usize,
    import: RoundImport,
    planned: Vec<(i64, Evidence)>,
}

fn response(
    unit: String,
    unit_name: String,
    n_asked: u64,
    n_answered: u64,
    n_complete: u64,
) -> UnitResponse {
    UnitResponse {
        unit,
        unit_name,
        n_asked,
        n_answered,
        n_complete,
        rate: (n_asked > 0).then(|| round(n_answered as f64 / n_asked as f64, 4)),
        withheld: false,
    }
}

/// One person asked: employee number, the unit they are counted in, the systems on their form.
type Member = (String, String, Vec<String>);

fn check_days(opens: NaiveDate, closes: NaiveDate) -> Result<()> {
    if closes < opens {
        return Err(Error::Invalid(format!(
            "the round closes on {closes} before it opens on {opens}"
        )));
    }
    Ok(())
}

fn round_summary(id: i64, spec: &RoundSpec, n_people: usize) -> String {
    format!(
        "round {id}: occupation {}{}, {} to {}, {n_people} people",
        spec.occupation,
        spec.unit
            .as_ref()
            .map(|u| format!(" in {u}"))
            .unwrap_or_default(),
        spec.opens,
        spec.closes,
    )
}

/// Stores a round and the people it asks; `group` is the target group it is opened for and the
/// first round of its batch (`None`: this one). Returns the round's number.
fn insert_round(
    tx: &rusqlite::Transaction<'_>,
    spec: &RoundSpec,
    members: &[Member],
    opened_by: &str,
    group: Option<(&str, Option<i64>)>,
) -> Result<i64> {
    let ids = Ids::load(tx)?;
    let occupation = *ids
        .occupations
        .get(&spec.occupation)
        .ok_or_else(|| Error::UnknownOccupation(spec.occupation.clone()))?;
    let unit = match &spec.unit {
        Some(u) => Some(
            *ids.units
                .get(u)
                .ok_or_else(|| Error::UnknownUnit(u.clone()))?,
        ),
        None => None,
    };
    tx.execute(
        "INSERT INTO rounds (occupation_id, unit_id, opened_day, closes_day, opened_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            occupation,
            unit,
            to_day(spec.opens),
            to_day(spec.closes),
            opened_by
        ],
    )?;
    let id = tx.last_insert_rowid();
    if let Some((code, batch)) = group {
        tx.execute(
            "UPDATE rounds SET group_code = ?2, group_batch = ?3 WHERE id = ?1",
            params![id, code, batch.unwrap_or(id)],
        )?;
    }
    let mut member = tx.prepare_cached(
        "INSERT INTO round_members (round_id, person_id, unit_id) VALUES (?1, ?2, ?3)",
    )?;
    let mut system = tx.prepare_cached(
        "INSERT INTO round_systems (round_id, person_id, system_id) VALUES (?1, ?2, ?3)",
    )?;
    for (employee_no, unit, systems) in members {
        let person = sql::person_id(tx, employee_no)?
            .ok_or_else(|| Error::UnknownEmployee(employee_no.clone()))?;
        let unit = ids
            .units
            .get(unit)
            .ok_or_else(|| Error::Corrupt(format!("employment in unknown unit {unit:?}")))?;
        member.execute(params![id, person, unit])?;
        for s in systems {
            let s = ids
                .systems
                .get(s)
                .ok_or_else(|| Error::Corrupt(format!("unknown system {s:?}")))?;
            system.execute(params![id, person, s])?;
        }
    }
    Ok(id)
}

impl Registry {
    /// Opens a self-assessment round: decides who is asked and about which systems (see the
    /// module documentation), and stores it. Refuses an unknown occupation or unit, a closing
    /// day before the opening day, and a round that would ask nobody.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_store::RoundSpec;
    ///
    /// // The sample organisation (fixtures/winlas/sample-export.xml), asked by HR.
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
    /// let spec = RoundSpec { occupation: "USK".into(), unit: None, opens: day(11, 20)?, closes: day(12, 11)? };
    /// let round = registry.open_round(&spec, "hr")?;
    /// let forms = registry.round_forms(round.id, day(11, 20)?)?;
    /// assert_eq!(forms.forms.len() as u64, round.n_people);
    /// assert!(forms.forms.iter().all(|f| !f.systems.is_empty()));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_round(&mut self, spec: &RoundSpec, opened_by: &str) -> Result<Round> {
        self.require_hr("open a self-assessment round")?;
        check_days(spec.opens, spec.closes)?;
        let members = self.round_members(spec)?;
        if members.is_empty() {
            return Err(Error::Invalid(format!(
                "nobody in occupation {:?}{} is employed on {}: the round would ask nobody",
                spec.occupation,
                spec.unit
                    .as_ref()
                    .map(|u| format!(" in unit {u:?}"))
                    .unwrap_or_default(),
                spec.opens
            )));
        }
        let stamp = self.stamp();
        let tx = self.transaction()?;
        let id = insert_round(&tx, spec, &members, opened_by, None)?;
        stamp.write(
            &tx,
            "open round",
            None,
            &round_summary(id, spec, members.len()),
        )?;
        tx.commit()?;
        self.round(id)
    }

    /// Opens one round for every occupation of target group `group` (and, when the group names
    /// units, for every one of its units), all from `opens` to `closes`, in one transaction:
    /// either every round is opened or none is. An occupation (or unit) where nobody is
    /// employed on the opening day gets no round; a group where nobody is, is refused. Someone
    /// the group holds twice (two occupations, two of its units) is asked once, in the first
    /// round that holds them (the group's occupations and units in the order the catalog
    /// lists them). The rounds remember the group: [`Registry::round_statuses`] and
    /// [`Registry::groups`] follow the group's latest rounds.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_core::{Group, SourceCatalog, Catalog};
    ///
    /// // The sample organisation (fixtures/winlas/sample-export.xml), asked by HR.
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let group = Group {
    ///     code: "STEG1".into(), name: "Steg 1".into(), phase: 1,
    ///     occupations: vec!["SSK".into(), "USK".into()], units: vec!["SOC".into()],
    /// };
    /// let catalog = Catalog { groups: vec![group], ..Catalog::default() };
    /// registry.apply_catalog(&SourceCatalog { catalog, ..Default::default() }, "groups")?;
    /// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
    /// let rounds = registry.open_group_rounds("STEG1", day(11, 20)?, day(12, 11)?, "hr")?;
    /// let occupations: Vec<&str> = rounds.iter().map(|r| r.occupation.as_str()).collect();
    /// assert_eq!(occupations, ["SSK", "USK"]);
    /// assert!(rounds.iter().all(|r| r.group.as_deref() == Some("STEG1")));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_group_rounds(
        &mut self,
        group: &str,
        opens: NaiveDate,
        closes: NaiveDate,
        opened_by: &str,
    ) -> Result<Vec<Round>> {
        self.require_hr("open self-assessment rounds for a target group")?;
        check_days(opens, closes)?;
        let catalog = self.catalog()?;
        let group = catalog
            .group(group)
            .ok_or_else(|| Error::UnknownGroup(group.to_string()))?;
        let units: Vec<Option<String>> = if group.units.is_empty() {
            vec![None]
        } else {
            group.units.iter().cloned().map(Some).collect()
        };
        let mut asked: BTreeSet<String> = BTreeSet::new();
        let mut planned: Vec<(RoundSpec, Vec<Member>)> = Vec::new();
        for occupation in &group.occupations {
            for unit in &units {
                let spec = RoundSpec {
                    occupation: occupation.clone(),
                    unit: unit.clone(),
                    opens,
                    closes,
                };
                let members: Vec<Member> = self
                    .round_members(&spec)?
                    .into_iter()
                    .filter(|m| asked.insert(m.0.clone()))
                    .collect();
                if !members.is_empty() {
                    planned.push((spec, members));
                }
            }
        }
        if planned.is_empty() {
            return Err(Error::Invalid(format!(
                "nobody in target group {:?} is employed on {opens}: no round would ask anyone",
                group.code
            )));
        }
        let stamp = self.stamp();
        let tx = self.transaction()?;
        let mut ids = Vec::new();
        for (spec, members) in &planned {
            let batch = ids.first().copied();
            let id = insert_round(&tx, spec, members, opened_by, Some((&group.code, batch)))?;
            stamp.write(
                &tx,
                "open round",
                None,
                &format!(
                    "{} for group {}",
                    round_summary(id, spec, members.len()),
                    group.code
                ),
            )?;
            ids.push(id);
        }
        tx.commit()?;
        ids.into_iter().map(|id| self.round(id)).collect()
    }

    /// Who a round for `spec` asks, and about which systems (see the module documentation).
    fn round_members(&self, spec: &RoundSpec) -> Result<Vec<Member>> {
        let catalog = self.catalog()?;
        let book = skillreg_core::RuleBook::new(&catalog);
        let tree = book.tree();
        if let Some(unit) = &spec.unit
            && !tree.contains(unit)
        {
            return Err(Error::UnknownUnit(unit.clone()));
        }
        let day = spec.opens;
        let mut members: Vec<Member> = Vec::new();
        self.for_each_standing_unchecked(
            &Scope::Occupation(spec.occupation.clone()),
            day,
            |employee, standings| {
                let mut matching = employee.employments.iter().filter(|e| {
                    e.is_active(day)
                        && e.occupation == spec.occupation
                        && spec
                            .unit
                            .as_ref()
                            .is_none_or(|u| tree.is_within(&e.unit, u))
                });
                let first = matching.clone().next();
                let Some(employment) = matching.find(|e| e.primary).or(first) else {
                    return;
                };
                members.push((
                    employee.employee_no.clone(),
                    employment.unit.clone(),
                    standings.into_iter().map(|s| s.system).collect(),
                ));
            },
        )?;
        Ok(members)
    }

    /// Every round, oldest first. HR, managers and viewers (a round's occupation, unit and
    /// days name no one).
    pub fn rounds(&self) -> Result<Vec<Round>> {
        self.require_aggregate_reader("list the self-assessment rounds")?;
        let ids: Vec<i64> = self
            .connection()
            .prepare("SELECT id FROM rounds ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.round(id)).collect()
    }

    /// One round. An unknown number is [`Error::UnknownRound`]. Who may, as for
    /// [`Registry::rounds`].
    pub fn round(&self, id: i64) -> Result<Round> {
        self.require_aggregate_reader("read a self-assessment round")?;
        self.round_unchecked(id)
    }

    /// [`Registry::round`] without the check.
    fn round_unchecked(&self, id: i64) -> Result<Round> {
        self.connection()
            .query_row(
                "SELECT r.id, o.code, o.name, u.code, r.opened_day, r.closes_day, r.opened_by,
                        (SELECT count(*) FROM round_members m WHERE m.round_id = r.id),
                        r.group_code
                 FROM rounds r
                 JOIN occupations o ON o.id = r.occupation_id
                 LEFT JOIN org_units u ON u.id = r.unit_id
                 WHERE r.id = ?1",
                [id],
                |r| {
                    Ok(Round {
                        id: r.get(0)?,
                        occupation: r.get(1)?,
                        occupation_name: r.get(2)?,
                        unit: r.get(3)?,
                        opened: day_col(r, 4)?,
                        closes: day_col(r, 5)?,
                        opened_by: r.get(6)?,
                        n_people: u64::try_from(r.get::<_, i64>(7)?).unwrap_or_default(),
                        group: r.get(8)?,
                    })
                },
            )
            .optional()?
            .ok_or(Error::UnknownRound(id))
    }

    /// Every person's form in round `id`, with their latest self-assessment up to `day`.
    pub fn round_forms(&self, id: i64, day: NaiveDate) -> Result<RoundForms> {
        self.require_hr("read a round's forms")?;
        let round = self.round(id)?;
        let catalog = self.catalog()?;
        let conn = self.connection();
        let mut systems_of: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT rs.person_id, s.code FROM round_systems rs JOIN systems s ON s.id = rs.system_id
                 WHERE rs.round_id = ?1 ORDER BY rs.person_id, s.code",
            )?;
            let rows =
                stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (person, system) = row?;
                systems_of.entry(person).or_default().push(system);
            }
        }
        let mut stmt = conn.prepare(
            "SELECT m.person_id, p.employee_no, p.given_name, p.family_name, p.email, u.code, u.name
             FROM round_members m
             JOIN persons p ON p.id = m.person_id
             JOIN org_units u ON u.id = m.unit_id
             WHERE m.round_id = ?1 ORDER BY p.employee_no",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                format!("{} {}", r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut forms = Vec::new();
        for row in rows {
            let (person, employee_no, name, email, unit, unit_name) = row?;
            let evidence = sql::load_evidence(conn, person)?;
            let systems = systems_of
                .get(&person)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|code| {
                    let system = catalog.system(code);
                    FormSystem {
                        system: code.clone(),
                        name: system.map_or_else(|| code.clone(), |s| s.name.clone()),
                        level_descriptions: system
                            .map(|s| s.level_descriptions.clone())
                            .unwrap_or_default(),
                        last_self: last_self(&evidence, code, day),
                    }
                })
                .collect();
            forms.push(RoundForm {
                employee_no,
                name,
                email,
                unit,
                unit_name,
                systems,
            });
        }
        self.log(
            "read round forms",
            None,
            &format!("round {} as of {day}: {} people", round.id, forms.len()),
        )?;
        Ok(RoundForms { round, forms })
    }

    /// Records a round's answers as self-assessments, all or nothing: every answer is checked
    /// first ([`Registry::round_answer_problems`]) and any problem refuses the whole file
    /// ([`Error::Refused`], naming each row). Answers without a day are dated `today`. Returns
    /// what was recorded; importing the same answers again records nothing new.
    pub fn import_round_answers(
        &mut self,
        answers: &[RoundAnswer],
        input: &str,
        today: NaiveDate,
        entered_by: &str,
    ) -> Result<RoundImport> {
        self.require_hr("import a round's answers")?;
        let plan = self.plan_answers(answers, input, today)?;
        if !plan.problems.is_empty() {
            return Err(Error::Refused {
                input: input.to_string(),
                problems: plan.problems,
                n_more: plan.n_more,
            });
        }
        let (mut import, planned) = (plan.import, plan.planned);
        let round = import.round;
        let stamp = self.stamp();
        let tx = self.transaction()?;
        let ids = Ids::load(&tx)?;
        let origin = Origin {
            source: format!("round {round}"),
            run_id: None,
            entered_by: Some(entered_by.to_string()),
        };
        let mut held: HashMap<i64, Vec<Evidence>> = HashMap::new();
        for (person, evidence) in planned {
            let existing = match held.entry(person) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(sql::load_evidence(&tx, person)?)
                }
            };
            let key = sync::evidence_key(&evidence);
            if existing.iter().any(|e| sync::evidence_key(e) == key) {
                import.n_already += 1;
                continue;
            }
            insert_evidence(&tx, &ids, person, std::slice::from_ref(&evidence), &origin)?;
            existing.push(evidence);
            import.n_recorded += 1;
        }
        stamp.write(
            &tx,
            "import round answers",
            None,
            &format!(
                "round {round} from {input}: {} recorded, {} already held",
                import.n_recorded, import.n_already
            ),
        )?;
        tx.commit()?;
        Ok(import)
    }

    /// The problems of `answers` without writing anything: the round exists and is the same
    /// for every row, the person was asked in it, the system is on their form, no answer is
    /// given twice, and the day is neither before the round opened nor after `today`. Each
    /// problem names the answer's location and value.
    pub fn round_answer_problems(
        &self,
        answers: &[RoundAnswer],
        input: &str,
        today: NaiveDate,
    ) -> Result<Vec<Problem>> {
        self.require_hr("check a round's answers")?;
        if answers.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.plan_answers(answers, input, today)?.problems)
    }

    fn plan_answers(
        &self,
        answers: &[RoundAnswer],
        input: &str,
        today: NaiveDate,
    ) -> Result<AnswerPlan> {
        let mut problems: Vec<Problem> = Vec::new();
        let mut n_more = 0usize;
        let mut problem = |location: &Location, value: Option<&str>, message: String| {
            if problems.len() < MAX_PROBLEMS {
                problems.push(Problem::new(location, value, message));
            } else {
                n_more += 1;
            }
        };
        let Some(first) = answers.first() else {
            return Err(Error::Refused {
                input: input.to_string(),
                problems: vec![Problem::new(
                    &Location {
                        file: Some(Arc::from(input)),
                        ..Location::default()
                    },
                    None,
                    "the file holds no answers".to_string(),
                )],
                n_more: 0,
            });
        };
        let round = self.round(first.round)?;
        let conn = self.connection();
        // person id and form systems of everyone asked, by employee number
        let mut asked: HashMap<String, (i64, BTreeSet<String>)> = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT p.employee_no, m.person_id, s.code FROM round_members m
                 JOIN persons p ON p.id = m.person_id
                 LEFT JOIN round_systems rs ON rs.round_id = m.round_id AND rs.person_id = m.person_id
                 LEFT JOIN systems s ON s.id = rs.system_id
                 WHERE m.round_id = ?1",
            )?;
            let rows = stmt.query_map([round.id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (no, person, system) = row?;
                let entry = asked.entry(no).or_insert_with(|| (person, BTreeSet::new()));
                entry.1.extend(system);
            }
        }
        let mut import = RoundImport {
            round: round.id,
            ..RoundImport::default()
        };
        let mut seen: HashMap<(&str, &str), &Location> = HashMap::new();
        let mut people: BTreeSet<&str> = BTreeSet::new();
        let mut planned: Vec<(i64, Evidence)> = Vec::new();
        for a in answers {
            let at = &a.location;
            if a.round != round.id {
                problem(
                    at,
                    Some(&a.round.to_string()),
                    format!(
                        "answers to round {} in a file of round {}: import one round at a time",
                        a.round, round.id
                    ),
                );
                continue;
            }
            let Some((person, systems)) = asked.get(&a.employee_no) else {
                problem(
                    at,
                    Some(&a.employee_no),
                    format!(
                        "employee {:?} was not asked in round {}",
                        a.employee_no, round.id
                    ),
                );
                continue;
            };
            if !systems.contains(&a.system) {
                problem(
                    at,
                    Some(&a.system),
                    format!(
                        "system {:?} is not on the form of employee {:?} in round {}",
                        a.system, a.employee_no, round.id
                    ),
                );
                continue;
            }
            if let Some(earlier) = seen.insert((&a.employee_no, &a.system), at) {
                problem(
                    at,
                    Some(&a.system),
                    format!(
                        "a second answer of employee {:?} for system {:?}; the first is at {earlier}",
                        a.employee_no, a.system
                    ),
                );
                continue;
            }
            let Some(level) = a.level else {
                import.n_blank += 1;
                continue;
            };
            let date = a.answered.unwrap_or(today);
            if date < round.opened || date > today {
                problem(
                    at,
                    Some(&date.to_string()),
                    format!(
                        "answered on {date}: before the round opened ({}) or after today ({today})",
                        round.opened
                    ),
                );
                continue;
            }
            if date > round.closes {
                import.n_late += 1;
            }
            people.insert(&a.employee_no);
            planned.push((
                *person,
                Evidence {
                    system: a.system.clone(),
                    level,
                    date,
                    kind: EvidenceKind::SelfAssessment,
                },
            ));
        }
        import.n_people = people.len() as u64;
        Ok(AnswerPlan {
            problems,
            n_more,
            import,
            planned,
        })
    }
    /// The response rate of round `id` per unit as of `day`, and who has not answered. HR
    /// follows everyone asked; a manager the people they manage (see [`crate::reach`]), with
    /// who of them has not answered; a viewer their unit's response rates only, naming no one,
    /// a unit with fewer than [`DEFAULT_MIN_GROUP`] people asked withheld.
    pub fn round_status(&self, id: i64, day: NaiveDate) -> Result<RoundStatus> {
        let catalog = self.catalog()?;
        let tree = OrgTree::new(&catalog.units);
        let action = "follow a self-assessment round";
        let access = self.aggregate_access(action, &tree, None, None, DEFAULT_MIN_GROUP)?;
        let status = self.round_status_within(id, day, &access, &tree, DEFAULT_MIN_GROUP)?;
        self.log_aggregate(&format!("read round {id} status"), &access, day)?;
        Ok(status)
    }

    /// [`Registry::round_status`] over what `access` covers: only the people asked in its unit
    /// or its manager's people; no one named and small units withheld when it may show no
    /// person-level rows.
    pub(crate) fn round_status_within(
        &self,
        id: i64,
        day: NaiveDate,
        access: &Aggregate,
        tree: &OrgTree,
        min_group: u32,
    ) -> Result<RoundStatus> {
        let round = self.round_unchecked(id)?;
        let conn = self.connection();
        let opened = to_day(round.opened);
        let today = to_day(day);
        // person -> (form systems, answered systems)
        let mut answered: HashMap<i64, (u64, u64)> = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT rs.person_id, count(*),
                        sum(EXISTS (SELECT 1 FROM evidence e
                                    WHERE e.person_id = rs.person_id AND e.system_id = rs.system_id
                                      AND e.kind = ?2 AND e.day >= ?3 AND e.day <= ?4))
                 FROM round_systems rs WHERE rs.round_id = ?1 GROUP BY rs.person_id",
            )?;
            let rows = stmt.query_map(params![id, sql::KIND_SELF, opened, today], |r| {
                let count = |i| {
                    r.get::<_, i64>(i)
                        .map(|n| u64::try_from(n).unwrap_or_default())
                };
                Ok((r.get::<_, i64>(0)?, (count(1)?, count(2)?)))
            })?;
            for row in rows {
                let (person, counts) = row?;
                answered.insert(person, counts);
            }
        }
        let mut stmt = conn.prepare(
            "SELECT m.person_id, p.employee_no, u.code, u.name
             FROM round_members m
             JOIN persons p ON p.id = m.person_id
             JOIN org_units u ON u.id = m.unit_id
             WHERE m.round_id = ?1 ORDER BY u.code, p.employee_no",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut units: BTreeMap<String, (String, u64, u64, u64)> = BTreeMap::new();
        let mut unanswered = Vec::new();
        let mut n_left = 0;
        for row in rows {
            let (person, employee_no, unit, unit_name) = row?;
            let employee = sql::load_employee(conn, person)?;
            let counted = access
                .unit
                .as_deref()
                .is_none_or(|u| tree.is_within(&unit, u))
                && access.reach.as_ref().is_none_or(|r| r.has(&employee_no));
            if !counted {
                continue;
            }
            if !employee.is_active(day) {
                n_left += 1;
                continue;
            }
            let (n_systems, n_answered) = answered.get(&person).copied().unwrap_or_default();
            let entry = units
                .entry(unit.clone())
                .or_insert_with(|| (unit_name, 0, 0, 0));
            entry.1 += 1;
            if n_answered > 0 {
                entry.2 += 1;
                if n_answered >= n_systems {
                    entry.3 += 1;
                }
            } else if access.person_rows {
                unanswered.push(Unanswered {
                    employee_no,
                    name: employee.full_name(),
                    email: employee.email.clone(),
                    unit,
                    manager: employee
                        .primary_employment(day)
                        .and_then(|e| e.manager.clone()),
                });
            }
        }
        let (mut asked, mut done, mut complete) = (0, 0, 0);
        let units: Vec<UnitResponse> = units
            .into_iter()
            .map(|(unit, (name, a, d, c))| {
                asked += a;
                done += d;
                complete += c;
                let mut row = response(unit, name, a, d, c);
                if !access.person_rows && Suppressor::new(min_group).too_few(a) {
                    row = UnitResponse {
                        withheld: true,
                        ..response(row.unit, row.unit_name, 0, 0, 0)
                    };
                }
                row
            })
            .collect();
        let mut total = response(String::new(), String::new(), asked, done, complete);
        if !access.person_rows && Suppressor::new(min_group).too_few(asked) {
            total = UnitResponse {
                withheld: true,
                ..response(String::new(), String::new(), 0, 0, 0)
            };
        }
        Ok(RoundStatus {
            closed: day > round.closes,
            round,
            as_of: day,
            units,
            total,
            n_left,
            unanswered,
        })
    }
}

impl Registry {
    /// The rounds `filter` names, oldest first: with a group, its latest rounds (those opened
    /// together by [`Registry::open_group_rounds`]), only the one for `occupation` when that is
    /// given too; with an occupation alone, its latest round; with neither, the latest round.
    /// An unknown group or occupation is an error, and so is a filter no round matches.
    pub fn filtered_rounds(&self, filter: &RoundFilter) -> Result<Vec<Round>> {
        self.require_aggregate_reader("list the self-assessment rounds")?;
        let catalog = self.catalog()?;
        if let Some(g) = &filter.group
            && catalog.group(g).is_none()
        {
            return Err(Error::UnknownGroup(g.clone()));
        }
        if let Some(o) = &filter.occupation
            && !catalog.occupations.iter().any(|x| x.code == *o)
        {
            return Err(Error::UnknownOccupation(o.clone()));
        }
        let ids: Vec<i64> = match &filter.group {
            Some(g) => self.latest_group_batch(g)?,
            None => self
                .connection()
                .prepare(
                    "SELECT r.id FROM rounds r JOIN occupations o ON o.id = r.occupation_id
                     WHERE ?1 IS NULL OR o.code = ?1 ORDER BY r.id DESC LIMIT 1",
                )?
                .query_map([&filter.occupation], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
        };
        let rounds: Vec<Round> = ids
            .into_iter()
            .map(|id| self.round(id))
            .filter(|r| {
                r.as_ref().map_or(true, |r| {
                    filter
                        .occupation
                        .as_ref()
                        .is_none_or(|o| *o == r.occupation)
                })
            })
            .collect::<Result<_>>()?;
        if rounds.is_empty() {
            let what = match (&filter.group, &filter.occupation) {
                (Some(g), Some(o)) => format!(" for occupation {o:?} of target group {g:?}"),
                (Some(g), None) => format!(" for target group {g:?}"),
                (None, Some(o)) => format!(" for occupation {o:?}"),
                (None, None) => String::new(),
            };
            return Err(Error::Invalid(format!(
                "no round has been opened{what} yet: `skillreg round open` opens one"
            )));
        }
        Ok(rounds)
    }

    /// The status of every round `filter` names ([`Registry::filtered_rounds`]) as of `day`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_store::{RoundFilter, RoundSpec};
    ///
    /// // The sample organisation (fixtures/winlas/sample-export.xml), asked by HR.
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
    /// let spec = RoundSpec { occupation: "USK".into(), unit: None, opens: day(11, 20)?, closes: day(12, 11)? };
    /// registry.open_round(&spec, "hr")?;
    /// let filter = RoundFilter { occupation: Some("USK".into()), ..RoundFilter::default() };
    /// let statuses = registry.round_statuses(&filter, day(11, 21)?)?;
    /// assert_eq!(statuses.len(), 1);
    /// assert_eq!(statuses[0].total.n_asked, 3);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn round_statuses(&self, filter: &RoundFilter, day: NaiveDate) -> Result<Vec<RoundStatus>> {
        self.filtered_rounds(filter)?
            .iter()
            .map(|r| self.round_status(r.id, day))
            .collect()
    }

    /// The numbers of target group `group`'s latest rounds (the latest batch), oldest first;
    /// empty when none was opened for it.
    pub(crate) fn latest_group_batch(&self, group: &str) -> Result<Vec<i64>> {
        Ok(self
            .connection()
            .prepare(
                "SELECT id FROM rounds WHERE group_code = ?1 AND group_batch =
                   (SELECT max(group_batch) FROM rounds WHERE group_code = ?1)
                 ORDER BY id",
            )?
            .query_map([group], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// The latest self-assessment of `system` dated up to `day`.
fn last_self(evidence: &[Evidence], system: &str, day: NaiveDate) -> Option<(Level, NaiveDate)> {
    evidence
        .iter()
        .filter(|e| {
            e.system == system && e.date <= day && matches!(e.kind, EvidenceKind::SelfAssessment)
        })
        .max_by_key(|e| e.date)
        .map(|e| (e.level, e.date))
}
