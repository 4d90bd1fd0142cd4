//! `skillreg round`: open a round for the sample's assistant nurses (USK), write their forms,
//! import answers exported by a survey tool, and follow the response rate.

use crate::{Env, fixture};

fn sample_with_round() -> Env {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let opened = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "round",
            "open",
            "--occupation",
            "USK",
            "--closes",
            "2026-12-11",
        ])
        .ok();
    assert_eq!(
        opened.stdout,
        "opened round 1: Undersköterska (USK), 3 people asked, answers by 2026-12-11\n"
    );
    env
}

fn fixture_arg(name: &str) -> String {
    fixture(name).to_str().unwrap().to_string()
}

#[test]
fn forms_csv_lists_each_persons_systems_with_level_descriptions_and_last_answer() {
    let env = sample_with_round();
    let csv = env.path("forms.csv");
    let html = env.path("forms.html");
    let run = env
        .run(&[
            "--as-of",
            "2026-11-20",
            "round",
            "forms",
            "1",
            "--csv",
            csv.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
        ])
        .ok();
    assert!(run.stdout.contains("(3 forms, 9 rows)"), "{}", run.stdout);
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "round,employee_no,name,email,unit,unit_name,system,system_name,level_1,level_2,level_3,level_4,last_self,last_self_day,level,answered"
    );
    // Requirements of USK: LIFECARE, O365, TIMECARE; nobody holds evidence in another system.
    assert_eq!(lines.len(), 1 + 9);
    assert_eq!(
        lines[1],
        "1,10023,Anna Lindqvist,anna.lindqvist@example.se,SOC-HT,Hemtjänst Centrum,LIFECARE,Lifecare,\
         Loggar in och läser planering,Dokumenterar insatser och avvikelser,\
         Handleder kollegor i dokumentationen,Superanvändare: konfigurerar och utbildar,2,2026-09-14,,"
    );
    // Sofia is counted in the unit of her primary USK employment.
    assert!(
        lines[7].starts_with("1,10025,Sofia Öhman & Berg,sofia.ohman@example.se,SOC-SÄBO,"),
        "{}",
        lines[7]
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert_eq!(page.matches("<section class=\"round-form\"").count(), 3);
    // One group of four choices per system on a form: 9 in all.
    assert_eq!(page.matches("<fieldset class=\"round-system\"").count(), 9);
    assert_eq!(page.matches("type=\"radio\"").count(), 36);
    assert!(page.contains("Sofia Öhman &amp; Berg"));
    assert!(page.contains("Handleder kollegor i dokumentationen"));
}

#[test]
fn forms_page_in_swedish_and_norwegian() {
    let env = sample_with_round();
    for (lang, title, answer_by) in [
        ("sv", "Självskattning", "Svara senast"),
        ("nb", "Egenvurdering", "Svar innen"),
    ] {
        let html = env.path(&format!("forms-{lang}.html"));
        env.run(&[
            "--lang",
            lang,
            "--as-of",
            "2026-11-20",
            "round",
            "forms",
            "1",
            "--html",
            html.to_str().unwrap(),
        ])
        .ok();
        let page = std::fs::read_to_string(&html).unwrap();
        assert!(page.contains(&format!("<html lang=\"{lang}\">")));
        assert!(page.contains(title) && page.contains(answer_by), "{lang}");
    }
}

#[test]
fn import_records_answers_as_self_assessments_and_again_records_nothing() {
    let env = sample_with_round();
    let answers = fixture_arg("rounds/usk-answers.csv");
    let run = env
        .run(&["--as-of", "2026-11-26", "round", "import", &answers])
        .ok();
    assert_eq!(
        run.stdout,
        "round 1: recorded 4 self-assessment(s) from 2 people; 0 already held, 1 blank, 0 after closing\n"
    );
    // Anna said 3 in LIFECARE on 24 Nov (the file's `answered`, a survey tool's timestamp).
    let brief = env.brief("2026-11-26", "10023");
    let lifecare = brief["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["system"] == "LIFECARE")
        .unwrap();
    assert_eq!(lifecare["self"], 3);
    let history = env
        .run(&["--format", "json", "history", "10023"])
        .ok()
        .json();
    let entry = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["system"] == "LIFECARE" && e["date"] == "2026-11-24")
        .unwrap_or_else(|| panic!("no answer in {history}"));
    assert_eq!(entry["source"], "round 1");
    assert_eq!(entry["entered_by"], "hr-officer");

    // The same answers from a windows-1252 export: nothing new.
    let again = env
        .run(&[
            "--as-of",
            "2026-11-27",
            "--format",
            "json",
            "round",
            "import",
            &fixture_arg("rounds/usk-answers-cp1252.csv"),
        ])
        .ok()
        .json();
    assert_eq!(again["n_recorded"], 0);
    assert_eq!(again["n_already"], 4);
    assert_eq!(again["n_blank"], 1);
}

