//! The store's side of a sync: [`SyncTarget`] over one open transaction.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use skillreg_core::sync::{
    CatalogItem, CatalogOp, Change, EmploymentOp, IndexEntry, PersonChange, PersonPlan,
    PersonState, SourceRole, SyncTarget,
};
use skillreg_core::{
    Catalog, Employment, Evidence, EvidenceKind, Gender, Requirement, SnapshotHeader,
};

use crate::sql::{self, kind_code, to_day};

/// Code -> row id for each catalog table; reloaded after the catalog changes.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    pub units: CodeIds,
    pub occupations: CodeIds,
    pub systems: CodeIds,
    pub courses: CodeIds,
}

/// Row ids by code, looked up for every row a sync writes: hashed with foldhash, which takes a
/// fraction of SipHash's instructions for a short code.
pub(crate) type CodeIds = HashMap<String, i64, foldhash::fast::RandomState>;

impl Ids {
    pub fn load(conn: &Connection) -> rusqlite::Result<Ids> {
        let map = |table: &str| -> rusqlite::Result<CodeIds> {
            conn.prepare(&format!("SELECT code, id FROM {table}"))?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        };
        Ok(Ids {
            units: map("org_units")?,
            occupations: map("occupations")?,
            systems: map("systems")?,
            courses: map("courses")?,
        })
    }
}

fn missing(what: &str, code: &str) -> rusqlite::Error {
    rusqlite::Error::InvalidParameterName(format!("unknown {what} {code:?}"))
}

fn id_of(map: &CodeIds, what: &str, code: &str) -> rusqlite::Result<i64> {
    map.get(code).copied().ok_or_else(|| missing(what, code))
}

/// Creates, updates or removes catalog items in order. Units first without parents, then
/// parents, so that a parent listed after its child is no problem. `source` is the outside system
/// the items come from (`None`: a catalog file or the library); requirements remember it.
pub(crate) fn apply_catalog_ops(
    conn: &Connection,
    ops: &[CatalogOp],
    source: Option<&str>,
) -> rusqlite::Result<()> {
    for op in ops {
        match &op.item {
            CatalogItem::Unit(u) => {
                conn.prepare_cached(
                    "INSERT INTO org_units (code, name) VALUES (?1, ?2)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name",
                )?
                .execute(params![u.id, u.name])?;
            }
            CatalogItem::Occupation(o) => {
                conn.prepare_cached(
                    "INSERT INTO occupations (code, name) VALUES (?1, ?2)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name",
                )?
                .execute(params![o.code, o.name])?;
            }
            CatalogItem::System(s) => {
                let [l1, l2, l3, l4] = &s.level_descriptions;
                conn.prepare_cached(
                    "INSERT INTO systems (code, name, vendor, level1, level2, level3, level4)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name, vendor = excluded.vendor,
                       level1 = excluded.level1, level2 = excluded.level2,
                       level3 = excluded.level3, level4 = excluded.level4",
                )?
                .execute(params![s.code, s.name, s.vendor, l1, l2, l3, l4])?;
            }
            _ => {}
        }
    }
    for op in ops {
        if let CatalogItem::Unit(u) = &op.item {
            conn.prepare_cached(
                "UPDATE org_units SET parent_id = (SELECT id FROM org_units WHERE code = ?2)
                 WHERE code = ?1",
            )?
            .execute(params![u.id, u.parent])?;
        }
    }
    let ids = Ids::load(conn)?;
    for op in ops {
        match &op.item {
            CatalogItem::Requirement(r) if op.change == Change::Removed => {
                let occupation = id_of(&ids.occupations, "occupation", &r.occupation)?;
                let system = id_of(&ids.systems, "system", &r.system)?;
                let unit = match &r.unit {
                    Some(u) => Some(id_of(&ids.units, "org unit", u)?),
                    None => None,
                };
                conn.prepare_cached(
                    "DELETE FROM requirements
                     WHERE occupation_id = ?1 AND system_id = ?2 AND unit_id IS ?3",
                )?
                .execute(params![occupation, system, unit])?;
            }
            CatalogItem::Requirement(r) => {
                let occupation = id_of(&ids.occupations, "occupation", &r.occupation)?;
                let system = id_of(&ids.systems, "system", &r.system)?;
                let unit = match &r.unit {
                    Some(u) => Some(id_of(&ids.units, "org unit", u)?),
                    None => None,
                };
                let updated = conn
                    .prepare_cached(
                        "UPDATE requirements SET level = ?4, source = ?5
                         WHERE occupation_id = ?1 AND system_id = ?2 AND unit_id IS ?3",
                    )?
                    .execute(params![occupation, system, unit, r.level.number(), source])?;
                if updated == 0 {
                    conn.prepare_cached(
                        "INSERT INTO requirements (occupation_id, system_id, unit_id, level, source)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![occupation, system, unit, r.level.number(), source])?;
                }
            }
            CatalogItem::Group(g) => {
                conn.prepare_cached(
                    "INSERT INTO target_groups (code, name, phase, occupations, units)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name,
                       phase = excluded.phase, occupations = excluded.occupations,
                       units = excluded.units",
                )?
                .execute(params![
                    g.code,
                    g.name,
                    g.phase,
                    g.occupations.join(" "),
                    g.units.join(" ")
                ])?;
            }
            CatalogItem::Course(c) => {
                let system = id_of(&ids.systems, "system", &c.system)?;
                conn.prepare_cached(
                    "INSERT INTO courses (code, name, system_id, grants_level, valid_months, audience)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name,
                       system_id = excluded.system_id, grants_level = excluded.grants_level,
                       valid_months = excluded.valid_months, audience = excluded.audience",
                )?
                .execute(params![
                    c.code,
                    c.name,
                    system,
                    c.grants.number(),
                    c.valid_months,
                    c.audience.join(" ")
                ])?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Who brought a piece of evidence.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// Adapter name (`wlx`) or `registry` for entries made through the library or CLI.
    pub source: String,
    pub run_id: Option<i64>,
    pub entered_by: Option<String>,
}

/// Rows per multi-row INSERT: fewer statement executions, the same rows.
const EVIDENCE_BATCH: usize = 16;

/// The multi-row INSERT of `rows` evidence rows. `OR FAIL`: a row refused by a constraint
/// ends the statement with the error and leaves its earlier rows, where the default (`ABORT`)
/// undoes them first, which makes SQLite copy every page the statement changes into a
/// statement journal before changing it. Every caller returns the error and rolls its whole
/// transaction (or savepoint) back, so the earlier rows are never committed either way.
fn evidence_insert_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT OR FAIL INTO evidence (person_id, system_id, kind, level, day, assessor, \
         course_id, source, entered_by, run_id) VALUES ",
    );
    // What every row shares is bound once: the person ?1 and the origin ?2 to ?4.
    for row in 0..rows {
        let p = SHARED_PARAMS + 1 + row * ROW_PARAMS;
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "(?1, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?2, ?3, ?4)",
            p,
            p + 1,
            p + 2,
            p + 3,
            p + 4,
            p + 5
        ));
    }
    sql
}

