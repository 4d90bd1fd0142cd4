//! Malformed input at scale: the PAXml reader (both passes) and its mapping file over
//! arbitrary bytes and over the shipped files damaged in many ways end in `Ok` or in problems
//! that say where, never in a panic, a hang or memory out of proportion to the file.

use proptest::prelude::*;
use proptest::sample::Index;
use skillreg_paxml::{PaxmlMapping, PaxmlOptions, PaxmlReader};
use skillreg_testkit::mutate::{self, LIMIT, Outcome, within};

#[global_allocator]
static ALLOC: mutate::Counting = mutate::Counting;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// Every PAXml file the project ships.
const FILES: &[&str] = &[
    "sample-personal.pax",
    "sample-personal-cp1252.pax",
    "sample-personal-ns22.pax",
    "sample-personal-reordered.pax",
    "sample-personal-utf8.pax",
    "deleted-person.pax",
    "truncated.pax",
    "bad-anstid-personnummer.pax",
    "bad-date.pax",
    "bad-missing-anstid.pax",
    "bad-mojibake.pax",
    "bad-no-datum.pax",
    "bad-no-personal.pax",
    "bad-root.pax",
    "bad-sysgrad.pax",
    "bad-unmapped.pax",
    "bad-version.pax",
];

/// What gets inserted: markup, entities, encodings, numbers and dates at the edges.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"\"",
    b"/>",
    b"</person>",
    b"</personal>",
    b"</header>",
    b"<person anstid=\"99999\">",
    b"<person delete=\"true\">",
    b"<resenhet dim=\"1\" id=\"5110\"/>",
    b"<resenhet/>",
    b"<sysgrad datum=\"2026-01-01\">100</sysgrad>",
    b"<persontext typ=\"CHEF\">10001</persontext>",
    b"<anstdatum>2026-02-30</anstdatum>",
    b"<slutdatum></slutdatum>",
    b"<datum>",
    b"<version>3.0</version>",
    b"&amp;",
    b"&bogus;",
    b"&#0;",
    b"&#xFFFFFFFF;",
    b"<![CDATA[x]]>",
    b"<!-- -->",
    b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    b"<?xml version=\"1.0\" encoding=\"EBCDIC\"?>",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"\x00",
    b"\r\n",
    b"99999999999999999999999999",
    b"-1",
    b"1e9",
    b"197003121238",
    b"<a><a><a><a><a><a><a><a><a><a><a><a>",
    b"xmlns=\"http://www.paxml.se/2.2\"",
];

const PREFIXES: &[&[u8]] = &[
    b"",
    b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
    b"<paxml><header><version>2.0</version><datum>2026-11-20</datum></header><personal>",
    b"\xEF\xBB\xBF<paxml>",
];

fn mapping() -> PaxmlMapping {
    PaxmlMapping::from_file(format!("{ROOT}/fixtures/paxml/sample-mapping.toml"))
        .unwrap_or_else(|e| panic!("the sample mapping does not read: {e}"))
}

/// Reads a PAXml file on this thread through both passes; every problem and error located.
fn read_here(input: Vec<u8>, mapping: &PaxmlMapping) -> Outcome {
    let max_steps = input.len() + 1;
    match PaxmlReader::from_bytes(input, "fuzz.pax", mapping, PaxmlOptions::default()) {
        // The codes the mapping lacks come as one problem that names the line of each.
        Ok(mut reader) => mutate::drive(&mut reader, max_steps, |p| {
            p.location.line.is_some() || p.message.contains(" line ")
        }),
        Err(err) => {
            let problem = err.problem();
            assert!(
                problem.is_some_and(|p| p.location.line.is_some()),
                "an error without a line: {err}"
            );
            Outcome {
                error: Some(err.to_string()),
                ..Outcome::default()
            }
        }
    }
}

/// [`read_here`] on a thread with a time limit.
fn read(input: Vec<u8>) -> Outcome {
    let mapping = mapping();
    within("the PAXml reader", LIMIT, move || {
        read_here(input, &mapping)
    })
}

