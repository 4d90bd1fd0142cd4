//! Malformed input at scale: the export reader and the return-file reader over arbitrary bytes
//! and over the shipped exports damaged in many ways end in `Ok` or in problems that say where,
//! never in a panic, a hang or memory out of proportion to the file.

use proptest::prelude::*;
use proptest::sample::Index;
use skillreg_core::{Problem, Snapshot};
use skillreg_testkit::mutate::{self, LIMIT, within};
use skillreg_wlx::{WlxError, WlxReader, read_return_file};

#[global_allocator]
static ALLOC: mutate::Counting = mutate::Counting;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// Every export the project ships, good and bad.
const EXPORTS: &[&str] = &[
    "sample-export.xml",
    "sample-export-bom.xml",
    "sample-export-charrefs.xml",
    "sample-export-cp1252.xml",
    "sample-export-latin1.xml",
    "next-night-leaver.xml",
    "next-night-returner.xml",
    "reports-joiner.xml",
    "truncated-export.xml",
    "bad-date.xml",
    "bad-level.xml",
    "bad-malformed.xml",
    "bad-many.xml",
    "bad-missing-employeeno.xml",
    "bad-percent.xml",
    "bad-references.xml",
    "bad-root.xml",
    "bad-two-primaries.xml",
    "bad-version.xml",
];

/// What gets inserted into XML: markup, entities, encodings, numbers and dates at the edges.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"\"",
    b"'",
    b"/>",
    b"</Person>",
    b"</Persons>",
    b"<Person employeeNo=\"99999\">",
    b"<Competence system=\"LIFECARE\" level=\"3\" source=\"self\" date=\"2026-01-01\"/>",
    b"<Employment unit=\"SOC-HT\" occupation=\"USK\" start=\"2015-03-01\"/>",
    b" level=\"4\"",
    b" employeeNo=\"\"",
    b" percent=\"-1\"",
    b"&amp;",
    b"&bogus;",
    b"&#0;",
    b"&#xFFFFFFFF;",
    b"&#x1F600;",
    b"&#99999999999999999999;",
    b"<![CDATA[x]]>",
    b"]]>",
    b"<!-- -->",
    b"<?pi x?>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    b"<?xml version=\"1.0\" encoding=\"EBCDIC\"?>",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"\xE2\x82",
    b"\x00",
    b"\r\n",
    b"99999999999999999999999999999",
    b"-2147483649",
    b"2026-02-30",
    b"+275760-09-13",
    b"1.9999999999",
    b"<a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a>",
    b"</a></a></a></a></a></a></a></a>",
    b"xmlns:x=\"urn:x\"",
    b"x:",
];

/// How a start of a file looks, for arbitrary bytes.
const PREFIXES: &[&[u8]] = &[
    b"",
    b"<?xml version=\"1.0\"?>",
    b"<WinlasExport formatVersion=\"1.2\" exportedAt=\"2026-11-20T02:00:00+01:00\">",
    b"<WinlasImport formatVersion=\"1.2\" createdAt=\"2026-11-21T02:10:00+01:00\">",
    b"\xEF\xBB\xBF<",
];

/// A return file as the registry writes it, with every kind of record.
const RETURN_FILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<WinlasImport formatVersion="1.2" createdAt="2026-11-21T02:10:00+01:00" since="2026-11-20T02:10:00+01:00">
  <Competence employeeNo="10023" system="LIFECARE" level="2" source="course" date="2026-10-20" reference="LC-DOK"/>
  <Competence employeeNo="10024" system="O365" level="3" source="manager" date="2026-11-02" assessor="10001"/>
  <Competence employeeNo="10025" system="TIMECARE" level="1" source="self" date="2026-11-03"/>
</WinlasImport>
"#;

/// A problem says where it is: the line at least.
fn check_located(problem: &Problem, input: &[u8]) {
    assert!(
        problem.location.line.is_some(),
        "a problem without a line: {problem} (input {:?})",
        String::from_utf8_lossy(input)
    );
    assert!(!problem.message.is_empty(), "a problem without a message");
}

