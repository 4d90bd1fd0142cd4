//! Reading rounds and their forms.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use skillreg_core::view::{FormSystem, Round, RoundForm, RoundForms, RoundStatus};
use skillreg_core::{Catalog, Evidence, EvidenceKind, Level};

use super::RoundFilter;
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::sql::{self, day_col};

impl Registry {
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
    pub(super) fn round_unchecked(&self, id: i64) -> Result<Round> {
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
                .map(|code| form_system(&catalog, &evidence, code, day))
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
}

impl Registry {
    /// The rounds `filter` names, oldest first: with a group, its latest rounds (those opened
    /// together by [`Registry::open_group_rounds`]), only the one for `occupation` when that is
    /// given too; with an occupation alone, its latest round; with neither, the latest round.
    /// An unknown group or occupation is an error, and so is a filter no round matches (a
    /// status of no round; [`Registry::matching_rounds`] lists none instead).
    pub fn filtered_rounds(&self, filter: &RoundFilter) -> Result<Vec<Round>> {
        let rounds = self.matching_rounds(filter)?;
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

    /// [`Registry::filtered_rounds`], empty when no round was opened for the group or
    /// occupation yet (a list of them, as `GET /api/v1/rounds?occupation=X` answers). An
    /// unknown group or occupation is still an error.
    ///
    /// ```
    /// use skillreg_store::RoundFilter;
    ///
    /// // The sample organisation: USK is an occupation, no round is open.
    /// let registry = skillreg_testkit::sample_registry();
    /// let filter = RoundFilter { occupation: Some("USK".into()), ..RoundFilter::default() };
    /// assert!(registry.matching_rounds(&filter)?.is_empty());
    /// assert!(registry.filtered_rounds(&filter).is_err());
    /// let unknown = RoundFilter { occupation: Some("NOPE".into()), ..RoundFilter::default() };
    /// assert!(registry.matching_rounds(&unknown).is_err());
    /// Ok::<(), skillreg_store::Error>(())
    /// ```
    pub fn matching_rounds(&self, filter: &RoundFilter) -> Result<Vec<Round>> {
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

/// System `code` on a form: its name and level descriptions from `catalog`, and the latest
/// self-assessment in `evidence` up to `day`.
pub(super) fn form_system(
    catalog: &Catalog,
    evidence: &[Evidence],
    code: &str,
    day: NaiveDate,
) -> FormSystem {
    let system = catalog.system(code);
    FormSystem {
        system: code.to_string(),
        name: system.map_or_else(|| code.to_string(), |s| s.name.clone()),
        level_descriptions: system
            .map(|s| s.level_descriptions.clone())
            .unwrap_or_default(),
        last_self: last_self(evidence, code, day),
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
