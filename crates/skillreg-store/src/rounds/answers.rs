//! Importing a round's answers, all or nothing, after checking every one.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use skillreg_core::{Evidence, EvidenceKind, Location, Problem, sync};

use super::{RoundAnswer, RoundImport};
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::sql;
use crate::target::{Ids, Origin, insert_evidence};

/// The most problems an import lists before it stops counting them one by one.
const MAX_PROBLEMS: usize = 100;

/// Checked answers: the problems found, or what to write.
pub(super) struct AnswerPlan {
    pub(super) problems: Vec<Problem>,
    pub(super) n_more: usize,
    pub(super) import: RoundImport,
    pub(super) planned: Vec<(i64, Evidence)>,
}

impl Registry {
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
        record_planned(&tx, planned, entered_by, &mut import)?;
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

    pub(super) fn plan_answers(
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
        let round = self.round_unchecked(first.round)?;
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
}

/// Writes `planned` (person, self-assessment) as answers to round `import.round` in `tx`,
/// counting in `import` what was recorded and what the registry already held.
pub(super) fn record_planned(
    tx: &rusqlite::Connection,
    planned: Vec<(i64, Evidence)>,
    entered_by: &str,
    import: &mut RoundImport,
) -> Result<()> {
    let ids = Ids::load(tx)?;
    let origin = Origin {
        source: format!("round {}", import.round),
        run_id: None,
        entered_by: Some(entered_by.to_string()),
    };
    let mut held: HashMap<i64, Vec<Evidence>> = HashMap::new();
    for (person, evidence) in planned {
        let existing = match held.entry(person) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(sql::load_evidence(tx, person)?)
            }
        };
        let key = sync::evidence_key(&evidence);
        if existing.iter().any(|e| sync::evidence_key(e) == key) {
            import.n_already += 1;
            continue;
        }
        insert_evidence(tx, &ids, person, std::slice::from_ref(&evidence), &origin)?;
        existing.push(evidence);
        import.n_recorded += 1;
    }
    Ok(())
}