/// What reading an export gave.
#[derive(Debug)]
struct Outcome {
    n_people: usize,
    n_problems: usize,
    /// The first problems, as the user sees them.
    problems: Vec<String>,
    error: Option<String>,
}

/// The one place that reads an export, on a thread with a time limit.
fn read_export(input: Vec<u8>) -> Outcome {
    within("the WLX reader", LIMIT, move || read_export_here(input))
}

/// Reads an export on this thread: header, catalog, people to the end; every problem and
/// error located.
fn read_export_here(input: Vec<u8>) -> Outcome {
    {
        let mut reader = match WlxReader::with_file_name(input.as_slice(), "fuzz.xml") {
            Ok(reader) => reader,
            Err(err) => {
                check_error(&err, &input);
                return Outcome {
                    n_people: 0,
                    n_problems: 0,
                    problems: Vec::new(),
                    error: Some(err.to_string()),
                };
            }
        };
        let (_, problems) = reader.catalog();
        for p in &problems {
            check_located(p, &input);
        }
        let mut n_problems = problems.len();
        let mut shown: Vec<String> = problems.iter().take(10).map(ToString::to_string).collect();
        let mut n_people = 0;
        // A person takes some bytes: more steps than bytes means the reader does not advance.
        for _ in 0..=input.len() + 1 {
            match reader.next_person() {
                Ok(Some(_)) => n_people += 1,
                Ok(None) => {
                    assert_eq!(reader.next_person(), Ok(None), "the end stays the end");
                    let _ = reader.digest();
                    return Outcome {
                        n_people,
                        n_problems,
                        problems: shown,
                        error: None,
                    };
                }
                Err(list) => {
                    assert!(!list.is_empty(), "an Err holds at least one problem");
                    for p in &list {
                        check_located(p, &input);
                    }
                    n_problems += list.len();
                    shown.extend(list.iter().take(10).map(ToString::to_string));
                }
            }
        }
        panic!("the reader did not end")
    }
}

fn check_error(err: &WlxError, input: &[u8]) {
    let problems = err.problems();
    assert!(!problems.is_empty(), "an error without a problem: {err}");
    for p in problems {
        check_located(p, input);
    }
    assert!(!err.to_string().is_empty());
}

/// Reads a return file; every error located.
fn read_return(input: Vec<u8>) -> Option<usize> {
    within(
        "the return-file reader",
        LIMIT,
        move || match read_return_file(input.as_slice()) {
            Ok(file) => Some(file.records.len()),
            Err(err) => {
                check_error(&err, &input);
                None
            }
        },
    )
}

