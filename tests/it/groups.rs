//! Target groups of the roll-out (`[[groups]]` in the TOML catalog) end to end, on the sample
//! organisation: `fixtures/catalog/groups.toml` puts the social services' nurses and assistant
//! nurses (SSK, USK in SOC) in phase 1 and the unit managers (ECH) in phase 2.
//!
//! The sample on 2026-11-20: STEG1 holds 10023, 10024, 10025 (USK) and 10031 (SSK); STEG2
//! holds 10001 and 10030 (ECH).

use serde_json::Value;

use crate::{Env, fixture};

const DAY: &str = "2026-11-20";

/// The sample with the groups applied.
fn sample() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let applied = env
        .run(&[
            "catalog",
            "apply",
            fixture("catalog/groups.toml").to_str().unwrap(),
        ])
        .ok();
    assert!(
        applied.stdout.contains("created  group STEG1"),
        "{}",
        applied.stdout
    );
    assert!(
        applied.stdout.contains("created  group STEG2"),
        "{}",
        applied.stdout
    );
    env
}

fn groups_json(env: &Env, day: &str, min_group: &str) -> Value {
    env.run(&[
        "--as-of",
        day,
        "--format",
        "json",
        "groups",
        "--min-group",
        min_group,
    ])
    .ok()
    .json()
}

/// A group's row as `code: people/with target/at target/share/with gaps/without course`, with
/// `<` for a withheld figure and `-` for none.
fn row(g: &Value) -> String {
    let cell = |c: &Value| {
        if c["suppressed"] == true {
            "<".to_string()
        } else if c["value"].is_null() {
            "-".to_string()
        } else {
            c["value"].to_string()
        }
    };
    format!(
        "{} phase {}: {}/{}/{}/{}/{}/{}",
        g["code"].as_str().unwrap(),
        g["phase"],
        cell(&g["n_people"]),
        cell(&g["n_with_target"]),
        cell(&g["n_at_target"]),
        cell(&g["share_at_target"]),
        cell(&g["n_with_gaps"]),
        cell(&g["n_without_course"]),
    )
}

fn rows(report: &Value) -> Vec<String> {
    report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(row)
        .collect()
}

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn groups_shows_each_group_by_phase_with_its_people_share_and_demand() {
    let env = sample();
    // Case: (smallest group shown, rows).
    let cases: [(&str, [&str; 2]); 3] = [
        (
            "1",
            [
                // Nobody reaches all their targets; Anna's Timecare gap has no course for USK.
                "STEG1 phase 1: 4/4/0/0.0/4/1",
                "STEG2 phase 2: 2/2/0/0.0/2/2",
            ],
        ),
        (
            "3",
            ["STEG1 phase 1: 4/4/0/0.0/4/<", "STEG2 phase 2: </</</</</<"],
        ),
        // The default, 5: four people are too few, and so is every figure within them.
        (
            "5",
            ["STEG1 phase 1: </</</</</<", "STEG2 phase 2: </</</</</<"],
        ),
    ];
    for (min_group, expected) in cases {
        let report = groups_json(&env, DAY, min_group);
        assert_eq!(rows(&report), expected, "--min-group {min_group}");
        assert_eq!(report["as_of"], DAY);
        assert_eq!(
            report["suppression"]["min_group"]
                .as_u64()
                .unwrap()
                .to_string(),
            min_group
        );
        // No round has been opened for either group.
        for g in report["groups"].as_array().unwrap() {
            assert!(g["latest_round"].is_null(), "{g}");
        }
    }
    let report = groups_json(&env, DAY, "1");
    assert_eq!(
        report["groups"][0]["occupations"],
        serde_json::json!(["SSK", "USK"])
    );
    assert_eq!(report["groups"][0]["units"], serde_json::json!(["SOC"]));
    assert_eq!(report["groups"][1]["name"], "Steg 2: enhetschefer");
    // Before 10041 left (2026-06-30) nothing changes: she is a school nurse, in neither group.
    assert_eq!(
        rows(&groups_json(&env, "2026-06-01", "1"))[0],
        "STEG1 phase 1: 4/4/0/0.0/4/1"
    );
}

