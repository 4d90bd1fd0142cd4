//! Users mapped to the registry's records, served as a [`Snapshot`].

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use skillreg_core::mapping::{CodeMap, Unmapped};
use skillreg_core::model::{Occupation, OrgUnit};
use skillreg_core::{
    EmploymentRecord, Field, FieldNames, Location, PersonRecord, Problem, Snapshot, SnapshotHeader,
    SnapshotKind, SourceCatalog, SourceEnd,
};

use crate::mapping::{ENTERPRISE, ScimMapping};
use crate::user::{Attr, ScimUser};
use skillreg_core::privacy::looks_like_national_id;

/// The source name in snapshot headers and on evidence: `scim`.
pub const SOURCE: &str = "scim";

/// A full snapshot of a SCIM service's Users, made by [`fetch`](crate::fetch).
///
/// Every active User with an employee number becomes one person with one primary employment
/// (unit, occupation, start; no percent, no end, the manager if the User names one). Inactive
/// Users (`active: false`) are not yielded: absent from a full snapshot, they are terminated by
/// the sync engine. People come sorted by employee number.
#[derive(Debug, Clone)]
pub struct ScimSnapshot {
    header: SnapshotHeader,
    catalog: Option<SourceCatalog>,
    catalog_problems: Vec<Problem>,
    people: VecDeque<Result<PersonRecord, Vec<Problem>>>,
    warnings: Vec<Problem>,
    digest: String,
    n_users: usize,
    n_inactive: usize,
    names: FieldNames,
}

/// A unit or occupation as first met: (name, where).
type Named = BTreeMap<String, (String, Location)>;

impl ScimSnapshot {
    pub(crate) fn new(
        users: Vec<ScimUser>,
        mapping: &ScimMapping,
        base_url: &str,
        as_of: NaiveDate,
        exported_at: String,
    ) -> ScimSnapshot {
        let file: Arc<str> = Arc::from(base_url);
        let by_id: HashMap<&str, &ScimUser> = users
            .iter()
            .filter(|u| !u.id.is_empty())
            .map(|u| (u.id.as_str(), u))
            .collect();
        let mut order: Vec<(usize, &ScimUser)> = users.iter().enumerate().collect();
        order.sort_by(|(_, a), (_, b)| {
            (a.employee_no.text(), &a.id).cmp(&(b.employee_no.text(), &b.id))
        });
        let mut units = Named::new();
        let mut occupations = Named::new();
        let mut unmapped = Unmapped::default();
        let mut people = VecDeque::new();
        let mut warnings = Vec::new();
        let mut n_inactive = 0usize;
        // Managers without an employeeNumber (by SCIM id) and how many reports lost the link.
        let mut numberless_managers: BTreeMap<String, usize> = BTreeMap::new();
        for (index, user) in order {
            if !user.active {
                n_inactive += 1;
                continue;
            }
            let location = Location {
                file: Some(file.clone()),
                line: None,
                column: None,
                element: Some(if user.id.is_empty() {
                    format!("User #{} (no id)", index + 1)
                } else {
                    format!("User {}", user.id)
                }),
            };
            let ctx = Context {
                mapping,
                by_id: &by_id,
                location: &location,
            };
            let mapped = ctx.person(
                user,
                &mut units,
                &mut occupations,
                &mut unmapped,
                &mut numberless_managers,
            );
            match mapped {
                Mapped::Person(record) => people.push_back(Ok(*record)),
                Mapped::Problems(list) => people.push_back(Err(list)),
                Mapped::Unmapped => {}
                Mapped::Warning(w) => warnings.push(w),
            }
        }
        for (id, n) in numberless_managers {
            let at = Location {
                file: Some(file.clone()),
                element: Some(format!("User {id}")),
                ..Location::default()
            };
            let users = if n == 1 { "user" } else { "users" };
            warnings.push(Problem::new(
                &at,
                None,
                format!(
                    "this manager has no employeeNumber, so {n} {users} reporting to them were read without a manager; give the manager an employee number in the identity system"
                ),
            ));
        }
        let at_users = Location {
            file: Some(file.clone()),
            element: Some("Users".to_string()),
            ..Location::default()
        };
        let catalog_problems: Vec<Problem> = unmapped
            .problem(
                &at_users,
                "add them to [units] or [occupations] in the mapping file (a table left out or empty uses the values as they are)",
            )
            .into_iter()
            .collect();
        let mut catalog = SourceCatalog {
            names_if_new: true,
            ..SourceCatalog::default()
        };
        for (id, (name, at)) in units {
            catalog.catalog.units.push(OrgUnit {
                id,
                name,
                parent: None,
            });
            catalog.locations.units.push(at);
        }
        for (code, (name, at)) in occupations {
            catalog.catalog.occupations.push(Occupation { code, name });
            catalog.locations.occupations.push(at);
        }
        let digest = digest(&catalog, &people);
        ScimSnapshot {
            header: SnapshotHeader {
                source: SOURCE.to_string(),
                as_of,
                exported_at,
                kind: SnapshotKind::Full,
            },
            catalog: Some(catalog),
            catalog_problems,
            people,
            warnings,
            digest,
            n_users: users.len(),
            n_inactive,
            names: field_names(mapping),
        }
    }