fn export(index: &Index) -> Vec<u8> {
    mutate::fixture(
        ROOT,
        &format!("winlas/{}", EXPORTS[index.index(EXPORTS.len())]),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn damaged_exports_end_in_people_or_located_problems(
        (which, edits) in mutate::damaged(6),
    ) {
        let doc = mutate::apply(&export(&which), &edits, TOKENS, b'<');
        read_export(doc);
    }

    #[test]
    fn damaged_return_files_end_in_records_or_located_problems(
        edits in prop::collection::vec(mutate::edit(4096), 1..6),
    ) {
        let doc = mutate::apply(RETURN_FILE.as_bytes(), &edits, TOKENS, b'<');
        read_return(doc);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_end_in_ok_or_located_problems(
        doc in mutate::bytes(PREFIXES, 2048),
    ) {
        read_export(doc.clone());
        read_return(doc);
    }
}

#[test]
fn every_cut_of_the_sample_export_ends() {
    let doc = mutate::fixture(ROOT, "winlas/sample-export.xml");
    let mut n_opened = 0;
    for n in (0..doc.len()).step_by(7) {
        if read_export(doc[..n].to_vec()).error.is_none() {
            n_opened += 1;
        }
    }
    // Everything from the root element on opens (and reports the cut-off as a problem).
    assert!(n_opened > doc.len() / 7 / 2, "only {n_opened} cuts opened");
}

#[test]
fn an_entity_bomb_is_not_expanded() {
    // "Billion laughs": ten entities of ten times the one before. Only the five predefined
    // entities and character references are known; the DOCTYPE is passed over.
    let mut doc = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE WinlasExport [\n");
    doc.push_str("  <!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        doc.push_str(&format!("  <!ENTITY lol{i} \"{refs}\">\n"));
    }
    doc.push_str(
        "]>\n<WinlasExport formatVersion=\"1.2\" exportedAt=\"2026-11-20T02:00:00+01:00\">\n",
    );
    doc.push_str("<Persons><Person employeeNo=\"10023\"><GivenName>&lol9;</GivenName>");
    doc.push_str("<FamilyName>Lindqvist</FamilyName>");
    doc.push_str("<Employment unit=\"SOC-HT\" occupation=\"USK\" start=\"2015-03-01\"/>");
    doc.push_str("</Person></Persons></WinlasExport>\n");
    let (outcome, peak) = within("the WLX reader", LIMIT, move || {
        mutate::peak_memory(|| read_export_here(doc.into_bytes()))
    });
    assert_eq!(outcome.error, None);
    assert_eq!(
        outcome.n_people, 0,
        "the person with the unknown entity is refused"
    );
    assert_eq!(
        outcome.problems,
        [
            "fuzz.xml: line 15, column 37: <GivenName>: unknown entity: only &amp; &lt; &gt; \
             &quot; &apos; and character references like &#229; are allowed (write a literal & \
             as &amp;) (value \"&lol9;\")",
            "fuzz.xml: line 15, column 10: <Person>: person 10023 has no GivenName (or an empty \
             one): it is required"
        ]
    );
    // 10^9 "lol"s would be 3 GB; the reader holds a few kilobytes besides the input.
    assert!(peak < 1 << 20, "reading took {peak} bytes at once");
}

#[test]
fn a_huge_attribute_is_refused_at_the_bound_in_bounded_memory() {
    // One attribute value of 32 MiB: no value is anywhere near that long, so the reader
    // refuses it, with its place, once it has seen 1 MiB of it instead of reading it whole.
    const SIZE: usize = 32 << 20;
    let mut doc = Vec::with_capacity(SIZE + 512);
    doc.extend_from_slice(
        b"<WinlasExport formatVersion=\"1.2\" exportedAt=\"2026-11-20T02:00:00+01:00\">\
          <Persons><Person employeeNo=\"",
    );
    doc.extend(std::iter::repeat_n(b'7', SIZE));
    doc.extend_from_slice(
        b"\"><GivenName>A</GivenName><FamilyName>B</FamilyName>\
          <Employment unit=\"U\" occupation=\"O\" start=\"2015-03-01\"/></Person></Persons>\
          </WinlasExport>",
    );
    let (outcome, peak) = within("the WLX reader", LIMIT, move || {
        mutate::peak_memory(|| read_export_here(doc))
    });
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.n_people, 0, "{outcome:?}");
    assert!(
        outcome.problems[0].starts_with("fuzz.xml: line 1, column ")
            && outcome.problems[0].contains("text or a tag of more than 1048576 bytes"),
        "{:?}",
        outcome.problems
    );
    assert!(peak < 8 << 20, "reading took {peak} bytes at once");
}

#[test]
fn deep_nesting_does_not_overflow() {
    // 200,000 unknown elements inside a person: skipped without recursion.
    let mut doc = String::from(
        "<WinlasExport formatVersion=\"1.2\" exportedAt=\"2026-11-20T02:00:00+01:00\"><Persons>\
         <Person employeeNo=\"10023\"><GivenName>A</GivenName><FamilyName>B</FamilyName>\
         <Employment unit=\"U\" occupation=\"O\" start=\"2015-03-01\"/>",
    );
    doc.push_str(&"<x>".repeat(200_000));
    doc.push_str(&"</x>".repeat(200_000));
    doc.push_str("</Person></Persons></WinlasExport>");
    let outcome = read_export(doc.into_bytes());
    assert_eq!(outcome.error, None);
    assert_eq!(
        outcome.n_people + outcome.n_problems.min(1),
        1,
        "{outcome:?}"
    );
}
