//! An export is read ahead on a thread of its own while the registry writes: a problem the
//! reader finds after thousands of people have been written still refuses the whole file.

use std::fs::File;

use skillreg_gen::GenConfig;

use crate::Env;

fn count(env: &Env, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_problem_in_the_last_person_of_a_large_export_leaves_the_registry_as_it_was() {
    let env = Env::new();
    let path = env.path("export.xml");
    skillreg_gen::write_wlx(&GenConfig::new(3000, 1), File::create(&path).unwrap()).unwrap();
    // The last competence record of the file gets a level of 7.
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.rfind(" level=\"").unwrap() + " level=\"".len();
    let broken = format!("{}7{}", &text[..at], &text[at + 1..]);
    std::fs::write(&path, broken).unwrap();

    let run = env.run(&["sync", "wlx", path.to_str().unwrap()]);
    assert_ne!(run.code, 0, "stdout: {}", run.stdout);
    assert!(
        run.stderr.contains("level must be 1-4 (value \"7\")"),
        "stderr: {}",
        run.stderr
    );
    assert_eq!(count(&env, "persons"), 0);
    assert_eq!(count(&env, "evidence"), 0);
    assert_eq!(count(&env, "employments"), 0);

    // The same file, mended, goes in whole.
    std::fs::write(&path, text).unwrap();
    env.run(&["sync", "wlx", path.to_str().unwrap()]).ok();
    assert_eq!(count(&env, "persons"), 3000);
}
