//! No national identity number is ever stored: a Swedish personnummer or samordningsnummer or
//! a Norwegian fødselsnummer in any field of any input is refused without being echoed, and the
//! registry file never holds one, also when a payroll register carries one for everyone.

use crate::{Env, fixture};

/// Every way the test numbers below may be written into the file.
const TRACES: [&str; 5] = [
    "1212121212",
    "121212-1212",
    "0181879986",
    "01818799868",
    "7003121238",
];

fn assert_no_identity_number_in_file(env: &Env) {
    let mut bytes = std::fs::read(env.db()).unwrap();
    if let Ok(wal) = std::fs::read(env.path("skillreg.db-wal")) {
        bytes.extend(wal);
    }
    for trace in TRACES {
        assert!(
            !bytes.windows(trace.len()).any(|w| w == trace.as_bytes()),
            "{trace} is in the registry file"
        );
    }
}

/// The sample export with `from` replaced by `to` (once), as a file in the test's folder.
fn sample_with(env: &Env, name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(fixture("winlas/sample-export.xml")).unwrap();
    assert!(text.contains(from), "{from}");
    let path = env.path(name);
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn an_identity_number_in_any_field_of_a_competence_export_refuses_it_unechoed() {
    let env = Env::new();
    for (case, from, to, field) in [
        (
            "employee",
            "employeeNo=\"10024\"",
            "employeeNo=\"121212-1212\"",
            "the employee number",
        ),
        (
            "manager",
            "managerEmployeeNo=\"10001\"",
            "managerEmployeeNo=\"19121212-1212\"",
            "the manager's employee number",
        ),
        (
            "assessor",
            "assessor=\"10001\"",
            "assessor=\"01818799868\"",
            "the assessor",
        ),
        (
            "name",
            "<GivenName>Jonas</GivenName>",
            "<GivenName>191212121212</GivenName>",
            "the given name",
        ),
        (
            "email",
            "anna.lindqvist@example.se",
            "121212-1212@example.se",
            "the email address",
        ),
    ] {
        let file = sample_with(&env, &format!("{case}.xml"), from, to);
        let run = env.run(&["sync", "wlx", &file]);
        assert_eq!(run.code, 1, "{case}: {}", run.stdout);
        assert!(
            run.stderr
                .contains(&format!("{field} looks like a national identity number")),
            "{case}: {}",
            run.stderr
        );
        for trace in TRACES {
            assert!(
                !run.stderr.contains(trace),
                "{case}: {trace} echoed: {}",
                run.stderr
            );
        }
        assert_no_identity_number_in_file(&env);
    }
    // Nothing was written by any of them.
    assert!(env.run(&["profile", "10023"]).code != 0);
}

#[test]
fn a_payroll_register_with_a_personnummer_for_everyone_leaves_none_in_the_registry() {
    let env = Env::new();
    let pax = fixture("paxml/sample-personal.pax");
    let bytes = std::fs::read(&pax).unwrap();
    let persnr = b"persnr=\"197003121238\"";
    assert!(bytes.windows(persnr.len()).any(|w| w == persnr));
    env.run(&[
        "sync",
        "paxml",
        pax.to_str().unwrap(),
        "--mapping",
        fixture("paxml/sample-mapping.toml").to_str().unwrap(),
    ])
    .ok();
    assert_eq!(env.run(&["profile", "10001"]).code, 0);
    assert_no_identity_number_in_file(&env);
}

#[test]
fn an_hr_csv_with_a_personnummer_as_employee_number_is_refused_unechoed() {
    let env = Env::new();
    let text = std::fs::read_to_string(fixture("csv/sample-hr.csv")).unwrap();
    let path = env.path("hr.csv");
    std::fs::write(
        &path,
        text.replacen("10024;Mohammed", "121212-1212;Mohammed", 1),
    )
    .unwrap();
    let run = env.run(&[
        "sync",
        "csv",
        path.to_str().unwrap(),
        "--mapping",
        fixture("csv/sample-hr-mapping.toml").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("national identity number"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("1212"), "{}", run.stderr);
    assert_no_identity_number_in_file(&env);
}
