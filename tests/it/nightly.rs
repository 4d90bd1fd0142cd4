//! The nightly job (`skillreg sync run --profile`) over the sample organisation: PAXml people,
//! WLX competences, xAPI completions from a real learning record store, and the return file.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Env, fixture};

const LRS_USER: &str = "skillreg-nightly";
const LRS_PASSWORD: &str = "Nattjobb-hemlis-42";

fn statements() -> Value {
    let text = std::fs::read_to_string(fixture("xapi/statements.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn lrs() -> skillreg_peers::Server {
    skillreg_peers::lrs::start_lrs(LRS_USER, LRS_PASSWORD, &statements())
        .unwrap_or_else(|e| panic!("the xAPI LRS (ralph) could not start: {e}"))
}

fn toml_path(p: &Path) -> String {
    p.display().to_string().replace('\\', "\\\\")
}

/// A profile: PAXml owns people, then WLX and (if `lrs` is given) xAPI add evidence, then the
/// return file. `paxml` is the PAXml file to read.
fn write_profile(env: &Env, paxml: &Path, lrs: Option<&str>) -> PathBuf {
    let mut text = format!(
        r#"name = "Exempel kommun"

[[step]]
name = "payroll"
kind = "paxml"
file = "{}"
mapping = "{}"
people = true

[[step]]
kind = "wlx"
file = "{}"
"#,
        toml_path(paxml),
        toml_path(&fixture("paxml/sample-mapping.toml")),
        toml_path(&fixture("winlas/sample-export.xml")),
    );
    if let Some(url) = lrs {
        text += &format!(
            r#"
[[step]]
name = "e-learning"
kind = "xapi"
url = "{url}"
mapping = "{}"
user_env = "TEST_LRS_USER"
password_env = "TEST_LRS_PASSWORD"
"#,
            toml_path(&fixture("xapi/mapping.toml"))
        );
    }
    text += r#"
[[step]]
kind = "export-wlx"
file = "return.xml"
"#;
    let path = env.path("nightly.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn secrets() -> [(&'static str, &'static str); 2] {
    [
        ("TEST_LRS_USER", LRS_USER),
        ("TEST_LRS_PASSWORD", LRS_PASSWORD),
    ]
}

fn step<'a>(summary: &'a Value, name: &str) -> &'a Value {
    summary["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step {name} in {summary:#}"))
}

fn system<'a>(brief: &'a Value, code: &str) -> &'a Value {
    brief["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["system"] == code)
        .unwrap_or_else(|| panic!("no {code} in {brief:#}"))
}