    /// Users read from the service, inactive ones included.
    pub fn n_users(&self) -> usize {
        self.n_users
    }

    /// Users that are inactive (`active: false`), hence not yielded.
    pub fn n_inactive(&self) -> usize {
        self.n_inactive
    }
}

enum Mapped {
    Person(Box<PersonRecord>),
    Problems(Vec<Problem>),
    /// A unit or title the mapping lacks: reported once for all, in the catalog's problems.
    Unmapped,
    Warning(Problem),
}

struct Context<'a> {
    mapping: &'a ScimMapping,
    by_id: &'a HashMap<&'a str, &'a ScimUser>,
    location: &'a Location,
}

impl Context<'_> {
    fn problem(&self, value: Option<&str>, message: impl Into<String>) -> Problem {
        Problem::new(self.location, value, message)
    }

    fn person(
        &self,
        user: &ScimUser,
        units: &mut Named,
        occupations: &mut Named,
        unmapped: &mut Unmapped,
        numberless_managers: &mut BTreeMap<String, usize>,
    ) -> Mapped {
        let mut problems = Vec::new();
        if let Some(value) = &user.bad_active {
            problems.push(self.problem(Some(value), "active must be true or false"));
        }
        let employee_no = match &user.employee_no {
            Attr::Missing => {
                let user_name = match &user.user_name {
                    Attr::Text(n) if looks_like_national_id(n) => {
                        "(withheld: it looks like a national identity number)".to_string()
                    }
                    Attr::Text(n) => format!("{n:?}"),
                    _ => "(none)".to_string(),
                };
                return Mapped::Warning(self.problem(
                    None,
                    format!(
                        "userName {user_name} has no employeeNumber (enterprise extension): the user was left out; give them an employee number in the identity system to bring them into the registry"
                    ),
                ));
            }
            Attr::Wrong(value) => {
                problems.push(self.problem(Some(value), "employeeNumber must be a string"));
                None
            }
            Attr::Text(no) if looks_like_national_id(no) => {
                problems.push(self.problem(
                    None,
                    "employeeNumber looks like a national identity number (personnummer or fødselsnummer), which the registry never stores: give the person an employee number (the value is not shown)",
                ));
                None
            }
            Attr::Text(no) => Some(no.clone()),
        };
        let given_name = self.required(&user.given_name, "name.givenName", &mut problems);
        let family_name = self.required(&user.family_name, "name.familyName", &mut problems);
        let unit_attr = self.mapping.unit_attribute.name();
        let mut lacks_code = false;
        let unit = self
            .required(
                &user.unit,
                &format!("{unit_attr} (enterprise extension)"),
                &mut problems,
            )
            .and_then(|value| {
                let code = self.coded(&self.mapping.units, value, "unit", units, unmapped);
                lacks_code |= code.is_none();
                code
            });
        let occupation = self
            .required(&user.title, "title", &mut problems)
            .and_then(|value| {
                let code = self.coded(
                    &self.mapping.occupations,
                    value,
                    "occupation",
                    occupations,
                    unmapped,
                );
                lacks_code |= code.is_none();
                code
            });
        let manager = match &user.manager {
            Attr::Missing => None,
            Attr::Wrong(value) => {
                problems.push(self.problem(
                    Some(value),
                    "manager.value must be a string (the manager's SCIM id)",
                ));
                None
            }
            Attr::Text(id) => match self.by_id.get(id.as_str()) {
                None => {
                    problems.push(self.problem(
                        Some(id),
                        "manager.value names no User on the server: correct the manager in the identity system",
                    ));
                    None
                }
                Some(m) => match (&m.employee_no, m.employee_no.text()) {
                    (_, Some(no)) if !looks_like_national_id(no) => Some(no.to_string()),
                    // The manager is left out with a warning of their own; their reports are
                    // read without the link, counted for one warning per manager.
                    (Attr::Missing, _) => {
                        *numberless_managers.entry(id.clone()).or_default() += 1;
                        None
                    }
                    _ => {
                        problems.push(self.problem(
                            Some(id),
                            "the manager has no usable employeeNumber: give the manager an employee number in the identity system",
                        ));
                        None
                    }
                },
            },
        };
        let start_path = self.mapping.start_attribute.as_str();
        let start = self
            .required(&user.start, start_path, &mut problems)
            .and_then(|value| match parse_day(&value) {
                Some(day) => Some(day),
                None => {
                    problems.push(self.problem(
                        Some(&value),
                        format!("{start_path} is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDThh:mm:ss, RFC 3339)"),
                    ));
                    None
                }
            });
        let gender = match (&self.mapping.gender, &user.gender) {
            (Some(table), Attr::Text(value)) => match table.get(value) {
                Some(g) => Some(*g),
                None => {
                    problems.push(self.problem(
                        Some(value),
                        "the gender attribute's value is not in the mapping's [gender] table: add it there with what it means (female, male or other)",
                    ));
                    None
                }
            },
            (Some(_), Attr::Wrong(value)) => {
                problems.push(self.problem(Some(value), "the gender attribute must be a string"));
                None
            }
            _ => None,
        };
        if !problems.is_empty() {
            return Mapped::Problems(problems);
        }
        if lacks_code {
            return Mapped::Unmapped;
        }
        let (
            Some(employee_no),
            Some(given_name),
            Some(family_name),
            Some(unit),
            Some(occupation),
            Some(start),
        ) = (
            employee_no,
            given_name,
            family_name,
            unit,
            occupation,
            start,
        )
        else {
            // Every None above has pushed a problem or set lacks_code.
            return Mapped::Unmapped;
        };
        Mapped::Person(Box::new(PersonRecord {
            employee_no,
            given_name,
            family_name,
            email: user.email.clone(),
            gender,
            employments: vec![EmploymentRecord {
                unit,
                occupation,
                percent: None,
                start,
                end: None,
                manager,
                primary: true,
                location: self.location.clone(),
            }],
            evidence: Vec::new(),
            location: self.location.clone(),
        }))
    }

    /// The registry code for `value` through `map` (an empty map leaves values as they are),
    /// noted in `named` with `value` as its name if new; `None` (noted in `unmapped`) if the map
    /// lacks it.
    fn coded(
        &self,
        map: &CodeMap,
        value: String,
        kind: &'static str,
        named: &mut Named,
        unmapped: &mut Unmapped,
    ) -> Option<String> {
        let code = if map.is_empty() {
            value.clone()
        } else if let Some(code) = map.get(&value) {
            code.to_string()
        } else {
            unmapped.note(kind, &value, self.location);
            return None;
        };
        named
            .entry(code.clone())
            .or_insert_with(|| (value, self.location.clone()));
        Some(code)
    }

    /// The text of a required attribute, or a problem.
    fn required(&self, attr: &Attr, name: &str, problems: &mut Vec<Problem>) -> Option<String> {
        match attr {
            Attr::Text(s) => Some(s.clone()),
            Attr::Missing => {
                problems
                    .push(self.problem(None, format!("{name} is missing: the registry needs it")));
                None
            }
            Attr::Wrong(value) => {
                problems.push(self.problem(Some(value), format!("{name} must be a string")));
                None
            }
        }
    }
}

