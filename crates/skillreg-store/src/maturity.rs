//! The organisation's digital maturity (schema 13): answers to a maturity framework per unit,
//! imported all or nothing ([`Registry::import_maturity_answers`]), and a baseline compared
//! with a follow-up ([`Registry::maturity_report`]).
//!
//! Written-down choices:
//! - **The framework is a file, and the registry remembers its shape.** The municipality keeps
//!   its framework as a TOML file (`skillreg_core::maturity::Framework`); the registry does not
//!   hold its texts. On the first import it records the framework's id, version, name, number
//!   of steps and capability ids (with their digest); every later import and every report is
//!   given the file again and refused if its id and version are held with another shape (steps
//!   or capabilities added, removed or reordered without a new version). Names and
//!   descriptions may be reworded freely: a report shows the file's wording.
//! - **Answers are append-only.** An answer is (respondent, unit, capability, day, step); the
//!   same answer imported again is counted as already held and not written; an answer for the
//!   same respondent, unit, capability and day with another step is refused (a measurement is
//!   not rewritten; a new one gets a new day).
//! - **Respondents** are references (a leader group's code, a team's name), checked as codes
//!   ([`skillreg_core::text::code`]) and refused when they look like a national identity
//!   number. They are not people of the registry.
//! - **A day's measurement** is, per respondent, unit and capability, the latest answer dated on
//!   or before that day: a baseline on D1 keeps answers given before D1 that were not measured
//!   again, and so does a follow-up.
//! - **Groups.** A unit's figures cover the answers given for it and for the units below it
//!   (up to the report's unit, if one is given); everyone's cover every answer in scope. The
//!   median and the distribution are over answers (one per respondent and unit); the number of
//!   respondents counts each respondent once. The median of an even number of answers is the
//!   mean of the two middle ones.
//! - **Suppression** is the one rule of every aggregate ([`crate::Suppressor`]), with
//!   respondents as the group: a capability answered by fewer than `min_group` respondents has
//!   its count, median and distribution withheld, and a step chosen by 1 to `min_group - 1`
//!   answers is withheld in the distribution.
//! - **Skills beside maturity.** Each group also shows the share of its active people (the
//!   same units, rule 1's targets) who are at or above every one of their targets on each
//!   day (current level = confirmed, else self-assessed; people without a target are not
//!   counted). The progress report's shares are per system; this one is per person, "at all
//!   targets", so that one figure stands beside the radar.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use skillreg_core::maturity::{Framework, MaturityAnswer, median};
use skillreg_core::privacy::looks_like_national_id;
use skillreg_core::rules::{confirmed_level, self_level};
use skillreg_core::view::{
    CapabilityRef, FrameworkRef, MaturityFigures, MaturityGroup, MaturityReport, MaturityRow,
    SkillDay, SkillShares, Suppressor, round,
};
use skillreg_core::{Location, OrgTree, Problem, RuleBook, text};

use crate::error::{Error, Result};
use crate::registry::{Registry, now};
use crate::reports::{Filter, placement};
use crate::scan;
use crate::sql::{day_col, to_day};

/// The most problems an import lists before it stops counting them one by one.
const MAX_PROBLEMS: usize = 100;

/// What [`Registry::import_maturity_answers`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaturityImport {
    /// The framework's id.
    pub framework: String,
    /// Its version.
    pub version: String,
    /// Answers written.
    pub n_recorded: u64,
    /// Answers the registry already held (the same file imported again).
    pub n_already: u64,
    /// Respondents in the file.
    pub n_respondents: u64,
    /// Units in the file.
    pub n_units: u64,
}

/// A framework as the registry holds it.
struct HeldFramework {
    id: i64,
    digest: String,
}

/// Checked answers: the problems, or what to write.
struct Plan {
    problems: Vec<Problem>,
    n_more: usize,
    import: MaturityImport,
    /// (unit id, answer index) of the answers not yet held.
    new: Vec<(i64, usize)>,
}

