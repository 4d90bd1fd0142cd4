//! Identifiers and text cannot be forged or smuggled: an employee number with a NUL, a
//! zero-width space, full-width digits or a terminal escape is refused (and the real person is
//! not terminated), the identity-number guard sees through dashes, dots, digit forms and longer
//! values, an email must look like one, levels are exactly 1-4, evidence dates are sane, and no
//! control character reaches the terminal.

use crate::{Env, Run, fixture};

/// The sample export with each `(from, to)` replaced once, written as `name` in the test's
/// folder; returns its path.
fn sample_with(env: &Env, name: &str, replacements: &[(&str, &str)]) -> String {
    let mut text = std::fs::read_to_string(fixture("winlas/sample-export.xml")).unwrap();
    for (from, to) in replacements {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn no_control_characters(run: &Run, case: &str) {
    for out in [&run.stdout, &run.stderr] {
        assert!(
            !out.chars()
                .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{200b}' | '\u{202e}')),
            "{case}: a control character reached the terminal: {out:?}"
        );
    }
}

/// A registry holding the sample export, and its data as the CLI shows it.
fn synced() -> (Env, String) {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let dump = env.dump();
    (env, dump)
}

#[test]
fn an_employee_number_with_a_nul_zero_width_space_full_width_digits_or_escapes_is_refused() {
    let (env, before) = synced();
    for (case, forged, shown) in [
        // A raw NUL byte is refused by the reader before any record is read.
        ("nul", "100\u{0}24", "a NUL byte at byte"),
        // As a character reference XML 1.0 forbids it, and the reader says so.
        (
            "nul as a reference",
            "100&#x0;24",
            "0x0 character is not permitted in XML",
        ),
        (
            "zero-width space",
            "100\u{200b}24",
            "(value \"100\\u{200b}24\")",
        ),
        (
            "zero-width space as a reference",
            "100&#x200B;24",
            "(value \"100\\u{200b}24\")",
        ),
        ("full-width digits", "１００２４", "contains U+FF11"),
        (
            "terminal escape",
            "&#x1B;[2J10024",
            "(value \"\\u{1b}[2J10024\")",
        ),
        (
            "bidi override",
            "10024\u{202e}",
            "(value \"10024\\u{202e}\")",
        ),
    ] {
        let file = sample_with(
            &env,
            &format!("{}.xml", case.replace(' ', "-")),
            &[(
                "<Person employeeNo=\"10024\">",
                &format!("<Person employeeNo=\"{forged}\">"),
            )],
        );
        let run = env.run(&["sync", "wlx", &file]);
        assert_eq!(run.code, 1, "{case}: {}\n{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(shown), "{case}: {}", run.stderr);
        no_control_characters(&run, case);
        // Nothing was written: the real 10024 is still there, active, and nobody else is.
        assert_eq!(env.dump(), before, "{case}");
    }
    let profile = env
        .run(&[
            "--format",
            "json",
            "--as-of",
            "2026-11-20",
            "profile",
            "10024",
        ])
        .ok()
        .json();
    assert_eq!(
        profile["employee"]["employments"][0]["end"],
        serde_json::Value::Null
    );
}

#[test]
fn an_employee_number_with_a_zero_width_space_in_an_hr_csv_is_refused() {
    let env = Env::new();
    let mapping = fixture("csv/sample-hr-mapping.toml");
    let text = std::fs::read_to_string(fixture("csv/sample-hr.csv")).unwrap();
    let good = env.path("hr.csv");
    std::fs::write(&good, &text).unwrap();
    let sync = |path: &std::path::Path| {
        env.run(&[
            "sync",
            "csv",
            path.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ])
    };
    sync(&good).ok();
    let before = env.dump();
    for (case, forged) in [("zwsp", "100\u{200b}24"), ("full-width", "１００２４")] {
        let bad = env.path(&format!("hr-{case}.csv"));
        std::fs::write(
            &bad,
            text.replacen("10024;Mohammed", &format!("{forged};Mohammed"), 1),
        )
        .unwrap();
        let run = sync(&bad);
        assert_eq!(run.code, 1, "{case}: {}\n{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("column \"Anst.nr\"") || run.stderr.contains("Anst.nr"),
            "{case}: names the column: {}",
            run.stderr
        );
        no_control_characters(&run, case);
        assert_eq!(env.dump(), before, "{case}");
    }
}

#[test]
fn the_identity_number_guard_is_not_bypassed_by_dashes_dots_digit_forms_or_longer_values() {
    let env = Env::new();
    for (case, from, to) in [
        (
            "en dash",
            "employeeNo=\"10024\"",
            "employeeNo=\"19121212\u{2013}1212\"",
        ),
        (
            "dot",
            "employeeNo=\"10024\"",
            "employeeNo=\"19121212.1212\"",
        ),
        (
            "full-width",
            "employeeNo=\"10024\"",
            "employeeNo=\"１９１２１２１２-１２１２\"",
        ),
        (
            "zero-width space",
            "employeeNo=\"10024\"",
            "employeeNo=\"1912&#x200B;1212-1212\"",
        ),
        (
            "inside a name",
            "<FamilyName>Al-Sayed</FamilyName>",
            "<FamilyName>Al-Sayed 19121212-1212</FamilyName>",
        ),
        (
            "inside an email",
            "anna.lindqvist@example.se",
            "x.19121212-1212@example.se",
        ),
    ] {
        let file = sample_with(
            &env,
            &format!("{}.xml", case.replace(' ', "-")),
            &[(from, to)],
        );
        let run = env.run(&["sync", "wlx", &file]);
        assert_eq!(run.code, 1, "{case}: {}", run.stdout);
        assert!(
            run.stderr.contains("looks like a national identity number"),
            "{case}: {}",
            run.stderr
        );
        for trace in ["1212", "１２"] {
            assert!(
                !run.stderr.contains(trace),
                "{case}: echoed: {}",
                run.stderr
            );
        }
    }
    assert!(env.run(&["profile", "10023"]).code != 0);
}

/// A mapping that maps the salary column to `email` is refused by its values.
#[test]
fn an_email_is_checked_for_shape() {
    let env = Env::new();
    let mapping = std::fs::read_to_string(fixture("csv/sample-hr-mapping.toml")).unwrap();
    let wrong = env.path("salary-as-email.toml");
    let line = "email = \"E-post\"";
    assert!(mapping.contains(line));
    std::fs::write(&wrong, mapping.replacen(line, "email = \"Månadslön\"", 1)).unwrap();
    let run = env.run(&[
        "sync",
        "csv",
        fixture("csv/sample-hr.csv").to_str().unwrap(),
        "--mapping",
        wrong.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("the email address is not an email address: one @ with text on both sides, and no spaces (value \"52000\")"),
        "{}",
        run.stderr
    );
    assert!(env.run(&["profile", "10023"]).code != 0);
}

/// Levels are exactly `1`..`4`. (In a WLX attribute, space around a value is not part of it, as
/// for an XML Schema integer: the export's ` 3` is 3; on the command line it is refused.)
#[test]
fn levels_are_exactly_1_to_4() {
    let env = Env::new();
    for bad in ["+3", "03", "３", "3.0", "0x3"] {
        let file = sample_with(
            &env,
            "level.xml",
            &[(
                "level=\"3\" source=\"manager\" date=\"2026-10-01\"",
                &format!("level=\"{bad}\" source=\"manager\" date=\"2026-10-01\""),
            )],
        );
        let run = env.run(&["sync", "wlx", &file]);
        assert_eq!(run.code, 1, "{bad:?}: {}", run.stdout);
        assert!(
            run.stderr.contains("level must be 1-4"),
            "{bad:?}: {}",
            run.stderr
        );
    }
    env.sync("winlas/sample-export.xml").ok();
    for bad in ["+3", "03", " 3"] {
        let run = env.run(&["assess", "10023", "LIFECARE", bad, "--self"]);
        assert_eq!(run.code, 2, "{bad:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("level must be a number 1-4"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn evidence_dates_outside_a_sane_range_are_refused_with_their_location() {
    let env = Env::new();
    for (date, message) in [
        (
            "1899-12-31",
            "the date is before 1900: correct it (value \"1899-12-31\")",
        ),
        (
            "2026-11-21",
            "the date is after the day of the export (2026-11-20): evidence cannot be from the \
             future; correct it (value \"2026-11-21\")",
        ),
    ] {
        let file = sample_with(
            &env,
            "date.xml",
            &[(
                "<Competence system=\"LIFECARE\" level=\"3\" source=\"manager\" date=\"2026-10-01\"",
                &format!(
                    "<Competence system=\"LIFECARE\" level=\"3\" source=\"manager\" date=\"{date}\""
                ),
            )],
        );
        let run = env.run(&["sync", "wlx", &file]);
        assert_eq!(run.code, 1, "{date}: {}", run.stdout);
        assert!(
            run.stderr.contains(&format!(
                "date.xml: line 70, column 7: <Competence>: {message}"
            )),
            "{date}: {}",
            run.stderr
        );
    }
    env.sync("winlas/sample-export.xml").ok();
    for args in [
        &[
            "assess",
            "10023",
            "LIFECARE",
            "3",
            "--self",
            "--date",
            "2999-01-01",
        ][..],
        &[
            "course",
            "complete",
            "10023",
            "LC-DOK",
            "--date",
            "2999-01-01",
        ][..],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.contains("the date 2999-01-01 is after today"),
            "{}",
            run.stderr
        );
    }
    let run = env.run(&[
        "assess",
        "10023",
        "LIFECARE",
        "3",
        "--self",
        "--date",
        "1850-06-01",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("the date 1850-06-01 is before 1900"),
        "{}",
        run.stderr
    );
}

/// A file name or value with an escape sequence is shown escaped in the problems.
#[test]
fn every_text_output_escapes_control_characters_before_a_terminal_sees_them() {
    let env = Env::new();
    let file = sample_with(
        &env,
        "export\u{1b}]0;owned\u{7}.xml",
        &[(
            "<Person employeeNo=\"10024\">",
            "<Person employeeNo=\"100&#x9B;2J24\">",
        )],
    );
    let run = env.run(&["sync", "wlx", &file]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("export\\u{1b}]0;owned\\u{7}.xml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(value \"100\\u{9b}2J24\")"),
        "{}",
        run.stderr
    );
    no_control_characters(&run, "file name");
}

/// A name with a control character is refused whether the character stands raw in the file or
/// as a character reference.
#[test]
fn names_with_control_characters_raw_or_as_references_are_refused() {
    let (env, before) = synced();
    for (case, name, shown) in [
        ("raw", "Al-Sayed\u{7}", "(value \"Al-Sayed\\u{7}\")"),
        (
            "reference",
            "Al-Sayed&#x1B;[8m",
            "(value \"Al-Sayed\\u{1b}[8m\")",
        ),
        ("tab reference", "Al&#9;Sayed", "(value \"Al\\u{9}Sayed\")"),
        ("bidi", "&#x202E;deyaS-lA", "(value \"\\u{202e}deyaS-lA\")"),
    ] {
        let file = sample_with(
            &env,
            &format!("{}.xml", case.replace(' ', "-")),
            &[(
                "<FamilyName>Al-Sayed</FamilyName>",
                &format!("<FamilyName>{name}</FamilyName>"),
            )],
        );
        let run = env.run(&["sync", "wlx", &file]);
        assert_eq!(run.code, 1, "{case}: {}", run.stdout);
        assert!(
            run.stderr.contains("the family name contains the") && run.stderr.contains(shown),
            "{case}: {}",
            run.stderr
        );
        no_control_characters(&run, case);
        assert_eq!(env.dump(), before, "{case}");
    }
}
