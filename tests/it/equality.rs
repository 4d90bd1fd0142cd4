//! The equality follow-up end to end: a person's gender from the HR system's CSV (a mapped
//! column) or PAXml (derived from persnr, the number never kept), only where the mapping asks;
//! shown per person to HR and the person only; progress and demand `--by gender` with
//! suppression; in the subject export, and erased by purge.
//!
//! The sample's genders (fixtures/csv/sample-hr-gender.csv, column Kön): women 10001, 10023,
//! 10025, 10031, 10041 (left 2026-06-30); men 10024, 10030; 10040 not stated. Active on
//! 2026-11-20: 4 women, 2 men, 1 not stated.

use serde_json::{Value, json};

use crate::sources::{persnr_forms, sample_persnrs};
use crate::{Env, Run, fixture};

fn path(name: &str) -> String {
    fixture(name).to_str().unwrap().to_string()
}

/// `sync csv FILE --mapping MAPPING` as of the sample's day.
fn csv(env: &Env, file: &str, mapping: &str) -> Run {
    let (file, mapping) = (
        path(&format!("csv/{file}")),
        path(&format!("csv/{mapping}")),
    );
    env.run(&[
        "--as-of",
        "2026-11-20",
        "sync",
        "csv",
        &file,
        "--mapping",
        &mapping,
    ])
}

/// The sample's evidence (WLX), then its people with their gender (CSV).
fn sample_with_gender() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    csv(
        &env,
        "sample-hr-gender.csv",
        "sample-hr-gender-mapping.toml",
    )
    .ok();
    env
}

fn profile_as(env: &Env, actor: &str, no: &str) -> Value {
    env.run(&[
        "--as-actor",
        actor,
        "--as-of",
        "2026-11-20",
        "--format",
        "json",
        "profile",
        no,
    ])
    .ok()
    .json()
}

fn gender_of(env: &Env, no: &str) -> Value {
    profile_as(env, "hr", no)["gender"].clone()
}

/// The registry file and its write-ahead log, as bytes.
fn file_bytes(env: &Env) -> Vec<u8> {
    let mut bytes = std::fs::read(env.db()).unwrap();
    if let Ok(wal) = std::fs::read(env.path("skillreg.db-wal")) {
        bytes.extend(wal);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// `(value, suppressed)` of a report cell.
fn cell(v: &Value) -> (Value, bool) {
    (v["value"].clone(), v["suppressed"].as_bool().unwrap())
}

fn progress(env: &Env, min_group: &str) -> Value {
    env.run(&[
        "--as-of",
        "2026-11-20",
        "--format",
        "json",
        "progress",
        "--from",
        "2026-01-01",
        "--by",
        "gender",
        "--min-group",
        min_group,
    ])
    .ok()
    .json()
}

/// The row for everyone in `system`.
fn everyone<'a>(report: &'a Value, system: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"].is_null() && r["system"] == system)
        .unwrap()
}

/// A gender group's head count on the first and the second day.
type GroupPeople = (String, (Value, bool), (Value, bool));

/// `(gender, people on the first day, people on the second day)` of a progress row.
fn people_by_gender(row: &Value) -> Vec<GroupPeople> {
    row["by_gender"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["gender"].as_str().unwrap().to_string(),
                cell(&g["from"]["n_people"]),
                cell(&g["to"]["n_people"]),
            )
        })
        .collect()
}

#[test]
fn csv_gender_column_is_kept_through_its_table_and_shown_to_hr_and_the_person_only() {
    let env = sample_with_gender();
    assert_eq!(gender_of(&env, "10023"), "female");
    assert_eq!(gender_of(&env, "10024"), "male");
    assert_eq!(gender_of(&env, "10040"), Value::Null, "not stated");
    // The person themself sees it; their manager does not, neither on the profile nor the
    // brief, and a team view never shows it.
    assert_eq!(
        profile_as(&env, "employee:10023", "10023")["gender"],
        "female"
    );
    let by_manager = profile_as(&env, "manager:10001", "10023");
    assert_eq!(by_manager["employee"]["given_name"], "Anna");
    assert!(by_manager.get("gender").is_none(), "{by_manager:#}");
    let brief = env
        .run(&[
            "--as-actor",
            "manager:10001",
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "brief",
            "10023",
        ])
        .ok();
    assert!(!brief.stdout.contains("gender"), "{}", brief.stdout);
    let hr_brief = env.brief("2026-11-20", "10023");
    assert_eq!(hr_brief["gender"], "female");
    let team = env
        .run(&["--as-of", "2026-11-20", "--format", "json", "team", "10001"])
        .ok();
    assert!(team.stdout.contains("Lindqvist"), "{}", team.stdout);
    assert!(!team.stdout.contains("gender"), "{}", team.stdout);
    let table = env
        .run(&[
            "--as-actor",
            "manager:10001",
            "--as-of",
            "2026-11-20",
            "profile",
            "10023",
        ])
        .ok();
    assert!(!table.stdout.contains("female"), "{}", table.stdout);
}