/// [`evidence_insert_sql`] of `rows` (1 to [`EVIDENCE_BATCH`]), made once: the statement
/// cache is looked up by the text.
fn evidence_insert(rows: usize) -> &'static str {
    static SQL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let sql = SQL.get_or_init(|| (0..=EVIDENCE_BATCH).map(evidence_insert_sql).collect());
    sql.get(rows).map_or("", String::as_str)
}

/// The parameters every row of an evidence insert shares, and each row's own.
const SHARED_PARAMS: usize = 4;
const ROW_PARAMS: usize = 6;

/// Inserts a person's evidence, in order, `EVIDENCE_BATCH` rows per statement.
pub(crate) fn insert_evidence(
    conn: &Connection,
    ids: &Ids,
    person_id: i64,
    evidence: &[Evidence],
    origin: &Origin,
) -> rusqlite::Result<()> {
    for chunk in evidence.chunks(EVIDENCE_BATCH) {
        let mut stmt = conn.prepare_cached(evidence_insert(chunk.len()))?;
        bind_evidence(&mut stmt, ids, person_id, chunk, origin)?;
        stmt.raw_execute()?;
    }
    Ok(())
}

/// Binds every parameter of the insert of `chunk`.
fn bind_evidence(
    stmt: &mut rusqlite::Statement<'_>,
    ids: &Ids,
    person_id: i64,
    chunk: &[Evidence],
    origin: &Origin,
) -> rusqlite::Result<()> {
    stmt.raw_bind_parameter(1, person_id)?;
    stmt.raw_bind_parameter(2, origin.source.as_str())?;
    stmt.raw_bind_parameter(3, origin.entered_by.as_deref())?;
    stmt.raw_bind_parameter(4, origin.run_id)?;
    let mut i = SHARED_PARAMS + 1;
    for e in chunk {
        let system = id_of(&ids.systems, "system", &e.system)?;
        let (assessor, course) = match &e.kind {
            EvidenceKind::SelfAssessment => (None, None),
            EvidenceKind::ManagerAssessment { assessor } => (assessor.as_deref(), None),
            EvidenceKind::CourseResult { course, .. } => (
                None,
                match course {
                    Some(c) => Some(id_of(&ids.courses, "course", c)?),
                    None => None,
                },
            ),
        };
        stmt.raw_bind_parameter(i, system)?;
        stmt.raw_bind_parameter(i + 1, kind_code(&e.kind))?;
        stmt.raw_bind_parameter(i + 2, e.level.number())?;
        stmt.raw_bind_parameter(i + 3, to_day(e.date))?;
        stmt.raw_bind_parameter(i + 4, assessor)?;
        stmt.raw_bind_parameter(i + 5, course)?;
        i += ROW_PARAMS;
    }
    Ok(())
}