#[test]
fn groups_as_a_table_csv_and_in_every_language() {
    let env = sample();
    let table = env.run(&["--as-of", DAY, "groups"]).ok().stdout;
    assert!(
        table.starts_with("Target groups as of 2026-11-20\n"),
        "{table}"
    );
    let line = |code: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(code))
            .unwrap_or_else(|| panic!("no {code} in {table}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("STEG1"),
        "1 STEG1 Steg 1: omvårdnadspersonal SSK, USK SOC <5 – – – <5 <5 <5 <5 <5"
    );
    assert_eq!(
        line("STEG2"),
        "2 STEG2 Steg 2: enhetschefer ECH all units <5 – – – <5 <5 <5 <5 <5"
    );
    assert!(
        table.contains("12 figures withheld, shown as <5"),
        "{table}"
    );

    let csv = env
        .run(&[
            "--as-of",
            DAY,
            "--format",
            "csv",
            "groups",
            "--min-group",
            "1",
        ])
        .ok()
        .stdout;
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "phase,group,name,occupations,units,people,round_opened,asked,response_rate,with_target,at_target,share_at_target,with_gaps,without_course",
            "1,STEG1,Steg 1: omvårdnadspersonal,SSK USK,SOC,4,,,,4,0,0,4,1",
            "2,STEG2,Steg 2: enhetschefer,ECH,,2,,,,2,0,0,2,2",
        ]
    );

    // The catalog lists the groups too.
    let catalog = env.run(&["catalog", "show"]).ok().stdout;
    let groups: Vec<String> = catalog
        .lines()
        .filter(|l| l.starts_with("group"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        groups,
        [
            "group STEG1 Steg 1: omvårdnadspersonal phase 1: SSK, USK in SOC",
            "group STEG2 Steg 2: enhetschefer phase 2: ECH",
        ]
    );
    let json = env
        .run(&["--format", "json", "catalog", "show"])
        .ok()
        .json();
    assert_eq!(json["groups"][0]["phase"], 1);

    for (lang, title, column, all_units) in [
        (
            "sv",
            "Målgrupper per 2026-11-20",
            "svarsfrekvens",
            "alla enheter",
        ),
        (
            "nb",
            "Målgrupper per 20.11.2026",
            "svarprosent",
            "alle enheter",
        ),
        (
            "en",
            "Target groups as of 2026-11-20",
            "response_rate",
            "all units",
        ),
    ] {
        let out = env
            .run(&["--as-of", DAY, "--lang", lang, "groups", "--min-group", "1"])
            .ok()
            .stdout;
        assert!(out.starts_with(title), "{lang}: {out}");
        assert!(out.contains(column), "{lang}: {out}");
        assert!(out.contains(all_units), "{lang}: {out}");
    }
}

