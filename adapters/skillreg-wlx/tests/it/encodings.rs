//! Encodings, byte order marks and references: text comes out as the same Unicode.

use skillreg_core::{EvidenceRecord, Location};
use skillreg_wlx::WlxError;

use crate::{Read, fixture, read};

/// Reads a fixture, naming it like the UTF-8 sample so that locations compare equal.
fn as_sample(name: &str) -> Read {
    read("sample.xml", &fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Without locations and digest: for files whose columns legitimately differ.
fn content(mut r: Read) -> Read {
    r.catalog.locations = Default::default();
    r.digest = None;
    for person in &mut r.people {
        person.location = Location::default();
        for e in &mut person.employments {
            e.location = Location::default();
        }
        for e in &mut person.evidence {
            match e {
                EvidenceRecord::Competence { location, .. }
                | EvidenceRecord::CourseResult { location, .. } => *location = Location::default(),
            }
        }
    }
    r
}

/// Equal records and locations (columns count characters, not bytes); only the digest differs.
fn assert_same_as_utf8(name: &str) {
    let mut utf8 = as_sample("sample-export.xml");
    let mut other = as_sample(name);
    assert!(other.problems.is_empty(), "{name}: {:#?}", other.problems);
    assert_ne!(utf8.digest, other.digest);
    utf8.digest = None;
    other.digest = None;
    assert_eq!(other, utf8, "{name}");
}

#[test]
fn iso_8859_1_equals_utf8() {
    assert_same_as_utf8("sample-export-latin1.xml");
}

#[test]
fn windows_1252_equals_utf8() {
    assert_same_as_utf8("sample-export-cp1252.xml");
}

#[test]
fn byte_order_mark_equals_utf8() {
    assert_same_as_utf8("sample-export-bom.xml");
}

#[test]
fn character_references_equal_utf8() {
    let refs = as_sample("sample-export-charrefs.xml");
    assert!(refs.problems.is_empty(), "{:#?}", refs.problems);
    assert_eq!(refs.person("10025").employments[0].unit, "SOC-SÄBO");
    assert_eq!(content(refs), content(as_sample("sample-export.xml")));
}

fn person_names(encoding: &str, bytes: &[u8]) -> (String, Vec<String>) {
    let mut xml = format!(
        "<?xml version='1.0' encoding='{encoding}'?>\n\
         <WinlasExport formatVersion='1.2' exportedAt='2026-11-20T02:00:00'>\n\
         <Persons><Person employeeNo='1'><GivenName>"
    )
    .into_bytes();
    xml.extend_from_slice(bytes);
    xml.extend_from_slice(
        b"</GivenName><FamilyName>Kj&#230;r &#248;st &#xE5;s</FamilyName>\
          <Employment unit='U' occupation='O' start='2020-01-01'/></Person></Persons>\n\
          </WinlasExport>",
    );
    let result = read("x.xml", &xml).expect("header");
    let names = result
        .people
        .iter()
        .map(|p| format!("{} {}", p.given_name, p.family_name))
        .collect::<Vec<_>>()
        .join("|");
    (names, result.problems)
}

#[test]
fn norwegian_and_windows_1252_letters() {
    // Latin-1 bytes for "Øystein Ærø"
    let latin1 = b"\xd8ystein \xc6r\xf8";
    assert_eq!(
        person_names("ISO-8859-1", latin1),
        ("Øystein Ærø Kjær øst ås".to_string(), vec![])
    );
    // windows-1252 has ’ and € where ISO-8859-1 has control characters
    assert_eq!(
        person_names("windows-1252", b"O\x92Brien \x80"),
        ("O’Brien € Kjær øst ås".to_string(), vec![])
    );
    assert_eq!(
        person_names("latin1", latin1).0,
        "Øystein Ærø Kjær øst ås",
        "other labels of the same encoding"
    );
}

#[test]
fn latin1_bytes_in_a_utf8_file_are_a_problem() {
    let (names, problems) = person_names("UTF-8", b"\xd8ystein");
    assert_eq!(names, "");
    assert_eq!(
        problems,
        [
            "x.xml: line 3, column 33: <GivenName>: the text is not valid UTF-8: the file is not \
          saved in the encoding its XML declaration names; correct the declaration (e.g. \
          encoding=\"ISO-8859-1\") or export again (value \"\u{FFFD}ystein\")"
        ]
    );
}

#[test]
fn unknown_entities_are_a_problem() {
    let (_, problems) = person_names("UTF-8", b"Anna&nbsp;Maria");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("<GivenName>: unknown entity"),
        "{problems:#?}"
    );
    assert!(problems[0].ends_with("(value \"&nbsp;\")"), "{problems:#?}");
}

#[test]
fn utf16_and_unknown_encodings_are_refused() {
    let utf16: Vec<u8> = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-16\"?><WinlasExport/>"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let err = read("x.xml", &utf16).expect_err("UTF-16");
    assert!(matches!(err, WlxError::UnsupportedEncoding(_)), "{err}");

    let ebcdic = br#"<?xml version="1.0" encoding="klingon"?><WinlasExport/>"#;
    let err = read("x.xml", ebcdic).expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "x.xml: line 1, column 1: <?xml>: unsupported encoding: the file must be UTF-8, \
         ISO-8859-1 or windows-1252 (value \"klingon\")"
    );
}