fn file(index: &Index) -> Vec<u8> {
    mutate::fixture(ROOT, &format!("paxml/{}", FILES[index.index(FILES.len())]))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_end_in_people_or_located_problems((which, edits) in mutate::damaged(6)) {
        read(mutate::apply(&file(&which), &edits, TOKENS, b'<'));
    }

    #[test]
    fn arbitrary_bytes_end_in_ok_or_located_problems(doc in mutate::bytes(PREFIXES, 2048)) {
        read(doc);
    }

    #[test]
    fn damaged_mapping_files_are_read_or_refused_with_a_line(
        edits in prop::collection::vec(mutate::edit(512), 1..5),
    ) {
        let text = mutate::fixture(ROOT, "paxml/sample-mapping.toml");
        let doc = mutate::apply(&text, &edits, mutate::TOML_TOKENS, b'\n');
        let doc = String::from_utf8_lossy(&doc).into_owned();
        let result = within("the PAXml mapping", LIMIT, move || {
            PaxmlMapping::parse(&doc, "fuzz.toml").map(|_| ()).map_err(|e| e.to_string())
        });
        if let Err(message) = result {
            prop_assert!(message.contains("line"), "{message}");
        }
    }
}

#[test]
fn an_entity_bomb_is_not_expanded() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE paxml [\n  <!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        doc.push_str(&format!("  <!ENTITY lol{i} \"{refs}\">\n"));
    }
    doc.push_str(
        "]>\n<paxml><header><version>2.0</version><datum>2026-11-20</datum></header><personal>\
         <person anstid=\"10023\"><fornamn>&lol9;</fornamn><efternamn>Lindqvist</efternamn>\
         <befattningskod>USK02</befattningskod><anstdatum>2015-03-01</anstdatum>\
         <resenheter><resenhet dim=\"1\" id=\"5110\"/></resenheter></person></personal></paxml>\n",
    );
    let mapping = mapping();
    let (outcome, peak) = within("the PAXml reader", LIMIT, move || {
        mutate::peak_memory(|| read_here(doc.into_bytes(), &mapping))
    });
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.n_people, 0, "{outcome:?}");
    assert!(
        outcome.problems[0].contains("unknown entity"),
        "{:?}",
        outcome.problems
    );
    // 10^9 "lol"s would be 3 GB.
    assert!(peak < 1 << 20, "reading took {peak} bytes at once");
}

#[test]
fn a_huge_attribute_is_refused_at_the_bound_in_bounded_memory() {
    // No value is anywhere near 1 MiB: a 32 MB attribute is refused where it starts, once the
    // reader has seen 1 MiB of it, instead of being buffered whole.
    const SIZE: usize = 32 << 20;
    let mut doc = Vec::with_capacity(SIZE + 512);
    doc.extend_from_slice(
        b"<paxml><header><version>2.0</version><datum>2026-11-20</datum></header><personal>\
          <person anstid=\"10023\" persnr=\"",
    );
    doc.extend(std::iter::repeat_n(b'7', SIZE));
    doc.extend_from_slice(
        b"\"><fornamn>Anna</fornamn><efternamn>Lindqvist</efternamn>\
          <befattningskod>USK02</befattningskod><anstdatum>2015-03-01</anstdatum>\
          <resenheter><resenhet dim=\"1\" id=\"5110\"/></resenheter></person></personal></paxml>",
    );
    let n = doc.len();
    let mapping = mapping();
    let (outcome, peak) = within("the PAXml reader", LIMIT, move || {
        mutate::peak_memory(|| read_here(doc, &mapping))
    });
    assert_eq!(
        (outcome.n_people, outcome.n_problems),
        (0, 1),
        "{outcome:?}"
    );
    assert!(
        outcome.problems[0].starts_with("fuzz.pax: line 1, column 82: <personal>: ")
            && outcome.problems[0].contains("text or a tag of more than 1048576 bytes"),
        "{:?}",
        outcome.problems
    );
    // The bytes are kept (once) for the second pass; reading them takes at most a few MiB.
    assert!(
        peak < n + (8 << 20),
        "reading {n} bytes took {peak} bytes at once"
    );
}