#[test]
fn csv_gender_value_missing_from_the_table_refuses_the_file_naming_row_and_value() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let before = env.dump();
    let run = csv(&env, "bad-gender.csv", "sample-hr-gender-mapping.toml");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("bad-gender.csv: line 4")
            && run.stderr.contains("gender is not in the [gender] table")
            && run.stderr.contains("\"Man\""),
        "{}",
        run.stderr
    );
    assert_eq!(env.dump(), before, "all or nothing");
    assert_eq!(gender_of(&env, "10023"), Value::Null);
}

#[test]
fn nothing_is_kept_without_the_mapping_and_a_mapping_that_stops_asking_clears_it() {
    let env = Env::new();
    csv(&env, "sample-hr.csv", "sample-hr-mapping.toml").ok();
    assert_eq!(gender_of(&env, "10023"), Value::Null);
    csv(
        &env,
        "sample-hr-gender.csv",
        "sample-hr-gender-mapping.toml",
    )
    .ok();
    assert_eq!(gender_of(&env, "10023"), "female");
    // The HR system's mapping no longer asks: the next sync clears it, nothing lingers.
    let run = csv(&env, "sample-hr.csv", "sample-hr-mapping.toml").ok();
    assert!(run.stdout.contains("updated"), "{}", run.stdout);
    for no in ["10001", "10023", "10024", "10041"] {
        assert_eq!(gender_of(&env, no), Value::Null, "{no}");
    }
    // A CSV mapping naming the column without a table is refused before anything is read.
    let bad = env.path("half.toml");
    let text = std::fs::read_to_string(fixture("csv/sample-hr-gender-mapping.toml")).unwrap();
    std::fs::write(&bad, text.split("\n[gender]").next().unwrap()).unwrap();
    let file = path("csv/sample-hr-gender.csv");
    let run = env.run(&["sync", "csv", &file, "--mapping", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("columns.gender needs a [gender] table"),
        "{}",
        run.stderr
    );
}

fn paxml(env: &Env, file: &str, mapping: &str) -> Run {
    env.run(&["sync", "paxml", file, "--mapping", &path(mapping)])
}

#[test]
fn paxml_derives_gender_from_persnr_and_keeps_the_number_nowhere() {
    let env = Env::new();
    let sample = path("paxml/sample-personal.pax");
    paxml(&env, &sample, "paxml/sample-mapping.toml").ok();
    assert_eq!(gender_of(&env, "10023"), Value::Null, "not asked");
    paxml(&env, &sample, "paxml/sample-mapping-gender.toml").ok();
    // Second-to-last digit: 198506212342 (4, even) female; 199202143450 (5, odd) male;
    // 197003121238 (3, odd) male, whatever the name says: the number decides.
    assert_eq!(gender_of(&env, "10023"), "female");
    assert_eq!(gender_of(&env, "10024"), "male");
    assert_eq!(gender_of(&env, "10001"), "male");
    assert_eq!(gender_of(&env, "10031"), "female");
    let bytes = file_bytes(&env);
    for persnr in sample_persnrs() {
        for form in persnr_forms(&persnr) {
            assert!(!contains(&bytes, &form), "the registry file holds {form}");
        }
    }
    // A persnr with a wrong check digit: refused, the number not shown.
    let text = std::fs::read(fixture("paxml/sample-personal.pax")).unwrap();
    let text: String = text.iter().map(|&b| char::from(b)).collect();
    let bad = text.replace("197003121238", "197003121239");
    let file = env.path("bad-persnr.pax");
    std::fs::write(&file, bad.chars().map(|c| c as u8).collect::<Vec<u8>>()).unwrap();
    let run = paxml(
        &env,
        file.to_str().unwrap(),
        "paxml/sample-mapping-gender.toml",
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("persnr is neither a Swedish personnummer nor a Norwegian"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("12123"), "{}", run.stderr);
    // Without [gender] the same file is read as before (persnr never looked at), and the
    // genders kept are cleared.
    paxml(&env, file.to_str().unwrap(), "paxml/sample-mapping.toml").ok();
    assert_eq!(gender_of(&env, "10023"), Value::Null);
}

#[test]
fn progress_by_gender_hand_checked_and_withheld_where_it_would_single_someone_out() {
    let env = sample_with_gender();
    let all = progress(&env, "1");
    let lifecare = everyone(&all, "LIFECARE");
    let (n, t) = ((json!(4), false), (json!(2), false));
    // LIFECARE targets on 2026-11-20: women 10001, 10023, 10025, 10031; men 10024, 10030.
    assert_eq!(
        people_by_gender(lifecare),
        [
            ("female".to_string(), n.clone(), n),
            ("male".to_string(), t.clone(), t),
            ("other".to_string(), (json!(0), false), (json!(0), false)),
            ("unknown".to_string(), (json!(0), false), (json!(0), false)),
        ]
    );
    // Women at target: 10023 (confirmed 3, target 2) and 10001: 2 of 4; levels 3+2+2+2.
    let women = &lifecare["by_gender"][0]["to"];
    assert_eq!(women["share_at_target"]["value"], 0.5);
    assert_eq!(women["mean_level"]["value"], 2.25);
    // Course completions after 2026-01-01: LC-DOK by 10023 (2026-10-20), a woman.
    let dok = all["completions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["course"] == "LC-DOK")
        .unwrap();
    assert_eq!(dok["n_people"]["value"], 1);
    assert_eq!(dok["by_gender"][0]["count"]["value"], 1);

    // The default threshold (5). O365 on 2026-01-01: 8 people, 5 women, 2 men, 1 not stated.
    // The 2 and the 1 are withheld, and so are the women's 5, or 8 - 5 would give back that
    // 3 people are men or not stated.
    let withheld = progress(&env, "5");
    let o365 = everyone(&withheld, "O365");
    assert_eq!(cell(&o365["from"]["n_people"]), (json!(8), false));
    let genders = people_by_gender(o365);
    assert_eq!(genders[0].1, (Value::Null, true), "women: {genders:?}");
    assert_eq!(genders[1].1, (Value::Null, true));
    assert_eq!(genders[2].1, (json!(0), false));
    assert_eq!(genders[3].1, (Value::Null, true));
    let women = &o365["by_gender"][0]["from"];
    assert!(women["share_at_target"]["suppressed"].as_bool().unwrap());
    assert!(women["mean_level"]["suppressed"].as_bool().unwrap());

    // Tables in three languages and CSV carry the gender column.
    let table = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "--lang",
            "sv",
            "progress",
            "--from",
            "2026-01-01",
            "--by",
            "gender",
        ])
        .ok();
    assert!(table.stdout.contains("kön"), "{}", table.stdout);
    assert!(table.stdout.contains("kvinnor"), "{}", table.stdout);
    assert!(
        table.stdout.contains("Genomförda utbildningar"),
        "{}",
        table.stdout
    );
    let nb = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "--lang",
            "nb",
            "demand",
            "--by",
            "gender",
        ])
        .ok();
    assert!(
        nb.stdout.contains("kjønn") && nb.stdout.contains("menn"),
        "{}",
        nb.stdout
    );
    let csv = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "--format",
            "csv",
            "progress",
            "--from",
            "2026-01-01",
            "--by",
            "gender",
        ])
        .ok();
    let header = csv.stdout.lines().next().unwrap().to_string();
    assert!(
        header.starts_with("unit,system,gender,from_people"),
        "{header}"
    );
    assert!(csv.stdout.contains(",LIFECARE,female,"), "{}", csv.stdout);
    // Without --by nothing about gender is in the report.
    let plain = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "progress",
            "--from",
            "2026-01-01",
        ])
        .ok();
    assert!(!plain.stdout.contains("gender"));
}

