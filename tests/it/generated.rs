//! Generated organisations at small sizes: a first import, an unchanged re-import that writes
//! nothing, and a next night whose leavers, joiners and changes are what the generator made.

use std::fs::File;

use skillreg_gen::{GenConfig, GenStats};

use crate::Env;

fn generate(env: &Env, name: &str, config: &GenConfig) -> (String, GenStats) {
    let path = env.path(name);
    let stats = skillreg_gen::write_wlx(config, File::create(&path).unwrap()).unwrap();
    (path.to_str().unwrap().to_string(), stats)
}

#[test]
fn generated_night_zero_imports_and_reimports_writing_nothing() {
    let env = Env::new();
    let config = GenConfig::new(400, 7);
    let (file, stats) = generate(&env, "night0.xml", &config);
    let first = env
        .run(&["--format", "json", "sync", "wlx", &file])
        .ok()
        .json();
    assert_eq!(first["n_created"], stats.n_people);
    assert_eq!(
        first["n_evidence"],
        stats.n_competences + stats.n_course_results
    );
    let before = env.run(&["--format", "json", "runs"]).ok().json();
    let again = env
        .run(&["--format", "json", "sync", "wlx", &file])
        .ok()
        .json();
    assert_eq!(again["people"], serde_json::json!([]));
    assert_eq!(again["catalog"], serde_json::json!([]));
    assert_eq!(again["n_unchanged"], stats.n_people);
    assert_eq!(again["n_evidence"], 0);
    let after = env.run(&["--format", "json", "runs"]).ok().json();
    assert_eq!(
        after.as_array().unwrap().len(),
        before.as_array().unwrap().len() + 1
    );
    assert_eq!(
        after[0]["counts"],
        serde_json::json!({"created": 0, "updated": 0, "terminated": 0, "reactivated": 0, "evidence": 0})
    );
}

#[test]
fn generated_next_night_has_exactly_the_generated_leavers_joiners_and_changes() {
    let env = Env::new();
    let night0 = GenConfig {
        leavers_per_mille: 20,
        joiners_per_mille: 15,
        changed_per_mille: 30,
        ..GenConfig::new(500, 3)
    };
    let (file0, _) = generate(&env, "night0.xml", &night0);
    env.run(&["sync", "wlx", &file0]).ok();
    let (file1, stats) = generate(
        &env,
        "night1.xml",
        &GenConfig {
            night: 1,
            ..night0.clone()
        },
    );
    assert_eq!((stats.n_left, stats.n_joined, stats.n_changed), (10, 8, 15));
    let plan = env
        .run(&["--format", "json", "sync", "wlx", "--dry-run", &file1])
        .ok()
        .json();
    let count = |change: &str| {
        plan["people"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["change"] == change)
            .count() as u64
    };
    assert_eq!(count("created"), stats.n_joined);
    assert_eq!(count("updated") + count("reactivated"), stats.n_changed);
    // Leavers who were still active are terminated; a few generated people had already left.
    assert!(
        count("terminated") <= stats.n_left && count("terminated") >= stats.n_left - 2,
        "{}",
        count("terminated")
    );
    let applied = env
        .run(&["--format", "json", "sync", "wlx", &file1])
        .ok()
        .json();
    assert_eq!(
        applied["people"], plan["people"],
        "the dry run's plan is what is applied"
    );
    let again = env
        .run(&["--format", "json", "sync", "wlx", &file1])
        .ok()
        .json();
    assert_eq!(again["people"], serde_json::json!([]));
}

#[test]
fn gaps_of_everyone_agree_with_gaps_person_by_person() {
    let env = Env::new();
    let (file, _) = generate(&env, "night0.xml", &GenConfig::new(300, 11));
    env.run(&["sync", "wlx", &file]).ok();
    let all = env
        .run(&["--as-of", "2026-11-20", "--format", "json", "gaps", "--all"])
        .ok()
        .json();
    let all = all.as_array().unwrap();
    assert!(
        all.len() > 100,
        "a generated organisation has gaps: {}",
        all.len()
    );
    let mut people: Vec<&str> = all
        .iter()
        .map(|g| g["employee_no"].as_str().unwrap())
        .collect();
    people.dedup();
    for no in people.iter().step_by(15) {
        let one = env
            .run(&[
                "--as-of",
                "2026-11-20",
                "--format",
                "json",
                "gaps",
                "--employee",
                no,
            ])
            .ok()
            .json();
        let from_all: Vec<&serde_json::Value> =
            all.iter().filter(|g| g["employee_no"] == *no).collect();
        assert_eq!(
            one.as_array().unwrap().iter().collect::<Vec<_>>(),
            from_all,
            "{no}"
        );
    }
}