/// The attributes that hold what the engine checks, fully qualified where they are the enterprise
/// extension's: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager` ...
fn field_names(mapping: &ScimMapping) -> FieldNames {
    FieldNames::default()
        .with(Field::EmployeeNo, format!("{ENTERPRISE}:employeeNumber"))
        .with(Field::Manager, format!("{ENTERPRISE}:manager"))
        .with(
            Field::Unit,
            format!("{ENTERPRISE}:{}", mapping.unit_attribute.name()),
        )
        .with(Field::Occupation, "title")
}

/// The day of a date (`2015-03-01`) or a date and time (`2015-03-01T00:00:00+01:00`, or without
/// an offset as some services return dateTime attributes): the date as written, in the offset
/// it is written in.
pub(crate) fn parse_day(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Some(day);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(value) {
        return Some(at.date_naive());
    }
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|at| at.date())
}

/// A digest of what the snapshot states (catalog and records, in their sorted order).
fn digest(
    catalog: &SourceCatalog,
    people: &VecDeque<Result<PersonRecord, Vec<Problem>>>,
) -> String {
    let mut h = blake3::Hasher::new();
    let field = |h: &mut blake3::Hasher, s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    for unit in &catalog.catalog.units {
        field(&mut h, "U");
        field(&mut h, &unit.id);
        field(&mut h, &unit.name);
    }
    for occupation in &catalog.catalog.occupations {
        field(&mut h, "O");
        field(&mut h, &occupation.code);
        field(&mut h, &occupation.name);
    }
    for person in people.iter().flatten() {
        field(&mut h, "P");
        h.update(&person.digest());
    }
    h.finalize().to_hex().to_string()
}