#[test]
fn bad_answers_are_each_named_and_nothing_is_written() {
    let env = sample_with_round();
    let before = env.dump();
    let bad = fixture_arg("rounds/usk-answers-bad.csv");
    let run = env.run(&["--as-of", "2026-11-26", "round", "import", &bad]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("usk-answers-bad.csv was refused, nothing was written: 8 problem(s)"),
        "{}",
        run.stderr
    );
    for expected in [
        "line 2: row 1, column \"level\": expected a level 1-4 (or blank for no answer) (value \"5\")",
        "line 3: employee \"10099\" was not asked in round 1",
        "line 4: employee \"10031\" was not asked in round 1",
        "line 5: system \"PMO\" is not on the form of employee \"10024\" in round 1",
        "line 6: row 5, column \"level\"",
        "line 7: answered on 2026-11-01: before the round opened (2026-11-20)",
        "line 8: row 7, column \"employee_no\": looks like a national identity number (not shown)",
        "line 9: row 8, column \"answered\"",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
    // The identity number is never repeated.
    assert!(!run.stderr.contains("1212"), "{}", run.stderr);
    // The good last row was not written either.
    assert_eq!(env.dump(), before);
}

#[test]
fn status_shows_response_rate_per_unit_and_who_to_remind() {
    let env = sample_with_round();
    env.run(&[
        "--as-of",
        "2026-11-26",
        "round",
        "import",
        &fixture_arg("rounds/usk-answers.csv"),
    ])
    .ok();
    let status = env
        .run(&[
            "--as-of",
            "2026-11-26",
            "--format",
            "json",
            "round",
            "status",
        ])
        .ok()
        .json();
    assert_eq!(status["closed"], false);
    let units = status["units"].as_array().unwrap();
    assert_eq!(units.len(), 2);
    assert_eq!(units[0]["unit"], "SOC-HT");
    assert_eq!(
        (
            &units[0]["n_asked"],
            &units[0]["n_answered"],
            &units[0]["n_complete"]
        ),
        (&2.into(), &1.into(), &1.into())
    );
    assert_eq!(units[0]["rate"], 0.5);
    assert_eq!(units[1]["unit"], "SOC-SÄBO");
    // Sofia answered LIFECARE and left O365 blank: answered, not complete.
    assert_eq!(
        (
            &units[1]["n_asked"],
            &units[1]["n_answered"],
            &units[1]["n_complete"]
        ),
        (&1.into(), &1.into(), &0.into())
    );
    assert_eq!(status["total"]["n_answered"], 2);
    assert_eq!(status["unanswered"].as_array().unwrap().len(), 1);
    assert_eq!(status["unanswered"][0]["employee_no"], "10024");
    assert_eq!(status["unanswered"][0]["manager"], "10001");

    // CSV: the reminder list for a mail merge.
    let csv = env
        .run(&[
            "--as-of",
            "2026-11-26",
            "--format",
            "csv",
            "round",
            "status",
            "1",
        ])
        .ok()
        .stdout;
    assert_eq!(
        csv,
        "employee,name,email,unit,manager\n10024,Mohammed Al-Sayed,,SOC-HT,10001\n"
    );

    // A self-assessment entered another way counts too; after the closing day the round says so.
    env.run(&[
        "--as-of",
        "2026-12-01",
        "assess",
        "10024",
        "O365",
        "2",
        "--self",
    ])
    .ok();
    let table = env
        .run(&["--as-of", "2026-12-12", "--lang", "sv", "round", "status"])
        .ok()
        .stdout;
    assert!(table.contains("svar senast 2026-12-11 (stängd)"), "{table}");
    assert!(table.contains("alla enheter"), "{table}");
    assert!(table.contains("100 %"), "{table}");
    assert!(!table.contains("har inte svarat"), "{table}");
}

#[test]
fn a_round_that_asks_nobody_or_closes_before_it_opens_is_refused() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let nobody = env.run(&[
        "--as-of",
        "2026-11-20",
        "round",
        "open",
        "--occupation",
        "SKSK",
        "--unit",
        "SOC",
        "--closes",
        "2026-12-11",
    ]);
    assert_eq!(nobody.code, 1);
    assert!(
        nobody
            .stderr
            .contains("nobody in occupation \"SKSK\" in unit \"SOC\" is employed on 2026-11-20"),
        "{}",
        nobody.stderr
    );
    let backwards = env.run(&[
        "--as-of",
        "2026-11-20",
        "round",
        "open",
        "--occupation",
        "USK",
        "--closes",
        "2026-11-01",
    ]);
    assert_eq!(backwards.code, 1);
    assert!(
        backwards
            .stderr
            .contains("closes on 2026-11-01 before it opens on 2026-11-20")
    );
    let unknown = env.run(&["round", "status", "7"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("no self-assessment round 7"),
        "{}",
        unknown.stderr
    );
    assert!(
        unknown
            .stderr
            .contains("\nhint: `skillreg round list` shows the rounds\n"),
        "{}",
        unknown.stderr
    );
    assert!(
        env.run(&["--format", "json", "round", "list"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
}
