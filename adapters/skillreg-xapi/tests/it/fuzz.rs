//! Malformed input at scale: xAPI statement pages (the bodies the LRS answers with, turned
//! into a snapshot without HTTP) and the mapping file, arbitrary and damaged, end in a
//! snapshot or an error that says where, never in a panic or a hang.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use skillreg_http::Auth;
use skillreg_testkit::mutate::{self, LIMIT, Outcome, within};
use skillreg_xapi::{XapiConfig, XapiMapping, read_pages};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

const PREFIXES: &[&[u8]] = &[
    b"",
    b"{",
    b"{\"statements\": [",
    b"{\"statements\": [{\"id\": \"x\", ",
];

fn mapping() -> XapiMapping {
    XapiMapping::from_file(format!("{ROOT}/fixtures/xapi/mapping.toml"))
        .unwrap_or_else(|e| panic!("the sample mapping does not read: {e}"))
}

fn config() -> XapiConfig {
    XapiConfig::new("https://lrs.example.se/xAPI", Auth::None)
}

/// The statements of a fixture, stored (as an LRS stores them) a minute apart.
fn statements(name: &str) -> Vec<Value> {
    let text = mutate::fixture(ROOT, &format!("xapi/{name}"));
    let list: Vec<Value> = serde_json::from_slice(&text)
        .unwrap_or_else(|e| panic!("{name} is not a list of statements: {e}"));
    list.into_iter()
        .enumerate()
        .map(|(i, mut statement)| {
            if let Some(object) = statement.as_object_mut() {
                object.entry("stored").or_insert(json!(format!(
                    "2026-11-20T02:{:02}:00.000000+00:00",
                    i % 60
                )));
            }
            statement
        })
        .collect()
}

/// The statements cut into `n_pages` result bodies linked by `more`.
fn pages(statements: &[Value], n_pages: usize) -> Vec<Vec<u8>> {
    let per_page = statements.len().div_ceil(n_pages.max(1)).max(1);
    let chunks: Vec<&[Value]> = statements.chunks(per_page).collect();
    let n = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let more = if i + 1 < n {
                format!("/xAPI/statements?page={}", i + 2)
            } else {
                String::new()
            };
            serde_json::to_vec_pretty(&json!({"statements": chunk, "more": more}))
                .unwrap_or_default()
        })
        .collect()
}

/// Reads the pages on a thread with a time limit; every warning located, every error naming
/// the page.
fn read(pages: Vec<Vec<u8>>, since: Option<&'static str>) -> Outcome {
    let mapping = mapping();
    within("the xAPI page reader", LIMIT, move || {
        let max_steps = pages.iter().map(Vec::len).sum::<usize>() + 1;
        match read_pages(&config(), &mapping, since, pages.iter().map(Vec::as_slice)) {
            Ok(mut snapshot) => mutate::drive(&mut snapshot, max_steps, mutate::located),
            Err(err) => {
                let message = chain(&err);
                assert!(
                    message.contains(" page "),
                    "an error that names no page: {message}"
                );
                Outcome {
                    error: Some(message),
                    ..Outcome::default()
                }
            }
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn damaged_pages_end_in_a_snapshot_or_a_located_error(
        which in any::<Index>(),
        n_pages in 1..4usize,
        page in any::<Index>(),
        edits in prop::collection::vec(mutate::edit(2048), 1..6),
        since in prop::sample::select(vec![None, Some("2026-11-20T02:00:00Z")]),
    ) {
        let fixture = ["statements.json", "retry.json", "future-timestamp.json"];
        let mut pages = pages(&statements(fixture[which.index(fixture.len())]), n_pages);
        let k = page.index(pages.len());
        pages[k] = mutate::apply(&pages[k], &edits, mutate::JSON_TOKENS, b'{');
        read(pages, since);
    }

    #[test]
    fn arbitrary_bytes_end_in_a_snapshot_or_a_located_error(doc in mutate::bytes(PREFIXES, 2048)) {
        read(vec![doc], None);
    }

    #[test]
    fn damaged_mapping_files_are_read_or_refused_with_a_line(
        edits in prop::collection::vec(mutate::edit(512), 1..5),
    ) {
        let text = mutate::fixture(ROOT, "xapi/mapping.toml");
        let doc = mutate::apply(&text, &edits, mutate::TOML_TOKENS, b'\n');
        let doc = String::from_utf8_lossy(&doc).into_owned();
        let result = within("the xAPI mapping", LIMIT, move || {
            XapiMapping::parse(&doc).map(|_| ()).map_err(|e| e.to_string())
        });
        if let Err(message) = result {
            prop_assert!(message.starts_with("mapping: "), "{message}");
        }
    }
}

#[test]
fn the_sample_pages_read_as_the_lrs_gives_them() {
    // The check that the pages above start out valid.
    let outcome = read(pages(&statements("statements.json"), 3), None);
    assert_eq!(outcome.error, None);
    assert!(outcome.n_people >= 2, "{outcome:?}");
}

#[test]
fn a_more_link_off_the_lrs_is_refused() {
    let page =
        br#"{"statements": [{"id": "a"}], "more": "https://evil.example.com/xAPI/statements"}"#;
    let outcome = read(vec![page.to_vec()], None);
    let error = outcome.error.unwrap_or_default();
    assert!(
        error.starts_with("https://lrs.example.se/xAPI page 1: ")
            && error.contains("does not point into the LRS"),
        "{error}"
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let mut doc = b"{\"statements\": ".to_vec();
    doc.extend(std::iter::repeat_n(b'[', 100_000));
    let outcome = read(vec![doc], None);
    let error = outcome.error.unwrap_or_default();
    assert!(
        error.contains("page 1") && error.contains("recursion limit"),
        "{error}"
    );
}

use skillreg_core::error_chain as chain;
