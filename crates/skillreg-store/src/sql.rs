//! Row conversions and the reads shared by the registry and the sync target.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};
use skillreg_core::model::expiry_date;
use skillreg_core::{
    Catalog, Course, Employee, Employment, Evidence, EvidenceKind, Gender, Group, Level,
    Occupation, OrgUnit, Referral, Requirement, System,
};

/// A date as stored: days from 0001-01-01.
pub(crate) fn to_day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn conversion(idx: usize, what: &str, value: i64) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        Type::Integer,
        format!("{what} out of range: {value}").into(),
    )
}

pub(crate) fn day_col(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    let n: i64 = row.get(idx)?;
    i32::try_from(n)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| conversion(idx, "day", n))
}

pub(crate) fn opt_day_col(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match row.get::<_, Option<i64>>(idx)? {
        None => Ok(None),
        Some(_) => day_col(row, idx).map(Some),
    }
}

pub(crate) fn level_col(row: &Row<'_>, idx: usize) -> rusqlite::Result<Level> {
    let n: i64 = row.get(idx)?;
    u8::try_from(n)
        .ok()
        .and_then(Level::new)
        .ok_or_else(|| conversion(idx, "level", n))
}

pub(crate) const KIND_SELF: i64 = 0;
pub(crate) const KIND_MANAGER: i64 = 1;
pub(crate) const KIND_COURSE: i64 = 2;

pub(crate) fn kind_code(kind: &EvidenceKind) -> i64 {
    match kind {
        EvidenceKind::SelfAssessment => KIND_SELF,
        EvidenceKind::ManagerAssessment { .. } => KIND_MANAGER,
        EvidenceKind::CourseResult { .. } => KIND_COURSE,
    }
}

/// The whole catalog, sorted by key.
pub(crate) fn load_catalog(conn: &Connection) -> rusqlite::Result<Catalog> {
    load_catalog_where(conn, None)
}