#[test]
fn a_round_opened_for_a_group_asks_every_occupation_and_groups_shows_its_response_rate() {
    let env = sample();
    let opened = env
        .run(&[
            "--as-of",
            DAY,
            "round",
            "open",
            "--group",
            "STEG1",
            "--closes",
            "2026-12-11",
        ])
        .ok();
    assert_eq!(
        opened.stdout,
        "opened round 1: Sjuksköterska (SSK, SOC), 1 people asked, answers by 2026-12-11\n\
         opened round 2: Undersköterska (USK, SOC), 3 people asked, answers by 2026-12-11\n"
    );
    let list = env.run(&["--format", "json", "round", "list"]).ok().json();
    let groups: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["STEG1", "STEG1"]);

    // Anna answers on the 21st.
    env.run(&[
        "assess",
        "10023",
        "O365",
        "2",
        "--self",
        "--date",
        "2026-11-21",
    ])
    .ok();
    let report = groups_json(&env, "2026-11-22", "1");
    let round = &report["groups"][0]["latest_round"];
    assert_eq!(round["rounds"], serde_json::json!([1, 2]));
    assert_eq!(round["opened"], DAY);
    assert_eq!(round["closes"], "2026-12-11");
    assert_eq!(round["n_asked"]["value"], 4);
    assert_eq!(round["n_answered"]["value"], 1);
    assert_eq!(round["rate"]["value"], 0.25);
    assert!(report["groups"][1]["latest_round"].is_null());
    // With the default smallest group, 1 answer of 4 asked is withheld.
    let withheld = groups_json(&env, "2026-11-22", "5");
    let round = &withheld["groups"][0]["latest_round"];
    assert_eq!(round["n_asked"]["suppressed"], true);
    assert_eq!(round["rate"]["suppressed"], true);
    let table = env
        .run(&["--as-of", "2026-11-22", "groups", "--min-group", "1"])
        .ok()
        .stdout;
    assert!(
        table
            .lines()
            .any(|l| l.contains("STEG1") && l.contains("2026-11-20") && l.contains("25%")),
        "{table}"
    );

    // round status follows the group's rounds, or one occupation's.
    let status = |args: &[&str]| -> Value {
        let mut all = vec![
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
            "round",
            "status",
        ];
        all.extend(args);
        env.run(&all).ok().json()
    };
    let both = status(&["--group", "STEG1"]);
    let summary: Vec<String> = both
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} {}/{}",
                s["round"]["id"],
                s["round"]["occupation"],
                s["total"]["n_answered"],
                s["total"]["n_asked"]
            )
        })
        .collect();
    assert_eq!(summary, ["1 \"SSK\" 0/1", "2 \"USK\" 1/3"]);
    let usk = status(&["--group", "STEG1", "--occupation", "USK"]);
    assert_eq!(usk.as_array().unwrap().len(), 1);
    assert_eq!(usk[0]["round"]["id"], 2);
    let ssk = status(&["--occupation", "SSK"]);
    assert_eq!(ssk[0]["round"]["id"], 1);
    let table = env
        .run(&[
            "--as-of",
            "2026-11-22",
            "round",
            "status",
            "--group",
            "STEG1",
        ])
        .ok()
        .stdout;
    assert!(
        table.starts_with("round 1: Sjuksköterska (SSK, SOC)"),
        "{table}"
    );
    assert!(
        table.contains("\nround 2: Undersköterska (USK, SOC)"),
        "{table}"
    );
    // CSV: who has not answered in any of the group's rounds, for a mail merge.
    let csv = env
        .run(&[
            "--as-of",
            "2026-11-22",
            "--format",
            "csv",
            "round",
            "status",
            "--group",
            "STEG1",
        ])
        .ok()
        .stdout;
    let people: Vec<&str> = csv.lines().skip(1).map(|l| &l[..5]).collect();
    assert_eq!(people, ["10031", "10024", "10025"]);

    // Opening the group's rounds again starts a new batch: the latest is followed.
    env.run(&[
        "--as-of",
        "2026-11-23",
        "round",
        "open",
        "--group",
        "STEG1",
        "--closes",
        "2026-12-14",
    ])
    .ok();
    let report = groups_json(&env, "2026-11-23", "1");
    assert_eq!(
        report["groups"][0]["latest_round"]["rounds"],
        serde_json::json!([3, 4])
    );
    // Anna's answer is from before these rounds opened.
    assert_eq!(
        report["groups"][0]["latest_round"]["n_answered"]["value"],
        0
    );
}

