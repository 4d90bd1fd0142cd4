//! The gender for the equality follow-up, against a real SCIM 2.0 server (`scim2-server`, with
//! the employment extension whose `gender` attribute an HR system fills): kept through the
//! mapping's `[gender]` table only where the mapping names `gender_attribute`.

use serde_json::{Value, json};
use skillreg_core::{Gender, PersonRecord, Problem, Snapshot};
use skillreg_peers::scim::{
    EMPLOYMENT_EXTENSION, scim_base, seed_users, start_scim_with_employment_extension,
};
use skillreg_scim::{ScimConfig, ScimMapping, fetch};
use skillreg_testkit::d;

fn user(user_name: &str, no: &str, gender: Option<&str>) -> Value {
    let mut employment = json!({"startDate": "2015-03-01"});
    if let Some(g) = gender {
        employment["gender"] = json!(g);
    }
    json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            EMPLOYMENT_EXTENSION
        ],
        "userName": user_name,
        "name": {"givenName": "Test", "familyName": user_name},
        "title": "USK",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
            {"employeeNumber": no, "department": "SOC-HT"},
        EMPLOYMENT_EXTENSION: employment
    })
}

/// (people as (number, gender), problems) read from a server seeded with `users`.
fn read(users: Value, mapping: &str) -> (Vec<(String, Option<Gender>)>, Vec<Problem>) {
    let server = start_scim_with_employment_extension(None).unwrap_or_else(|e| panic!("{e}"));
    seed_users(&server, None, &users)
        .unwrap_or_else(|e| panic!("seeding: {e}\n{}", server.log_tail()));
    let mapping = ScimMapping::parse(&format!(
        "start_attribute = \"{EMPLOYMENT_EXTENSION}:startDate\"\n{mapping}"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let config = ScimConfig::new(scim_base(&server), skillreg_http::Auth::None);
    let mut snapshot = fetch(&config, &mapping, d("2026-11-20")).unwrap_or_else(|e| panic!("{e}"));
    let _ = snapshot.catalog();
    let (mut people, mut problems) = (Vec::new(), Vec::new());
    loop {
        match snapshot.next_person() {
            Ok(Some(PersonRecord {
                employee_no,
                gender,
                ..
            })) => people.push((employee_no, gender)),
            Ok(None) => break,
            Err(list) => problems.extend(list),
        }
    }
    people.sort();
    (people, problems)
}

const GENDER: &str = "gender_attribute = \"urn:example:params:scim:schemas:extension:employment:2.0:User:gender\"\n[gender]\nF = \"female\"\nM = \"male\"\nX = \"other\"\n";

#[test]
fn the_gender_attribute_is_kept_through_the_table_where_the_mapping_names_it() {
    let users = json!([
        user("anna", "50001", Some("F")),
        user("omar", "50002", Some("M")),
        user("kim", "50003", Some("X")),
        user("noor", "50004", None),
    ]);
    let (people, problems) = read(users.clone(), GENDER);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        people,
        [
            ("50001".to_string(), Some(Gender::Female)),
            ("50002".to_string(), Some(Gender::Male)),
            ("50003".to_string(), Some(Gender::Other)),
            ("50004".to_string(), None),
        ]
    );
    // The same users, a mapping that does not ask: nothing is kept.
    let (people, _) = read(users, "");
    assert!(people.iter().all(|(_, g)| g.is_none()), "{people:?}");
}

#[test]
fn a_gender_value_the_table_lacks_is_a_problem_naming_user_and_value() {
    let (people, problems) = read(
        json!([
            user("anna", "50001", Some("F")),
            user("eva", "50005", Some("kvinna"))
        ]),
        GENDER,
    );
    assert_eq!(people.len(), 1);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let text = problems[0].to_string();
    assert!(
        text.contains("not in the mapping's [gender] table") && text.contains("\"kvinna\""),
        "{text}"
    );
}

#[test]
fn gender_attribute_and_table_come_together() {
    for text in [
        "gender_attribute = \"urn:x:hr:2.0:User:gender\"",
        "[gender]\nF = \"female\"",
        "gender_attribute = \"urn:x:hr:2.0:User:gender\"\n[gender]\nF = \"kvinna\"",
    ] {
        assert!(ScimMapping::parse(text).is_err(), "accepted: {text}");
    }
}