/// The catalog; with `requirement_source`, only the requirements that source stated.
pub(crate) fn load_catalog_where(
    conn: &Connection,
    requirement_source: Option<&str>,
) -> rusqlite::Result<Catalog> {
    let units = conn
        .prepare_cached(
            "SELECT u.code, u.name, p.code FROM org_units u
             LEFT JOIN org_units p ON p.id = u.parent_id ORDER BY u.code",
        )?
        .query_map([], |r| {
            Ok(OrgUnit {
                id: r.get(0)?,
                name: r.get(1)?,
                parent: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let occupations = conn
        .prepare_cached("SELECT code, name FROM occupations ORDER BY code")?
        .query_map([], |r| {
            Ok(Occupation {
                code: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let systems = conn
        .prepare_cached(
            "SELECT code, name, vendor, level1, level2, level3, level4 FROM systems ORDER BY code",
        )?
        .query_map([], |r| {
            Ok(System {
                code: r.get(0)?,
                name: r.get(1)?,
                vendor: r.get(2)?,
                level_descriptions: [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let requirements = conn
        .prepare_cached(
            "SELECT o.code, s.code, r.level, u.code FROM requirements r
             JOIN occupations o ON o.id = r.occupation_id
             JOIN systems s ON s.id = r.system_id
             LEFT JOIN org_units u ON u.id = r.unit_id
             WHERE ?1 IS NULL OR r.source = ?1
             ORDER BY o.code, s.code, u.code",
        )?
        .query_map([requirement_source], |r| {
            Ok(Requirement {
                occupation: r.get(0)?,
                system: r.get(1)?,
                level: level_col(r, 2)?,
                unit: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let courses = conn
        .prepare_cached(
            "SELECT c.code, c.name, s.code, c.grants_level, c.valid_months, c.audience
             FROM courses c JOIN systems s ON s.id = c.system_id ORDER BY c.code",
        )?
        .query_map([], |r| {
            Ok(Course {
                code: r.get(0)?,
                name: r.get(1)?,
                system: r.get(2)?,
                grants: level_col(r, 3)?,
                valid_months: r.get(4)?,
                audience: r
                    .get::<_, String>(5)?
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let words =
        |text: String| -> Vec<String> { text.split_whitespace().map(str::to_string).collect() };
    let groups = conn
        .prepare_cached(
            "SELECT code, name, phase, occupations, units FROM target_groups ORDER BY code",
        )?
        .query_map([], |r| {
            Ok(Group {
                code: r.get(0)?,
                name: r.get(1)?,
                phase: r.get(2)?,
                occupations: words(r.get(3)?),
                units: words(r.get(4)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Catalog {
        units,
        occupations,
        systems,
        requirements,
        courses,
        groups,
    })
}

/// The person's row id, by employee number.
pub(crate) fn person_id(conn: &Connection, employee_no: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM persons WHERE employee_no = ?1")?
        .query_row([employee_no], |r| r.get(0))
        .optional()
}

/// The gender held for one person (a value the schema's check lets through is one of three).
pub(crate) fn load_gender(conn: &Connection, person_id: i64) -> rusqlite::Result<Option<Gender>> {
    let code: Option<String> = conn
        .prepare_cached("SELECT gender FROM persons WHERE id = ?1")?
        .query_row([person_id], |r| r.get(0))?;
    Ok(code.and_then(|c| c.parse().ok()))
}

/// A gender as stored.
pub(crate) fn gender_col(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<Gender>> {
    Ok(row
        .get::<_, Option<String>>(i)?
        .and_then(|c| c.parse().ok()))
}

/// Name, email and every employment of one person.
pub(crate) fn load_employee(conn: &Connection, person_id: i64) -> rusqlite::Result<Employee> {
    let (employee_no, given_name, family_name, email) = conn
        .prepare_cached(
            "SELECT employee_no, given_name, family_name, email FROM persons WHERE id = ?1",
        )?
        .query_row([person_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let employments = conn
        .prepare_cached(
            "SELECT u.code, o.code, e.percent, e.start_day, e.end_day, e.manager_no, e.is_primary
             FROM employments e
             JOIN org_units u ON u.id = e.unit_id
             JOIN occupations o ON o.id = e.occupation_id
             WHERE e.person_id = ?1 ORDER BY e.start_day, e.id",
        )?
        .query_map([person_id], |r| {
            Ok(Employment {
                unit: r.get(0)?,
                occupation: r.get(1)?,
                percent: r.get(2)?,
                start: day_col(r, 3)?,
                end: opt_day_col(r, 4)?,
                manager: r.get(5)?,
                primary: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Employee {
        employee_no,
        given_name,
        family_name,
        email,
        employments,
    })
}

/// Every piece of evidence of one person, in recording order, with each course result's expiry
/// computed from the course's current validity.
pub(crate) fn load_evidence(conn: &Connection, person_id: i64) -> rusqlite::Result<Vec<Evidence>> {
    conn.prepare_cached(
        "SELECT s.code, e.level, e.day, e.kind, e.assessor, c.code, c.valid_months
         FROM evidence e
         JOIN systems s ON s.id = e.system_id
         LEFT JOIN courses c ON c.id = e.course_id
         WHERE e.person_id = ?1 ORDER BY e.id",
    )?
    .query_map([person_id], evidence_row)?
    .collect()
}

/// An evidence row: system, level, day, kind, assessor, course code, course validity.
pub(crate) fn evidence_row(r: &Row<'_>) -> rusqlite::Result<Evidence> {
    let date = day_col(r, 2)?;
    let kind = match r.get::<_, i64>(3)? {
        KIND_SELF => EvidenceKind::SelfAssessment,
        KIND_MANAGER => EvidenceKind::ManagerAssessment {
            assessor: r.get(4)?,
        },
        _ => EvidenceKind::CourseResult {
            course: r.get(5)?,
            expires: expiry_date(date, r.get::<_, Option<u32>>(6)?),
        },
    };
    Ok(Evidence {
        system: r.get(0)?,
        level: level_col(r, 1)?,
        date,
        kind,
    })
}

/// Every referral of one person.
pub(crate) fn load_referrals(conn: &Connection, person_id: i64) -> rusqlite::Result<Vec<Referral>> {
    conn.prepare_cached(
        "SELECT c.code, r.created_day, r.due_day, r.cancelled_day, r.referred_by
         FROM referrals r JOIN courses c ON c.id = r.course_id
         WHERE r.person_id = ?1 ORDER BY r.id",
    )?
    .query_map([person_id], |r| {
        Ok(Referral {
            course: r.get(0)?,
            created: day_col(r, 1)?,
            due: opt_day_col(r, 2)?,
            cancelled: opt_day_col(r, 3)?,
            referred_by: r.get(4)?,
        })
    })?
    .collect()
}

/// Row id of a catalog item by code, in `table` (one of the catalog tables).
pub(crate) fn code_id(conn: &Connection, table: &str, code: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE code = ?1"))?
        .query_row(params![code], |r| r.get(0))
        .optional()
}
