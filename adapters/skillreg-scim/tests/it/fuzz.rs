//! Malformed input at scale: SCIM `ListResponse` pages (the bodies the service answers with,
//! turned into a snapshot without HTTP) and the mapping file, arbitrary and damaged, end in a
//! snapshot or an error that says where, never in a panic or a hang.

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use skillreg_scim::{ScimMapping, snapshot_from_pages};
use skillreg_testkit::d;
use skillreg_testkit::mutate::{self, LIMIT, Outcome, within};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

const BASE: &str = "https://hr.example.se/scim/v2";

const PREFIXES: &[&[u8]] = &[b"", b"{", b"{\"totalResults\": 1, \"Resources\": [", b"["];

fn day() -> NaiveDate {
    d("2026-11-20")
}

fn mapping() -> ScimMapping {
    ScimMapping::from_file(format!("{ROOT}/fixtures/scim/mapping.toml"))
        .unwrap_or_else(|e| panic!("the sample mapping does not read: {e}"))
}

/// The users of a fixture (a JSON list of User resources), with ids as a service gives them:
/// the user name is the id, and a manager written `{id:USERNAME}` is that id.
fn users(name: &str) -> Vec<Value> {
    let text = mutate::fixture(ROOT, &format!("scim/{name}"));
    let list: Vec<Value> = serde_json::from_slice(&text)
        .unwrap_or_else(|e| panic!("{name} is not a list of users: {e}"));
    list.into_iter()
        .enumerate()
        .map(|(i, mut user)| {
            let id = user["userName"]
                .as_str()
                .map_or(format!("user-{i}"), str::to_string);
            if let Some(manager) = user.pointer_mut(
                "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value",
            ) && let Some(text) = manager.as_str()
                && let Some(inner) = text.strip_prefix("{id:").and_then(|t| t.strip_suffix('}'))
            {
                *manager = json!(inner);
            }
            if let Some(object) = user.as_object_mut() {
                object.insert("id".into(), json!(id));
            }
            user
        })
        .collect()
}

/// The users cut into `n_pages` ListResponse bodies, as a service pages them.
fn pages(users: &[Value], n_pages: usize) -> Vec<Vec<u8>> {
    let per_page = users.len().div_ceil(n_pages.max(1)).max(1);
    users
        .chunks(per_page)
        .enumerate()
        .map(|(i, chunk)| {
            let page = json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                "totalResults": users.len(),
                "startIndex": i * per_page + 1,
                "itemsPerPage": chunk.len(),
                "Resources": chunk,
            });
            serde_json::to_vec_pretty(&page).unwrap_or_default()
        })
        .collect()
}

/// Reads the pages on a thread with a time limit; every problem located, every error naming
/// the page or the paging.
fn read(pages: Vec<Vec<u8>>) -> Outcome {
    let mapping = mapping();
    within("the SCIM page reader", LIMIT, move || {
        let max_steps = pages.iter().map(Vec::len).sum::<usize>() + 1;
        match snapshot_from_pages(BASE, &mapping, day(), pages.iter().map(Vec::as_slice)) {
            Ok(mut snapshot) => mutate::drive(&mut snapshot, max_steps, mutate::located),
            Err(err) => {
                let message = chain(&err);
                assert!(
                    message.contains(" page ") || message.contains("startIndex"),
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
    ) {
        let fixture = ["sample-users.json", "bad-users.json", "bad-start.json"];
        let mut pages = pages(&users(fixture[which.index(fixture.len())]), n_pages);
        let k = page.index(pages.len());
        pages[k] = mutate::apply(&pages[k], &edits, mutate::JSON_TOKENS, b'{');
        read(pages);
    }

    #[test]
    fn arbitrary_bytes_end_in_a_snapshot_or_a_located_error(
        doc in mutate::bytes(PREFIXES, 2048),
    ) {
        read(vec![doc]);
    }

    #[test]
    fn damaged_mapping_files_are_read_or_refused_with_a_line(
        edits in prop::collection::vec(mutate::edit(512), 1..5),
    ) {
        let text = mutate::fixture(ROOT, "scim/mapping.toml");
        let doc = mutate::apply(&text, &edits, mutate::TOML_TOKENS, b'\n');
        let doc = String::from_utf8_lossy(&doc).into_owned();
        let result = within("the SCIM mapping", LIMIT, move || {
            ScimMapping::parse(&doc).map(|_| ()).map_err(|e| e.to_string())
        });
        if let Err(message) = result {
            prop_assert!(message.starts_with("mapping file "), "{message}");
        }
    }
}

#[test]
fn the_sample_pages_read_as_the_service_gives_them() {
    // The check that the pages above start out valid: every active user with a number is read.
    let outcome = read(pages(&users("sample-users.json"), 3));
    assert_eq!(outcome.error, None);
    assert_eq!(
        (outcome.n_people, outcome.n_problems),
        (7, 0),
        "{outcome:?}"
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    // serde_json stops at 128 levels; a page nested 100,000 deep is an error naming the page.
    let mut doc = b"{\"totalResults\": 1, \"Resources\": ".to_vec();
    doc.extend(std::iter::repeat_n(b'[', 100_000));
    let outcome = read(vec![doc]);
    let error = outcome.error.unwrap_or_default();
    assert!(
        error.contains("page 1") && error.contains("recursion limit"),
        "{error}"
    );
}

#[test]
fn a_page_announcing_more_users_than_exist_is_refused() {
    let page = br#"{"totalResults": 18446744073709551615, "Resources": [{"id": "u1"}]}"#;
    let outcome = read(vec![page.to_vec()]);
    let error = outcome.error.unwrap_or_default();
    assert!(
        error.contains("announced 18446744073709551615 users"),
        "{error}"
    );
}

use skillreg_core::error_chain as chain;