/// [`SyncTarget`] over an open transaction.
pub(crate) struct TxTarget<'c> {
    pub conn: &'c Connection,
    pub ids: Ids,
    pub origin: Origin,
    /// What the source may change (set by `begin`).
    pub role: SourceRole,
    /// The person `person_evidence` looked up last (employee number, row id): their
    /// `apply_person` follows at once and need not look them up again.
    pub last_looked_up: Option<(String, i64)>,
    /// Whether a row of `source_digests` was written (its references are checked at the end).
    pub wrote_digests: bool,
}

impl TxTarget<'_> {
    fn upsert_employment(&self, person: i64, e: &Employment, insert: bool) -> rusqlite::Result<()> {
        let unit = id_of(&self.ids.units, "org unit", &e.unit)?;
        let occupation = id_of(&self.ids.occupations, "occupation", &e.occupation)?;
        let sql = if insert {
            "INSERT INTO employments (person_id, unit_id, occupation_id, start_day, percent, end_day,
                                      manager_no, is_primary)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        } else {
            "UPDATE employments SET percent = ?5, end_day = ?6, manager_no = ?7, is_primary = ?8
             WHERE person_id = ?1 AND unit_id = ?2 AND occupation_id = ?3 AND start_day = ?4"
        };
        self.conn.prepare_cached(sql)?.execute(params![
            person,
            unit,
            occupation,
            to_day(e.start),
            e.percent,
            e.end.map(to_day),
            e.manager,
            e.primary
        ])?;
        Ok(())
    }
}

