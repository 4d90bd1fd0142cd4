//! The format chapters against the readers. Before each table of names a reader reads, a
//! chapter has a line `<!-- reads: NAME -->`; the names are the `code` spans of the first column
//! of that table, split at `.`, `@` and `/` (`Employment@managerEmployeeNo`,
//! `persontexter/text@id`, `columns.employee_no`) and with TOML's `[` `]` taken off. The names a
//! reader reads are found in its source, by the shapes its code reads them in (the match arms of
//! element names, the calls that take an attribute, the fields of the serde structs of a TOML
//! file), listed in [`READERS`]. The two sets must be equal: a name the chapter lists that the
//! reader does not read, or one the reader reads that the chapter leaves out, fails the test,
//! naming it. Each reader must yield at least a few names, so that a shape that stops matching
//! after a change of the code fails loudly instead of comparing two empty sets.
//!
//! This compares names, not which element an attribute belongs to: the tables say that, and the
//! readers' own tests check it on the fixtures.

use std::collections::BTreeSet;

use super::{root, src};

/// Where a reader's names are found in its source.
enum Shape {
    /// A string literal right after `before` (whitespace and other arguments up to the first
    /// `"` skipped, but not past `)` or `;`), followed by `after`.
    Literal {
        before: &'static str,
        after: &'static str,
    },
    /// An identifier right after `before` (`Tag::Competence`).
    Ident { before: &'static str },
    /// The fields of the structs the file deserialises with unknown keys refused
    /// (`#[derive(.. Deserialize ..)]` and `#[serde(deny_unknown_fields)]`), with
    /// `#[serde(rename = "..")]` applied and `#[serde(skip)]` fields left out.
    SerdeFields,
}

use Shape::{Ident, Literal, SerdeFields};

struct Reader {
    /// The marker's name.
    table: &'static str,
    /// The chapter, under docs/src.
    chapter: &'static str,
    /// The source files and the shapes each is read in.
    sources: &'static [(&'static str, &'static [Shape])],
}

const ELEMENT_ARMS: Shape = Literal {
    before: "b\"",
    after: "\" =>",
};
const ROOT_CONST: Shape = Literal {
    before: "const ROOT: &str = \"",
    after: "\"",
};
const FIELD_CALLS: &[Shape] = &[
    ROOT_CONST,
    Literal {
        before: ".required(",
        after: "\"",
    },
    Literal {
        before: ".required_with(",
        after: "\"",
    },
    Literal {
        before: ".optional(",
        after: "\"",
    },
    Literal {
        before: ".optional_with(",
        after: "\"",
    },
    Literal {
        before: "root_required(",
        after: "\"",
    },
    Literal {
        before: "root_optional(",
        after: "\"",
    },
];

const READERS: &[Reader] = &[
    Reader {
        table: "wlx-export",
        chapter: "formats/wlx.md",
        sources: &[
            ("adapters/skillreg-wlx/src/xml.rs", &[ELEMENT_ARMS]),
            ("adapters/skillreg-wlx/src/export.rs", FIELD_CALLS),
        ],
    },
    Reader {
        table: "wlx-return",
        chapter: "formats/wlx.md",
        sources: &[(
            "adapters/skillreg-wlx/src/return_file.rs",
            &[
                ROOT_CONST,
                Ident {
                    before: "child.tag != Tag::",
                },
                Literal {
                    before: ".required(",
                    after: "\"",
                },
                Literal {
                    before: ".required_with(",
                    after: "\"",
                },
                Literal {
                    before: ".optional(",
                    after: "\"",
                },
                Literal {
                    before: "root_required(",
                    after: "\"",
                },
                Literal {
                    before: "root_optional(",
                    after: "\"",
                },
            ],
        )],
    },
    Reader {
        table: "paxml",
        chapter: "formats/payroll.md",
        sources: &[
            (
                "adapters/skillreg-paxml/src/xml.rs",
                &[
                    ELEMENT_ARMS,
                    Literal {
                        before: "== b\"",
                        after: "\"",
                    },
                ],
            ),
            (
                "adapters/skillreg-paxml/src/reader.rs",
                &[
                    ROOT_CONST,
                    Literal {
                        before: ".attr(",
                        after: "\")",
                    },
                ],
            ),
            (
                "adapters/skillreg-paxml/src/reader/records.rs",
                &[Literal {
                    before: ".attr(",
                    after: "\")",
                }],
            ),
        ],
    },
    Reader {
        table: "paxml-mapping",
        chapter: "formats/payroll.md",
        sources: &[("adapters/skillreg-paxml/src/mapping.rs", &[SerdeFields])],
    },
    Reader {
        table: "csv-mapping",
        chapter: "formats/csv.md",
        sources: &[("adapters/skillreg-csv/src/mapping.rs", &[SerdeFields])],
    },
    Reader {
        table: "scim",
        chapter: "formats/scim.md",
        sources: &[
            (
                "adapters/skillreg-scim/src/user.rs",
                &[
                    Literal {
                        before: "field(",
                        after: "\")",
                    },
                    Literal {
                        before: "in_enterprise(",
                        after: "\")",
                    },
                ],
            ),
            (
                "adapters/skillreg-scim/src/mapping.rs",
                &[Literal {
                    before: "text: \"",
                    after: "\"",
                }],
            ),
        ],
    },
    Reader {
        table: "scim-mapping",
        chapter: "formats/scim.md",
        sources: &[(
            "adapters/skillreg-scim/src/mapping.rs",
            &[
                SerdeFields,
                Literal {
                    before: "UnitAttribute::Department => \"",
                    after: "\"",
                },
                Literal {
                    before: "UnitAttribute::Organization => \"",
                    after: "\"",
                },
                Literal {
                    before: "UnitAttribute::CostCenter => \"",
                    after: "\"",
                },
                Literal {
                    before: "UnitAttribute::Division => \"",
                    after: "\"",
                },
            ],
        )],
    },
    Reader {
        table: "xapi",
        chapter: "formats/xapi.md",
        sources: &[
            (
                "adapters/skillreg-xapi/src/statement.rs",
                &[
                    Literal {
                        before: "[\"",
                        after: "\"]",
                    },
                    Literal {
                        before: ".get(\"",
                        after: "\")",
                    },
                    Literal {
                        before: "other(\"",
                        after: "\")",
                    },
                ],
            ),
            (
                "adapters/skillreg-xapi/src/fetch.rs",
                &[
                    Literal {
                        before: "[\"",
                        after: "\"]",
                    },
                    Literal {
                        before: ".get(\"",
                        after: "\")",
                    },
                ],
            ),
        ],
    },
    Reader {
        table: "xapi-mapping",
        chapter: "formats/xapi.md",
        sources: &[("adapters/skillreg-xapi/src/mapping.rs", &[SerdeFields])],
    },
    Reader {
        table: "catalog",
        chapter: "formats/catalog.md",
        sources: &[("crates/skillreg-files/src/catalog.rs", &[SerdeFields])],
    },
    Reader {
        table: "nightly-profile",
        chapter: "guides/nightly.md",
        sources: &[(
            "crates/skillreg-cli/src/nightly.rs",
            &[
                SerdeFields,
                // The step's kind is serde's tag, not a field.
                Literal {
                    before: "#[serde(tag = \"",
                    after: "\"",
                },
            ],
        )],
    },
    Reader {
        table: "maturity-framework",
        chapter: "maturity.md",
        sources: &[("crates/skillreg-core/src/maturity.rs", &[SerdeFields])],
    },
];

/// The names a name is made of: `persontexter/text@id` is `persontexter`, `text` and `id`.
fn parts(name: &str) -> impl Iterator<Item = String> + '_ {
    name.trim_matches(['[', ']'])
        .split(['.', '@', '/'])
        .map(|s| s.trim_matches(['[', ']']).to_string())
        .filter(|s| !s.is_empty())
}