#[test]
fn demand_and_progress_filter_by_group_and_occupation() {
    let env = sample();
    let demand = |args: &[&str]| -> Value {
        let mut all = vec![
            "--as-of",
            DAY,
            "--format",
            "json",
            "demand",
            "--min-group",
            "1",
        ];
        all.extend(args);
        env.run(&all).ok().json()
    };
    // Case: (filter, active people, people with a gap).
    let cases: [(&[&str], u64, u64); 5] = [
        (&[], 7, 6),
        (&["--group", "STEG1"], 4, 4),
        (&["--group", "STEG2"], 2, 2),
        (&["--group", "STEG1", "--occupation", "SSK"], 1, 1),
        // The group's units and another unit: nobody is in both.
        (&["--group", "STEG1", "--unit", "BUF"], 0, 0),
    ];
    for (args, people, with_gaps) in cases {
        let d = demand(args);
        assert_eq!(d["n_people"]["value"], people, "{args:?}");
        assert_eq!(d["n_people_with_gaps"]["value"], with_gaps, "{args:?}");
    }
    let steg2 = demand(&["--group", "STEG2"]);
    assert_eq!(steg2["filter"]["group"], "STEG2");
    let occupations: std::collections::BTreeSet<&str> = steg2["courses"]
        .as_array()
        .unwrap()
        .iter()
        .chain(steg2["unmet"].as_array().unwrap())
        .flat_map(|c| {
            ["closes", "people"]
                .into_iter()
                .filter_map(|k| c[k]["by_occupation"].as_array())
                .flatten()
                .map(|g| g["group"].as_str().unwrap())
        })
        .collect();
    assert_eq!(occupations.into_iter().collect::<Vec<_>>(), ["ECH"]);
    // Without a group the filter says nothing of one (the JSON people script against).
    assert!(demand(&[])["filter"].get("group").is_none());
    let table = env
        .run(&[
            "--as-of",
            DAY,
            "demand",
            "--group",
            "STEG1",
            "--occupation",
            "USK",
        ])
        .ok()
        .stdout;
    assert!(
        table.starts_with(
            "Training demand as of 2026-11-20, occupation USK, target group STEG1: <5 active people"
        ),
        "{table}"
    );

    let progress = |args: &[&str]| -> Value {
        let mut all = vec![
            "--as-of",
            DAY,
            "--format",
            "json",
            "progress",
            "--from",
            "2026-01-01",
            "--min-group",
            "1",
        ];
        all.extend(args);
        env.run(&all).ok().json()
    };
    // Case: (filter, people on both days, units in the rows).
    let cases: [(&[&str], u64, &[&str]); 4] = [
        (&["--occupation", "USK"], 3, &["SOC", "SOC-HT", "SOC-SÄBO"]),
        (&["--group", "STEG1"], 4, &["SOC", "SOC-HT", "SOC-SÄBO"]),
        (&["--group", "STEG2", "--unit", "SOC-HT"], 1, &["SOC-HT"]),
        (&["--group", "STEG1", "--occupation", "ECH"], 0, &[]),
    ];
    for (args, both, units) in cases {
        let p = progress(args);
        assert_eq!(p["people"]["n_both"]["value"], both, "{args:?}");
        let found: std::collections::BTreeSet<&str> = p["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["unit"].as_str())
            .collect();
        assert_eq!(found.into_iter().collect::<Vec<_>>(), units, "{args:?}");
    }
    assert_eq!(progress(&["--group", "STEG1"])["group"], "STEG1");
    let table = env
        .run(&[
            "--as-of",
            DAY,
            "progress",
            "--from",
            "2026-01-01",
            "--group",
            "STEG2",
        ])
        .ok()
        .stdout;
    assert!(table.contains("target group STEG2"), "{table}");
    // The page names the occupation and the group.
    let page = env.path("progress.html");
    env.run(&[
        "--as-of",
        DAY,
        "--lang",
        "sv",
        "progress",
        "--from",
        "2026-01-01",
        "--group",
        "STEG1",
        "--occupation",
        "USK",
        "--html",
        page.to_str().unwrap(),
    ])
    .ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains(" · Yrkesgrupp: Undersköterska · Målgrupp: Steg 1: omvårdnadspersonal</p>"),
        "{html}"
    );
}

