//! Damaged documents for the property tests of the parsers (each adapter's `tests/it/fuzz.rs`,
//! the CLI's `tests/it/fuzz.rs`) and reading a snapshot through for the AFL++ targets of `fuzz/`: a
//! shipped fixture cut short, with bytes flipped, tokens of its format inserted, spans between
//! markers deleted or repeated; arbitrary bytes; a guard that runs a parser on a thread of its
//! own with a time limit; and an allocator that measures the memory one parse took.
//!
//! ```
//! use skillreg_testkit::mutate::{LIMIT, within};
//!
//! // A parse that panics or does not end within the limit fails the test, naming it.
//! let n = within("a short sum", LIMIT, || 1 + 1);
//! assert_eq!(n, 2);
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use proptest::prelude::*;
use proptest::sample::Index;

/// One way a file gets damaged.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Cut the file off here.
    Truncate(Index),
    /// Replace the byte here.
    Flip(Index, u8),
    /// Insert one of the format's tokens here.
    Insert(Index, Index),
    /// Delete from the i-th marker to the j-th (a whole element, row or member).
    Cut(Index, Index),
    /// Copy from the i-th marker to the j-th and insert it again at the k-th.
    Repeat(Index, Index, Index),
    /// Insert a long run of one byte here (a huge number, a huge name).
    Run(Index, u8, usize),
}

/// Applies `edits` to `doc`; `tokens` are what [`Edit::Insert`] inserts, `marker` the byte
/// that starts an element, row or member.
pub fn apply(doc: &[u8], edits: &[Edit], tokens: &[&[u8]], marker: u8) -> Vec<u8> {
    let mut out = doc.to_vec();
    for edit in edits {
        let len = out.len();
        match edit {
            Edit::Truncate(at) => {
                let at = at.index(len + 1);
                out.truncate(at);
            }
            Edit::Flip(at, byte) => {
                if len > 0 {
                    let at = at.index(len);
                    out[at] = *byte;
                }
            }
            Edit::Insert(at, token) => {
                let at = at.index(len + 1);
                let token = tokens[token.index(tokens.len())];
                out.splice(at..at, token.iter().copied());
            }
            Edit::Cut(from, to) => {
                let marks = markers(&out, marker);
                if !marks.is_empty() {
                    let (a, b) = span(&marks, from, to, len);
                    out.drain(a..b);
                }
            }
            Edit::Repeat(from, to, at) => {
                let marks = markers(&out, marker);
                if !marks.is_empty() {
                    let (a, b) = span(&marks, from, to, len);
                    let copy = out[a..b].to_vec();
                    let at = marks[at.index(marks.len())];
                    out.splice(at..at, copy);
                }
            }
            Edit::Run(at, byte, n) => {
                let at = at.index(len + 1);
                out.splice(at..at, std::iter::repeat_n(*byte, *n));
            }
        }
    }
    out
}

fn markers(doc: &[u8], marker: u8) -> Vec<usize> {
    doc.iter()
        .enumerate()
        .filter(|(_, b)| **b == marker)
        .map(|(i, _)| i)
        .collect()
}

fn span(marks: &[usize], from: &Index, to: &Index, len: usize) -> (usize, usize) {
    let a = from.index(marks.len());
    let b = to.index(marks.len() + 1);
    let (a, b) = (a.min(b), a.max(b));
    let start = marks[a];
    let end = marks.get(b).copied().unwrap_or(len);
    (start, end.max(start))
}

/// One edit; runs of up to `max_run` bytes.
pub fn edit(max_run: usize) -> impl Strategy<Value = Edit> {
    let i = any::<Index>;
    prop_oneof![
        1 => i().prop_map(Edit::Truncate),
        3 => (i(), any::<u8>()).prop_map(|(a, b)| Edit::Flip(a, b)),
        4 => (i(), i()).prop_map(|(a, b)| Edit::Insert(a, b)),
        2 => (i(), i()).prop_map(|(a, b)| Edit::Cut(a, b)),
        2 => (i(), i(), i()).prop_map(|(a, b, c)| Edit::Repeat(a, b, c)),
        1 => (i(), prop::sample::select(&b"9<&\"-a\xC3"[..]), 1..max_run)
            .prop_map(|(a, b, n)| Edit::Run(a, b, n)),
    ]
}

