//! The generator, checked by reading its output back.

mod parse;

use std::collections::{HashMap, HashSet};
use std::io;

use parse::Export;
use skillreg_gen::{GenConfig, GenStats, write_paxml, write_paxml_mapping, write_wlx};

fn config(people: usize, seed: u64, night: u32) -> GenConfig {
    GenConfig {
        people,
        seed,
        night,
        ..GenConfig::default()
    }
}

/// The single place that calls the WLX writer.
fn wlx(config: &GenConfig) -> (Vec<u8>, GenStats, Export) {
    let mut bytes = Vec::new();
    let stats = write_wlx(config, &mut bytes).expect("writing to a Vec succeeds");
    assert_eq!(stats.n_bytes, bytes.len() as u64);
    let export = parse::wlx(&bytes);
    (bytes, stats, export)
}

fn paxml(config: &GenConfig) -> (Vec<u8>, GenStats) {
    let mut bytes = Vec::new();
    let stats = write_paxml(config, &mut bytes).expect("writing to a Vec succeeds");
    assert_eq!(stats.n_bytes, bytes.len() as u64);
    (bytes, stats)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

fn level_ok(s: &str) -> bool {
    matches!(s, "1" | "2" | "3" | "4")
}

/// Everything the format doc asks of a file, and that every reference resolves within it.
fn check_valid(export: &Export, config: &GenConfig) {
    assert_eq!(export.root["formatVersion"], "1.2");
    assert_eq!(export.root["kind"], "full");
    assert_eq!(export.root["exportedAt"], config.exported_at());
    let today = &config.exported_at()[..10];
    assert_eq!(
        export.sections,
        [
            "OrgUnits",
            "Occupations",
            "Systems",
            "Requirements",
            "Courses",
            "Persons"
        ]
    );

    let units: HashMap<&str, Option<&str>> = export
        .units
        .iter()
        .map(|u| (u["id"].as_str(), u.get("parent").map(String::as_str)))
        .collect();
    assert_eq!(units.len(), export.units.len(), "unit ids are unique");
    for (id, parent) in &units {
        let mut depth = 1;
        let mut at = *parent;
        while let Some(p) = at {
            assert!(units.contains_key(p), "parent {p} of {id} is a unit");
            depth += 1;
            assert!(
                depth <= 4,
                "{id} is deeper than four levels (or in a cycle)"
            );
            at = units[p];
        }
    }
    let occupations: HashSet<&str> = export
        .occupations
        .iter()
        .map(|o| o["code"].as_str())
        .collect();
    assert_eq!(occupations.len(), export.occupations.len());
    let systems: HashSet<&str> = export
        .systems
        .iter()
        .map(|(s, _)| s["code"].as_str())
        .collect();
    assert_eq!(systems.len(), export.systems.len());
    assert!(export.levels.iter().all(|l| level_ok(&l["value"])));
    let mut requirement_keys = HashSet::new();
    for r in &export.requirements {
        assert!(occupations.contains(r["occupation"].as_str()), "{r:?}");
        assert!(systems.contains(r["system"].as_str()), "{r:?}");
        assert!(level_ok(&r["level"]), "{r:?}");
        if let Some(unit) = r.get("unit") {
            assert!(units.contains_key(unit.as_str()), "{r:?}");
        }
        assert!(
            requirement_keys.insert((&r["occupation"], &r["system"], r.get("unit"))),
            "duplicate {r:?}"
        );
    }
    let courses: HashSet<&str> = export.courses.iter().map(|c| c["code"].as_str()).collect();
    assert_eq!(courses.len(), export.courses.len());
    for c in &export.courses {
        assert!(systems.contains(c["system"].as_str()), "{c:?}");
        assert!(level_ok(&c["grantsLevel"]), "{c:?}");
        assert!(c["validMonths"].parse::<u32>().is_ok(), "{c:?}");
    }

    let people = export.by_employee_no();
    assert_eq!(
        people.len(),
        export.persons.len(),
        "employee numbers are unique"
    );
    for p in &export.persons {
        let no: u64 = p.employee_no.parse().expect("a number");
        assert!(no >= 100_000, "{no}");
        assert!(!p.given.is_empty() && !p.family.is_empty());
        assert!((1..=2).contains(&p.employments.len()), "{}", p.raw);
        assert_eq!(
            p.employments
                .iter()
                .filter(|e| e["primary"] == "true")
                .count(),
            1,
            "{}",
            p.raw
        );
        for e in &p.employments {
            assert!(units.contains_key(e["unit"].as_str()), "{}", p.raw);
            assert!(occupations.contains(e["occupation"].as_str()), "{}", p.raw);
            let percent: u32 = e["percent"].parse().expect("a number");
            assert!((1..=100).contains(&percent));
            assert!(
                is_date(&e["start"]) && e["start"].as_str() <= today,
                "{}",
                p.raw
            );
            assert!(
                e["end"].is_empty() || (is_date(&e["end"]) && e["end"] > e["start"]),
                "{}",
                p.raw
            );
            if let Some(m) = e.get("managerEmployeeNo") {
                assert!(
                    people.contains_key(m.as_str()),
                    "manager {m} of {} is in the file",
                    p.employee_no
                );
                assert_ne!(m, &p.employee_no);
            }
        }
        for c in &p.competences {
            assert!(systems.contains(c["system"].as_str()), "{}", p.raw);
            assert!(level_ok(&c["level"]), "{}", p.raw);
            assert!(
                matches!(c["source"].as_str(), "self" | "manager" | "course"),
                "{}",
                p.raw
            );
            assert!(
                is_date(&c["date"]) && c["date"].as_str() <= today,
                "{}",
                p.raw
            );
            if let Some(a) = c.get("assessor") {
                assert!(people.contains_key(a.as_str()), "{}", p.raw);
            }
        }
        for r in &p.course_results {
            assert!(courses.contains(r["course"].as_str()), "{}", p.raw);
            assert!(
                is_date(&r["completed"]) && r["completed"].as_str() <= today,
                "{}",
                p.raw
            );
        }
    }
}

/// Who left, joined and changed from one night's file to the next.
fn diff(before: &Export, after: &Export) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (b, a) = (before.by_employee_no(), after.by_employee_no());
    let mut left: Vec<String> = b
        .keys()
        .filter(|k| !a.contains_key(*k))
        .map(|k| k.to_string())
        .collect();
    let mut joined: Vec<String> = a
        .keys()
        .filter(|k| !b.contains_key(*k))
        .map(|k| k.to_string())
        .collect();
    let mut changed: Vec<String> = a
        .iter()
        .filter(|(k, p)| b.get(*k).is_some_and(|q| q.raw != p.raw))
        .map(|(k, _)| k.to_string())
        .collect();
    left.sort();
    joined.sort();
    changed.sort();
    (left, joined, changed)
}

