//! One element at a time: the header, and each person with their employments.

use super::*;

/// Reads the root and the header: `(datum as written, the day it is in)`.
pub(super) fn read_header<R: Read>(
    cursor: &mut Cursor<R>,
) -> Result<(String, chrono::NaiveDate), PaxmlError> {
    let root = cursor.root()?;
    if root.name != ROOT {
        return Err(PaxmlError::WrongRoot(Box::new(Problem::new(
            &root.location,
            Some(&root.name),
            format!("the root element must be <{ROOT}>: this is not a PAXml file"),
        ))));
    }
    let fatal = |cursor: &Cursor<R>, problem: Fatal| {
        if cursor.io_error() {
            PaxmlError::Read(problem)
        } else {
            PaxmlError::Malformed(problem)
        }
    };
    // Problems in the text of other header elements do not matter.
    let mut scratch = Vec::new();
    let header = loop {
        match cursor.child_of(&root.element, &mut scratch) {
            Err(problem) => return Err(fatal(cursor, problem)),
            Ok(None) => {
                return Err(PaxmlError::InvalidHeader(Box::new(Problem::new(
                    &root.location,
                    None,
                    "the file has no <header>: a PAXml file starts with a <header> holding \
                     <version> and <datum>",
                ))));
            }
            Ok(Some(child)) if child.tag == Tag::Header => break child,
            Ok(Some(child)) => cursor.skip(&child).map_err(|p| fatal(cursor, p))?,
        }
    };
    let mut version = None;
    let mut datum = None;
    loop {
        let child = match cursor.child_of(&header, &mut scratch) {
            Err(problem) => return Err(fatal(cursor, problem)),
            Ok(None) => break,
            Ok(Some(child)) => child,
        };
        let slot = match child.tag {
            Tag::Version => &mut version,
            Tag::Datum => &mut datum,
            _ => {
                cursor.skip(&child).map_err(|p| fatal(cursor, p))?;
                continue;
            }
        };
        let text = cursor
            .text(&child, &mut scratch)
            .map_err(|p| fatal(cursor, p))?;
        let location = cursor.location(child.pos, child.tag.as_str());
        slot.get_or_insert((text, location));
    }
    let header_location = cursor.location(header.pos, Tag::Header.as_str());
    let Some((version, at)) = version.filter(|(v, _)| !v.is_empty()) else {
        return Err(PaxmlError::UnsupportedVersion(Box::new(Problem::new(
            &header_location,
            None,
            "the header has no <version>: it is required (the PAXml version, e.g. 2.0)",
        ))));
    };
    if let Err(message) = value::version(&version) {
        return Err(PaxmlError::UnsupportedVersion(Box::new(Problem::new(
            &at,
            Some(&version),
            message,
        ))));
    }
    let Some((datum, at)) = datum.filter(|(d, _)| !d.is_empty()) else {
        return Err(PaxmlError::InvalidHeader(Box::new(Problem::new(
            &header_location,
            None,
            "the header has no <datum>: it is required here (when the file was made, e.g. \
             2026-11-20T01:30:00), as the day by which ended employments are judged",
        ))));
    };
    match value::timestamp("datum", &datum) {
        Ok(day) => Ok((datum, day)),
        Err(message) => Err(PaxmlError::InvalidHeader(Box::new(Problem::new(
            &at,
            Some(&datum),
            message,
        )))),
    }
}

/// Whether the last child (a `person`) says `delete="true"`; a bad value is not a deletion.
fn is_deleted<R: Read>(cursor: &mut Cursor<R>) -> (bool, Option<String>) {
    let delete = cursor.attr("delete");
    let deleted = delete
        .as_deref()
        .is_some_and(|d| value::boolean("delete", d) == Ok(true));
    (deleted, delete)
}

