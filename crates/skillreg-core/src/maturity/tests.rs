//! The framework parser on the shipped fixtures, good and bad.

use super::*;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../fixtures/maturity/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn problems(name: &str) -> Vec<(u64, Option<String>, String)> {
    match Framework::parse(&fixture(name), name) {
        Err(FrameworkError::Invalid { file, problems }) => {
            assert_eq!(file, name);
            problems
                .into_iter()
                .map(|p| (p.location.line.unwrap_or(0), p.value, p.message))
                .collect()
        }
        other => panic!("{name}: expected problems, got {other:?}"),
    }
}

#[test]
fn the_example_framework_has_ten_core_and_three_supplementary_capabilities_on_five_steps() {
    let f = Framework::parse(&fixture("example-framework.toml"), "example").expect("parses");
    assert_eq!(f.id, "example-maturity");
    assert!(
        f.name.contains("Example"),
        "labelled as an example: {}",
        f.name
    );
    assert_eq!(f.version, "1");
    assert_eq!(f.n_steps(), 5);
    assert_eq!(f.steps[0].name, "Generation 1");
    assert_eq!(f.capabilities.len(), 13);
    let area = |a: &str| {
        f.capabilities
            .iter()
            .filter(|c| c.area.as_deref() == Some(a))
            .count()
    };
    assert_eq!((area("core"), area("supplementary")), (10, 3));
    let leadership = f.capability("leadership").expect("listed");
    assert_eq!(leadership.step_descriptions.len(), 5);
    assert!(
        f.capability("strategy")
            .expect("listed")
            .step_descriptions
            .is_empty()
    );
}

#[test]
fn the_small_framework_has_four_steps_and_three_capabilities() {
    let f = Framework::parse(&fixture("small-framework.toml"), "small").expect("parses");
    assert_eq!(
        (f.id.as_str(), f.version.as_str()),
        ("small-example", "2024.1")
    );
    assert_eq!(f.n_steps(), 4);
    let ids: Vec<&str> = f.capabilities.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["leadership", "competence", "data"]);
    assert_eq!(f.to_string(), "small-example version 2024.1");
}

#[test]
fn every_problem_of_a_bad_framework_is_named_with_line_and_value() {
    let found = problems("bad-framework.toml");
    let lines: Vec<u64> = found.iter().map(|p| p.0).collect();
    assert_eq!(lines, [2, 3, 7, 12, 16], "{found:#?}");
    assert!(found[0].2.contains("framework id"), "{:?}", found[0]);
    assert_eq!(found[0].1.as_deref(), Some("bad\u{200b}id"));
    assert!(found[1].2.contains("framework name is empty"));
    assert_eq!(found[2].1.as_deref(), Some("2"));
    assert!(
        found[2]
            .2
            .contains("describes 2 step(s), but the scale has 3")
    );
    assert_eq!(found[3].1.as_deref(), Some("data"));
    assert!(found[3].2.contains("given twice; the first is at line 7"));
    assert!(
        found[4]
            .2
            .contains("name of capability \"people\" is empty")
    );
}

#[test]
fn a_framework_without_steps_is_refused() {
    let found = problems("no-steps-framework.toml");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1.as_deref(), Some("0"));
    assert!(found[0].2.contains("scale of 2 to 10 steps"));
}

#[test]
fn an_unknown_key_is_refused_naming_it_and_its_line() {
    let err = Framework::parse(&fixture("unknown-key-framework.toml"), "u.toml")
        .expect_err("refused")
        .to_string();
    assert!(
        err.contains("u.toml") && err.contains("descripton") && err.contains("line 9"),
        "{err}"
    );
}

#[test]
fn a_framework_without_capabilities_or_with_too_many_steps_is_refused() {
    let steps: String = (1..=11)
        .map(|i| format!("{{ name = \"S{i}\" }},"))
        .collect();
    let text = format!("id = \"x\"\nname = \"X\"\nversion = 1\nsteps = [{steps}]\n");
    let err = Framework::parse(&text, "x.toml")
        .expect_err("refused")
        .to_string();
    assert!(
        err.contains("\"11\"") && err.contains("at least one capability"),
        "{err}"
    );
}

#[test]
fn the_digest_follows_structure_not_wording() {
    let text = fixture("small-framework.toml");
    let a = Framework::parse(&text, "a").expect("parses");
    let reworded = Framework::parse(&text.replace("Use of data", "Data use"), "b").expect("parses");
    assert_eq!(a.digest(), reworded.digest());
    let more = format!("{text}\n[[capabilities]]\nid = \"more\"\nname = \"More\"\n");
    assert_ne!(
        a.digest(),
        Framework::parse(&more, "c").expect("parses").digest()
    );
}

#[test]
fn medians_of_odd_and_even_counts() {
    assert_eq!(median(&[2]), Some(2.0));
    assert_eq!(median(&[1, 5, 2, 2]), Some(2.0));
    assert_eq!(median(&[1, 2, 3, 4, 5, 5]), Some(3.5));
}
