//! The book (`docs/`, an mdBook) is tested so that it cannot drift from the code:
//! - `runnable`: every ```` ```sh,run ```` block runs against the shipped sample with the built
//!   `skillreg`, with the exit code it states and the output the book shows after it;
//! - `links`: every relative link and anchor of `docs/src` resolves, every chapter is in
//!   `SUMMARY.md`, and every pointer from the code into the book (`docs/src/FILE.md#ANCHOR`)
//!   names a section that exists;
//! - `formats`: the names a format chapter's tables list are the names its reader reads.
//!
//! The markdown is read with a small parser of its own (fenced blocks, headings, links), which
//! is all these checks need: the book's markdown stays plain.

use std::path::{Path, PathBuf};

mod formats;
mod links;
mod runnable;

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `docs/src`, where the chapters are.
fn src() -> PathBuf {
    root().join("docs/src")
}

/// Every markdown file under `dir`, sorted.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A chapter's path relative to `docs/src`, for messages.
fn rel(path: &Path) -> String {
    path.strip_prefix(src())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A fenced code block of a chapter.
#[derive(Debug)]
struct Fence {
    /// The info string, split at commas (` ```sh,run ` gives `["sh", "run"]`).
    info: Vec<String>,
    /// The block's lines, without the fences.
    body: Vec<String>,
    /// The 1-based line of the opening fence.
    line: usize,
    /// The 1-based line of the closing fence.
    end_line: usize,
}

/// The fenced blocks of `text`, in order, and the text's lines with the blocks' lines blanked
/// (so that headings and links inside code are not taken for the book's own).
fn fences(text: &str) -> (Vec<Fence>, Vec<String>) {
    let mut blocks = Vec::new();
    let mut prose = Vec::new();
    let mut open: Option<(usize, Fence)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let ticks = trimmed.chars().take_while(|&c| c == '`').count();
        match open.take() {
            None if ticks >= 3 => {
                let info = trimmed[ticks..]
                    .trim()
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                open = Some((
                    ticks,
                    Fence {
                        info,
                        body: Vec::new(),
                        line: i + 1,
                        end_line: i + 1,
                    },
                ));
                prose.push(String::new());
            }
            None => prose.push(line.to_string()),
            Some((n, mut fence)) => {
                if ticks >= n && trimmed[ticks..].trim().is_empty() {
                    fence.end_line = i + 1;
                    blocks.push(fence);
                } else {
                    fence.body.push(line.to_string());
                    open = Some((n, fence));
                }
                prose.push(String::new());
            }
        }
    }
    if let Some((_, fence)) = open {
        panic!(
            "a fenced block opened at line {} is never closed",
            fence.line
        );
    }
    (blocks, prose)
}

#[test]
fn fences_are_found_with_their_info_and_lines() {
    let text = "# A\n\n```sh,run,exit=3\nskillreg x\n```\n\n```text,output\nout\n```\n";
    let (blocks, prose) = fences(text);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].info, ["sh", "run", "exit=3"]);
    assert_eq!(blocks[0].body, ["skillreg x"]);
    assert_eq!((blocks[0].line, blocks[0].end_line), (3, 5));
    assert_eq!(blocks[1].info, ["text", "output"]);
    assert_eq!(prose[0], "# A");
    assert_eq!(prose[3], "");
}