/// Notes the org unit and occupation of one person for the catalog (first reading).
pub(super) fn scan_person<R: Read>(
    cursor: &mut Cursor<R>,
    person: Child,
    mapping: &PaxmlMapping,
    scan: &mut Scan,
    scratch: &mut Vec<Problem>,
) -> Result<(), Fatal> {
    if is_deleted(cursor).0 {
        return cursor.skip(&person);
    }
    let mut code: Option<(String, Pos)> = None;
    let mut title: Option<(String, Pos)> = None;
    let mut unit: Option<(String, Pos)> = None;
    while let Some(item) = cursor.child_of(&person, scratch)? {
        match item.tag {
            Tag::Befattningskod | Tag::Befattning => {
                let text = cursor.text(&item, scratch)?;
                let slot = if item.tag == Tag::Befattningskod {
                    &mut code
                } else {
                    &mut title
                };
                if slot.is_none() && !text.is_empty() {
                    *slot = Some((text, item.pos));
                }
            }
            Tag::Resenheter => {
                while let Some(r) = cursor.child_of(&item, scratch)? {
                    let dim = cursor.attr("dim");
                    let id = cursor.attr("id");
                    cursor.skip(&r)?;
                    if r.tag == Tag::Resenhet
                        && unit.is_none()
                        && dim.and_then(|d| d.parse::<u32>().ok()) == Some(1)
                        && let Some(id) = id
                    {
                        unit = Some((id, r.pos));
                    }
                }
            }
            _ => cursor.skip(&item)?,
        }
    }
    let occupation = match (&code, &title) {
        (Some((code, pos)), _) => mapping
            .occupations
            .get(code)
            .map(|o| (o, *pos, Tag::Befattningskod)),
        (None, Some((title, pos))) => mapping
            .occupations
            .get(title)
            .map(|o| (o, *pos, Tag::Befattning)),
        (None, None) => None,
    };
    if let Some((occupation, pos, tag)) = occupation {
        let entry = scan
            .occupations
            .entry(occupation.to_string())
            .or_insert_with(|| (None, cursor.location(pos, tag.as_str())));
        if entry.0.is_none() {
            entry.0 = title.map(|(t, _)| t);
        }
    }
    if let Some((id, pos)) = unit
        && let Some(to) = mapping.units.get(&id)
    {
        scan.units
            .entry(to.to_string())
            .or_insert_with(|| (id, cursor.location(pos, Tag::Resenhet.as_str())));
    }
    Ok(())
}