#[test]
fn same_config_gives_the_same_bytes() {
    let c = config(300, 11, 2);
    assert_eq!(wlx(&c).0, wlx(&c).0);
    assert_eq!(paxml(&c).0, paxml(&c).0);
}

#[test]
fn different_seeds_give_different_organisations() {
    let (a, _, _) = wlx(&config(300, 1, 0));
    let (b, _, _) = wlx(&config(300, 2, 0));
    assert_ne!(a, b);
    assert_ne!(paxml(&config(300, 1, 0)).0, paxml(&config(300, 2, 0)).0);
}

#[test]
fn next_night_has_exactly_the_configured_leavers_joiners_and_changes() {
    // 1000 people: 5, 5 and 10 per mille are 5 leavers, 5 joiners and 10 changed a night.
    let (_, stats0, night0) = wlx(&config(1000, 5, 0));
    let (_, stats1, night1) = wlx(&config(1000, 5, 1));
    let (left, joined, changed) = diff(&night0, &night1);
    assert_eq!((left.len(), joined.len(), changed.len()), (5, 5, 10));
    assert_eq!(
        (stats1.n_left, stats1.n_joined, stats1.n_changed),
        (5, 5, 10)
    );
    assert_eq!(
        (stats0.n_left, stats0.n_joined, stats0.n_changed),
        (0, 0, 0)
    );
    assert_eq!(stats1.n_people, 1000);
    // Joiners continue after the original range; leavers are never managers.
    assert!(
        joined
            .iter()
            .all(|j| j.parse::<u64>().is_ok_and(|n| n >= 101_000))
    );
    let managers: HashSet<&str> = night0
        .persons
        .iter()
        .flat_map(|p| {
            p.employments
                .iter()
                .filter_map(|e| e.get("managerEmployeeNo").map(String::as_str))
        })
        .collect();
    assert!(left.iter().all(|l| !managers.contains(l.as_str())));
    // A change is one more competence record or another percent; the rest is as it was.
    for no in &changed {
        let (p0, p1) = (
            night0.person(no).expect("was there"),
            night1.person(no).expect("is there"),
        );
        let more_records = p1.competences.len() == p0.competences.len() + 1;
        let other_percent = p1.employments[0]["percent"] != p0.employments[0]["percent"];
        assert!(more_records != other_percent, "{}\n{}", p0.raw, p1.raw);
        assert_eq!(p1.course_results, p0.course_results);
    }
    check_valid(&night1, &config(1000, 5, 1));
}