#[test]
fn demand_by_gender_hand_checked_and_suppressed() {
    let env = sample_with_gender();
    let run = |min: &str| {
        env.run(&[
            "--as-of",
            "2026-11-20",
            "--format",
            "json",
            "demand",
            "--by",
            "gender",
            "--min-group",
            min,
        ])
        .ok()
        .json()
    };
    let all = run("1");
    let people: Vec<(Value, bool)> = all["people_by_gender"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| cell(&g["count"]))
        .collect();
    assert_eq!(
        people,
        [
            (json!(4), false),
            (json!(2), false),
            (json!(0), false),
            (json!(1), false)
        ]
    );
    let course = |report: &Value, code: &str| {
        report["courses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["course"] == code)
            .unwrap()["closes"]
            .clone()
    };
    // LC-DOK closes a gap for 2 people: both men (10024, 10030).
    let dok = course(&all, "LC-DOK");
    assert_eq!(dok["total"]["value"], 2);
    assert_eq!(dok["by_gender"][1]["count"]["value"], 2);
    assert_eq!(dok["by_gender"][0]["count"]["value"], 0);
    // At the default threshold the 4 women and 2 men are withheld (the not stated 1 too).
    let withheld = run("5");
    let people: Vec<bool> = withheld["people_by_gender"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| cell(&g["count"]).1)
        .collect();
    assert_eq!(people, [true, true, false, true]);
}

#[test]
fn subject_export_holds_the_gender_and_purge_erases_it() {
    let env = sample_with_gender();
    let out = env.path("anna.json");
    env.run(&["subject", "export", "10023", "-o", out.to_str().unwrap()])
        .ok();
    let export: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(export["Gender"], "female");
    assert!(
        export["About this export"]
            .as_str()
            .unwrap()
            .contains("your gender")
    );
    // 10041 (a woman) left on 2026-06-30: on 2026-01-01, O365 has 5 women.
    let before = progress(&env, "1");
    assert_eq!(
        people_by_gender(everyone(&before, "O365"))[0].1,
        (json!(5), false)
    );
    env.run(&["purge", "--terminated-before", "2026-11-01"])
        .ok();
    // Still counted, without her gender: 4 women and 2 not stated.
    let after = progress(&env, "1");
    let genders = people_by_gender(everyone(&after, "O365"));
    assert_eq!(genders[0].1, (json!(4), false));
    assert_eq!(genders[3].1, (json!(2), false));
}