/// One `person` element as read.
pub(super) enum PersonRead {
    /// `delete="true"`.
    Deleted,
    Person {
        /// `None` if a required field is missing or bad (the problems say which) or a code is
        /// unmapped.
        record: Option<Box<PersonRecord>>,
        employee_no: Option<String>,
        location: Location,
        /// Codes the mapping lacks: kind, code, where.
        unmapped: Vec<(&'static str, String, Location)>,
    },
}

/// The text elements of a person that are read.
pub(super) const TEXTS: [Tag; 8] = [
    Tag::Fornamn,
    Tag::Efternamn,
    Tag::Epostarb,
    Tag::Befattning,
    Tag::Befattningskod,
    Tag::Anstdatum,
    Tag::Avgdatum,
    Tag::Sysgrad,
];

/// Reads one `person` (second reading).
pub(super) fn read_person<R: Read>(
    cursor: &mut Cursor<R>,
    person: Child,
    mapping: &PaxmlMapping,
    problems: &mut Vec<Problem>,
) -> Result<PersonRead, Fatal> {
    let location = cursor.location(person.pos, Tag::Person.as_str());
    let persnr_gender = cursor.take_persnr_gender();
    let mut employee_no = cursor.attr("anstid");
    let (deleted, delete) = is_deleted(cursor);
    if deleted {
        cursor.skip(&person)?;
        return Ok(PersonRead::Deleted);
    }
    // A payroll export that puts the personnummer in anstid: refused, the value never shown.
    let national_id = employee_no.as_deref().is_some_and(looks_like_national_id);
    if national_id {
        employee_no = None;
        problems.push(Problem::new(
            &location,
            None,
            "anstid looks like a national identity number; the payroll system must export the \
             employee number",
        ));
    }
    let who = match &employee_no {
        Some(no) => format!("person {no}"),
        None => "this person".to_string(),
    };
    if let Some(delete) = delete
        && let Err(message) = value::boolean("delete", &delete)
    {
        problems.push(Problem::new(&location, Some(&delete), message));
    }
    let gender = match persnr_gender.filter(|_| mapping.gender.is_some()) {
        Some(Some(gender)) => Some(gender),
        Some(None) => {
            problems.push(Problem::new(
                &location,
                None,
                format!(
                    "{who}: persnr is neither a Swedish personnummer nor a Norwegian \
                     fødselsnummer (length or check digit), so the mapping's [gender] cannot be \
                     derived from it; the number is not shown: correct it in the payroll system"
                ),
            ));
            None
        }
        None => None,
    };
    let mut texts: [Option<(String, Pos)>; TEXTS.len()] = Default::default();
    let mut manager: Option<(String, Pos)> = None;
    let mut unit: Option<(String, Pos)> = None;
    while let Some(item) = cursor.child_of(&person, problems)? {
        if let Some(i) = TEXTS.iter().position(|t| *t == item.tag) {
            let text = cursor.text(&item, problems)?;
            let Some(slot) = texts.get_mut(i) else {
                continue;
            };
            if slot.is_some() {
                let element = item.tag.as_str();
                problems.push(Problem::new(
                    &cursor.location(item.pos, element),
                    Some(&text),
                    format!("{who} has more than one <{element}>: keep one"),
                ));
            }
            *slot = (!text.is_empty()).then_some((text, item.pos));
            continue;
        }
        match item.tag {
            Tag::Persontexter => {
                let Some(rule) = &mapping.manager else {
                    cursor.skip(&item)?;
                    continue;
                };
                while let Some(text) = cursor.child_of(&item, problems)? {
                    let id = cursor.attr("id");
                    if text.tag != Tag::Text || id.as_deref() != Some(rule.persontext.trim()) {
                        cursor.skip(&text)?;
                        continue;
                    }
                    let value = cursor.text(&text, problems)?;
                    if looks_like_national_id(&value) {
                        problems.push(Problem::new(
                            &cursor.location(text.pos, Tag::Text.as_str()),
                            None,
                            format!(
                                "{who}: the manager (<text id=\"{}\">) looks like a national \
                                 identity number; the payroll system must export the manager's \
                                 employee number",
                                rule.persontext.trim()
                            ),
                        ));
                        continue;
                    }
                    if manager.is_some() {
                        problems.push(Problem::new(
                            &cursor.location(text.pos, Tag::Text.as_str()),
                            Some(&value),
                            format!(
                                "{who} has more than one <text id=\"{}\"> (the manager): keep one",
                                rule.persontext.trim()
                            ),
                        ));
                    }
                    manager = (!value.is_empty()).then_some((value, text.pos));
                }
            }
            Tag::Resenheter => {
                while let Some(r) = cursor.child_of(&item, problems)? {
                    let dim = cursor.attr("dim");
                    let id = cursor.attr("id");
                    cursor.skip(&r)?;
                    if r.tag != Tag::Resenhet {
                        continue;
                    }
                    let at = cursor.location(r.pos, Tag::Resenhet.as_str());
                    match dim.as_deref().map(|d| (d, d.parse::<u32>().ok())) {
                        None => problems.push(Problem::new(
                            &at,
                            None,
                            "dim is missing: it is required (the dimension, 1 for the cost \
                             centre)",
                        )),
                        Some((d, None)) => problems.push(Problem::new(
                            &at,
                            Some(d),
                            "dim must be a dimension number 1-99",
                        )),
                        Some((_, Some(1))) => match id {
                            None => problems.push(Problem::new(
                                &at,
                                None,
                                "id is missing: it is required (the cost centre)",
                            )),
                            Some(id) if unit.is_some() => problems.push(Problem::new(
                                &at,
                                Some(&id),
                                format!(
                                    "{who} has more than one <resenhet dim=\"1\">: keep one \
                                     (it gives the org unit)"
                                ),
                            )),
                            Some(id) => unit = Some((id, r.pos)),
                        },
                        Some(_) => {}
                    }
                }
            }
            _ => cursor.skip(&item)?,
        }
    }
    let [
        fornamn,
        efternamn,
        epostarb,
        befattning,
        befattningskod,
        anstdatum,
        avgdatum,
        sysgrad,
    ] = texts;
    let missing = |problems: &mut Vec<Problem>, message: String| {
        problems.push(Problem::new(&location, None, message));
    };
    if employee_no.is_none() && !national_id {
        missing(
            problems,
            "this person has no anstid (the employee number): it is required; people are never \
             identified by persnr"
                .to_string(),
        );
    }
    for (value, element) in [(&fornamn, Tag::Fornamn), (&efternamn, Tag::Efternamn)] {
        if value.is_none() {
            missing(
                problems,
                format!(
                    "{who} has no <{}> (or an empty one): it is required",
                    element.as_str()
                ),
            );
        }
    }
    let mut unmapped = Vec::new();
    let occupation = match (&befattningskod, &befattning) {
        (Some((code, pos)), _) => lookup(
            &mapping.occupations,
            "occupation",
            code,
            cursor.location(*pos, Tag::Befattningskod.as_str()),
            &mut unmapped,
        ),
        (None, Some((title, pos))) => lookup(
            &mapping.occupations,
            "occupation title",
            title,
            cursor.location(*pos, Tag::Befattning.as_str()),
            &mut unmapped,
        ),
        (None, None) => {
            missing(
                problems,
                format!(
                    "{who} has neither <befattningskod> nor <befattning>: one of them is required \
                     (it gives the occupation)"
                ),
            );
            None
        }
    };
    let unit = match &unit {
        Some((id, pos)) => lookup(
            &mapping.units,
            "unit",
            id,
            cursor.location(*pos, Tag::Resenhet.as_str()),
            &mut unmapped,
        ),
        None => {
            missing(
                problems,
                format!(
                    "{who} has no <resenhet dim=\"1\"> in <resenheter>: it is required (the cost \
                     centre gives the org unit)"
                ),
            );
            None
        }
    };
    let mut parsed = |field: &Option<(String, Pos)>, tag: Tag, parse: fn(&str, &str) -> _| {
        let (text, pos) = field.as_ref()?;
        match parse(tag.as_str(), text) {
            Ok(value) => Some(value),
            Err(message) => {
                problems.push(Problem::new(
                    &cursor.location(*pos, tag.as_str()),
                    Some(text),
                    message,
                ));
                None
            }
        }
    };
    let start = parsed(&anstdatum, Tag::Anstdatum, value::date);
    let end = parsed(&avgdatum, Tag::Avgdatum, value::date);
    let percent = match &sysgrad {
        Some((text, pos)) => match value::percent(Tag::Sysgrad.as_str(), text) {
            Ok(p) => Some(p),
            Err(message) => {
                problems.push(Problem::new(
                    &cursor.location(*pos, Tag::Sysgrad.as_str()),
                    Some(text),
                    message,
                ));
                None
            }
        },
        None => None,
    };
    if anstdatum.is_none() {
        missing(
            problems,
            format!("{who} has no <anstdatum>: it is required (the first day of the employment)"),
        );
    }
    let record = (|| {
        let employment = EmploymentRecord {
            unit: unit?,
            occupation: occupation?,
            percent,
            start: start?,
            end,
            manager: manager.map(|(m, _)| m),
            primary: true,
            location: location.clone(),
        };
        Some(Box::new(PersonRecord {
            employee_no: employee_no.clone()?,
            given_name: fornamn?.0,
            family_name: efternamn?.0,
            email: epostarb.map(|(e, _)| e),
            gender,
            employments: vec![employment],
            evidence: Vec::new(),
            location: location.clone(),
        }))
    })();
    Ok(PersonRead::Person {
        record,
        employee_no,
        location,
        unmapped,
    })
}

/// The registry code for `code`, or `None` with the code noted as unmapped.
pub(super) fn lookup(
    map: &skillreg_core::mapping::CodeMap,
    kind: &'static str,
    code: &str,
    at: Location,
    unmapped: &mut Vec<(&'static str, String, Location)>,
) -> Option<String> {
    let found = map.get(code).map(str::to_string);
    if found.is_none() {
        unmapped.push((kind, code.to_string(), at));
    }
    found
}