#[test]
fn leaving_is_for_good_and_shares_are_as_configured_every_night() {
    let shares = |night| GenConfig {
        people: 600,
        seed: 8,
        night,
        leavers_per_mille: 20,
        joiners_per_mille: 3,
        changed_per_mille: 50,
    };
    let nights: Vec<Export> = (0..4).map(|n| wlx(&shares(n)).2).collect();
    let mut gone = HashSet::new();
    for n in 1..4 {
        let (left, joined, changed) = diff(&nights[n - 1], &nights[n]);
        // Of 600: 12, 2 (1.8 rounded) and 30.
        assert_eq!(
            (left.len(), joined.len(), changed.len()),
            (12, 2, 30),
            "night {n}"
        );
        for l in &left {
            assert!(gone.insert(l.clone()), "{l} left twice");
        }
        assert!(
            joined.iter().all(|j| !gone.contains(j)),
            "nobody comes back"
        );
        for g in &gone {
            assert!(nights[n].person(g).is_none(), "{g} stays gone");
        }
    }
    check_valid(&nights[3], &shares(3));
}

#[test]
fn every_reference_resolves() {
    for (people, seed, night) in [
        (0, 1, 0),
        (1, 1, 3),
        (7, 2, 1),
        (60, 3, 2),
        (500, 4, 0),
        (900, 5, 3),
    ] {
        let c = config(people, seed, night);
        let (_, stats, export) = wlx(&c);
        check_valid(&export, &c);
        assert_eq!(stats.n_people, export.persons.len() as u64);
        let count =
            |f: fn(&parse::Person) -> usize| export.persons.iter().map(f).sum::<usize>() as u64;
        assert_eq!(stats.n_employments, count(|p| p.employments.len()));
        assert_eq!(stats.n_competences, count(|p| p.competences.len()));
        assert_eq!(stats.n_course_results, count(|p| p.course_results.len()));
    }
}

#[test]
fn five_hundred_people_have_the_documented_shape() {
    let c = config(500, 1, 0);
    let (bytes, _, export) = wlx(&c);
    let text = String::from_utf8(bytes).expect("UTF-8");

    // A four-level tree: every administration has subunits at level 4, nothing deeper.
    let parents: HashMap<&str, Option<&str>> = export
        .units
        .iter()
        .map(|u| (u["id"].as_str(), u.get("parent").map(String::as_str)))
        .collect();
    let depth = |id: &str| std::iter::successors(Some(id), |u| parents[u]).count();
    let leaves: Vec<&str> = parents
        .keys()
        .copied()
        .filter(|u| !parents.values().any(|p| p == &Some(*u)))
        .collect();
    assert!(
        leaves.iter().all(|l| depth(l) == 4),
        "every leaf at level 4"
    );
    assert!(
        parents.values().filter(|p| p.is_none()).count() >= 2,
        "more than one administration"
    );

    assert!(
        (55..=65).contains(&export.systems.len()),
        "{} systems",
        export.systems.len()
    );
    let level_counts: HashSet<usize> = export.systems.iter().map(|(_, n)| *n).collect();
    assert!(
        level_counts.contains(&0) && level_counts.contains(&4),
        "systems with 0 to 4 levels: {level_counts:?}"
    );
    assert!((22..=28).contains(&export.occupations.len()));
    assert!(
        (100..=140).contains(&export.courses.len()),
        "{} courses",
        export.courses.len()
    );
    assert!(export.courses.iter().any(|c| c["validMonths"] != "0"));
    for o in &export.occupations {
        let n = export
            .requirements
            .iter()
            .filter(|r| r["occupation"] == o["code"] && !r.contains_key("unit"))
            .count();
        assert!((2..=6).contains(&n), "{} has {n} requirements", o["code"]);
    }
    assert!(export.requirements.iter().any(|r| r.contains_key("unit")));

    assert_eq!(export.persons.len(), 500);
    let mean =
        |f: fn(&parse::Person) -> usize| export.persons.iter().map(f).sum::<usize>() as f64 / 500.0;
    let competences = mean(|p| p.competences.len());
    assert!(
        (17.0..=23.0).contains(&competences),
        "{competences} competence records a person"
    );
    let course_results = mean(|p| p.course_results.len());
    assert!(
        (1.0..=4.0).contains(&course_results),
        "{course_results} course results a person"
    );
    let two = export
        .persons
        .iter()
        .filter(|p| p.employments.len() == 2)
        .count();
    assert!(
        (20..=150).contains(&two),
        "{two} people with two employments"
    );
    assert!(
        export
            .persons
            .iter()
            .any(|p| p.employments.iter().any(|e| !e["end"].is_empty()))
    );
    let sources: HashSet<&str> = export
        .persons
        .iter()
        .flat_map(|p| &p.competences)
        .map(|c| c["source"].as_str())
        .collect();
    assert_eq!(sources.len(), 3);

    // Managers are people of the same file, heads of units.
    let managers: HashSet<&str> = export
        .persons
        .iter()
        .flat_map(|p| {
            p.employments
                .iter()
                .filter_map(|e| e.get("managerEmployeeNo").map(String::as_str))
        })
        .collect();
    assert!(managers.len() >= 10);
    assert!(managers.iter().all(|m| export.person(m).is_some()));

    // Nordic names, escaped where needed.
    assert!(text.contains(" &amp; "), "a double name with &");
    assert!(export.persons.iter().any(|p| p.family.contains(" & ")));
    assert!(export.persons.iter().any(|p| {
        p.given
            .chars()
            .chain(p.family.chars())
            .any(|c| "åäöÅÄÖøØæ".contains(c))
    }));
    assert!(export.units.iter().any(|u| u["id"].contains('Å')));
}