fn held_framework(conn: &rusqlite::Connection, f: &Framework) -> Result<Option<HeldFramework>> {
    Ok(conn
        .query_row(
            "SELECT id, digest FROM maturity_frameworks WHERE code = ?1 AND version = ?2",
            params![f.id, f.version],
            |r| {
                Ok(HeldFramework {
                    id: r.get(0)?,
                    digest: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// The held framework of `f`'s id and version, refused when its shape differs from `f`'s.
fn same_shape(held: Option<HeldFramework>, f: &Framework) -> Result<Option<HeldFramework>> {
    match held {
        Some(h) if h.digest != f.digest() => Err(Error::Invalid(format!(
            "maturity framework {f} differs from the one the registry holds answers to: its \
             steps or capabilities were added, removed or reordered; give the changed \
             framework a new version"
        ))),
        other => Ok(other),
    }
}

impl Registry {
    /// The maturity frameworks the registry holds answers to, by id then version, each as the
    /// registry remembers it: id, version, name, the number of steps and the capability ids
    /// (a capability named by its id, a step by its number: the file's texts are not held).
    /// Enough for [`Registry::maturity_report`] when the file is not at hand. Who may: as for
    /// the report (HR, managers, viewers); a list of frameworks names no one and is not
    /// audited.
    ///
    /// ```
    /// // The sample organisation (fixtures/winlas/sample-export.xml) holds no answers yet.
    /// let registry = skillreg_testkit::sample_registry();
    /// assert!(registry.maturity_frameworks()?.is_empty());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn maturity_frameworks(&self) -> Result<Vec<Framework>> {
        self.require_aggregate_reader("list the maturity frameworks")?;
        let mut stmt = self.connection().prepare(
            "SELECT code, version, name, n_steps, capabilities FROM maturity_frameworks
             ORDER BY code, version",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut held = Vec::new();
        for row in rows {
            let (id, version, name, n_steps, capabilities) = row?;
            held.push(Framework {
                id,
                name,
                version,
                steps: (1..=n_steps)
                    .map(|n| skillreg_core::maturity::MaturityStep {
                        name: n.to_string(),
                        description: None,
                    })
                    .collect(),
                capabilities: capabilities
                    .lines()
                    .filter(|c| !c.is_empty())
                    .map(|c| skillreg_core::maturity::Capability {
                        id: c.to_string(),
                        name: c.to_string(),
                        area: None,
                        description: None,
                        step_descriptions: Vec::new(),
                    })
                    .collect(),
            });
        }
        Ok(held)
    }

    /// Records answers to `framework` (one measurement: respondents' steps per unit and
    /// capability), all or nothing: every answer is checked first
    /// ([`Registry::maturity_answer_problems`]) and any problem refuses the whole file
    /// ([`Error::Refused`], naming each row and value). Importing the same answers again
    /// records nothing new. The import is written to the audit trail.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use chrono::NaiveDate;
    /// use skillreg_core::Location;
    /// use skillreg_core::maturity::{Framework, MaturityAnswer};
    ///
    /// // The sample organisation (fixtures/winlas/sample-export.xml), asked by HR.
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let framework = Framework::parse(
    ///     "id = \"f\"\nname = \"F\"\nversion = \"1\"\nsteps = [{ name = \"A\" }, { name = \"B\" }]\n\
    ///      [[capabilities]]\nid = \"data\"\nname = \"Data\"\n", "f.toml")?;
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    /// let answer = MaturityAnswer {
    ///     location: Location { file: Some(Arc::from("a.csv")), line: Some(2), ..Location::default() },
    ///     respondent: "LG-SOC".into(), unit: "SOC".into(), capability: "data".into(), step: 2, day,
    /// };
    /// let first = registry.import_maturity_answers(&framework, &[answer.clone()], "a.csv", day, "hr")?;
    /// assert_eq!((first.n_recorded, first.n_already), (1, 0));
    /// let again = registry.import_maturity_answers(&framework, &[answer], "a.csv", day, "hr")?;
    /// assert_eq!((again.n_recorded, again.n_already), (0, 1));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn import_maturity_answers(
        &mut self,
        framework: &Framework,
        answers: &[MaturityAnswer],
        input: &str,
        today: NaiveDate,
        entered_by: &str,
    ) -> Result<MaturityImport> {
        self.require_hr("import maturity answers")?;
        let plan = self.plan_maturity(framework, answers, input, today)?;
        if !plan.problems.is_empty() {
            return Err(Error::Refused {
                input: input.to_string(),
                problems: plan.problems,
                n_more: plan.n_more,
            });
        }
        let mut import = plan.import;
        let stamp = self.stamp();
        let tx = self.transaction()?;
        let held = same_shape(held_framework(&tx, framework)?, framework)?;
        let framework_id = match held {
            Some(h) => h.id,
            None => {
                let ids: Vec<&str> = framework
                    .capabilities
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect();
                tx.execute(
                    "INSERT INTO maturity_frameworks
                       (code, version, name, n_steps, capabilities, digest, recorded_by, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        framework.id,
                        framework.version,
                        framework.name,
                        framework.n_steps(),
                        ids.join("\n"),
                        framework.digest(),
                        entered_by,
                        now()
                    ],
                )?;
                tx.last_insert_rowid()
            }
        };
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO maturity_answers
                   (framework_id, respondent, unit_id, capability, step, day, input, imported_by, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let at = now();
            for (unit_id, i) in &plan.new {
                let Some(a) = answers.get(*i) else { continue };
                insert.execute(params![
                    framework_id,
                    a.respondent,
                    unit_id,
                    a.capability,
                    a.step,
                    to_day(a.day),
                    input,
                    entered_by,
                    at
                ])?;
            }
        }
        import.n_recorded = plan.new.len() as u64;
        stamp.write(
            &tx,
            "import maturity answers",
            None,
            &format!(
                "framework {framework} from {input}: {} recorded, {} already held",
                import.n_recorded, import.n_already
            ),
        )?;
        tx.commit()?;
        Ok(import)
    }

    /// The problems of `answers` to `framework` without writing anything, each naming the
    /// answer's location and value: a respondent that is not a code or looks like an identity
    /// number, an unknown unit or capability, a step outside the framework's scale, a day after
    /// `today`, the same respondent, unit, capability and day twice in the file, or an answer
    /// the registry holds with another step.
    pub fn maturity_answer_problems(
        &self,
        framework: &Framework,
        answers: &[MaturityAnswer],
        input: &str,
        today: NaiveDate,
    ) -> Result<Vec<Problem>> {
        self.require_hr("check maturity answers")?;
        if answers.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .plan_maturity(framework, answers, input, today)?
            .problems)
    }

    fn plan_maturity(
        &self,
        framework: &Framework,
        answers: &[MaturityAnswer],
        input: &str,
        today: NaiveDate,
    ) -> Result<Plan> {
        if answers.is_empty() {
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
        }
        let conn = self.connection();
        let held = same_shape(held_framework(conn, framework)?, framework)?;
        // What the registry holds: (respondent, unit id, capability, day) -> step.
        let mut stored: HashMap<(String, i64, String, i64), i64> = HashMap::new();
        if let Some(h) = &held {
            let mut stmt = conn.prepare(
                "SELECT respondent, unit_id, capability, day, step FROM maturity_answers
                 WHERE framework_id = ?1",
            )?;
            let rows = stmt.query_map([h.id], |r| {
                Ok((
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
                    r.get::<_, i64>(4)?,
                ))
            })?;
            for row in rows {
                let (key, step) = row?;
                stored.insert(key, step);
            }
        }
        let units: HashMap<String, i64> = conn
            .prepare("SELECT code, id FROM org_units")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut problems = Vec::new();
        let mut n_more = 0usize;
        let mut problem = |at: &Location, value: Option<&str>, message: String| {
            if problems.len() < MAX_PROBLEMS {
                problems.push(Problem::new(at, value, message));
            } else {
                n_more += 1;
            }
        };
        let mut import = MaturityImport {
            framework: framework.id.clone(),
            version: framework.version.clone(),
            ..MaturityImport::default()
        };
        let mut seen: HashMap<(&str, &str, &str, NaiveDate), &Location> = HashMap::new();
        let (mut respondents, mut in_units) = (BTreeSet::new(), BTreeSet::new());
        let mut new = Vec::new();
        let n_steps = u32::from(framework.n_steps());
        for (i, a) in answers.iter().enumerate() {
            let at = &a.location;
            if looks_like_national_id(&a.respondent) {
                problem(
                    at,
                    None,
                    "the respondent looks like a national identity number (not shown): name \
                     respondents by a reference such as a leader group's code"
                        .to_string(),
                );
                continue;
            }
            if let Err(fault) = text::code(&a.respondent) {
                problem(at, Some(&a.respondent), format!("the respondent {fault}"));
                continue;
            }
            let Some(unit_id) = units.get(&a.unit) else {
                problem(
                    at,
                    Some(&a.unit),
                    format!("no org unit {:?} in the catalog", a.unit),
                );
                continue;
            };
            if framework.capability(&a.capability).is_none() {
                problem(
                    at,
                    Some(&a.capability),
                    format!(
                        "no capability {:?} in maturity framework {framework}",
                        a.capability
                    ),
                );
                continue;
            }
            if !(1..=n_steps).contains(&a.step) {
                problem(
                    at,
                    Some(&a.step.to_string()),
                    format!("the step must be 1 to {n_steps} (the framework's scale)"),
                );
                continue;
            }
            if a.day > today {
                problem(
                    at,
                    Some(&a.day.to_string()),
                    format!("a measurement dated after today ({today})"),
                );
                continue;
            }
            let key = (
                a.respondent.as_str(),
                a.unit.as_str(),
                a.capability.as_str(),
                a.day,
            );
            if let Some(first) = seen.insert(key, at) {
                problem(
                    at,
                    Some(&a.capability),
                    format!(
                        "a second answer of respondent {:?} for unit {:?} and capability {:?} on \
                         {}; the first is at {first}",
                        a.respondent, a.unit, a.capability, a.day
                    ),
                );
                continue;
            }
            let stored_key = (
                a.respondent.clone(),
                *unit_id,
                a.capability.clone(),
                to_day(a.day),
            );
            match stored.get(&stored_key) {
                Some(step) if *step == i64::from(a.step) => import.n_already += 1,
                Some(step) => {
                    problem(
                        at,
                        Some(&a.step.to_string()),
                        format!(
                            "the registry already holds step {step} of respondent {:?} for unit \
                             {:?} and capability {:?} on {}: a measurement is not rewritten \
                             (date a new one on its own day)",
                            a.respondent, a.unit, a.capability, a.day
                        ),
                    );
                    continue;
                }
                None => new.push((*unit_id, i)),
            }
            respondents.insert(a.respondent.as_str());
            in_units.insert(a.unit.as_str());
        }
        import.n_respondents = respondents.len() as u64;
        import.n_units = in_units.len() as u64;
        Ok(Plan {
            problems,
            n_more,
            import,
            new,
        })
    }
}

/// The answers that stand on `day`: per (respondent, unit, capability), the latest dated on or
/// before it. `answers` are sorted by day.
fn standing_on(
    answers: &[(String, String, String, u32, NaiveDate)],
    day: NaiveDate,
) -> BTreeMap<(&str, &str, &str), u32> {
    let mut latest = BTreeMap::new();
    for (respondent, unit, capability, step, d) in answers {
        if *d <= day {
            latest.insert(
                (respondent.as_str(), unit.as_str(), capability.as_str()),
                *step,
            );
        }
    }
    latest
}

/// Per group (None = everyone, Some(unit)), on each of two days: people with a target, and of
/// them people at all their targets.
type SkillSums = HashMap<Option<String>, [(u64, u64); 2]>;

/// Per group (None = everyone, Some(unit)) and capability: the answers' steps and respondents.
type Tallies<'a> = BTreeMap<
    Option<String>,
    (
        BTreeSet<&'a str>,
        HashMap<&'a str, (Vec<u32>, BTreeSet<&'a str>)>,
    ),
>;

fn tally<'a>(
    standing: &BTreeMap<(&'a str, &'a str, &'a str), u32>,
    tree: &OrgTree,
    top: Option<&str>,
) -> Tallies<'a> {
    let mut groups: Tallies<'a> = BTreeMap::new();
    for ((respondent, unit, capability), step) in standing {
        let mut names: Vec<Option<String>> = vec![None];
        for u in tree.self_and_ancestors(unit) {
            names.push(Some(u.to_string()));
            if Some(u) == top {
                break;
            }
        }
        for name in names {
            let (all, caps) = groups.entry(name).or_default();
            all.insert(respondent);
            let (steps, who) = caps.entry(capability).or_default();
            steps.push(*step);
            who.insert(respondent);
        }
    }
    groups
}

fn figures(
    s: &mut Suppressor,
    n_steps: u32,
    entry: Option<&(Vec<u32>, BTreeSet<&str>)>,
) -> (MaturityFigures, Option<f64>) {
    let (steps, who) = entry.map_or((&[][..], 0u64), |(s, w)| (s.as_slice(), w.len() as u64));
    let m = median(steps);
    let figures = MaturityFigures {
        n_respondents: s.count(who),
        median: s.mean(m.filter(|_| who > 0), who),
        distribution: (1..=n_steps)
            .map(|k| s.count_within(steps.iter().filter(|x| **x == k).count() as u64, who))
            .collect(),
    };
    (figures, m)
}

impl Registry {
    /// The organisation's digital maturity by `framework` on `from` (the baseline) and `to`
    /// (the follow-up): per capability its median step, the distribution over the steps and the
    /// respondents, and the change of the median; for everyone and for every unit with answers
    /// (a unit with the units below it), only `unit` and below it when given; and beside each,
    /// the share of the group's people at all their skill targets on the same days. Figures over
    /// fewer than `min_group` respondents (or people) are withheld. HR reads every unit, a
    /// viewer their unit (the default) and below it, a manager a unit whose people they all
    /// manage (see [`crate::reach`]); each read is audited. See the module
    /// documentation for the rules. `framework` must be the one the answers were imported with
    /// (same id, version and shape).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use chrono::NaiveDate;
    /// use skillreg_core::Location;
    /// use skillreg_core::maturity::{Framework, MaturityAnswer};
    ///
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let framework = Framework::parse(
    ///     "id = \"f\"\nname = \"F\"\nversion = \"1\"\nsteps = [{ name = \"A\" }, { name = \"B\" }]\n\
    ///      [[capabilities]]\nid = \"data\"\nname = \"Data\"\n", "f.toml")?;
    /// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
    /// let answer = |who: &str, step, d| MaturityAnswer {
    ///     location: Location { file: Some(Arc::from("a.csv")), ..Location::default() },
    ///     respondent: who.into(), unit: "SOC".into(), capability: "data".into(), step, day: d,
    /// };
    /// let answers = [answer("LG-1", 1, day(1, 10)?), answer("LG-2", 1, day(1, 10)?),
    ///                answer("LG-1", 2, day(11, 10)?)];
    /// registry.import_maturity_answers(&framework, &answers, "a.csv", day(11, 20)?, "hr")?;
    /// let report = registry.maturity_report(&framework, None, day(2, 1)?, day(11, 20)?, 1)?;
    /// let everyone = &report.groups[0];
    /// assert_eq!(everyone.rows[0].from.median.value, Some(1.0));
    /// assert_eq!(everyone.rows[0].to.median.value, Some(1.5)); // LG-1 now 2, LG-2 still 1
    /// assert_eq!(everyone.rows[0].change.value, Some(0.5));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn maturity_report(
        &self,
        framework: &Framework,
        unit: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
        min_group: u32,
    ) -> Result<MaturityReport> {
        if to < from {
            return Err(Error::Invalid(format!(
                "the follow-up day {to} is before the baseline day {from}"
            )));
        }
        let conn = self.connection();
        let Some(held) = same_shape(held_framework(conn, framework)?, framework)? else {
            return Err(Error::Invalid(format!(
                "the registry holds no answers to maturity framework {framework}"
            )));
        };
        let catalog = self.catalog()?;
        let book = RuleBook::new(&catalog);
        let tree = book.tree();
        let view = "read the maturity report";
        let access = self.aggregate_access(view, tree, unit, None, min_group)?;
        // Answers are about units, not people: a manager reads a unit they manage all of.
        if access.reach.is_some() && access.unit.is_none() {
            return Err(self.denied(
                view,
                "for the whole organisation (name a unit they manage all of with --unit)",
                "HR and viewers",
            ));
        }
        let unit = access.unit.as_deref();
        let answers: Vec<(String, String, String, u32, NaiveDate)> = conn
            .prepare(
                "SELECT a.respondent, u.code, a.capability, a.step, a.day
                 FROM maturity_answers a JOIN org_units u ON u.id = a.unit_id
                 WHERE a.framework_id = ?1 AND a.day <= ?2 ORDER BY a.day, a.id",
            )?
            .query_map(params![held.id, to_day(to)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, u32>(3)?,
                    day_col(r, 4)?,
                ))
            })?
            .filter(|row| {
                row.as_ref()
                    .map_or(true, |a| unit.is_none_or(|u| tree.is_within(&a.1, u)))
            })
            .collect::<rusqlite::Result<_>>()?;
        let (before, after) = (standing_on(&answers, from), standing_on(&answers, to));
        let (t0, t1) = (tally(&before, tree, unit), tally(&after, tree, unit));
        let names: BTreeSet<&Option<String>> = t0.keys().chain(t1.keys()).collect();
        let skills = self.skill_tallies(&book, unit, [from, to])?;
        let n_steps = u32::from(framework.n_steps());
        let mut s = Suppressor::new(min_group);
        let mut groups = Vec::new();
        for name in names {
            let (g0, g1) = (t0.get(name), t1.get(name));
            let n_from = g0.map_or(0, |g| g.0.len() as u64);
            let n_to = g1.map_or(0, |g| g.0.len() as u64);
            let mut rows = Vec::new();
            for c in &framework.capabilities {
                let (a, ma) = figures(&mut s, n_steps, g0.and_then(|g| g.1.get(c.id.as_str())));
                let (b, mb) = figures(&mut s, n_steps, g1.and_then(|g| g.1.get(c.id.as_str())));
                let change = s.change(
                    &a.median,
                    &b.median,
                    ma.zip(mb).map(|(x, y)| round(y - x, 2)),
                );
                rows.push(MaturityRow {
                    capability: c.id.clone(),
                    from: a,
                    to: b,
                    change,
                });
            }
            let [k0, k1] = skills.get(name).copied().unwrap_or_default();
            let day = |s: &mut Suppressor, (n, at): (u64, u64)| SkillDay {
                n_people: s.count(n),
                n_at_targets: s.count_within(at, n),
                share_at_targets: s.share(at, n, 3),
            };
            let (d0, d1) = (day(&mut s, k0), day(&mut s, k1));
            let share = |(n, at): (u64, u64)| (n > 0).then(|| at as f64 / n as f64);
            let change = s.change(
                &d0.share_at_targets,
                &d1.share_at_targets,
                share(k0).zip(share(k1)).map(|(x, y)| round(y - x, 3)),
            );
            groups.push(MaturityGroup {
                unit: name.clone(),
                unit_name: name
                    .as_deref()
                    .and_then(|u| catalog.unit(u))
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                n_respondents_from: s.count(n_from),
                n_respondents_to: s.count(n_to),
                rows,
                skills: SkillShares {
                    from: d0,
                    to: d1,
                    change,
                },
            });
        }
        self.log_aggregate("read maturity report", &access, to)?;
        Ok(MaturityReport {
            framework: FrameworkRef {
                id: framework.id.clone(),
                name: framework.name.clone(),
                version: framework.version.clone(),
                steps: framework.steps.iter().map(|s| s.name.clone()).collect(),
            },
            capabilities: framework
                .capabilities
                .iter()
                .map(|c| CapabilityRef {
                    id: c.id.clone(),
                    name: c.name.clone(),
                })
                .collect(),
            from,
            to,
            unit: unit.map(str::to_string),
            groups,
            method: "each day takes, per respondent, unit and capability, the latest answer dated \
                     on or before it; a unit covers the units below it; the median is over \
                     answers (the mean of the two middle ones for an even number); the skills \
                     share counts the active people with a target who are at or above every one \
                     of their targets (confirmed level, else self-assessed)"
                .to_string(),
            suppression: s.finish(),
        })
    }

    /// Per group (None = everyone, Some(unit) = the unit and below, up to `unit`): on each of
    /// `days`, active people with a target and those at all their targets.
    fn skill_tallies(
        &self,
        book: &RuleBook,
        unit: Option<&str>,
        days: [NaiveDate; 2],
    ) -> Result<SkillSums> {
        let tree = book.tree();
        let filter = Filter {
            unit,
            ..Filter::default()
        };
        let mut sums: SkillSums = HashMap::new();
        scan::for_each_person(self.connection(), |employee, evidence, _| {
            for (i, day) in days.into_iter().enumerate() {
                let Some(place) = placement(employee, day, tree, &filter) else {
                    continue;
                };
                let targets = book.targets(employee, day);
                if targets.is_empty() {
                    continue;
                }
                let at_all = targets.iter().all(|(system, target)| {
                    confirmed_level(evidence, system, day)
                        .or_else(|| self_level(evidence, system, day))
                        .is_some_and(|c| c >= *target)
                });
                let groups = std::iter::once(None).chain(place.units.iter().cloned().map(Some));
                for g in groups {
                    let sum = &mut sums.entry(g).or_default()[i];
                    sum.0 += 1;
                    sum.1 += u64::from(at_all);
                }
            }
            Ok(())
        })?;
        Ok(sums)
    }
}
