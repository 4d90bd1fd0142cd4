//! Files with personal data (pages, the subject export, round forms) are written whole, and
//! readable by their owner only, even when the operator's umask would let everyone read them.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use super::{Env, Run};

/// Runs `args` on `env`'s registry under umask 000, where a file created the ordinary way
/// would be readable and writable by everyone (0666).
fn run_open_umask(env: &Env, args: &[&str]) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_skillreg"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("SKILLREG_DB", env.db())
        .env("USER", "hr-officer")
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// The names in the registry's folder other than the registry's own files.
fn written_files(env: &Env) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("skillreg.db"))
        .collect();
    names.sort();
    names
}

#[test]
fn the_umask_is_open_in_these_tests() {
    // Without this the other tests here would prove nothing.
    let env = Env::new();
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000 && : > plain.txt")
        .current_dir(env.dir.path())
        .status()
        .unwrap();
    assert!(out.success());
    assert_eq!(mode(&env.path("plain.txt")), 0o666);
}

#[test]
fn pages_exports_and_forms_are_private_to_their_owner() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let day = ["--as-of", "2026-11-20"];
    let files: [(&str, Vec<&str>); 6] = [
        ("brief.html", vec!["brief", "10031", "--html", "brief.html"]),
        ("team.html", vec!["team", "10001", "--html", "team.html"]),
        ("unit.html", vec!["unit", "--all", "--html", "unit.html"]),
        (
            "progress.html",
            vec![
                "progress",
                "--from",
                "2026-01-01",
                "--html",
                "progress.html",
            ],
        ),
        (
            "subject.json",
            vec!["subject", "export", "10031", "-o", "subject.json"],
        ),
        (
            "forms.csv",
            vec![
                "round",
                "forms",
                "1",
                "--csv",
                "forms.csv",
                "--html",
                "forms.html",
            ],
        ),
    ];
    env.run(&[
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
    for (file, args) in &files {
        let mut all = day.to_vec();
        all.extend(args);
        let run = run_open_umask(&env, &all).ok();
        assert!(run.stdout.contains("wrote "), "{}", run.stdout);
        assert_eq!(mode(&env.path(file)), 0o600, "{file}");
        assert!(
            std::fs::metadata(env.path(file)).unwrap().len() > 0,
            "{file}"
        );
    }
    assert_eq!(mode(&env.path("forms.html")), 0o600);
    let brief = std::fs::read_to_string(env.path("brief.html")).unwrap();
    assert!(brief.contains("</html>"), "the whole page");
    let export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("subject.json")).unwrap()).unwrap();
    assert!(export.is_object());
    // Nothing but the files asked for: no temporary file left behind.
    assert_eq!(
        written_files(&env),
        [
            "brief.html",
            "forms.csv",
            "forms.html",
            "progress.html",
            "subject.json",
            "team.html",
            "unit.html",
        ]
    );
}

#[test]
fn an_existing_file_is_replaced_whole_and_made_private() {
    let env = Env::new();
    env.sync("winlas/sample-export.xml").ok();
    let page = env.path("brief.html");
    std::fs::write(&page, "old page").unwrap();
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o644)).unwrap();
    // A reader who had the old page open (a browser, a mail client attaching it) still reads
    // the old page whole: the new one is a new file renamed over it, never the old one
    // truncated and rewritten.
    let mut reader = std::fs::File::open(&page).unwrap();
    run_open_umask(
        &env,
        &[
            "--as-of",
            "2026-11-20",
            "brief",
            "10031",
            "--html",
            "brief.html",
        ],
    )
    .ok();
    let mut old = String::new();
    std::io::Read::read_to_string(&mut reader, &mut old).unwrap();
    assert_eq!(old, "old page");
    let new = std::fs::read_to_string(&page).unwrap();
    assert!(new.contains("</html>") && new != "old page", "{new}");
    assert_eq!(mode(&page), 0o600, "a world-readable page becomes private");

    // A page that cannot be written leaves what was there as it was: here the name is taken by
    // a folder (a rename cannot replace it, not even for root).
    std::fs::create_dir(env.path("taken")).unwrap();
    std::fs::write(env.path("taken/keep.txt"), "kept").unwrap();
    let before = written_files(&env);
    let run = run_open_umask(
        &env,
        &["--as-of", "2026-11-20", "brief", "10031", "--html", "taken"],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(run.stderr.contains("taken"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(env.path("taken/keep.txt")).unwrap(),
        "kept"
    );
    assert_eq!(written_files(&env), before, "no temporary file left");
}