/// One to `max_edits` edits of one of several documents: (which document, the edits).
pub fn damaged(max_edits: usize) -> impl Strategy<Value = (Index, Vec<Edit>)> {
    (
        any::<Index>(),
        prop::collection::vec(edit(4096), 1..=max_edits),
    )
}

/// Arbitrary bytes, up to `max` of them, often starting like a document of the format.
pub fn bytes(prefixes: &'static [&'static [u8]], max: usize) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(prefixes),
        prop::collection::vec(any::<u8>(), 0..max),
    )
        .prop_map(|(prefix, rest)| {
            let mut out = prefix.to_vec();
            out.extend(rest);
            out
        })
}

/// Runs `f` on a thread of its own and waits at most `limit` for it: a panic in `f` is a panic
/// here, naming `what`; so is a parser that does not end in time.
pub fn within<T: Send + 'static>(
    what: &str,
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    let handle = thread::Builder::new()
        .name(format!("parse {what}"))
        .spawn(move || {
            let out = f();
            let _ = tx.send(out);
        })
        .unwrap_or_else(|e| panic!("cannot start a thread: {e}"));
    match rx.recv_timeout(limit) {
        Ok(out) => {
            let _ = handle.join();
            out
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(cause) => {
                let text = cause
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| cause.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("{what} panicked: {text}")
            }
            Ok(()) => panic!("{what} ended without an answer"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} did not end within {limit:?}")
        }
    }
}

/// The time any one parse of a test document may take (they take milliseconds).
pub const LIMIT: Duration = Duration::from_secs(10);