/// The names of the table after `<!-- reads: TABLE -->` in `chapter`.
fn chapter_names(chapter: &str, table: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(src().join(chapter)).unwrap();
    let marker = format!("<!-- reads: {table} -->");
    let Some(at) = text.find(&marker) else {
        panic!("docs/src/{chapter} has no line {marker}");
    };
    let mut names = BTreeSet::new();
    let rows = text[at + marker.len()..]
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.trim_start().starts_with('|'))
        .skip(2); // the header and the |---| line
    for row in rows {
        let first = row
            .trim()
            .trim_start_matches('|')
            .split('|')
            .next()
            .unwrap_or("");
        for (i, span) in first.split('`').enumerate() {
            if i % 2 == 1 {
                names.extend(parts(span));
            }
        }
    }
    names
}

/// The names `shape` finds in `text`.
fn source_names(text: &str, shape: &Shape) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    match shape {
        Literal { before, after } => {
            for (at, _) in text.match_indices(before) {
                let rest = &text[at + before.len()..];
                let rest = if before.ends_with('"') {
                    rest
                } else {
                    let Some(q) = rest.find(['"', ')', ';']) else {
                        continue;
                    };
                    if !rest[q..].starts_with('"') {
                        continue;
                    }
                    &rest[q + 1..]
                };
                if let Some(end) = rest.find('"')
                    && rest[end..].starts_with(after)
                {
                    names.extend(parts(&rest[..end]));
                }
            }
        }
        Ident { before } => {
            for (at, _) in text.match_indices(before) {
                let rest = &text[at + before.len()..];
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                names.insert(rest[..end].to_string());
            }
        }
        SerdeFields => names.extend(serde_fields(text)),
    }
    names
}

