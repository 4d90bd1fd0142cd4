//! Drives the real `skillreg` binary over the shipped fixtures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod access;
mod api_tokens;
mod book;
mod cli;
mod concurrency;
mod crash;
mod equality;
mod export;
mod files;
mod fuzz;
mod generated;
mod groups;
mod identifiers;
mod l10n;
mod limits;
mod logging;
mod maturity;
mod nightly;
mod ops;
mod pages;
mod privacy;
mod read_ahead;
mod regressions;
mod reports;
mod rounds;
mod server;
mod sources;
mod steering;
mod subject;
mod sync;
mod talks;
mod unit;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

/// A fresh registry in its own directory, and a way to run commands on it.
struct Env {
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }

    fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
}

impl Env {
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        env.run(&["init"]).ok();
        env
    }

    fn empty() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("skillreg.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, true)
    }

    /// Runs without SKILLREG_DB set, as a user following the README would.
    fn run_plain(&self, args: &[&str]) -> Run {
        self.run_with(args, false)
    }

    /// Runs with extra environment variables (secrets a profile names).
    fn run_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        self.run_full(args, true, vars)
    }

    fn run_with(&self, args: &[&str], db: bool) -> Run {
        self.run_full(args, db, &[])
    }

    fn run_full(&self, args: &[&str], db: bool, vars: &[(&str, &str)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_skillreg"));
        // Tables follow the locale: English unless a test asks for another language.
        command
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .env_remove("SKILLREG_LOG");
        command.envs(vars.iter().copied());
        if db {
            command.env("SKILLREG_DB", self.db());
        } else {
            command.env_remove("SKILLREG_DB");
        }
        let out: Output = command
            .current_dir(self.dir.path())
            .env("USER", "hr-officer")
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn sync(&self, fixture_name: &str) -> Run {
        let file = fixture(fixture_name);
        self.run(&["sync", "wlx", file.to_str().unwrap()])
    }

    /// The appraisal brief of `employee` as of `day`, as JSON.
    fn brief(&self, day: &str, employee: &str) -> Value {
        self.run(&["--as-of", day, "--format", "json", "brief", employee])
            .ok()
            .json()
    }

    /// Every row of the registry's data tables (not the run log), for before/after comparisons.
    fn dump(&self) -> String {
        rusqlite_free_dump(&self.db())
    }
}

/// A dump of the data tables through the CLI's JSON output, so the test needs no SQLite crate:
/// the catalog, and every person's profile and history.
fn rusqlite_free_dump(db: &Path) -> String {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_skillreg"))
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let mut dump = run(&["--format", "json", "catalog", "show"]);
    for no in [
        "10001", "10023", "10024", "10025", "10030", "10031", "10040", "10041",
    ] {
        dump += &run(&["--format", "json", "--as-of", "2026-11-20", "profile", no]);
        dump += &run(&["--format", "json", "history", no]);
    }
    dump
}