/// Reads a fixture under `fixtures/` of the workspace at `root` (a test passes its
/// `CARGO_MANIFEST_DIR` joined with the way up).
pub fn fixture(root: &str, name: &str) -> Vec<u8> {
    let path = std::path::Path::new(root).join("fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// An allocator that counts, per thread, the bytes held and the most held at once, so that a
/// test can tell how much memory one parse took (`#[global_allocator]` in the test binary).
pub struct Counting;

thread_local! {
    static HELD: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed to the system allocator unchanged; the counters are plain
// thread-local cells (const-initialised, so reading them does not allocate).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        shrink(layout.size());
        grow(new_size);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn grow(n: usize) {
    let _ = HELD.try_with(|held| {
        let now = held.get().saturating_add(n);
        held.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn shrink(n: usize) {
    let _ = HELD.try_with(|held| held.set(held.get().saturating_sub(n)));
}

/// Runs `f` on this thread: its result and the most bytes it held at once (with [`Counting`]
/// as the global allocator).
pub fn peak_memory<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = HELD.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let out = f();
    let peak = PEAK.with(Cell::get).saturating_sub(base);
    (out, peak)
}

/// What reading a whole snapshot gave.
#[derive(Debug, Default)]
pub struct Outcome {
    /// People read.
    pub n_people: usize,
    /// Problems reported (catalog and people).
    pub n_problems: usize,
    /// The first problems, as the user sees them.
    pub problems: Vec<String>,
    /// The error that stopped the source from opening.
    pub error: Option<String>,
}

/// A problem with a location that names a line, or at least the record.
pub fn located(problem: &skillreg_core::Problem) -> bool {
    let at = &problem.location;
    (at.line.is_some() || at.element.is_some()) && !problem.message.is_empty()
}

/// Reads `snapshot` through: the catalog, then people until the end (at most `max_steps`
/// steps, past which the source does not advance), the end, `finish`; every problem must pass
/// `check`.
pub fn drive(
    snapshot: &mut dyn skillreg_core::Snapshot,
    max_steps: usize,
    check: impl Fn(&skillreg_core::Problem) -> bool,
) -> Outcome {
    let mut outcome = Outcome::default();
    let note = |outcome: &mut Outcome, list: &[skillreg_core::Problem]| {
        for p in list {
            assert!(check(p), "a problem without a location: {p:?}");
        }
        outcome.n_problems += list.len();
        outcome
            .problems
            .extend(list.iter().take(10).map(ToString::to_string));
    };
    let _ = snapshot.header();
    let (_, problems) = snapshot.catalog();
    note(&mut outcome, &problems);
    for _ in 0..=max_steps {
        match snapshot.next_person() {
            Ok(Some(_)) => outcome.n_people += 1,
            Ok(None) => {
                assert_eq!(snapshot.next_person(), Ok(None), "the end stays the end");
                let end = snapshot.finish();
                for w in &end.warnings {
                    assert!(check(w), "a warning without a location: {w:?}");
                }
                let _ = snapshot.digest();
                return outcome;
            }
            Err(list) => {
                assert!(!list.is_empty(), "an Err holds at least one problem");
                note(&mut outcome, &list);
            }
        }
    }
    panic!("the source did not end after {max_steps} steps")
}

/// What gets inserted into TOML: brackets, quotes, keys, numbers and dates at the edges.
pub const TOML_TOKENS: &[&[u8]] = &[
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"=",
    b"\"",
    b"'",
    b"\"\"\"",
    b"#",
    b"\n",
    b"\\u{0}",
    b"\\",
    b".",
    b",",
    b"{",
    b"}",
    b"[units]\n",
    b"x = 1\n",
    b"\"a\" = \"b\"\n",
    b"level = 9\n",
    b"level = -1\n",
    b"1e400",
    b"99999999999999999999999",
    b"inf",
    b"nan",
    b"true",
    b"2026-02-30",
    b"1979-05-27T07:32:00Z",
    b"\xC3",
    b"\xEF\xBB\xBF",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"{a={a={a={a={a={a={a={a={a={a={a=1}}}}}}}}}}}",
];

/// What gets inserted into JSON: structure, escapes, numbers at the edges, deep nesting.
pub const JSON_TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"null",
    b"true",
    b"false",
    b"0",
    b"-0",
    b"1e999",
    b"-1",
    b"18446744073709551616",
    b"99999999999999999999999999999",
    b"\\u0000",
    b"\\ud800",
    b"\\",
    b"\xC3",
    b"\xEF\xBB\xBF",
    b"\"id\": \"x\",",
    b"\"active\": \"no\",",
    b"\"totalResults\": 0,",
    b"\"totalResults\": 18446744073709551615,",
    b"\"Resources\": [],",
    b"\"more\": \"/xAPI/statements?p=1\",",
    b"\"more\": \"https://evil.example/x\",",
    b"\"statements\": {},",
    b"\"stored\": \"2026-13-45T99:00:00Z\",",
    b"\"timestamp\": \"+275760-09-13T00:00:00Z\",",
    b"\"employeeNumber\": \"197003121238\",",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}",
];

/// `bytes` with an empty comment after the start tag of every element that holds only text,
/// which makes none of them plain, and how many there were. Start tags keep their place, so
/// the locations of elements stay the same: a reader's fast path for plain text elements
/// (`<fornamn>Anna</fornamn>`) must read both files alike.
pub fn not_plain(bytes: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    let mut changed = 0;
    let mut i = 0;
    while i < bytes.len() {
        out.push(bytes[i]);
        if bytes[i] == b'<' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            // `<name>` directly followed by text (no `<`) and `</name>`.
            let name_len = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let name = &bytes[i + 1..i + 1 + name_len];
            let after = i + 1 + name_len;
            if bytes.get(after) == Some(&b'>') {
                let text_end = bytes[after + 1..]
                    .iter()
                    .position(|b| *b == b'<')
                    .map_or(bytes.len(), |n| after + 1 + n);
                let mut close = b"</".to_vec();
                close.extend_from_slice(name);
                close.push(b'>');
                if bytes[text_end..].starts_with(&close) {
                    out.extend_from_slice(&bytes[i + 1..=after]);
                    out.extend_from_slice(b"<!---->");
                    i = after + 1;
                    changed += 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    (out, changed)
}

/// What `read` makes of `bytes` as they are and of [`not_plain`] of them, the digest of each
/// taken out by `digest` (the files differ, so must their digests): a reader's fast path for
/// plain text elements must make the same of both. Fails unless at least `min_elements` text
/// elements were made not plain.
pub fn read_plain_and_not<T>(
    bytes: &[u8],
    min_elements: usize,
    read: impl Fn(&[u8]) -> T,
    digest: impl Fn(&mut T) -> Option<String>,
) -> (T, T) {
    let (changed, count) = not_plain(bytes);
    assert!(count >= min_elements, "only {count} text elements found");
    let mut plain = read(bytes);
    let mut general = read(&changed);
    let (plain_digest, general_digest) = (digest(&mut plain), digest(&mut general));
    assert_ne!(
        plain_digest, general_digest,
        "the files differ, so do their digests"
    );
    (plain, general)
}
