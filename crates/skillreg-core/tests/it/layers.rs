//! The dependency rule of ARCHITECTURE.md, checked with `cargo tree` over the whole workspace:
//! the core and the pages stay free of I/O crates, the adapters and the store never depend on
//! each other, nothing but the CLI reads the clock, and no crate's tests lean on the CLI crate.

use std::collections::BTreeSet;
use std::process::Command;

/// Crates that do I/O (a database, XML, CSV, the network, an async runtime).
const IO: &[&str] = &["rusqlite", "quick-xml", "csv", "reqwest", "tokio"];

/// The adapters: none depends on another, on the store or on the CLI.
const ADAPTERS: &[&str] = &[
    "skillreg-wlx",
    "skillreg-paxml",
    "skillreg-csv",
    "skillreg-scim",
    "skillreg-xapi",
];

/// Crates that may have a dev-dependency on `skillreg-cli` for now: the store's doc examples
/// still sync the sample through it. Empty once they use the test kit or the WLX adapter.
const DEV_DEPENDS_ON_CLI: &[&str] = &[];

/// Library crates built without chrono's `clock`: what they need of "today" is passed in.
const NO_CLOCK: &[&str] = &[
    "skillreg-core",
    "skillreg-l10n",
    "skillreg-html",
    "skillreg-xmlin",
    "skillreg-wlx",
    "skillreg-paxml",
    "skillreg-csv",
];

/// Runs `cargo tree` with `args` over this workspace and returns its output, one line each.
fn cargo_tree(args: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml");
    let out = Command::new(cargo)
        .args(["tree", "--locked", "--manifest-path", manifest])
        .args(args)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Every crate `package` depends on for its normal build (not its tests or build scripts),
/// directly or not.
fn normal_dependencies(package: &str) -> BTreeSet<String> {
    cargo_tree(&[
        "-p", package, "-e", "normal", "--prefix", "none", "--format", "{p}",
    ])
    .iter()
    .filter_map(|line| line.split_whitespace().next())
    .filter(|name| *name != package)
    .map(str::to_string)
    .collect()
}

#[test]
fn normal_dependencies_follow_the_layers() {
    let store_and_adapters: Vec<&str> = ADAPTERS
        .iter()
        .copied()
        .chain(["skillreg-store", "skillreg-cli"])
        .collect();
    let with =
        |extra: &[&'static str]| -> Vec<&'static str> { IO.iter().chain(extra).copied().collect() };
    // (crate, crates it must not depend on, directly or not)
    let cases: Vec<(&str, Vec<&str>)> = vec![
        (
            "skillreg-core",
            with(&["skillreg-store", "skillreg-l10n", "skillreg-html"]),
        ),
        ("skillreg-l10n", with(&["skillreg-store", "skillreg-html"])),
        ("skillreg-html", with(&["skillreg-store", "skillreg-cli"])),
        (
            "skillreg-store",
            [
                "quick-xml",
                "csv",
                "reqwest",
                "tokio",
                "skillreg-html",
                "skillreg-cli",
            ]
            .into_iter()
            .chain(ADAPTERS.iter().copied())
            .collect(),
        ),
    ];
    let mut failures = Vec::new();
    for (package, forbidden) in cases.into_iter().chain(ADAPTERS.iter().map(|adapter| {
        let others = store_and_adapters.iter().copied().filter(|a| a != adapter);
        (
            *adapter,
            others.chain(["rusqlite", "skillreg-html"]).collect(),
        )
    })) {
        let deps = normal_dependencies(package);
        assert!(deps.contains("chrono"), "{package}: the tree was read");
        for name in forbidden {
            if deps.contains(name) {
                failures.push(format!("{package} depends on {name}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn only_the_listed_crates_have_a_dev_dependency_on_the_cli() {
    // One tree per workspace member, its direct dev-dependencies at depth 1.
    let lines = cargo_tree(&[
        "--workspace",
        "-e",
        "dev",
        "--depth",
        "1",
        "--no-dedupe",
        "--prefix",
        "depth",
        "--format",
        "{p}",
    ]);
    let mut member = String::new();
    let mut found = BTreeSet::new();
    let mut n_members = 0;
    for line in &lines {
        let name = line
            .get(1..)
            .and_then(|rest| rest.split_whitespace().next());
        match (line.chars().next(), name) {
            (Some('0'), Some(name)) => {
                member = name.to_string();
                n_members += 1;
            }
            (Some('1'), Some("skillreg-cli")) => {
                found.insert(member.clone());
            }
            _ => {}
        }
    }
    assert!(n_members >= 10, "every member was listed: {lines:#?}");
    let allowed: BTreeSet<String> = DEV_DEPENDS_ON_CLI.iter().map(|s| s.to_string()).collect();
    assert!(
        found.is_subset(&allowed),
        "a dev-dependency on skillreg-cli: {:?}",
        found.difference(&allowed).collect::<Vec<_>>()
    );
}

/// The chrono features `package` is built with (its own build, not its tests').
fn chrono_features(package: &str) -> Vec<String> {
    cargo_tree(&[
        "-p",
        package,
        "-e",
        "features,normal",
        "-i",
        "chrono",
        "--prefix",
        "none",
    ])
}

fn reads_the_clock(features: &[String]) -> bool {
    features
        .iter()
        .any(|l| l.contains("chrono feature \"clock\"") || l.contains("chrono feature \"now\""))
}

#[test]
fn libraries_that_need_no_clock_are_built_without_it() {
    // The check sees the clock where it is: the store stamps its audit trail.
    assert!(reads_the_clock(&chrono_features("skillreg-store")));
    for package in NO_CLOCK {
        let features = chrono_features(package);
        assert!(
            features
                .iter()
                .any(|l| l.contains("chrono feature \"std\"")),
            "{package}: {features:#?}"
        );
        assert!(
            !reads_the_clock(&features),
            "{package} is built with chrono's clock: {features:#?}"
        );
    }
}
