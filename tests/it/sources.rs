//! `skillreg sync paxml | csv | scim | xapi` and `sync wlx --evidence-only` through the real
//! binary: the shipped fixtures, a real SCIM service provider and a real learning record store.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::{Env, Run, fixture};

const SCIM_TOKEN: &str = "scim-tok-5d81c0e4a7";
const LRS_USER: &str = "skillreg-sources";
const LRS_PASSWORD: &str = "Kurs-hemlis-77";

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `sync paxml FILE --mapping sample-mapping.toml` with `extra` flags.
fn paxml(env: &Env, file: &Path, extra: &[&str]) -> Run {
    let mapping = fixture("paxml/sample-mapping.toml");
    let mut args: Vec<&str> = Vec::new();
    let (globals, flags): (Vec<&str>, Vec<&str>) = split_globals(extra);
    args.extend(globals);
    args.extend(["sync", "paxml", path(file), "--mapping", path(&mapping)]);
    args.extend(flags);
    env.run(&args)
}

/// `--format X` and `--as-of D` go before the subcommand; the rest after it.
fn split_globals<'a>(extra: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut globals = Vec::new();
    let mut flags = Vec::new();
    let mut i = 0;
    while i < extra.len() {
        if matches!(extra[i], "--format" | "--as-of") {
            globals.extend([extra[i], extra[i + 1]]);
            i += 2;
        } else {
            flags.push(extra[i]);
            i += 1;
        }
    }
    (globals, flags)
}

fn wlx(env: &Env, extra: &[&str]) -> Run {
    let file = fixture("winlas/sample-export.xml");
    let (globals, flags) = split_globals(extra);
    let mut args = globals;
    args.extend(["sync", "wlx", path(&file)]);
    args.extend(flags);
    env.run(&args)
}

/// The personnummer of the sample payroll file, as written there (12 digits).
pub(crate) fn sample_persnrs() -> Vec<String> {
    let bytes = std::fs::read(fixture("paxml/sample-personal.pax")).unwrap();
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    let found: Vec<String> = text
        .split("persnr=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect();
    assert_eq!(found.len(), 8, "{found:?}");
    found
}

/// Every way a personnummer may be written: 12 digits, 10 digits, and with a dash.
pub(crate) fn persnr_forms(persnr: &str) -> Vec<String> {
    let short = &persnr[2..];
    vec![
        persnr.to_string(),
        short.to_string(),
        format!("{}-{}", &short[..6], &short[6..]),
        format!("{}-{}", &persnr[..8], &persnr[8..]),
    ]
}

fn assert_no_persnr(what: &str, text: &str) {
    for persnr in sample_persnrs() {
        for form in persnr_forms(&persnr) {
            assert!(!text.contains(&form), "{what} shows {form}:\n{text}");
        }
    }
}

/// The sample payroll file without the people `gone`, in the directory of `env`.
fn paxml_without(env: &Env, gone: &[&str]) -> PathBuf {
    let bytes = std::fs::read(fixture("paxml/sample-personal.pax")).unwrap();
    // ISO-8859-1: every byte is one character, so this round-trips exactly.
    let mut text: String = bytes.iter().map(|&b| char::from(b)).collect();
    for no in gone {
        let start = text
            .find(&format!("<person anstid=\"{no}\""))
            .unwrap_or_else(|| panic!("no person {no}"));
        let end = start + text[start..].find("</person>").unwrap() + "</person>".len();
        text.replace_range(start..end, "");
    }
    let out: Vec<u8> = text.chars().map(|c| c as u8).collect();
    let path = env.path("personal-partial.pax");
    std::fs::write(&path, out).unwrap();
    path
}

fn profile(env: &Env, day: &str, no: &str) -> Value {
    env.run(&["--format", "json", "--as-of", day, "profile", no])
        .ok()
        .json()
}

fn history(env: &Env, no: &str) -> Value {
    env.run(&["--format", "json", "history", no]).ok().json()
}

/// (unit, occupation, percent, primary, manager, start, end) of each employment.
fn employments(profile: &Value) -> Vec<Value> {
    profile["employee"]["employments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            json!([
                e["unit"],
                e["occupation"],
                e["percent"],
                e["primary"],
                e["manager"],
                e["start"],
                e["end"]
            ])
        })
        .collect()
}

fn system<'a>(brief: &'a Value, code: &str) -> &'a Value {
    brief["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["system"] == code)
        .unwrap_or_else(|| panic!("no {code} in {brief:#}"))
}

fn no_employee(env: &Env, no: &str) {
    let run = env.run(&["profile", no]);
    assert_eq!(run.code, 1, "{no} exists: {}", run.stdout);
    assert!(
        run.stderr.contains(&format!("no employee \"{no}\"")),
        "{}",
        run.stderr
    );
}

