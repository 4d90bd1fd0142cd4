//! The book's links: every relative link of `docs/src` names a file of the book and, after `#`,
//! a heading (or an explicit `id`) of it, as mdBook spells the anchors; every chapter is in
//! `SUMMARY.md`; every `{{#include}}` names a file that exists; and every pointer from the code
//! into the book (`docs/src/FILE.md#ANCHOR`, in crates, adapters, tests, benches, fixtures and
//! the root's markdown) names a section that exists. Links to the web are not followed (CI
//! reaches no network), and a link out of `docs/src` is refused: the built book would not have
//! the file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{fences, markdown_files, rel, root, src};

/// A chapter's text with each `{{#include FILE}}` line replaced by FILE's text, as mdBook does.
fn expanded(chapter: &Path) -> String {
    let text = std::fs::read_to_string(chapter).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        match include_target(line) {
            Some(target) => {
                let path = chapter.parent().unwrap().join(target);
                let included = std::fs::read_to_string(&path).unwrap_or_else(|_| {
                    panic!("{}: {{{{#include {target}}}}}: no such file", rel(chapter))
                });
                out.push_str(&included);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn include_target(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("{{#include ")?;
    let target = rest.strip_suffix("}}")?.trim();
    // `{{#include file.rs:anchor}}` includes a part of the file.
    Some(target.split(':').next().unwrap_or(target))
}

/// mdBook's anchor of a heading: lower case, spaces to `-`, only letters, digits, `-` and `_`
/// kept (inline code, emphasis and link targets are markup, not text).
fn slug(heading: &str) -> String {
    let text = strip_markup(heading);
    text.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// A heading's text as rendered: `[text](target)` becomes text; backticks, `*` and `_`
/// emphasis markers go.
fn strip_markup(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '*' => {}
            ']' if chars.peek() == Some(&'(') => {
                for c in chars.by_ref() {
                    if c == ')' {
                        break;
                    }
                }
            }
            '[' => {}
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

#[test]
fn anchors_are_spelt_as_mdbook_spells_them() {
    assert_eq!(
        slug("The web service: `skillreg serve`"),
        "the-web-service-skillreg-serve"
    );
    assert_eq!(slug("Rule 5: gaps"), "rule-5-gaps");
    assert_eq!(
        slug("Who is counted, and where"),
        "who-is-counted-and-where"
    );
    assert_eq!(slug("[The book](x.md) and *more*"), "the-book-and-more");
}

/// The anchors of a chapter: its headings' (a repeated one gets `-1`, `-2`, ...), an explicit
/// `{#id}` after a heading, and every `id="..."` of its HTML.
fn anchors(chapter: &Path) -> BTreeSet<String> {
    let (_, prose) = fences(&expanded(chapter));
    let mut out = BTreeSet::new();
    for line in &prose {
        let t = line.trim_start();
        if t.starts_with('#') {
            let level = t.chars().take_while(|&c| c == '#').count();
            let text = t[level..].trim();
            if level <= 6 && (t[level..].starts_with(' ')) {
                let id = match text.rfind("{#") {
                    Some(i) if text.ends_with('}') => text[i + 2..text.len() - 1].to_string(),
                    _ => slug(text),
                };
                let mut unique = id.clone();
                let mut n = 1;
                while out.contains(&unique) {
                    unique = format!("{id}-{n}");
                    n += 1;
                }
                out.insert(unique);
            }
        }
        let mut rest = line.as_str();
        while let Some(i) = rest.find("id=\"") {
            rest = &rest[i + 4..];
            if let Some(end) = rest.find('"') {
                out.insert(rest[..end].to_string());
            }
        }
    }
    out
}

/// The targets of the links of a line of prose: `[text](target)`, `[text]: target` and
/// `href="target"`, outside inline code.
fn link_targets(line: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            plain.push(c);
        }
    }
    let mut out = Vec::new();
    let mut rest = plain.as_str();
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find(')') {
            let target = rest[..end].split_whitespace().next().unwrap_or("");
            out.push(target.trim_matches(['<', '>']).to_string());
        }
    }
    let mut rest = plain.as_str();
    while let Some(i) = rest.find("href=\"") {
        rest = &rest[i + 6..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_string());
        }
    }
    let t = plain.trim_start();
    if t.starts_with('[')
        && let Some(i) = t.find("]: ")
    {
        out.push(t[i + 3..].trim().to_string());
    }
    out
}

/// Checks one link from `from` (a chapter); the problem, if any.
fn check_link(from: &Path, target: &str) -> Option<String> {
    if target.starts_with("http://")
        || target.starts_with("https://")
        || target.starts_with("mailto:")
    {
        return None;
    }
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let file: PathBuf = if path.is_empty() {
        from.to_path_buf()
    } else {
        from.parent().unwrap().join(path)
    };
    let Ok(file) = file.canonicalize() else {
        return Some(format!("{target}: no such file"));
    };
    if !file.starts_with(src().canonicalize().unwrap()) {
        return Some(format!(
            "{target}: outside docs/src, so not in the built book (name the file in `code` instead)"
        ));
    }
    if let Some(anchor) = anchor
        && file.extension().is_some_and(|e| e == "md")
        && !anchors(&file).contains(anchor)
    {
        return Some(format!("{target}: {} has no heading #{anchor}", rel(&file)));
    }
    None
}

#[test]
fn every_link_and_anchor_of_the_book_resolves() {
    let mut problems = Vec::new();
    let mut n_links = 0;
    for chapter in markdown_files(&src()) {
        let (_, prose) = fences(&expanded(&chapter));
        for (i, line) in prose.iter().enumerate() {
            for target in link_targets(line) {
                n_links += 1;
                if let Some(p) = check_link(&chapter, &target) {
                    problems.push(format!("{}:{}: {p}", rel(&chapter), i + 1));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    assert!(n_links >= 50, "only {n_links} links found");
}

#[test]
fn every_chapter_is_in_the_summary() {
    let summary = src().join("SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap();
    let listed: BTreeSet<PathBuf> = text
        .lines()
        .flat_map(link_targets)
        .map(|t| src().join(t.split('#').next().unwrap_or("")))
        .collect();
    let missing: Vec<String> = markdown_files(&src())
        .into_iter()
        .filter(|p| *p != summary && !listed.contains(p))
        .map(|p| rel(&p))
        .collect();
    assert!(
        missing.is_empty(),
        "chapters not in SUMMARY.md: {missing:?}"
    );
}

/// Every file under `dir` whose name ends with one of `exts`.
fn files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && name != "out" && !name.starts_with('.') {
                files(&path, exts, out);
            }
        } else if exts.iter().any(|e| name.ends_with(e)) {
            out.push(path);
        }
    }
}

/// The code's and the root documents' pointers into the book.
fn code_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["crates", "adapters", "tests", "benches", "fuzz", "fixtures"] {
        files(&root().join(dir), &[".rs", ".toml"], &mut out);
    }
    for doc in [
        "README.md",
        "ARCHITECTURE.md",
        "SECURITY.md",
        "BENCHMARKS.md",
    ] {
        out.push(root().join(doc));
    }
    // These tests name the forms they look for.
    out.retain(|p| !p.starts_with(root().join("tests/it/book")));
    out
}

#[test]
fn every_pointer_from_the_code_into_the_book_resolves() {
    let mut problems = Vec::new();
    let mut n = 0;
    for file in code_files() {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("docs/src/") {
                rest = &rest[at + "docs/src/".len()..];
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || "-_./#".contains(c)))
                    .unwrap_or(rest.len());
                let target = rest[..end].trim_end_matches('.');
                if target.is_empty() || !target.contains(".md") {
                    continue;
                }
                n += 1;
                // Resolved as a link from a chapter at the top of docs/src.
                if let Some(p) = check_link(&src().join("SUMMARY.md"), target) {
                    let shown = file
                        .strip_prefix(root())
                        .unwrap_or(&file)
                        .display()
                        .to_string();
                    problems.push(format!("{shown}:{}: docs/src/{p}", i + 1));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "pointers into the book that do not resolve:\n{}",
        problems.join("\n")
    );
    assert!(n >= 15, "only {n} pointers into the book found");
}

#[test]
fn no_code_or_chapter_cites_a_document_outside_the_repository() {
    // Spelt in parts so that this file does not name them itself.
    let outside = [
        ["DOMAIN", ".md"].concat(),
        ["shared/", "formats"].concat(),
        ["winlas-", "export.md"].concat(),
        ["paxml", ".md"].concat(),
    ];
    let domain = ["DOM", "AIN"].concat();
    let mut files = code_files();
    files.extend(markdown_files(&src()));
    let mut problems = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let shown = || {
                file.strip_prefix(root())
                    .unwrap_or(&file)
                    .display()
                    .to_string()
            };
            for name in &outside {
                if line.contains(name.as_str()) {
                    problems.push(format!("{}:{}: {name}", shown(), i + 1));
                }
            }
            if names_word(line, &domain) {
                problems.push(format!("{}:{}: {domain}", shown(), i + 1));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "citations of documents outside the repository:\n{}",
        problems.join("\n")
    );
}

/// `line` holds `word` as a word of its own (`MAIL_DOMAIN` does not hold `DOMAIN`).
fn names_word(line: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(word).any(|(i, _)| {
        !line[..i].chars().next_back().is_some_and(is_word)
            && !line[i + word.len()..].chars().next().is_some_and(is_word)
    })
}
