//! Malformed input at scale: the HR CSV reader and its TOML mapping over arbitrary bytes and
//! over the shipped files damaged in many ways end in `Ok` or in problems that say where, never
//! in a panic, a hang or memory out of proportion to the file.

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::Index;
use skillreg_csv::{CsvMapping, CsvReader};
use skillreg_testkit::d;
use skillreg_testkit::mutate::{self, LIMIT, Outcome, within};

#[global_allocator]
static ALLOC: mutate::Counting = mutate::Counting;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// Every CSV file the project ships, with its mapping.
const FILES: &[(&str, &str)] = &[
    ("sample-hr.csv", "sample-hr-mapping.toml"),
    ("sample-hr-no.csv", "sample-hr-no-mapping.toml"),
    ("bad-date.csv", "sample-hr-mapping.toml"),
    ("bad-empty-fields.csv", "sample-hr-mapping.toml"),
    ("bad-missing-column.csv", "sample-hr-mapping.toml"),
    ("bad-names.csv", "sample-hr-mapping.toml"),
    ("bad-percent.csv", "sample-hr-mapping.toml"),
    ("bad-personnummer.csv", "sample-hr-mapping.toml"),
    ("bad-primary.csv", "sample-hr-mapping.toml"),
    ("bad-ragged.csv", "sample-hr-mapping.toml"),
    ("bad-unmapped-codes.csv", "sample-hr-mapping.toml"),
];

const MAPPINGS: &[&str] = &["sample-hr-mapping.toml", "sample-hr-no-mapping.toml"];

/// What gets inserted into CSV: delimiters, quotes, line ends, encodings, odd values.
const TOKENS: &[&[u8]] = &[
    b";",
    b",",
    b"\t",
    b"\"",
    b"\"\"",
    b"\n",
    b"\r\n",
    b"\r",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\xC3",
    b"\xE9",
    b"\x00",
    b"99999999999999999999999",
    b"-1",
    b"150",
    b"1e9",
    b"NaN",
    b"2026-02-30",
    b"30.02.2026",
    b"2026-13-01",
    b"+275760-09-13",
    b"0000-00-00",
    b"197003121238",
    b"=cmd|' /C calc'!A0",
    b"10001",
    b"Anst.nr",
    b"Startdatum",
];

const PREFIXES: &[&[u8]] = &[
    b"",
    b"Anst.nr;F\xC3\xB6rnamn;Efternamn;E-post;Enhet;Enhetsnamn;Befattningskod;Befattning;Chef anst.nr;Startdatum;Slutdatum;Syssels\xC3\xA4ttningsgrad\n",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
];

fn day() -> NaiveDate {
    d("2026-11-20")
}

fn mapping(name: &str) -> CsvMapping {
    CsvMapping::from_file(format!("{ROOT}/fixtures/csv/{name}"))
        .unwrap_or_else(|e| panic!("{name} does not read: {e}"))
}

/// Reads a CSV file on a thread with a time limit; every problem and error located.
fn read(input: Vec<u8>, mapping: CsvMapping) -> Outcome {
    within("the CSV reader", LIMIT, move || read_here(input, &mapping))
}

fn read_here(input: Vec<u8>, mapping: &CsvMapping) -> Outcome {
    let max_steps = input.len() + 1;
    match CsvReader::from_bytes(input, "fuzz.csv", mapping, day()) {
        // Codes the mapping lacks come as one problem naming the rows of each.
        Ok(mut reader) => mutate::drive(&mut reader, max_steps, |p| {
            p.location.line.is_some() || p.message.contains(" line ") || p.message.contains(" row")
        }),
        Err(err) => {
            // A header that cannot be used is named in words ("the header line", "its first
            // line") when it is not a row of the table.
            let problems = err.problems();
            assert!(
                !problems.is_empty()
                    && problems.iter().all(|p| {
                        p.location.line.is_some()
                            || p.message.starts_with("the header line")
                            || p.message.contains("its first line")
                    }),
                "an error without a line: {err}"
            );
            Outcome {
                error: Some(err.to_string()),
                ..Outcome::default()
            }
        }
    }
}

fn pick(index: &Index) -> (Vec<u8>, CsvMapping) {
    let (file, map) = FILES[index.index(FILES.len())];
    (mutate::fixture(ROOT, &format!("csv/{file}")), mapping(map))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_end_in_people_or_located_problems((which, edits) in mutate::damaged(6)) {
        let (doc, mapping) = pick(&which);
        read(mutate::apply(&doc, &edits, TOKENS, b'\n'), mapping);
    }

    #[test]
    fn arbitrary_bytes_end_in_ok_or_located_problems(
        doc in mutate::bytes(PREFIXES, 2048),
        which in any::<Index>(),
    ) {
        read(doc, mapping(MAPPINGS[which.index(MAPPINGS.len())]));
    }

    #[test]
    fn damaged_mapping_files_are_read_or_refused_with_a_line(
        (which, edits) in mutate::damaged(5),
    ) {
        let text = mutate::fixture(ROOT, &format!("csv/{}", MAPPINGS[which.index(MAPPINGS.len())]));
        let doc = mutate::apply(&text, &edits, mutate::TOML_TOKENS, b'\n');
        let doc = String::from_utf8_lossy(&doc).into_owned();
        let result = within("the CSV mapping", LIMIT, move || {
            CsvMapping::parse(&doc, "fuzz.toml").map(|_| ()).map_err(|e| e.to_string())
        });
        if let Err(message) = result {
            // Either a TOML error (with its line) or a key named in the mapping's own words.
            prop_assert!(message.starts_with("fuzz.toml: "), "{message}");
        }
    }
}

#[test]
fn a_huge_field_takes_memory_in_proportion() {
    // One quoted field of 32 MiB (a runaway quote swallows the rest of a file this way).
    const SIZE: usize = 32 << 20;
    let mut doc = mutate::fixture(ROOT, "csv/sample-hr.csv");
    doc.extend_from_slice(b"10099;\"");
    doc.extend(std::iter::repeat_n(b'a', SIZE));
    doc.extend_from_slice(b"\";B;;SOC-HT;H;USK;U;;2020-01-01;;100;;\n");
    let n = doc.len();
    let mapping = mapping("sample-hr-mapping.toml");
    let (outcome, peak) = within("the CSV reader", LIMIT, move || {
        mutate::peak_memory(|| read_here(doc, &mapping))
    });
    assert_eq!(outcome.error, None);
    assert!(outcome.n_people > 5, "{outcome:?}");
    assert!(peak < 4 * n, "reading {n} bytes took {peak} bytes at once");
}
