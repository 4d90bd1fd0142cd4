//! Reads a generated file back with quick-xml, keeping each person's raw bytes.

use std::collections::{BTreeMap, HashMap};

use quick_xml::Reader;
use quick_xml::encoding::Decoder;
use quick_xml::events::{BytesStart, Event};

pub type Attrs = BTreeMap<String, String>;

#[derive(Debug, Default)]
pub struct Person {
    pub employee_no: String,
    pub given: String,
    pub family: String,
    pub email: Option<String>,
    pub employments: Vec<Attrs>,
    pub competences: Vec<Attrs>,
    pub course_results: Vec<Attrs>,
    /// From `<Person` to `</Person>`.
    pub raw: String,
}

#[derive(Debug, Default)]
pub struct Export {
    pub root: Attrs,
    /// The root's children, in order.
    pub sections: Vec<String>,
    pub units: Vec<Attrs>,
    pub occupations: Vec<Attrs>,
    /// A system's attributes and its number of `Level` children.
    pub systems: Vec<(Attrs, usize)>,
    pub levels: Vec<Attrs>,
    pub requirements: Vec<Attrs>,
    pub courses: Vec<Attrs>,
    pub persons: Vec<Person>,
}

impl Export {
    pub fn person(&self, employee_no: &str) -> Option<&Person> {
        self.persons.iter().find(|p| p.employee_no == employee_no)
    }

    pub fn by_employee_no(&self) -> HashMap<&str, &Person> {
        self.persons
            .iter()
            .map(|p| (p.employee_no.as_str(), p))
            .collect()
    }
}

fn attrs(e: &BytesStart<'_>, decoder: Decoder) -> Attrs {
    e.attributes()
        .map(|a| {
            let a = a.expect("a well-formed attribute");
            let key = String::from_utf8(a.key.as_ref().to_vec()).expect("UTF-8 name");
            (
                key,
                a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, decoder)
                    .expect("a valid value")
                    .into_owned(),
            )
        })
        .collect()
}

/// Parses a WLX export (UTF-8), panicking on anything not well-formed.
pub fn wlx(bytes: &[u8]) -> Export {
    let text = std::str::from_utf8(bytes).expect("the file is UTF-8");
    let mut reader = Reader::from_str(text);
    let mut out = Export::default();
    let mut path: Vec<String> = Vec::new();
    let mut current = Person::default();
    let mut person_start = 0usize;
    let mut chars = String::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().expect("well-formed XML");
        match &event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8(e.name().as_ref().to_vec()).expect("UTF-8 name");
                let a = attrs(e, reader.decoder());
                match (path.len(), name.as_str()) {
                    (0, "WinlasExport") => out.root = a.clone(),
                    (1, _) => out.sections.push(name.clone()),
                    _ => {}
                }
                match name.as_str() {
                    "OrgUnit" => out.units.push(a),
                    "Occupation" => out.occupations.push(a),
                    "System" => out.systems.push((a, 0)),
                    "Level" => {
                        out.systems.last_mut().expect("Level inside System").1 += 1;
                        out.levels.push(a);
                    }
                    "Requirement" => out.requirements.push(a),
                    "Course" => out.courses.push(a),
                    "Person" => {
                        current = Person {
                            employee_no: a["employeeNo"].clone(),
                            ..Person::default()
                        };
                        person_start = before;
                    }
                    "Employment" => current.employments.push(a),
                    "Competence" => current.competences.push(a),
                    "CourseResult" => current.course_results.push(a),
                    _ => {}
                }
                chars.clear();
                if !empty {
                    path.push(name);
                }
            }
            Event::Text(t) => chars.push_str(&t.decode().expect("UTF-8 text")),
            Event::GeneralRef(r) => match r.resolve_char_ref().expect("a valid reference") {
                Some(c) => chars.push(c),
                None => {
                    let name = r.decode().expect("UTF-8 reference");
                    let reference = format!("&{name};");
                    chars.push_str(
                        &quick_xml::escape::unescape(&reference).expect("a predefined entity"),
                    );
                }
            },
            Event::End(e) => {
                let name = path.pop().expect("balanced");
                assert_eq!(name.as_bytes(), e.name().as_ref());
                match name.as_str() {
                    "GivenName" => current.given = chars.clone(),
                    "FamilyName" => current.family = chars.clone(),
                    "Email" => current.email = Some(chars.clone()),
                    "Person" => {
                        current.raw =
                            text[person_start..reader.buffer_position() as usize].to_owned();
                        out.persons.push(std::mem::take(&mut current));
                    }
                    _ => {}
                }
                chars.clear();
            }
            _ => {}
        }
    }
    out
}