#[test]
fn a_whole_night_over_paxml_wlx_and_xapi_and_a_second_night_writes_nothing() {
    let server = lrs();
    let env = Env::new();
    let url = format!("{}/xAPI", server.origin);
    let profile = write_profile(&env, &fixture("paxml/sample-personal.pax"), Some(&url));
    let profile = profile.to_str().unwrap();

    let run = env.run_env(
        &["--format", "json", "sync", "run", "--profile", profile],
        &secrets(),
    );
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let summary = run.json();
    assert_eq!(summary["outcome"], "applied");
    assert_eq!(summary["profile"], "Exempel kommun");

    // Payroll owns people: all 8 created, with the payroll's employment facts.
    let payroll = step(&summary, "payroll");
    assert_eq!(payroll["role"], "people");
    assert_eq!(payroll["outcome"], "applied");
    assert_eq!(payroll["counts"]["created"], 8);
    assert_eq!(payroll["counts"]["seen"], 8);

    // The competence system adds catalog and evidence, and creates nobody.
    let wlx = step(&summary, "wlx");
    assert_eq!(wlx["role"], "evidence");
    assert_eq!(wlx["outcome"], "applied");
    assert_eq!(wlx["counts"]["created"], 0);
    assert_eq!(wlx["counts"]["terminated"], 0);
    assert_eq!(wlx["counts"]["skipped"], 0);
    assert!(wlx["counts"]["evidence"].as_u64().unwrap() >= 10, "{wlx:#}");

    // The LRS adds course results; statements for nobody known are listed, not dropped.
    let xapi = step(&summary, "e-learning");
    assert_eq!(xapi["role"], "evidence");
    assert_eq!(xapi["outcome"], "applied");
    assert!(
        xapi["counts"]["evidence"].as_u64().unwrap() >= 2,
        "{xapi:#}"
    );
    let warnings = xapi["warnings"].to_string();
    assert!(
        warnings.contains("extern.konsult@example.com"),
        "unknown actor not listed: {warnings}"
    );
    assert!(xapi["n_warnings"].as_u64().unwrap() >= 2, "{xapi:#}");
    // Secrets never appear in the output.
    assert!(!run.stdout.contains(LRS_PASSWORD) && !run.stderr.contains(LRS_PASSWORD));

    // The return file carries what the registry learned from the LRS back to the WLX system.
    let export = step(&summary, "export-wlx");
    assert_eq!(export["outcome"], "applied");
    assert!(export["counts"]["exported"].as_u64().unwrap() >= 2);
    let returned = std::fs::read_to_string(env.path("return.xml")).unwrap();
    assert!(returned.contains("LC-HANDL"), "{returned}");

    // Linnéa Karlsson (10031) passed LC-HANDL in the LRS on 2026-11-17: her expired 2023
    // result no longer leaves a gap in LIFECARE.
    let linnea = env.brief("2026-11-20", "10031");
    let lifecare = system(&linnea, "LIFECARE");
    assert_eq!(lifecare["target"], 3, "{lifecare:#}");
    assert_eq!(lifecare["current"], 3, "{lifecare:#}");
    assert_eq!(lifecare["gap"], 0, "{lifecare:#}");
    // Anna Lindqvist (10023) works 75 % in SOC-HT, as payroll says.
    let profile_json = env
        .run(&[
            "--format",
            "json",
            "--as-of",
            "2026-11-20",
            "profile",
            "10023",
        ])
        .ok()
        .json();
    let employment = &profile_json["employee"]["employments"][0];
    assert_eq!(employment["unit"], "SOC-HT");
    assert_eq!(employment["percent"], 75);

    // The second night, with the same inputs, writes nothing new.
    let before = env.dump();
    let mtime = std::fs::metadata(env.path("return.xml"))
        .unwrap()
        .modified()
        .unwrap();
    let again = env.run_env(
        &["--format", "json", "sync", "run", "--profile", profile],
        &secrets(),
    );
    assert_eq!(
        again.code, 0,
        "stdout: {}\nstderr: {}",
        again.stdout, again.stderr
    );
    let summary = again.json();
    for name in ["payroll", "wlx", "e-learning"] {
        let s = step(&summary, name);
        let c = &s["counts"];
        for count in [
            "created",
            "updated",
            "reactivated",
            "terminated",
            "evidence",
            "catalog",
        ] {
            assert_eq!(c[count], 0, "{name} {count} on the second night: {s:#}");
        }
    }
    assert_eq!(step(&summary, "payroll")["counts"]["unchanged"], 8);
    assert_eq!(step(&summary, "export-wlx")["outcome"], "nothing_to_export");
    assert_eq!(env.dump(), before);
    assert_eq!(
        std::fs::metadata(env.path("return.xml"))
            .unwrap()
            .modified()
            .unwrap(),
        mtime
    );
}

