//! Every person's data in one pass: four cursors ordered by person, merged. For reports over
//! many people (`gaps --all`), instead of a handful of queries per person.

use std::collections::HashMap;

use rusqlite::Connection;
use skillreg_core::model::expiry_date;
use skillreg_core::{Employee, Employment, Evidence, EvidenceKind, Referral};

use crate::sql::{KIND_MANAGER, KIND_SELF, day_col, level_col, opt_day_col};

fn codes(conn: &Connection, table: &str) -> rusqlite::Result<HashMap<i64, String>> {
    conn.prepare(&format!("SELECT id, code FROM {table}"))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

fn code(map: &HashMap<i64, String>, id: i64) -> rusqlite::Result<String> {
    map.get(&id)
        .cloned()
        .ok_or_else(|| rusqlite::Error::InvalidParameterName(format!("dangling catalog id {id}")))
}

/// Calls `f` with every person (in row order), their evidence and referrals.
pub(crate) fn for_each_person(
    conn: &Connection,
    mut f: impl FnMut(&Employee, &[Evidence], &[Referral]) -> crate::Result<()>,
) -> crate::Result<()> {
    let units = codes(conn, "org_units")?;
    let occupations = codes(conn, "occupations")?;
    let systems = codes(conn, "systems")?;
    let courses = codes(conn, "courses")?;
    let validity: HashMap<i64, Option<u32>> = conn
        .prepare("SELECT id, valid_months FROM courses")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;

    let mut people = conn.prepare(
        "SELECT id, employee_no, given_name, family_name, email FROM persons ORDER BY id",
    )?;
    let mut employments = conn.prepare(
        "SELECT person_id, unit_id, occupation_id, percent, start_day, end_day, manager_no, is_primary
         FROM employments ORDER BY person_id, start_day, id",
    )?;
    let mut evidence = conn.prepare(
        "SELECT person_id, system_id, kind, level, day, assessor, course_id
         FROM evidence INDEXED BY evidence_person ORDER BY person_id, id",
    )?;
    let mut referrals = conn.prepare(
        "SELECT person_id, course_id, created_day, due_day, cancelled_day, referred_by
         FROM referrals ORDER BY person_id, id",
    )?;
    let mut employments = employments
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                Employment {
                    unit: String::new(),
                    occupation: String::new(),
                    percent: r.get(3)?,
                    start: day_col(r, 4)?,
                    end: opt_day_col(r, 5)?,
                    manager: r.get(6)?,
                    primary: r.get(7)?,
                },
            ))
        })?
        .peekable();
    let mut evidence = evidence
        .query_map([], |r| {
            let date = day_col(r, 4)?;
            let course: Option<i64> = r.get(6)?;
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                level_col(r, 3)?,
                date,
                r.get::<_, Option<String>>(5)?,
                course,
            ))
        })?
        .peekable();
    let mut referrals = referrals
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                day_col(r, 2)?,
                opt_day_col(r, 3)?,
                opt_day_col(r, 4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?
        .peekable();

    let mut person_evidence = Vec::new();
    let mut person_referrals = Vec::new();
    let rows = people.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    for row in rows {
        let (id, employee_no, given_name, family_name, email) = row?;
        let mut employee = Employee {
            employee_no,
            given_name,
            family_name,
            email,
            employments: Vec::new(),
        };
        while let Some(Ok((person, ..))) = employments.peek() {
            if *person > id {
                break;
            }
            if let Some(next) = employments.next() {
                let (person, unit, occupation, mut e) = next?;
                if person == id {
                    e.unit = code(&units, unit)?;
                    e.occupation = code(&occupations, occupation)?;
                    employee.employments.push(e);
                }
            }
        }
        if let Some(Err(_)) = employments.peek() {
            employments.next().transpose()?;
        }
        person_evidence.clear();
        while let Some(Ok((person, ..))) = evidence.peek() {
            if *person > id {
                break;
            }
            if let Some(next) = evidence.next() {
                let (person, system, kind, level, date, assessor, course) = next?;
                if person != id {
                    continue;
                }
                let kind = match kind {
                    KIND_SELF => EvidenceKind::SelfAssessment,
                    KIND_MANAGER => EvidenceKind::ManagerAssessment { assessor },
                    _ => EvidenceKind::CourseResult {
                        course: course.map(|c| code(&courses, c)).transpose()?,
                        expires: course
                            .and_then(|c| expiry_date(date, validity.get(&c).copied().flatten())),
                    },
                };
                person_evidence.push(Evidence {
                    system: code(&systems, system)?,
                    level,
                    date,
                    kind,
                });
            }
        }
        if let Some(Err(_)) = evidence.peek() {
            evidence.next().transpose()?;
        }
        person_referrals.clear();
        while let Some(Ok((person, ..))) = referrals.peek() {
            if *person > id {
                break;
            }
            if let Some(next) = referrals.next() {
                let (person, course, created, due, cancelled, referred_by) = next?;
                if person == id {
                    person_referrals.push(Referral {
                        course: code(&courses, course)?,
                        created,
                        due,
                        cancelled,
                        referred_by,
                    });
                }
            }
        }
        if let Some(Err(_)) = referrals.peek() {
            referrals.next().transpose()?;
        }
        f(&employee, &person_evidence, &person_referrals)?;
    }
    Ok(())
}