/// The fields of the structs `text` derives `Deserialize` for with `deny_unknown_fields` (the
/// keys of a TOML file whose unknown keys are refused).
fn serde_fields(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].trim();
        if l.starts_with("#[derive(") && l.contains("Deserialize") {
            // Past the struct's other attributes to its `struct Name {` line.
            let mut j = i + 1;
            // A struct read from another type (`#[serde(try_from = "String")]`) has no keys.
            // Only the structs of a file whose unknown keys are refused: those are its keys
            // (a struct that also serialises a summary is no file's).
            let mut converted = false;
            let mut strict = false;
            while j < lines.len() && lines[j].trim().starts_with("#[") {
                converted |= lines[j].contains("from = ");
                strict |= lines[j].contains("deny_unknown_fields");
                j += 1;
            }
            let head = lines.get(j).map_or("", |l| l.trim());
            let is_struct = head.starts_with("struct ")
                || head.starts_with("pub struct ")
                || head.starts_with("pub(crate) struct ");
            if is_struct && strict && !converted && head.ends_with('{') {
                let mut rename: Option<String> = None;
                let mut skip = false;
                j += 1;
                while j < lines.len() && lines[j].trim() != "}" {
                    let f = lines[j].trim();
                    if let Some(r) = f.strip_prefix("#[serde(rename = \"") {
                        rename = r.split('"').next().map(str::to_string);
                    } else if f.starts_with("#[serde(skip") {
                        // Not read from the file: the next field is no key.
                        skip = true;
                    } else if !f.starts_with("//") && !f.starts_with("#[") {
                        let f = f
                            .trim_start_matches("pub(crate) ")
                            .trim_start_matches("pub ");
                        if let Some((name, _)) = f.split_once(':')
                            && !name.is_empty()
                            && name
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                        {
                            let key = rename.take().unwrap_or_else(|| name.to_string());
                            if !std::mem::take(&mut skip) {
                                names.insert(key);
                            }
                        }
                    }
                    j += 1;
                }
            }
            i = j;
        }
        i += 1;
    }
    names
}

#[test]
fn serde_fields_are_the_keys_of_a_toml_file() {
    let text = r#"
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct M {
    /// Doc.
    pub units: CodeMap,
    #[serde(rename = "Resources")]
    resources: Vec<u8>,
    #[serde(skip)]
    base_dir: PathBuf,
}
#[derive(Debug, Serialize, Deserialize)]
struct Summary {
    counts: u8,
}
#[derive(Deserialize)]
#[serde(try_from = "String")]
struct Path {
    text: String,
}
"#;
    let names: Vec<String> = serde_fields(text).into_iter().collect();
    assert_eq!(names, ["Resources", "units"]);
}

#[test]
fn every_format_chapter_lists_exactly_the_names_its_reader_reads() {
    let mut problems = Vec::new();
    for reader in READERS {
        let doc = chapter_names(reader.chapter, reader.table);
        let mut code = BTreeSet::new();
        for (file, shapes) in reader.sources {
            let text = std::fs::read_to_string(root().join(file)).unwrap();
            let before = code.len();
            for shape in *shapes {
                code.extend(source_names(&text, shape));
            }
            assert!(
                code.len() > before,
                "{}: no names found in {file}: has the reader's code changed shape? \
                 (see the shapes in tests/it/book/formats.rs)",
                reader.table
            );
        }
        let only_doc: Vec<&String> = doc.difference(&code).collect();
        let only_code: Vec<&String> = code.difference(&doc).collect();
        if !only_doc.is_empty() {
            problems.push(format!(
                "docs/src/{} ({}) lists what the reader does not read: {only_doc:?}",
                reader.chapter, reader.table
            ));
        }
        if !only_code.is_empty() {
            problems.push(format!(
                "docs/src/{} ({}) leaves out what the reader reads: {only_code:?}",
                reader.chapter, reader.table
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