/// The report's warnings as `line L, column C: <element>: message (value "v")`, each part only
/// where the warning has it (the file is left out: it is the path the test passed).
fn warnings(report: &Value) -> Vec<String> {
    report["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("no warnings in {report:#}"))
        .iter()
        .map(|w| {
            let at = &w["location"];
            let mut text = String::new();
            if let Some(line) = at["line"].as_u64() {
                text += &format!("line {line}");
                if let Some(column) = at["column"].as_u64() {
                    text += &format!(", column {column}");
                }
                text += ": ";
            }
            if let Some(element) = at["element"].as_str() {
                text += &format!("<{element}>: ");
            }
            text += w["message"].as_str().unwrap_or_else(|| panic!("{w}"));
            if let Some(value) = w["value"].as_str() {
                text += &format!(" (value {value:?})");
            }
            text
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// PAXml
// ---------------------------------------------------------------------------------------------

#[test]
fn paxml_sample_creates_eight_people_and_a_second_run_changes_nothing() {
    let env = Env::new();
    let sample = fixture("paxml/sample-personal.pax");
    let first = paxml(&env, &sample, &["--format", "json"]).ok();
    let report = first.json();
    assert_eq!(report["dry_run"], false);
    assert_eq!(report["role"], "people");
    assert_eq!(report["header"]["as_of"], "2026-11-20");
    assert_eq!(report["n_seen"], 8);
    assert_eq!(report["n_created"], 8);
    assert_eq!(report["n_updated"], 0);
    assert_eq!(report["n_terminated"], 0);
    assert_eq!(report["n_unchanged"], 0);
    assert_eq!(report["n_evidence"], 0);
    assert_eq!(report["n_warnings"], 0);
    let created: Vec<&str> = report["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["change"], "created", "{p}");
            p["employee_no"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        created,
        [
            "10001", "10023", "10024", "10025", "10030", "10031", "10040", "10041"
        ]
    );

    // Anna Lindqvist works 75 % as an assistant nurse in SOC-HT under Karin Åberg.
    let anna = profile(&env, "2026-11-20", "10023");
    assert_eq!(anna["employee"]["given_name"], "Anna");
    assert_eq!(anna["employee"]["family_name"], "Lindqvist");
    assert_eq!(
        employments(&anna),
        [json!([
            "SOC-HT",
            "USK",
            75,
            true,
            "10001",
            "2015-03-01",
            null
        ])]
    );

    // The same file again: nothing to change, nothing written.
    let before = env.dump();
    let second = paxml(&env, &sample, &[]).ok();
    assert!(
        second.stdout.starts_with(
            "applied: 8 people in the export (paxml as of 2026-11-20); 0 created, 0 updated, \
             0 reactivated, 0 terminated, 8 unchanged; 0 evidence record(s) added; 0 catalog \
             change(s)\nnothing to change\n"
        ),
        "{}",
        second.stdout
    );
    assert_eq!(env.dump(), before);
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    let runs = runs.as_array().unwrap();
    assert_eq!(runs.len(), 2, "{runs:#?}");
    for run in runs {
        assert_eq!(run["source"], "paxml");
        assert_eq!(run["role"], "people");
        assert_eq!(run["outcome"], "applied");
    }
    assert_eq!(
        runs[0]["counts"],
        json!({"created": 0, "updated": 0, "terminated": 0, "reactivated": 0, "evidence": 0})
    );
    assert_eq!(
        runs[1]["counts"],
        json!({"created": 8, "updated": 0, "terminated": 0, "reactivated": 0, "evidence": 0})
    );
}

#[test]
fn paxml_dry_run_prints_the_plan_and_writes_nothing() {
    let env = Env::new();
    let before = env.dump();
    let run = paxml(&env, &fixture("paxml/sample-personal.pax"), &["--dry-run"]).ok();
    assert!(
        run.stdout.starts_with(
            "plan (dry run, nothing written): 8 people in the export (paxml as of 2026-11-20); \
             8 created,"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  created     10023\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  created     unit SOC-HT"),
        "{}",
        run.stdout
    );
    assert_eq!(env.dump(), before, "a dry run wrote something");
    no_employee(&env, "10023");
}

#[test]
fn paxml_with_unmapped_codes_is_refused_with_one_problem_naming_every_code() {
    let env = Env::new();
    let before = env.dump();
    let run = paxml(&env, &fixture("paxml/bad-unmapped.pax"), &[]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let expected = "bad-unmapped.pax: 3 code(s) the mapping file does not know: occupation USK09 \
                    (1 record, at line 36), occupation title Kock (1 record, at line 45), unit \
                    5130 (2 records, first at line 30); add them to the mapping file ([units] \
                    for resultatenhet ids of dimension 1, [occupations] for befattningskod, or \
                    befattning where there is no code), or allow unmapped codes to skip those \
                    people";
    let problem_lines: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(problem_lines.len(), 1, "{}", run.stderr);
    assert!(
        problem_lines[0].ends_with(expected),
        "expected …{expected}\ngot {}",
        problem_lines[0]
    );
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert_eq!(env.dump(), before, "a refused file wrote something");
    no_employee(&env, "10023");
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(runs[0]["source"], "paxml");
    assert_eq!(runs[0]["outcome"], "refused");
}

#[test]
fn paxml_allow_unmapped_skips_those_people_with_a_warning_each() {
    let expected = [
        "line 22, column 5: <person>: person 10050 was skipped: the mapping file does not know \
         unit 5130 (value \"10050\")",
        "line 32, column 5: <person>: person 10051 was skipped: the mapping file does not know \
         occupation USK09, unit 5130 (value \"10051\")",
        "line 42, column 5: <person>: person 10052 was skipped: the mapping file does not know \
         occupation title Kock (value \"10052\")",
    ];
    let file = fixture("paxml/bad-unmapped.pax");

    let env = Env::new();
    let run = paxml(&env, &file, &["--format", "json", "--allow-unmapped"]).ok();
    let report = run.json();
    assert_eq!(report["n_seen"], 1);
    assert_eq!(report["n_created"], 1);
    assert_eq!(report["n_skipped"], 3);
    assert_eq!(report["n_warnings"], 3);
    assert_eq!(
        report["people"],
        json!([{"employee_no": "10023", "change": "created", "n_evidence": 0}])
    );
    let listed = warnings(&report);
    assert_eq!(listed.len(), 3, "{listed:#?}");
    assert_eq!(listed, expected);
    assert_eq!(report["warnings"][0]["location"]["file"], path(&file));
    for no in ["10050", "10051", "10052"] {
        no_employee(&env, no);
    }
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(runs[0]["n_warnings"], 3);
    assert_eq!(runs[0]["n_skipped"], 3);

    // As a table (the default output), the skipped people are listed too.
    let env = Env::new();
    let table = paxml(&env, &file, &["--allow-unmapped"]).ok();
    assert!(table.stdout.contains("1 created"), "{}", table.stdout);
    let shown = format!("{}{}", table.stdout, table.stderr);
    for e in expected {
        assert!(
            shown.contains(e),
            "the warning {e:?} is not in the output:\nstdout: {}\nstderr: {}",
            table.stdout,
            table.stderr
        );
    }
}

#[test]
fn paxml_bad_dates_are_refused_naming_file_line_and_value() {
    let env = Env::new();
    let before = env.dump();
    let run = paxml(&env, &fixture("paxml/bad-date.pax"), &[]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    for expected in [
        "bad-date.pax: line 17, column 7: <anstdatum>: anstdatum must be a date YYYY-MM-DD \
         (value \"2015-02-30\")",
        "bad-date.pax: line 28, column 7: <avgdatum>: avgdatum must be a date YYYY-MM-DD \
         (value \"30/06/2026\")",
    ] {
        assert!(
            run.stderr.lines().any(|l| l.ends_with(expected)),
            "expected a line ending {expected:?} in\n{}",
            run.stderr
        );
    }
    assert_eq!(env.dump(), before);
}

#[test]
fn no_personnummer_from_the_payroll_file_is_ever_shown() {
    let env = Env::new();
    let mut shown = String::new();
    let mut keep = |run: Run| {
        shown += &run.stdout;
        shown += &run.stderr;
    };
    let sample = fixture("paxml/sample-personal.pax");
    keep(paxml(&env, &sample, &["--dry-run"]));
    keep(paxml(&env, &sample, &["--format", "json", "--dry-run"]));
    keep(paxml(&env, &sample, &["--format", "csv"]));
    keep(paxml(&env, &sample, &["--format", "json"]));
    keep(paxml(&env, &fixture("paxml/bad-unmapped.pax"), &[]));
    keep(paxml(
        &env,
        &fixture("paxml/bad-unmapped.pax"),
        &["--format", "json", "--allow-unmapped", "--dry-run"],
    ));
    keep(paxml(&env, &fixture("paxml/bad-date.pax"), &[]));
    keep(paxml(
        &env,
        &fixture("paxml/sample-personal-utf8.pax"),
        &["--format", "json"],
    ));
    for no in ["10001", "10023", "10041"] {
        keep(env.run(&["--format", "json", "history", no]));
        keep(env.run(&["--format", "json", "--as-of", "2026-11-20", "profile", no]));
        keep(env.run(&["--as-of", "2026-11-20", "profile", no]));
        keep(env.run(&["--format", "json", "--as-of", "2026-11-20", "brief", no]));
    }
    keep(env.run(&["--format", "json", "runs"]));
    keep(env.run(&["runs"]));
    assert!(
        shown.contains("Lindqvist"),
        "the outputs were read: {shown}"
    );
    assert_no_persnr("the CLI", &shown);
    assert_no_persnr("the registry dump", &env.dump());
    // Nor in the registry's file itself.
    let db = std::fs::read(env.db()).unwrap();
    let db = String::from_utf8_lossy(&db);
    assert_no_persnr("the database file", &db);
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

fn csv(env: &Env, file: &str, mapping: &str, extra: &[&str]) -> Run {
    let file = fixture(&format!("csv/{file}"));
    let mapping = fixture(&format!("csv/{mapping}"));
    let (mut args, flags) = split_globals(extra);
    args.extend(["sync", "csv", path(&file), "--mapping", path(&mapping)]);
    args.extend(flags);
    env.run(&args)
}

#[test]
fn csv_swedish_sample_then_its_norwegian_twin_changes_nothing() {
    let env = Env::new();
    let first = csv(
        &env,
        "sample-hr.csv",
        "sample-hr-mapping.toml",
        &["--format", "json", "--as-of", "2026-11-20"],
    )
    .ok()
    .json();
    assert_eq!(first["role"], "people");
    assert_eq!(first["n_seen"], 8);
    assert_eq!(first["n_created"], 8);
    assert_eq!(first["n_terminated"], 0);
    assert_eq!(first["catalog"].as_array().unwrap().len(), 7, "{first:#}");
    let sofia = profile(&env, "2026-11-20", "10025");
    assert_eq!(sofia["employee"]["family_name"], "Öhman & Berg");
    let mut jobs = employments(&sofia);
    jobs.sort_by_key(|j| j[0].as_str().unwrap().to_string());
    assert_eq!(
        jobs,
        [
            json!(["SOC-HT", "USK", 25, false, "10001", "2023-01-01", null]),
            json!(["SOC-SÄBO", "USK", 50, true, "10030", "2019-02-01", null]),
        ]
    );
    let elin = profile(&env, "2026-11-20", "10041");
    assert_eq!(elin["active"], false);
    assert_eq!(elin["employee"]["employments"][0]["end"], "2026-06-30");

    let before = env.dump();
    let twin = csv(
        &env,
        "sample-hr-no.csv",
        "sample-hr-no-mapping.toml",
        &["--format", "json", "--as-of", "2026-11-20"],
    )
    .ok()
    .json();
    assert_eq!(twin["n_seen"], 8);
    assert_eq!(twin["n_unchanged"], 8);
    assert_eq!(twin["people"], json!([]));
    assert_eq!(twin["catalog"], json!([]));
    assert_eq!(env.dump(), before);
}

#[test]
fn csv_bad_dates_are_refused_naming_row_and_column() {
    let env = Env::new();
    let before = env.dump();
    let run = csv(
        &env,
        "bad-date.csv",
        "sample-hr-mapping.toml",
        &["--as-of", "2026-11-20"],
    );
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    for expected in [
        r#"bad-date.csv: line 4: <Startdatum>: start has a two-digit year, which is ambiguous: write the year in full, e.g. 20.11.2026 (value "15.08.21")"#,
        r#"bad-date.csv: line 7: <Startdatum>: start is written with slashes, which is ambiguous (20/11 or 11/20?): export dates as 2026-11-20 or 20.11.2026 (value "09/01/2010")"#,
        r#"bad-date.csv: line 10: <Slutdatum>: end must be a date like 2026-11-20 or 20.11.2026 (value "2026-06-31")"#,
    ] {
        assert!(
            run.stderr.lines().any(|l| l.ends_with(expected)),
            "expected a line ending {expected:?} in\n{}",
            run.stderr
        );
    }
    assert_eq!(env.dump(), before);
    no_employee(&env, "10001");
}

/// The engine's problems name the column the mapping file gives, not a field of another format
/// (the snapshot reaches the engine through the CLI's and the store's wrappers).
#[test]
fn csv_own_manager_and_unknown_manager_name_the_mapped_column() {
    let env = Env::new();
    let text = std::fs::read_to_string(fixture("csv/sample-hr.csv")).unwrap();
    let text = text
        .replacen(
            "Undersköterska;10001;2021-08-15",
            "Undersköterska;10024;2021-08-15",
            1,
        )
        .replacen(
            "Undersköterska;10001;2015-03-01",
            "Undersköterska;10099;2015-03-01",
            1,
        );
    let file = env.path("hr.csv");
    std::fs::write(&file, text).unwrap();
    let mapping = fixture("csv/sample-hr-mapping.toml");
    let run = env.run(&[
        "sync",
        "csv",
        path(&file),
        "--mapping",
        path(&mapping),
        "--as-of",
        "2026-11-20",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for expected in [
        r#"hr.csv: line 4: a person cannot be their own manager: correct column "Chef anst.nr" (value "10024")"#,
        r#"hr.csv: line 3: unknown manager: column "Chef anst.nr" names nobody in the file or the registry (value "10099")"#,
    ] {
        assert!(
            run.stderr.lines().any(|l| l.ends_with(expected)),
            "expected a line ending {expected:?} in\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("managerEmployeeNo"), "{}", run.stderr);
    no_employee(&env, "10001");
}

// ---------------------------------------------------------------------------------------------
// WLX next to payroll
// ---------------------------------------------------------------------------------------------

#[test]
fn wlx_evidence_only_after_payroll_adds_evidence_and_creates_nobody() {
    let env = Env::new();
    paxml(&env, &fixture("paxml/sample-personal.pax"), &[]).ok();
    let people_before: Vec<Value> = ["10023", "10025", "10031"]
        .iter()
        .map(|no| employments(&profile(&env, "2026-11-20", no)))
        .map(Value::from)
        .collect();
    assert_eq!(history(&env, "10031"), json!([]));

    let report = wlx(&env, &["--format", "json", "--evidence-only"])
        .ok()
        .json();
    assert_eq!(report["role"], "evidence");
    assert_eq!(report["n_seen"], 8);
    assert_eq!(report["n_created"], 0);
    assert_eq!(report["n_terminated"], 0);
    assert_eq!(report["n_reactivated"], 0);
    assert_eq!(report["n_evidence"], 19);
    assert_eq!(report["n_warnings"], 0);
    for p in report["people"].as_array().unwrap() {
        assert_eq!(p["change"], "updated", "{p}");
    }
    // The payroll's employments stand; the competence system's are ignored.
    let people_after: Vec<Value> = ["10023", "10025", "10031"]
        .iter()
        .map(|no| employments(&profile(&env, "2026-11-20", no)))
        .map(Value::from)
        .collect();
    assert_eq!(people_after, people_before);
    let linnea = history(&env, "10031");
    assert_eq!(linnea.as_array().unwrap().len(), 3, "{linnea:#}");
    let lifecare = system(&env.brief("2026-11-20", "10031"), "LIFECARE").clone();
    assert_eq!(
        (&lifecare["target"], &lifecare["current"], &lifecare["gap"]),
        (&json!(3), &json!(2), &json!(1))
    );
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(runs[0]["source"], "wlx");
    assert_eq!(runs[0]["role"], "evidence");
    assert_eq!(
        runs[0]["counts"],
        json!({"created": 0, "updated": 8, "terminated": 0, "reactivated": 0, "evidence": 19})
    );
    assert_eq!(runs[1]["role"], "people");

    // Again: the evidence is already held.
    let before = env.dump();
    let again = wlx(&env, &["--format", "json", "--evidence-only"])
        .ok()
        .json();
    assert_eq!(again["n_evidence"], 0);
    assert_eq!(again["people"], json!([]));
    assert_eq!(env.dump(), before);
}

#[test]
fn wlx_evidence_only_warns_about_a_person_payroll_does_not_know_and_creates_nobody() {
    let env = Env::new();
    let partial = paxml_without(&env, &["10040"]);
    let first = paxml(&env, &partial, &["--format", "json"]).ok().json();
    assert_eq!(first["n_created"], 7);
    no_employee(&env, "10040");

    let run = wlx(&env, &["--format", "json", "--evidence-only"]);
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let report = run.json();
    assert_eq!(report["n_created"], 0);
    assert_eq!(report["n_skipped"], 1);
    assert_eq!(report["n_warnings"], 1);
    let listed = warnings(&report);
    assert_eq!(listed.len(), 1, "{listed:#?}");
    assert_eq!(
        listed,
        [
            "line 105, column 5: <Person>: not in the registry: wlx contributes evidence only, so \
          the person was not created; their evidence was not recorded (value \"10040\")"
        ]
    );
    assert!(
        report["people"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["employee_no"] != "10040"),
        "{report:#}"
    );
    no_employee(&env, "10040");
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(runs[0]["role"], "evidence");
    assert_eq!(runs[0]["n_warnings"], 1);
    assert_eq!(runs[0]["n_skipped"], 1);
}

/// Without `--evidence-only`, the competence export owns people: on top of payroll it brings
/// its own view of employments (Sofia Öhman & Berg's second employment, which the payroll file
/// does not carry) and adds its evidence.
#[test]
fn wlx_without_evidence_only_after_payroll_takes_over_employments() {
    let env = Env::new();
    paxml(&env, &fixture("paxml/sample-personal.pax"), &[]).ok();
    let sofia_before = employments(&profile(&env, "2026-11-20", "10025"));
    assert_eq!(
        sofia_before,
        [json!([
            "SOC-SÄBO",
            "USK",
            50,
            true,
            "10030",
            "2019-02-01",
            null
        ])]
    );
    let anna_before = employments(&profile(&env, "2026-11-20", "10023"));

    let report = wlx(&env, &["--format", "json"]).ok().json();
    assert_eq!(report["role"], "people");
    assert_eq!(report["n_created"], 0);
    assert_eq!(report["n_terminated"], 0);
    assert_eq!(report["n_evidence"], 19);
    let sofia_after = employments(&profile(&env, "2026-11-20", "10025"));
    let mut sorted = sofia_after.clone();
    sorted.sort_by_key(|j| j[0].as_str().unwrap().to_string());
    assert_eq!(
        sorted,
        [
            json!(["SOC-HT", "USK", 25, false, "10001", "2023-01-01", null]),
            json!(["SOC-SÄBO", "USK", 50, true, "10030", "2019-02-01", null]),
        ]
    );
    // Where both systems agree, nothing changes.
    assert_eq!(
        employments(&profile(&env, "2026-11-20", "10023")),
        anna_before
    );
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(runs[0]["source"], "wlx");
    assert_eq!(runs[0]["role"], "people");
}

// ---------------------------------------------------------------------------------------------
// SCIM
// ---------------------------------------------------------------------------------------------

struct ScimPeer {
    server: skillreg_peers::Server,
    ids: std::collections::HashMap<String, String>,
}

fn scim_peer() -> ScimPeer {
    let server = skillreg_peers::scim::start_scim_with_employment_extension(Some(SCIM_TOKEN))
        .unwrap_or_else(|e| panic!("the SCIM server (scim2-server) could not start: {e}"));
    let ids = skillreg_peers::scim::seed_users_from_file(
        &server,
        Some(SCIM_TOKEN),
        &fixture("scim/sample-users.json"),
    )
    .unwrap_or_else(|e| panic!("seeding the SCIM server: {e}\n{}", server.log_tail()));
    ScimPeer { server, ids }
}

fn scim(env: &Env, peer: &ScimPeer, extra: &[&str], vars: &[(&str, &str)]) -> Run {
    let base = skillreg_peers::scim::scim_base(&peer.server);
    let mapping = fixture("scim/mapping.toml");
    let (mut args, flags) = split_globals(extra);
    args.extend(["sync", "scim", &base, "--mapping", path(&mapping)]);
    args.extend(flags);
    env.run_env(&args, vars)
}

#[test]
fn scim_creates_the_active_users_and_terminates_one_made_inactive() {
    let peer = scim_peer();
    let env = Env::new();
    let vars = [("TEST_SCIM_TOKEN", SCIM_TOKEN)];
    let run = scim(
        &env,
        &peer,
        &[
            "--format",
            "json",
            "--as-of",
            "2026-11-20",
            "--token-env",
            "TEST_SCIM_TOKEN",
        ],
        &vars,
    )
    .ok();
    assert!(!run.stdout.contains(SCIM_TOKEN) && !run.stderr.contains(SCIM_TOKEN));
    let report = run.json();
    assert_eq!(report["role"], "people");
    assert_eq!(report["n_seen"], 7);
    assert_eq!(report["n_created"], 7);
    assert_eq!(report["n_terminated"], 0);
    // Elin Nilsson (10041) is inactive in the identity system: never brought in.
    no_employee(&env, "10041");
    let anna = profile(&env, "2026-11-20", "10023");
    assert_eq!(anna["employee"]["given_name"], "Anna");
    assert_eq!(
        employments(&anna),
        [json!([
            "SOC-HT",
            "USK",
            null,
            true,
            "10001",
            "2015-03-01",
            null
        ])]
    );

    // Mohammed Al-Sayed (10024) is made inactive: the next sync terminates him.
    skillreg_peers::scim::set_active(
        &peer.server,
        Some(SCIM_TOKEN),
        &peer.ids["mohammed.al-sayed"],
        false,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let report = scim(
        &env,
        &peer,
        &[
            "--format",
            "json",
            "--as-of",
            "2026-11-21",
            "--token-env",
            "TEST_SCIM_TOKEN",
            "--max-terminations",
            "1",
        ],
        &vars,
    )
    .ok()
    .json();
    assert_eq!(
        report["people"],
        json!([{"employee_no": "10024", "change": "terminated", "n_evidence": 0}])
    );
    assert_eq!(report["n_unchanged"], 6);
    let mohammed = profile(&env, "2026-11-21", "10024");
    assert_eq!(mohammed["active"], false);
    assert_eq!(mohammed["employee"]["employments"][0]["end"], "2026-11-20");
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(runs[0]["source"], "scim");
    assert_eq!(
        runs[0]["counts"],
        json!({"created": 0, "updated": 0, "terminated": 1, "reactivated": 0, "evidence": 0})
    );
    let input = runs[0]["input"].as_str().unwrap();
    assert!(input.starts_with("http://127.0.0.1:"), "{input}");
    assert!(!runs.to_string().contains(SCIM_TOKEN));
}

#[test]
fn scim_with_a_wrong_or_missing_token_fails_clearly_without_showing_it() {
    let peer = scim_peer();
    let env = Env::new();
    let before = env.dump();
    let wrong = "fel-token-93c2aa";
    let run = scim(
        &env,
        &peer,
        &["--as-of", "2026-11-20", "--token-env", "TEST_SCIM_TOKEN"],
        &[("TEST_SCIM_TOKEN", wrong)],
    );
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(run.stderr.contains("401"), "{}", run.stderr);
    for secret in [wrong, SCIM_TOKEN] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{secret} shown: {}{}",
            run.stdout,
            run.stderr
        );
    }
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(runs[0]["source"], "scim");
    // Refused credentials are a failure of the connection, not of the data.
    assert_eq!(runs[0]["outcome"], "failed");
    assert!(!runs.to_string().contains(wrong));

    // The variable is not set at all.
    let run = scim(
        &env,
        &peer,
        &[
            "--as-of",
            "2026-11-20",
            "--token-env",
            "TEST_SCIM_TOKEN_UNSET",
        ],
        &[],
    );
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(
        run.stderr
            .contains("environment variable TEST_SCIM_TOKEN_UNSET is not set"),
        "{}",
        run.stderr
    );

    // No token at all: the server refuses.
    let run = scim(&env, &peer, &["--as-of", "2026-11-20"], &[]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(run.stderr.contains("401"), "{}", run.stderr);
    assert_eq!(env.dump(), before);
}

// ---------------------------------------------------------------------------------------------
// xAPI
// ---------------------------------------------------------------------------------------------

fn lrs() -> skillreg_peers::Server {
    let text = std::fs::read_to_string(fixture("xapi/statements.json")).unwrap();
    let statements: Value = serde_json::from_str(&text).unwrap();
    skillreg_peers::lrs::start_lrs(LRS_USER, LRS_PASSWORD, &statements)
        .unwrap_or_else(|e| panic!("the xAPI LRS (ralph) could not start: {e}"))
}

fn xapi(env: &Env, url: &str, extra: &[&str], password: &str) -> Run {
    let mapping = fixture("xapi/mapping.toml");
    let (mut args, flags) = split_globals(extra);
    args.extend([
        "sync",
        "xapi",
        url,
        "--mapping",
        path(&mapping),
        "--user-env",
        "TEST_LRS_USER",
        "--password-env",
        "TEST_LRS_PASSWORD",
    ]);
    args.extend(flags);
    env.run_env(
        &args,
        &[("TEST_LRS_USER", LRS_USER), ("TEST_LRS_PASSWORD", password)],
    )
}

#[test]
fn xapi_adds_course_results_warns_about_strangers_and_resumes_from_its_watermark() {
    let server = lrs();
    let url = format!("{}/xAPI", server.origin);
    let env = Env::new();
    wlx(&env, &[]).ok();
    let before = system(&env.brief("2026-11-20", "10031"), "LIFECARE").clone();
    assert_eq!(before["gap"], 1, "{before:#}");

    // A dry run first: the plan, nothing written.
    let dump = env.dump();
    let plan = xapi(&env, &url, &["--format", "json", "--dry-run"], LRS_PASSWORD)
        .ok()
        .json();
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["n_evidence"], 3);
    assert_eq!(env.dump(), dump);

    let run = xapi(&env, &url, &["--format", "json"], LRS_PASSWORD).ok();
    assert!(!run.stdout.contains(LRS_PASSWORD) && !run.stderr.contains(LRS_PASSWORD));
    let report = run.json();
    assert_eq!(report["role"], "evidence");
    assert_eq!(report["n_created"], 0);
    assert_eq!(report["n_evidence"], 3);
    assert_eq!(
        report["people"],
        json!([
            {"employee_no": "10023", "change": "updated", "n_evidence": 1},
            {"employee_no": "10024", "change": "updated", "n_evidence": 1},
            {"employee_no": "10031", "change": "updated", "n_evidence": 1},
        ])
    );
    assert_eq!(report["n_warnings"], 4);
    let listed = warnings(&report);
    assert!(
        listed.iter().any(|w| w.ends_with(
            "2 completion statements left out: mbox mailto:extern.konsult@example.com maps to \
             no employee number; add the mailbox to [actors.mbox] in the mapping file"
        )),
        "{listed:#?}"
    );
    assert!(
        listed.iter().all(|w| !w.contains("19121212")),
        "{listed:#?}"
    );

    // Linnéa Karlsson passed LC-HANDL on 2026-11-17: her LIFECARE gap is closed.
    let lifecare = system(&env.brief("2026-11-20", "10031"), "LIFECARE").clone();
    assert_eq!(
        (&lifecare["target"], &lifecare["current"], &lifecare["gap"]),
        (&json!(3), &json!(3), &json!(0)),
        "{lifecare:#}"
    );
    let last = history(&env, "10031");
    let last = last.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["source"], "xapi", "{last:#}");

    // The next sync resumes after the last statement: nothing new.
    let dump = env.dump();
    let again = xapi(&env, &url, &["--format", "json"], LRS_PASSWORD)
        .ok()
        .json();
    assert_eq!(again["n_seen"], 0);
    assert_eq!(again["n_evidence"], 0);
    assert_eq!(again["n_warnings"], 0);
    assert_eq!(again["people"], json!([]));
    assert_eq!(env.dump(), dump);

    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    let xapi_runs: Vec<&Value> = runs
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"] == "xapi")
        .collect();
    assert_eq!(xapi_runs.len(), 3, "{runs:#}");
    for r in &xapi_runs {
        assert_eq!(r["role"], "evidence", "{r:#}");
        assert_eq!(r["input"], url.as_str(), "{r:#}");
    }
    assert_eq!(
        xapi_runs[0]["counts"],
        json!({"created": 0, "updated": 0, "terminated": 0, "reactivated": 0, "evidence": 0})
    );
    assert_eq!(
        xapi_runs[1]["counts"],
        json!({"created": 0, "updated": 3, "terminated": 0, "reactivated": 0, "evidence": 3})
    );
    assert_eq!(xapi_runs[1]["n_warnings"], 4);
    assert!(!runs.to_string().contains(LRS_PASSWORD));

    // As a table (the default output), the warnings are printed too.
    let server = lrs();
    let url = format!("{}/xAPI", server.origin);
    let env = Env::new();
    wlx(&env, &[]).ok();
    let table = xapi(&env, &url, &[], LRS_PASSWORD).ok();
    assert!(
        table.stdout.contains("3 evidence record(s) added"),
        "{}",
        table.stdout
    );
    let shown = format!("{}{}", table.stdout, table.stderr);
    assert!(
        shown.contains("mailto:extern.konsult@example.com"),
        "the unknown actor is not in the output:\nstdout: {}\nstderr: {}",
        table.stdout,
        table.stderr
    );
}

#[test]
fn xapi_with_a_wrong_password_fails_with_401_and_never_shows_it() {
    let server = lrs();
    let url = format!("{}/xAPI", server.origin);
    let env = Env::new();
    wlx(&env, &[]).ok();
    let before = env.dump();
    let wrong = "fel-lösenord-xapi-5";
    let mut shown = String::new();
    for format in ["table", "json"] {
        let run = xapi(&env, &url, &["--format", format], wrong);
        assert_eq!(
            run.code, 1,
            "stdout: {}\nstderr: {}",
            run.stdout, run.stderr
        );
        assert!(run.stderr.contains("401"), "{}", run.stderr);
        shown += &run.stdout;
        shown += &run.stderr;
    }
    let runs = env.run(&["--format", "json", "runs"]).ok();
    shown += &runs.stdout;
    let runs = runs.json();
    assert_eq!(runs[0]["source"], "xapi");
    assert_eq!(runs[0]["outcome"], "failed");
    assert_eq!(runs[0]["role"], "evidence");
    for secret in [wrong, LRS_PASSWORD] {
        assert!(!shown.contains(secret), "{secret} shown:\n{shown}");
    }
    assert_eq!(env.dump(), before);

    // Only one of the two variables: a usage error.
    let mapping = fixture("xapi/mapping.toml");
    let run = env.run(&[
        "sync",
        "xapi",
        &url,
        "--mapping",
        path(&mapping),
        "--user-env",
        "TEST_LRS_USER",
    ]);
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}
