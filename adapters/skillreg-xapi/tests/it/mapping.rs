//! The mapping file.

use skillreg_xapi::{VERB_COMPLETED, VERB_PASSED, XapiMapping};

use crate::fixture_path;

fn error(text: &str) -> String {
    match XapiMapping::parse(text) {
        Ok(m) => panic!("expected an error, got {m:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn sample_mapping_file_reads() {
    let mapping = crate::mapping();
    assert_eq!(mapping.verbs, [VERB_COMPLETED, VERB_PASSED]);
    assert_eq!(mapping.courses.len(), 5);
    assert_eq!(
        mapping
            .courses
            .get("https://lms.example.se/course/lifecare-handl"),
        Some("LC-HANDL")
    );
    assert!(mapping.actors.account_name);
    assert_eq!(
        mapping.actors.account_home_page.as_deref(),
        Some("https://lms.example.se")
    );
    assert_eq!(
        mapping.actors.mbox.get("mailto:linnea.karlsson@example.se"),
        Some("10031")
    );
}

#[test]
fn verbs_default_to_completed_and_passed() {
    let mapping = XapiMapping::parse(
        "[courses]\n\"https://lms.example.se/course/teams-1\" = \"TEAMS-1\"\n[actors]\naccount_name = true\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mapping.verbs, [VERB_COMPLETED, VERB_PASSED]);
    assert_eq!(mapping.actors.account_home_page, None);
}

#[test]
fn misspelt_key_is_refused_with_its_line() {
    let e = XapiMapping::from_file(fixture_path("bad-mapping-unknown-key.toml"))
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some(
            "bad-mapping-unknown-key.toml: line 6, column 1: unknown field `acount_home_page`, expected one of `account_name`, `account_home_page`, `mbox`"
        )
    );
}

#[test]
fn mailbox_without_mailto_is_refused() {
    let e = XapiMapping::from_file(fixture_path("bad-mapping-mbox.toml"))
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some(
            r#"bad-mapping-mbox.toml: [actors.mbox]: "anna.lindqvist@example.se" is not a mailbox IRI: write it as "mailto:name@example.se""#
        )
    );
}

#[test]
fn missing_file_names_the_path() {
    let path = fixture_path("no-such-mapping.toml");
    let e = XapiMapping::from_file(&path)
        .err()
        .map(|e| crate::chain(&e));
    let e = e.unwrap_or_default();
    assert!(
        e.starts_with(&format!(
            "cannot read the xAPI mapping file {}: ",
            path.display()
        )),
        "{e}"
    );
}

#[test]
fn unusable_mappings_say_what_to_add() {
    let courses = "[courses]\n\"https://lms.example.se/course/teams-1\" = \"TEAMS-1\"\n";
    assert_eq!(
        error("[actors]\naccount_name = true\n"),
        "mapping: [courses] maps no activity: add lines like \"https://lms.example.se/course/lifecare-handl\" = \"LC-HANDL\""
    );
    assert_eq!(
        error(courses),
        "mapping: [actors] gives no way to find employee numbers: set account_name = true or map mailboxes in [actors.mbox]"
    );
    assert_eq!(
        error(&format!(
            "verbs = []\n{courses}[actors]\naccount_name = true\n"
        )),
        "mapping: verbs is empty: name at least one verb IRI that means a course was completed (or leave verbs out for completed and passed)"
    );
    assert_eq!(
        error(&format!(
            "verbs = [\"completed\"]\n{courses}[actors]\naccount_name = true\n"
        )),
        "mapping: verbs: \"completed\" is not an IRI (e.g. http://adlnet.gov/expapi/verbs/completed)"
    );
    assert_eq!(
        error("[courses]\n\"LC-HANDL\" = \"LC-HANDL\"\n[actors]\naccount_name = true\n"),
        "mapping: [courses]: \"LC-HANDL\" is not an activity IRI"
    );
    assert_eq!(
        error(&format!(
            "{courses}[actors]\naccount_home_page = \"https://lms.example.se\"\n[actors.mbox]\n\"mailto:a@example.se\" = \"1\"\n"
        )),
        "mapping: [actors]: account_home_page is set but account_name is not: set account_name = true"
    );
    assert_eq!(
        error(&format!("{courses}[actors]\naccount_name = \"yes\"\n")),
        "mapping: line 4, column 16: invalid type: string \"yes\", expected a boolean"
    );
}