#[test]
fn paxml_holds_the_same_people_as_wlx() {
    let c = config(800, 6, 2);
    let (_, _, export) = wlx(&c);
    let (bytes, stats) = paxml(&c);
    assert!(bytes.starts_with(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<paxml "));
    // ISO-8859-1: decode byte by byte.
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    assert!(text.contains("<version>2.0</version>") && text.contains("<format>REGISTER</format>"));
    assert!(text.contains("<datum>2026-11-22T01:30:00</datum>"));
    assert!(!text.contains("persnr"));
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "really ISO-8859-1, not UTF-8"
    );

    let anstid: Vec<&str> = text
        .match_indices("<person anstid=\"")
        .map(|(i, _)| &text[i + 16..i + 22])
        .collect();
    let wlx_numbers: Vec<&str> = export
        .persons
        .iter()
        .map(|p| p.employee_no.as_str())
        .collect();
    assert_eq!(anstid, wlx_numbers);
    assert_eq!(stats.n_people, export.persons.len() as u64);
    let managers = text.matches("<text id=\"CHEF\">").count();
    let wlx_managers = export
        .persons
        .iter()
        .filter(|p| p.employments[0].contains_key("managerEmployeeNo"))
        .count();
    assert_eq!(managers, wlx_managers);

    let mut mapping = Vec::new();
    write_paxml_mapping(&c, &mut mapping).expect("writing to a Vec succeeds");
    let mapping = String::from_utf8(mapping).expect("UTF-8");
    for section in [
        "[units]",
        "[occupations]",
        "[manager]",
        "persontext = \"CHEF\"",
    ] {
        assert!(mapping.contains(section), "{section}");
    }
    assert_eq!(
        mapping.matches(" = \"").count(),
        export.units.len() + export.occupations.len() + 1
    );
}

#[test]
fn a_share_above_a_thousand_per_mille_is_refused() {
    let c = GenConfig {
        changed_per_mille: 1001,
        ..GenConfig::default()
    };
    let e = write_wlx(&c, io::sink()).expect_err("refused");
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
    assert!(e.to_string().contains("changed_per_mille"));
}

#[test]
fn the_command_line_writes_what_the_library_writes() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_skillreg-gen"))
        .args([
            "--people", "200", "--seed", "3", "--night", "1", "--format", "wlx",
        ])
        .output()
        .expect("the binary runs");
    assert!(out.status.success());
    assert_eq!(out.stdout, wlx(&config(200, 3, 1)).0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("200 people") && stderr.contains("1 left, 1 joined, 2 changed"),
        "{stderr}"
    );
}
