//! The views of those who steer, through the command line: a steering group as `viewer:UNIT`
//! and a head of unit as `manager:EMPNO`, on the sample organisation on 2026-11-20 (SOC: 6
//! active people; 10001 manages 10023, 10024 and 10025's secondary employment in SOC-HT).

use crate::Env;

fn sample() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env
}

fn as_actor(env: &Env, who: &str, args: &[&str]) -> crate::Run {
    let mut all = vec!["--as-of", "2026-11-20", "--as-actor", who];
    all.extend_from_slice(args);
    env.run(&all)
}

#[test]
fn a_steering_group_reads_its_unit_by_occupation_in_every_format_and_language() {
    let env = sample();
    let json = as_actor(&env, "viewer:SOC", &["--format", "json", "unit"])
        .ok()
        .json();
    assert_eq!(json["unit"], "SOC");
    assert_eq!(json["shape"], "occupations");
    assert_eq!(json["n_people"], 6);
    assert_eq!(json["people"].as_array().map(Vec::len), Some(0));
    // USK: 10023, 10024 and 10025 in SOC-HT, 10025 again in SOC-SÄBO counts once: 3 people,
    // withheld; nobody is named anywhere in the output.
    let text = json.to_string();
    for name in ["Lindqvist", "10023", "Åberg"] {
        assert!(!text.contains(name), "{name} in {text}");
    }

    let csv = as_actor(&env, "viewer:SOC", &["--format", "csv", "demand"]).ok();
    assert!(
        csv.stdout.starts_with("kind,system,level,course,"),
        "{}",
        csv.stdout
    );

    let swedish = as_actor(
        &env,
        "viewer:SOC",
        &["--lang", "sv", "progress", "--from", "2026-01-01"],
    )
    .ok();
    assert!(
        swedish
            .stdout
            .starts_with("Utveckling från 2026-01-01 till 2026-11-20, enhet SOC"),
        "{}",
        swedish.stdout
    );
    let norwegian = as_actor(&env, "viewer:SOC", &["--lang", "nb", "talks", "due"]).ok();
    assert!(norwegian.stdout.contains("SOC-HT"), "{}", norwegian.stdout);
    assert!(norwegian.stdout.contains("<5"), "{}", norwegian.stdout);

    // What was read, by whom: one row per query, no one named.
    let trail = env.run(&["--format", "json", "audit"]).ok().json();
    let rows: Vec<(String, String)> = trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["actor"] == "viewer:SOC")
        .map(|r| {
            assert!(r["employee_no"].is_null(), "{r}");
            (
                r["action"].as_str().unwrap().to_string(),
                r["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let day = "unit SOC as of 2026-11-20".to_string();
    assert_eq!(
        rows,
        [
            ("read unit view".to_string(), day.clone()),
            ("read demand".to_string(), day.clone()),
            ("read progress".to_string(), day.clone()),
            ("read talk coverage".to_string(), day),
        ]
    );
}

#[test]
fn a_head_of_unit_reads_the_aggregates_of_their_people_and_nothing_wider() {
    let env = sample();
    let demand = as_actor(
        &env,
        "manager:10001",
        &["--format", "json", "demand", "--min-group", "1"],
    )
    .ok()
    .json();
    assert_eq!(demand["filter"]["manager"], "10001");
    assert_eq!(demand["n_people"]["value"], 4);

    let unit = as_actor(&env, "manager:10001", &["unit", "--all"]).ok();
    // Their people one by one (they may read each of them): 10001, 10023, 10024, 10025.
    for no in ["10001", "10023", "10024", "10025"] {
        assert!(unit.stdout.contains(no), "{no}: {}", unit.stdout);
    }
    assert!(!unit.stdout.contains("10031"), "{}", unit.stdout);

    let above = as_actor(
        &env,
        "manager:10001",
        &["progress", "--from", "2026-01-01", "--unit", "SOC"],
    );
    assert_eq!(above.code, 1);
    assert!(above.stdout.is_empty());
    assert!(
        above
            .stderr
            .contains("manager:10001 may not read the progress report for unit SOC"),
        "{}",
        above.stderr
    );
    let coverage = as_actor(
        &env,
        "manager:10001",
        &[
            "--format",
            "csv",
            "talks",
            "due",
            "--coverage",
            "--min-group",
            "1",
        ],
    )
    .ok();
    // 10001, 10023 and 10024 have their primary employment under her; none had a talk.
    assert!(coverage.stdout.contains(",3,0,0"), "{}", coverage.stdout);
}
