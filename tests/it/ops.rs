//! What operators expect of the binary: completions, a man page, the version with the registry
//! schema, the exit codes under `--help`, named counts in the run log's JSON, and CSV that opens
//! right in a Nordic spreadsheet.

use super::*;

#[test]
fn bash_completions_name_every_command() {
    let env = Env::empty();
    let run = env.run(&["completions", "bash"]).ok();
    assert!(run.stdout.starts_with("_skillreg() {"), "{}", run.stdout);
    for command in [
        "sync",
        "brief",
        "gaps",
        "round",
        "purge",
        "completions",
        "man",
    ] {
        assert!(run.stdout.contains(command), "no {command} in the script");
    }
    // The script completes the shells' own values too: `completions <TAB>`.
    assert!(
        run.stdout.contains("bash elvish fish powershell zsh"),
        "{}",
        run.stdout
    );
    for shell in ["zsh", "fish"] {
        let run = env.run(&["completions", shell]).ok();
        assert!(run.stdout.contains("skillreg"), "{shell}: {}", run.stdout);
    }
    assert_eq!(
        env.run(&["completions", "tcsh"]).code,
        2,
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_page_is_roff_naming_the_commands_and_exit_codes() {
    let run = Env::empty().run(&["man"]).ok();
    assert!(run.stdout.contains(".TH skillreg 1"), "{}", run.stdout);
    assert!(run.stdout.contains(".SH SUBCOMMANDS"), "{}", run.stdout);
    for command in ["skillreg\\-sync", "skillreg\\-brief", "skillreg\\-purge"] {
        assert!(run.stdout.contains(command), "no {command}");
    }
    assert!(
        run.stdout.contains("termination guard tripped"),
        "{}",
        run.stdout
    );
}

#[test]
fn version_names_the_registry_schema() {
    let run = Env::empty().run(&["--version"]).ok();
    assert_eq!(
        run.stdout,
        format!(
            "skillreg {} (registry schema {})\n",
            env!("CARGO_PKG_VERSION"),
            skillreg_store::SCHEMA_VERSION
        )
    );
}

#[test]
fn help_lists_the_exit_codes_main_maps() {
    let run = Env::empty().run(&["--help"]).ok();
    let codes = run
        .stdout
        .split("Exit codes:")
        .nth(1)
        .expect("an exit codes section");
    for code in ["  0  ", "  1  ", "  2  ", "  3  "] {
        assert!(codes.contains(code), "{codes}");
    }
    // And they are the codes the binary gives: 2 for a usage error, 1 for an error.
    let env = Env::new();
    assert_eq!(env.run(&["no-such-command"]).code, 2);
    assert_eq!(env.run(&["brief", "99999"]).code, 1);
}

#[test]
fn runs_json_names_each_count() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let runs = env.run(&["--format", "json", "runs"]).ok().json();
    let counts = &runs[0]["counts"];
    assert_eq!(counts["created"], 8, "{runs:#}");
    assert_eq!(counts["updated"], 0);
    assert_eq!(counts["terminated"], 0);
    assert_eq!(counts["reactivated"], 0);
    assert!(counts["evidence"].as_i64().unwrap() > 0, "{runs:#}");
}

#[test]
fn excel_csv_has_a_byte_order_mark_semicolons_and_crlf() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let args = ["--as-of", "2026-11-20", "--format", "csv", "gaps", "--all"];
    let rfc = env.run(&args).ok().stdout;
    let mut excel_args = vec!["--csv-style", "excel"];
    excel_args.extend(args);
    let excel = env.run(&excel_args).ok().stdout;
    let body = excel
        .strip_prefix('\u{feff}')
        .expect("a byte order mark first");
    // Text cells are quoted, so a spreadsheet takes none of them for a number or a formula.
    assert!(
        body.starts_with("\"employee\";\"name\";\"system\";"),
        "{body}"
    );
    assert!(body.lines().count() > 2);
    assert!(
        body.split_inclusive('\n').all(|l| l.ends_with("\r\n")),
        "{body:?}"
    );
    // The same rows as the RFC 4180 form, only written for a spreadsheet.
    let unquoted = |s: &str| s.replace('"', "").replace(';', ",").replace("\r\n", "\n");
    assert_eq!(unquoted(body), unquoted(&rfc));
    assert!(!rfc.contains('\r') && rfc.starts_with("employee,name,system,"));
}

/// The audit trail's command line is built from the arguments; a file name that is not UTF-8
/// (possible on Linux) must give the usual error, not a panic (exit 101).
#[test]
fn a_file_name_that_is_not_utf8_is_an_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt as _;
    let env = Env::new();
    let name = std::ffi::OsStr::from_bytes(b"export-\xff.xml");
    let out = Command::new(env!("CARGO_BIN_EXE_skillreg"))
        .env("SKILLREG_DB", env.db())
        .env_remove("SKILLREG_LOG")
        .args(["sync", "wlx"])
        .arg(env.path("x").with_file_name(name))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
}
