//! Opening rounds: who is asked, in which unit, and about which systems.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::params;
use skillreg_core::view::Round;

use super::RoundSpec;
use crate::error::{Error, Result};
use crate::registry::{Registry, Scope};
use crate::sql::{self, to_day};
use crate::target::Ids;

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
    tx: &rusqlite::Connection,
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
}