#[test]
fn groups_across_units_count_each_person_once_and_stop_at_the_groups_units() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    // Assistant nurses in home care and in the special housing, school nurses in student
    // health: three units under two administrations. Sofia (10025) works in both care units.
    let file = write(
        &env,
        "across.toml",
        r#"
[[groups]]
code = "TVÄRS"
name = "Omvårdnad och elevhälsa"
occupations = ["USK", "SKSK"]
units = ["SOC-SÄBO", "SOC-HT", "BUF-EHT"]
phase = 1
"#,
    );
    env.run(&["catalog", "apply", &file]).ok();
    let report = groups_json(&env, DAY, "1");
    // 10023, 10024, 10025 (USK) and 10040 (SKSK; 10041 left on 2026-06-30).
    assert_eq!(report["groups"][0]["n_people"]["value"], 4);
    assert_eq!(
        report["groups"][0]["units"],
        serde_json::json!(["SOC-SÄBO", "SOC-HT", "BUF-EHT"])
    );

    // A unit's figures stop at the group's units: neither SOC nor BUF is a row.
    let demand = env
        .run(&[
            "--as-of",
            DAY,
            "--format",
            "json",
            "demand",
            "--group",
            "TVÄRS",
            "--min-group",
            "1",
        ])
        .ok()
        .json();
    let units: std::collections::BTreeSet<&str> = demand["unmet"]
        .as_array()
        .unwrap()
        .iter()
        .chain(demand["courses"].as_array().unwrap())
        .flat_map(|c| {
            ["closes", "narrows", "referred", "people"]
                .into_iter()
                .filter_map(|k| c[k]["by_unit"].as_array())
                .flatten()
                .map(|g| g["group"].as_str().unwrap())
        })
        .collect();
    assert!(!units.is_empty());
    assert!(
        units
            .iter()
            .all(|u| ["SOC-SÄBO", "SOC-HT", "BUF-EHT"].contains(u)),
        "{units:?}"
    );

    // One round per occupation and unit where someone works; Sofia is asked once, in the
    // first round that holds her (USK in SOC-SÄBO), not again in SOC-HT.
    let opened = env
        .run(&[
            "--as-of",
            DAY,
            "--format",
            "json",
            "round",
            "open",
            "--group",
            "TVÄRS",
            "--closes",
            "2026-12-11",
        ])
        .ok()
        .json();
    let rounds: Vec<String> = opened
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["occupation"].as_str().unwrap(),
                r["unit"].as_str().unwrap(),
                r["n_people"]
            )
        })
        .collect();
    assert_eq!(rounds, ["USK SOC-SÄBO 1", "USK SOC-HT 2", "SKSK BUF-EHT 1"]);
    let report = groups_json(&env, DAY, "1");
    assert_eq!(report["groups"][0]["latest_round"]["n_asked"]["value"], 4);
}