impl SyncTarget for TxTarget<'_> {
    type Error = rusqlite::Error;

    fn begin(&mut self, _header: &SnapshotHeader, role: SourceRole) -> rusqlite::Result<()> {
        self.role = role;
        Ok(())
    }

    fn catalog(&mut self) -> rusqlite::Result<Catalog> {
        sql::load_catalog(self.conn)
    }

    fn person_index(
        &mut self,
        day: NaiveDate,
        visit: &mut dyn FnMut(String, IndexEntry),
    ) -> rusqlite::Result<()> {
        // One pass over the people and their employments (a person's rows together, in id
        // order), where two correlated sub-queries per person looked the employments up twice.
        let (mut stmt, source) = match self.role {
            SourceRole::People => (
                self.conn.prepare(
                    "SELECT p.id, p.employee_no, p.digest, e.start_day, e.end_day
                     FROM persons p LEFT JOIN employments e ON e.person_id = p.id
                     ORDER BY p.id",
                )?,
                None,
            ),
            SourceRole::Evidence => (
                self.conn.prepare(
                    "SELECT p.id, p.employee_no, d.digest, e.start_day, e.end_day
                     FROM persons p
                     LEFT JOIN source_digests d ON d.person_id = p.id AND d.source = ?1
                     LEFT JOIN employments e ON e.person_id = p.id
                     ORDER BY p.id",
                )?,
                Some(self.origin.source.as_str()),
            ),
        };
        let mut rows = match source {
            None => stmt.query([])?,
            Some(source) => stmt.query([source])?,
        };
        let day = to_day(day);
        let mut current: Option<(i64, String, IndexEntry)> = None;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let (start, end): (Option<i64>, Option<i64>) = (r.get(3)?, r.get(4)?);
            let entry = match &mut current {
                Some((held, _, entry)) if *held == id => entry,
                _ => {
                    if let Some((_, no, entry)) = current.take() {
                        visit(no, entry);
                    }
                    let digest: Option<Vec<u8>> = r.get(2)?;
                    let (_, _, entry) = current.insert((
                        id,
                        r.get::<_, String>(1)?,
                        IndexEntry {
                            digest: digest.and_then(|d| <[u8; 16]>::try_from(d.as_slice()).ok()),
                            active: false,
                            planned: false,
                        },
                    ));
                    entry
                }
            };
            if let Some(start) = start {
                entry.active |= start <= day && end.is_none_or(|end| end >= day);
                entry.planned |= start > day;
            }
        }
        if let Some((_, no, entry)) = current {
            visit(no, entry);
        }
        Ok(())
    }

    fn person_state(&mut self, employee_no: &str) -> rusqlite::Result<PersonState> {
        let Some(id) = sql::person_id(self.conn, employee_no)? else {
            return Ok(PersonState::default());
        };
        Ok(PersonState {
            employee: Some(sql::load_employee(self.conn, id)?),
            evidence: sql::load_evidence(self.conn, id)?,
            gender: sql::load_gender(self.conn, id)?,
        })
    }

    fn person_evidence(&mut self, employee_no: &str) -> rusqlite::Result<PersonState> {
        let Some(id) = sql::person_id(self.conn, employee_no)? else {
            return Ok(PersonState::default());
        };
        self.last_looked_up = Some((employee_no.to_string(), id));
        Ok(PersonState {
            employee: None,
            evidence: sql::load_evidence(self.conn, id)?,
            gender: None,
        })
    }

    fn requirements_from(&mut self, source: &str) -> rusqlite::Result<Vec<Requirement>> {
        Ok(sql::load_catalog_where(self.conn, Some(source))?.requirements)
    }

    fn apply_catalog(&mut self, ops: &[CatalogOp]) -> rusqlite::Result<()> {
        apply_catalog_ops(self.conn, ops, Some(&self.origin.source))?;
        self.ids = Ids::load(self.conn)?;
        Ok(())
    }

    fn apply_person(&mut self, plan: &PersonPlan) -> rusqlite::Result<()> {
        if self.role == SourceRole::Evidence {
            // Evidence only: never a person's name or employments.
            let id = match self.last_looked_up.take() {
                Some((no, id)) if no == plan.employee_no => id,
                _ => sql::person_id(self.conn, &plan.employee_no)?
                    .ok_or_else(|| missing("employee", &plan.employee_no))?,
            };
            self.conn
                .prepare_cached(
                    "INSERT INTO source_digests (source, person_id, digest) VALUES (?1, ?2, ?3)
                     ON CONFLICT (source, person_id) DO UPDATE SET digest = excluded.digest",
                )?
                .execute(params![self.origin.source, id, &plan.digest[..]])?;
            self.wrote_digests = true;
            return insert_evidence(self.conn, &self.ids, id, &plan.evidence, &self.origin);
        }
        let person = if plan.change == PersonChange::Created {
            let d = plan
                .details
                .as_ref()
                .ok_or_else(|| missing("details for", &plan.employee_no))?;
            self.conn
                .prepare_cached(
                    "INSERT INTO persons (employee_no, given_name, family_name, email, digest,
                                          gender)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    plan.employee_no,
                    d.given_name,
                    d.family_name,
                    d.email,
                    &plan.digest[..],
                    d.gender.map(Gender::code)
                ])?;
            self.conn.last_insert_rowid()
        } else {
            let id = sql::person_id(self.conn, &plan.employee_no)?
                .ok_or_else(|| missing("employee", &plan.employee_no))?;
            if let Some(d) = &plan.details {
                self.conn
                    .prepare_cached(
                        "UPDATE persons SET given_name = ?2, family_name = ?3, email = ?4,
                                            gender = ?5
                         WHERE id = ?1",
                    )?
                    .execute(params![
                        id,
                        d.given_name,
                        d.family_name,
                        d.email,
                        d.gender.map(Gender::code)
                    ])?;
            }
            self.conn
                .prepare_cached("UPDATE persons SET digest = ?2 WHERE id = ?1")?
                .execute(params![id, &plan.digest[..]])?;
            id
        };
        for op in &plan.employments {
            match op {
                EmploymentOp::Insert(e) => self.upsert_employment(person, e, true)?,
                EmploymentOp::Update(e) => self.upsert_employment(person, e, false)?,
                EmploymentOp::Remove(e) => {
                    let unit = id_of(&self.ids.units, "org unit", &e.unit)?;
                    let occupation = id_of(&self.ids.occupations, "occupation", &e.occupation)?;
                    self.conn
                        .prepare_cached(
                            "DELETE FROM employments WHERE person_id = ?1 AND unit_id = ?2
                             AND occupation_id = ?3 AND start_day = ?4",
                        )?
                        .execute(params![person, unit, occupation, to_day(e.start)])?;
                }
                EmploymentOp::End {
                    employment,
                    last_day,
                } => {
                    let ended = Employment {
                        end: Some(*last_day),
                        ..employment.clone()
                    };
                    self.upsert_employment(person, &ended, false)?
                }
            }
        }
        insert_evidence(self.conn, &self.ids, person, &plan.evidence, &self.origin)
    }

    fn terminate(&mut self, employee_no: &str, last_day: NaiveDate) -> rusqlite::Result<()> {
        let id = sql::person_id(self.conn, employee_no)?
            .ok_or_else(|| missing("employee", employee_no))?;
        self.conn
            .prepare_cached("DELETE FROM employments WHERE person_id = ?1 AND start_day > ?2")?
            .execute(params![id, to_day(last_day)])?;
        self.conn
            .prepare_cached(
                "UPDATE employments SET end_day = ?2
                 WHERE person_id = ?1 AND (end_day IS NULL OR end_day > ?2)",
            )?
            .execute(params![id, to_day(last_day)])?;
        self.conn
            .prepare_cached("UPDATE persons SET digest = NULL WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }
}