impl Snapshot for ScimSnapshot {
    fn header(&self) -> &SnapshotHeader {
        &self.header
    }

    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
        (
            self.catalog.take().unwrap_or_default(),
            std::mem::take(&mut self.catalog_problems),
        )
    }

    fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>> {
        match self.people.pop_front() {
            None => Ok(None),
            Some(Ok(person)) => Ok(Some(person)),
            Some(Err(problems)) => Err(problems),
        }
    }

    fn digest(&self) -> Option<String> {
        Some(self.digest.clone())
    }

    fn finish(&mut self) -> SourceEnd {
        SourceEnd {
            warnings: std::mem::take(&mut self.warnings),
            skipped: Vec::new(),
            watermark: None,
            gone: Vec::new(),
        }
    }

    fn field_name(&self, field: Field) -> &str {
        self.names.get(field)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_day;

    #[test]
    fn start_days_are_read_as_written() {
        let day = |s| parse_day(s).map(|d| d.to_string());
        assert_eq!(day("2015-03-01"), Some("2015-03-01".into()));
        assert_eq!(day("2015-03-01T00:00:00"), Some("2015-03-01".into()));
        assert_eq!(
            day("2026-11-23T14:21:03.092733Z"),
            Some("2026-11-23".into())
        );
        assert_eq!(day("2010-09-01T00:00:00+02:00"), Some("2010-09-01".into()));
        assert_eq!(day("2015-13-01"), None);
        assert_eq!(day("01/03/2015"), None);
    }
}