#[test]
fn a_bad_groups_file_is_refused_whole_naming_where() {
    let env = sample();
    let before = env.dump();
    let file = write(
        &env,
        "bad.toml",
        r#"[[groups]]
code = "STEG3"
name = "Steg 3"
occupations = ["USK", "LÄK"]
units = ["SOC", "SOC-XX"]
phase = 3

[[groups]]
code = "STEG3"
name = "Steg 3 igen"
occupations = ["ECH"]
phase = 3

[[groups]]
code = "STEG4"
name = "Steg 4"
occupations = ["SKSK"]
phase = 4
"#,
    );
    let refused = env.run(&["catalog", "apply", &file]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    let name = env.path("bad.toml").display().to_string();
    assert_eq!(
        refused.stderr,
        format!(
            "error: {name} was refused, nothing was written: 3 problem(s)\n  \
             {name}: line 1, column 1: <groups>: group STEG3 names an unknown occupation (value \"LÄK\")\n  \
             {name}: line 1, column 1: <groups>: group STEG3 names an unknown org unit (value \"SOC-XX\")\n  \
             {name}: line 8, column 1: <groups>: group STEG3 is listed twice (first on line 1); give each group its own code (value \"STEG3\")\n"
        )
    );
    // All or nothing: STEG4, which is fine, was not written either.
    assert_eq!(env.dump(), before);
    let codes: Vec<String> = rows(&groups_json(&env, DAY, "1"))
        .iter()
        .map(|r| r[..5].to_string())
        .collect();
    assert_eq!(codes, ["STEG1", "STEG2"]);

    // A group without phase or occupations is refused by the file's grammar.
    let file = write(
        &env,
        "nophase.toml",
        "[[groups]]\ncode = \"X\"\nname = \"X\"\noccupations = [\"USK\"]\n",
    );
    let refused = env.run(&["catalog", "apply", &file]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("missing field `phase`"),
        "{}",
        refused.stderr
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn an_unknown_group_is_named_and_a_hint_given() {
    let env = sample();
    for args in [
        &["demand", "--group", "NOPE"][..],
        &["progress", "--from", "2026-01-01", "--group", "NOPE"],
        &["round", "open", "--group", "NOPE", "--closes", "2026-12-11"],
        &["round", "status", "--group", "NOPE"],
    ] {
        let mut all = vec!["--as-of", DAY];
        all.extend(args);
        let run = env.run(&all);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(
            run.stderr
                .starts_with("error: no target group \"NOPE\" in the catalog\n"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("`skillreg groups` lists the target groups"),
            "{}",
            run.stderr
        );
    }
    // A group with nobody employed on the day opens nothing.
    let run = env.run(&[
        "--as-of",
        "2000-01-01",
        "round",
        "open",
        "--group",
        "STEG2",
        "--closes",
        "2000-02-01",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("nobody in target group \"STEG2\" is employed on 2000-01-01"),
        "{}",
        run.stderr
    );
    // No round for the group yet.
    let run = env.run(&["round", "status", "--group", "STEG2"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("no round has been opened for target group \"STEG2\" yet"),
        "{}",
        run.stderr
    );
}

#[test]
fn groups_are_read_by_those_who_steer_and_opened_by_hr_only() {
    let env = sample();
    for (who, args, message) in [
        (
            "employee:10023",
            &["groups"][..],
            "employee:10023 may not read the target groups: only HR, managers over the people \
             they manage and viewers over their unit may",
        ),
        (
            "viewer:SOC",
            &["groups", "--min-group", "2"][..],
            "viewer:SOC may not read the target groups with groups of fewer than 5 people shown \
             (one person's figures) for unit SOC: only HR and managers over the people they \
             manage may",
        ),
        (
            "employee:10023",
            &[
                "round",
                "open",
                "--group",
                "STEG1",
                "--closes",
                "2026-12-11",
            ][..],
            "employee:10023 may not open self-assessment rounds for a target group: only HR may",
        ),
        (
            "manager:10030",
            &["demand", "--group", "STEG1", "--unit", "SOC"][..],
            "manager:10030 may not read the training demand for unit SOC, which has people \
             manager 10030 does not manage: only HR, viewers of the unit and managers of \
             everyone in it may",
        ),
        (
            "employee:10030",
            &["round", "status", "--group", "STEG1"][..],
            "employee:10030 may not list the self-assessment rounds: only HR, managers over the \
             people they manage and viewers over their unit may",
        ),
    ] {
        let mut all = vec!["--as-of", DAY, "--as-actor", who];
        all.extend(args);
        let run = env.run(&all);
        assert_eq!(run.code, 1, "{who} {args:?}");
        assert_eq!(run.stderr, format!("error: {message}\n"), "{who} {args:?}");
    }
    // HR may, also named explicitly.
    env.run(&["--as-of", DAY, "--as-actor", "hr", "groups"])
        .ok();
}

#[test]
fn a_later_hr_export_keeps_the_groups_of_the_catalog_file() {
    let env = sample();
    let before = groups_json(&env, DAY, "1");
    // The same export again, and a later one: neither states groups.
    env.sync("winlas/sample-export.xml").ok();
    env.sync("winlas/next-night-leaver.xml").ok();
    let after = groups_json(&env, DAY, "1");
    assert_eq!(rows(&after).len(), 2);
    assert_eq!(after["groups"][0]["code"], before["groups"][0]["code"]);
    assert_eq!(
        after["groups"][1]["occupations"],
        before["groups"][1]["occupations"]
    );
    // The catalog file again changes nothing; a changed file updates the group.
    let again = env
        .run(&[
            "catalog",
            "apply",
            fixture("catalog/groups.toml").to_str().unwrap(),
        ])
        .ok();
    assert_eq!(again.stdout, "catalog unchanged\n");
    let moved = write(
        &env,
        "moved.toml",
        "[[groups]]\ncode = \"STEG2\"\nname = \"Steg 2: enhetschefer\"\noccupations = [\"ECH\"]\nphase = 3\n",
    );
    let applied = env.run(&["catalog", "apply", &moved]).ok();
    assert!(
        applied.stdout.contains("updated  group STEG2"),
        "{}",
        applied.stdout
    );
    assert_eq!(
        rows(&groups_json(&env, DAY, "1"))[1],
        "STEG2 phase 3: 2/2/0/0.0/2/2"
    );
}
