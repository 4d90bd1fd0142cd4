//! The book's runnable examples. A fenced block whose info string is `sh,run` is a shell script
//! that runs in a fresh folder holding a copy of `fixtures/`, with the built `skillreg` first on
//! the `PATH`, no `SKILLREG_DB`, `SKILLREG_ACTOR`, `SKILLREG_LOG` or locale variables, under
//! `bash -e -o pipefail`. The blocks of one chapter run in order in the same folder, so a
//! chapter's first block creates the registry its later blocks read. A block must exit 0, or
//! the code its info string states (`sh,run,exit=3`). A block followed (blank lines aside) by
//! one whose info string is `text,output` must print exactly that on standard output, trailing
//! spaces aside; a line `...` there stands for any number of lines.

use std::path::Path;
use std::process::Command;

use super::{Fence, fences, markdown_files, rel, root, src};

/// One runnable example.
struct Example {
    chapter: String,
    line: usize,
    script: String,
    exit: i32,
    expected: Option<Vec<String>>,
}

fn examples(chapter: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(chapter).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (blocks, _) = fences(&text);
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if !is_runnable(block) {
            continue;
        }
        let exit = block
            .info
            .iter()
            .find_map(|t| t.strip_prefix("exit="))
            .map(|n| {
                n.parse()
                    .unwrap_or_else(|_| panic!("{}:{}: bad exit={n}", rel(chapter), block.line))
            })
            .unwrap_or(0);
        let expected = blocks.get(i + 1).and_then(|next| {
            let between = &lines[block.end_line..next.line - 1];
            (next.info == ["text", "output"] && between.iter().all(|l| l.trim().is_empty()))
                .then(|| next.body.clone())
        });
        out.push(Example {
            chapter: rel(chapter),
            line: block.line,
            script: block.body.join("\n"),
            exit,
            expected,
        });
    }
    out
}

fn is_runnable(block: &Fence) -> bool {
    block.info.first().is_some_and(|l| l == "sh") && block.info.iter().any(|t| t == "run")
}

/// `actual` matches `expected` line by line, trailing spaces and trailing blank lines aside; an
/// expected line `...` matches any number of lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    fn norm(lines: &[String]) -> Vec<&str> {
        let mut v: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
        while v.last() == Some(&"") {
            v.pop();
        }
        v
    }
    let (e, a) = (norm(expected), norm(actual));
    // ok[i][j]: e[i..] matches a[j..].
    let mut ok = vec![vec![false; a.len() + 1]; e.len() + 1];
    ok[e.len()][a.len()] = true;
    for i in (0..e.len()).rev() {
        for j in (0..=a.len()).rev() {
            ok[i][j] = if e[i] == "..." {
                ok[i + 1][j] || (j < a.len() && ok[i][j + 1])
            } else {
                j < a.len() && e[i] == a[j] && ok[i + 1][j + 1]
            };
        }
    }
    ok[0][0]
}

#[test]
fn output_matching_takes_ellipses_for_any_lines() {
    let s = |v: &[&str]| v.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(matches(
        &s(&["a", "...", "d"]),
        &s(&["a", "b", "c", "d  ", ""])
    ));
    assert!(matches(&s(&["a", "...", "b"]), &s(&["a", "b"])));
    assert!(!matches(&s(&["a", "c"]), &s(&["a", "b", "c"])));
    assert!(!matches(&s(&["a"]), &s(&["a", "b"])));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn run_chapter(examples: &[Example]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures"), &dir.path().join("fixtures"));
    let bin = Path::new(env!("CARGO_BIN_EXE_skillreg"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    for ex in examples {
        let out = Command::new("bash")
            .args(["-e", "-o", "pipefail", "-c", &ex.script])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("USER", "hr-officer")
            .env("NO_COLOR", "1")
            .env_remove("SKILLREG_DB")
            .env_remove("SKILLREG_ACTOR")
            .env_remove("SKILLREG_LOG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<String> = stdout.lines().map(str::to_string).collect();
        let where_ = format!("{}:{}", ex.chapter, ex.line);
        if code != ex.exit {
            failures.push(format!(
                "{where_}: exit code {code}, the book says {}\n--- script\n{}\n--- stdout\n{stdout}--- stderr\n{stderr}",
                ex.exit, ex.script
            ));
        } else if let Some(expected) = &ex.expected
            && !matches(expected, &lines)
        {
            failures.push(format!(
                "{where_}: the output is not what the book shows\n--- script\n{}\n--- the book\n{}\n--- stdout\n{stdout}--- stderr\n{stderr}",
                ex.script,
                expected.join("\n")
            ));
        }
    }
    failures
}

#[test]
fn every_runnable_example_of_the_book_runs_as_shown() {
    let mut n_examples = 0;
    let mut n_outputs = 0;
    let mut failures = Vec::new();
    for chapter in markdown_files(&src()) {
        let examples = examples(&chapter);
        if examples.is_empty() {
            continue;
        }
        n_examples += examples.len();
        n_outputs += examples.iter().filter(|e| e.expected.is_some()).count();
        failures.extend(run_chapter(&examples));
    }
    assert!(
        failures.is_empty(),
        "{} of {n_examples} examples failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    // The book's examples are many; a parser that stopped finding them must not pass quietly.
    assert!(
        n_examples >= 20,
        "only {n_examples} runnable examples found"
    );
    assert!(
        n_outputs >= 8,
        "only {n_outputs} examples show their output"
    );
}