/// The payroll file of a night when three people vanished from it.
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
    let path = env.path("personal-next.pax");
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn a_tripped_guard_stops_the_night_with_exit_3_and_skips_the_rest() {
    let env = Env::new();
    let first = write_profile(&env, &fixture("paxml/sample-personal.pax"), None);
    env.run(&["sync", "run", "--profile", first.to_str().unwrap()])
        .ok();
    let before = env.dump();

    let next = paxml_without(&env, &["10024", "10025", "10040"]);
    let profile = write_profile(&env, &next, None);
    let run = env.run(&[
        "--format",
        "json",
        "sync",
        "run",
        "--profile",
        profile.to_str().unwrap(),
    ]);
    assert_eq!(
        run.code, 3,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let summary = run.json();
    assert_eq!(summary["outcome"], "guard_tripped");
    let payroll = step(&summary, "payroll");
    assert_eq!(payroll["outcome"], "guard_tripped");
    assert_eq!(
        payroll["would_terminate"],
        serde_json::json!(["10024", "10025", "10040"])
    );
    for name in ["wlx", "export-wlx"] {
        let s = step(&summary, name);
        assert_eq!(s["outcome"], "skipped", "{s:#}");
        assert!(
            s["error"].as_str().unwrap().contains("termination guard"),
            "{s:#}"
        );
    }
    assert_eq!(env.dump(), before, "a tripped guard wrote something");

    // The same night as a table names the people and says what was skipped.
    let table = env.run(&["sync", "run", "--profile", profile.to_str().unwrap()]);
    assert_eq!(table.code, 3);
    assert!(
        table
            .stdout
            .contains("would terminate: 10024, 10025, 10040"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("2. wlx [wlx, evidence] skipped"),
        "{}",
        table.stdout
    );

    // Allowed on the command line, the night goes through.
    let allowed = env.run(&[
        "--format",
        "json",
        "sync",
        "run",
        "--profile",
        profile.to_str().unwrap(),
        "--max-terminations",
        "3",
    ]);
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
    assert_eq!(step(&allowed.json(), "payroll")["counts"]["terminated"], 3);
}

#[test]
fn a_second_run_waits_for_nobody_it_refuses_while_the_lock_is_held() {
    let env = Env::new();
    let profile = write_profile(&env, &fixture("paxml/sample-personal.pax"), None);
    let lock = skillreg_cli::nightly::RunLock::acquire(&env.db()).unwrap();
    let run = env.run(&[
        "--lock-timeout",
        "0",
        "sync",
        "run",
        "--profile",
        profile.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("another sync run is in progress"),
        "{}",
        run.stderr
    );
    // A single-source sync takes the same lock.
    let single = env.run(&[
        "--lock-timeout",
        "0",
        "sync",
        "wlx",
        fixture("winlas/sample-export.xml").to_str().unwrap(),
    ]);
    assert_eq!(single.code, 1);
    assert!(single.stderr.contains("another sync run is in progress"));
    assert!(
        single.stderr.contains(
            "\nhint: retry when that run has finished, or wait longer with --lock-timeout SECONDS\n"
        ),
        "{}",
        single.stderr
    );
    // So does the return file, with the registry named by a relative path this time.
    let export = env.run_plain(&[
        "--db",
        "./skillreg.db",
        "--lock-timeout",
        "0",
        "export",
        "wlx",
        "return.xml",
    ]);
    assert_eq!(export.code, 1, "{}", export.stdout);
    assert!(
        export.stderr.contains("another sync run is in progress"),
        "{}",
        export.stderr
    );
    assert!(!env.path("return.xml").exists());
    drop(lock);
    env.run(&["sync", "run", "--profile", profile.to_str().unwrap()])
        .ok();
}

#[test]
fn a_night_never_creates_a_registry_that_is_not_there() {
    // A typo in SKILLREG_DB must not import everyone into a new, empty registry.
    let env = Env::empty();
    let profile = fixture("nightly/sample-profile.toml");
    let run = env.run(&["sync", "run", "--profile", profile.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no registry at ") && run.stderr.contains("skillreg init"),
        "{}",
        run.stderr
    );
    assert!(!env.db().exists());
}

#[test]
fn a_profile_names_exactly_one_source_of_people() {
    let env = Env::new();
    let wlx = toml_path(&fixture("winlas/sample-export.xml"));
    for (text, expected) in [
        (
            format!("[[step]]\nkind = \"wlx\"\nfile = \"{wlx}\"\n"),
            "no step owns people: mark exactly one paxml, csv, scim or wlx step with `people = true`",
        ),
        (
            format!(
                "[[step]]\nkind = \"wlx\"\nfile = \"{wlx}\"\npeople = true\n[[step]]\nname = \"hr\"\nkind = \"wlx\"\nfile = \"{wlx}\"\npeople = true\n"
            ),
            "2 steps own people (wlx, hr): exactly one may have `people = true`",
        ),
        (
            "[[step]]\nkind = \"ldap\"\nfile = \"x\"\n".to_string(),
            "unknown variant `ldap`",
        ),
        (
            format!(
                "[[step]]\nkind = \"wlx\"\nfile = \"{wlx}\"\npeople = true\npassword = \"x\"\n"
            ),
            "unknown field `password`",
        ),
    ] {
        let path = env.path("bad.toml");
        std::fs::write(&path, &text).unwrap();
        let run = env.run(&["sync", "run", "--profile", path.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{text}");
        assert!(
            run.stderr.contains(expected) && run.stderr.contains("bad.toml"),
            "for {text}\nexpected {expected:?} in {}",
            run.stderr
        );
    }
}

#[test]
fn a_missing_secret_fails_its_step_by_naming_the_variable() {
    let server = lrs();
    let env = Env::new();
    let url = format!("{}/xAPI", server.origin);
    let profile = write_profile(&env, &fixture("paxml/sample-personal.pax"), Some(&url));
    let run = env.run_env(
        &[
            "--format",
            "json",
            "sync",
            "run",
            "--profile",
            profile.to_str().unwrap(),
        ],
        &[("TEST_LRS_USER", LRS_USER)],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let summary = run.json();
    let xapi = step(&summary, "e-learning");
    assert_eq!(xapi["outcome"], "failed");
    assert!(
        xapi["error"]
            .as_str()
            .unwrap()
            .contains("environment variable TEST_LRS_PASSWORD is not set"),
        "{xapi:#}"
    );
    assert_eq!(step(&summary, "export-wlx")["outcome"], "skipped");

    // A wrong password: a clear refusal by the server, and the password is in no output.
    let wrong = "fel-lösenord-123";
    let run = env.run_env(
        &[
            "--format",
            "json",
            "sync",
            "run",
            "--profile",
            profile.to_str().unwrap(),
        ],
        &[("TEST_LRS_USER", LRS_USER), ("TEST_LRS_PASSWORD", wrong)],
    );
    assert_eq!(run.code, 1);
    let summary = run.json();
    let error = step(&summary, "e-learning")["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(error.contains("401"), "{error}");
    assert!(!run.stdout.contains(wrong) && !run.stderr.contains(wrong));
    // The refusal is in the run log too.
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    assert!(
        runs.as_array()
            .unwrap()
            .iter()
            .any(|r| r["source"] == "xapi" && r["outcome"] == "failed" && r["role"] == "evidence"),
        "{runs:#}"
    );
}

#[test]
fn the_shipped_sample_profile_runs_as_the_readme_shows() {
    let env = Env::new();
    let profile = fixture("nightly/sample-profile.toml");
    let run = env.run(&["sync", "run", "--profile", profile.to_str().unwrap()]);
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout
            .starts_with("sync run \"Exempel kommun (sample)\": applied in "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "1. payroll [paxml, people] applied: 8 seen: 8 created, 0 updated, 0 reactivated, 0 terminated, 0 unchanged, 0 skipped; 0 evidence; 7 catalog change(s)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("3. return file [export-wlx, export] nothing to export: 0 record(s) to send"),
        "{}",
        run.stdout
    );
    // Anna's brief as the sample describes her, with payroll's employment.
    let anna = env.brief("2026-11-20", "10023");
    assert_eq!(anna["name"], "Anna Lindqvist");
}

#[test]
fn progress_shows_on_a_terminal_and_never_in_a_log() {
    // In a log (stderr not a terminal): nothing on stderr.
    let env = Env::new();
    let profile = fixture("nightly/sample-profile.toml");
    let run = env.run(&["sync", "run", "--profile", profile.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");

    // On a terminal (a pseudo-terminal made by util-linux `script`): a line per finished step.
    let env = Env::new();
    let command = format!(
        "'{}' --db '{}' sync run --profile '{}'",
        env!("CARGO_BIN_EXE_skillreg"),
        env.db().display(),
        profile.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap_or_else(|e| panic!("util-linux `script` is needed to test on a terminal: {e}"));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    for line in [
        "[1/3] payroll applied in ",
        "[2/3] competences applied in ",
        "[3/3] return file nothing to export in ",
    ] {
        assert!(shown.contains(line), "{line:?} not in {shown:?}");
    }
    assert!(
        shown.contains("\u{1b}[2K"),
        "no terminal redraws in {shown:?}"
    );
}

#[test]
fn a_night_with_the_hr_csv_as_the_owner_of_people() {
    let env = Env::new();
    let profile = env.path("csv-night.toml");
    std::fs::write(
        &profile,
        format!(
            r#"[[step]]
kind = "csv"
file = "{}"
mapping = "{}"
people = true
max_terminations = 2

[[step]]
kind = "wlx"
file = "{}"
"#,
            toml_path(&fixture("csv/sample-hr.csv")),
            toml_path(&fixture("csv/sample-hr-mapping.toml")),
            toml_path(&fixture("winlas/sample-export.xml")),
        ),
    )
    .unwrap();
    let run = env.run(&[
        "--as-of",
        "2026-11-20",
        "--format",
        "json",
        "sync",
        "run",
        "--profile",
        profile.to_str().unwrap(),
    ]);
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let summary = run.json();
    let csv = step(&summary, "csv");
    assert_eq!(csv["role"], "people");
    assert_eq!(csv["counts"]["created"], 8);
    let wlx = step(&summary, "wlx");
    assert_eq!(wlx["role"], "evidence");
    assert_eq!(wlx["counts"]["created"], 0);
    assert_eq!(wlx["counts"]["evidence"], 19);
    // The CSV is dated by --as-of: the brief of that day reads as the WLX sample's.
    let linnea = env.brief("2026-11-20", "10031");
    assert_eq!(system(&linnea, "LIFECARE")["gap"], 1);
}
