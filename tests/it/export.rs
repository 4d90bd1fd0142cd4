//! `skillreg export wlx`: the return file round trip.

use crate::{Env, fixture};

#[test]
fn return_file_sends_learned_records_once_and_never_echoes_the_hr_system() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    // Nothing learned yet: everything came from the HR system.
    let out = env.path("return-1.xml");
    let run = env.run(&["export", "wlx", out.to_str().unwrap()]).ok();
    assert_eq!(
        run.stdout,
        format!("wrote 0 record(s) to {}\n", out.display())
    );
    // Learn three records in the registry.
    env.run(&[
        "assess",
        "10024",
        "TIMECARE",
        "2",
        "--manager",
        "10001",
        "--date",
        "2026-11-21",
    ])
    .ok();
    env.run(&[
        "assess",
        "10024",
        "O365",
        "1",
        "--self",
        "--date",
        "2026-11-21",
    ])
    .ok();
    env.run(&[
        "course",
        "complete",
        "10031",
        "LC-HANDL",
        "--date",
        "2026-11-22",
    ])
    .ok();
    let out2 = env.path("return-2.xml");
    env.run(&["export", "wlx", out2.to_str().unwrap()]).ok();
    let text = std::fs::read_to_string(&out2).unwrap();
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{text}"
    );
    let file = skillreg_wlx::read_return_file(text.as_bytes()).unwrap();
    assert!(file.since.is_some(), "the second export says since when");
    let records: Vec<(String, String, u8, String, String, Option<String>)> = file
        .records
        .iter()
        .map(|r| {
            (
                r.employee_no.clone(),
                r.system.clone(),
                r.level.number(),
                format!("{:?}", r.source),
                r.date.to_string(),
                r.reference.clone(),
            )
        })
        .collect();
    assert_eq!(
        records,
        [
            (
                "10024".into(),
                "TIMECARE".into(),
                2,
                "Manager".into(),
                "2026-11-21".into(),
                None
            ),
            (
                "10024".into(),
                "O365".into(),
                1,
                "SelfAssessment".into(),
                "2026-11-21".into(),
                None
            ),
            (
                "10031".into(),
                "LIFECARE".into(),
                3,
                "Course".into(),
                "2026-11-22".into(),
                Some("LC-HANDL".into())
            ),
        ]
    );
    assert_eq!(file.records[0].assessor.as_deref(), Some("10001"));
    // The next export sends nothing again.
    let out3 = env.path("return-3.xml");
    let run = env.run(&["export", "wlx", out3.to_str().unwrap()]).ok();
    assert!(
        run.stdout.starts_with("wrote 0 record(s)"),
        "{}",
        run.stdout
    );
}

#[test]
fn records_sent_back_and_then_exported_by_the_hr_system_are_not_duplicated() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    env.run(&[
        "course",
        "complete",
        "10031",
        "LC-HANDL",
        "--date",
        "2026-11-22",
    ])
    .ok();
    env.run(&["export", "wlx", env.path("return.xml").to_str().unwrap()])
        .ok();
    // The HR system took the result in and exports it the next night.
    let sample = std::fs::read_to_string(fixture("winlas/sample-export.xml")).unwrap();
    let next = sample
        .replace("exportedAt=\"2026-11-20T02:00:00+01:00\"", "exportedAt=\"2026-11-23T02:00:00+01:00\"")
        .replace(
            "<CourseResult course=\"LC-HANDL\" completed=\"2023-04-18\"/>",
            "<CourseResult course=\"LC-HANDL\" completed=\"2023-04-18\"/>\n      <CourseResult course=\"LC-HANDL\" completed=\"2026-11-22\"/>",
        );
    let next_file = env.path("next.xml");
    std::fs::write(&next_file, next).unwrap();
    let sync = env
        .run(&[
            "--format",
            "json",
            "sync",
            "wlx",
            next_file.to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(
        sync["people"],
        serde_json::json!([]),
        "10031's record changed, but holds nothing new"
    );
    assert_eq!(sync["n_evidence"], 0);
    let history = env
        .run(&["--format", "json", "history", "10031"])
        .ok()
        .json();
    assert_eq!(history.as_array().unwrap().len(), 4);
    let brief = env.brief("2026-11-23", "10031");
    let lc = brief["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["system"] == "LIFECARE")
        .unwrap()
        .clone();
    assert_eq!(
        (lc["current"].clone(), lc["gap"].clone()),
        (serde_json::json!(3), serde_json::json!(0))
    );
    assert_eq!(brief["expiring"], serde_json::json!([]));
    // Two years later the renewed result is about to expire.
    let later = env.brief("2028-10-01", "10031");
    assert_eq!(
        later["expiring"],
        serde_json::json!([{"course": "LC-HANDL", "system": "LIFECARE", "completed": "2026-11-22", "expires": "2028-11-22"}])
    );
}
