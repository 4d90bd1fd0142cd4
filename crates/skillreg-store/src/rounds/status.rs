//! A round's response rate per unit, and who has not answered.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::params;
use skillreg_core::OrgTree;
use skillreg_core::view::{
    DEFAULT_MIN_GROUP, RoundStatus, Suppressor, Unanswered, UnitResponse, round,
};

use crate::error::Result;
use crate::reach::Aggregate;
use crate::registry::Registry;
use crate::sql::{self, to_day};

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

impl Registry {
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
