//! A `BufRead` wrapper that hashes every byte the parser consumes and keeps the line and column
//! of the consumption point, in constant memory.

use std::io::{self, BufRead, Read};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes gathered before they are hashed.
const HASH_BLOCK: usize = 1 << 16;

/// How many of the last consumed bytes are kept, to locate a position slightly behind the
/// consumption point (the parser consumes the `<` of the next tag with the text before it).
const RECENT: usize = 16;

/// A line and (when known) a column, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub(crate) line: u64,
    pub(crate) column: Option<u64>,
}

/// Wraps the input: hashes it (blake3) and counts lines and columns as the parser consumes it.
///
/// Columns count characters: UTF-8 continuation bytes are not counted unless the file is in a
/// single-byte encoding. A UTF-8 byte order mark is not counted.
pub(crate) struct Tracker<R> {
    inner: R,
    hasher: blake3::Hasher,
    /// Consumed bytes not yet hashed: blake3 is fastest on large blocks, and the parser
    /// consumes a few bytes at a time.
    pending: Vec<u8>,
    consumed: u64,
    bom_len: u64,
    /// 1-based line at `consumed`.
    line: u64,
    /// Characters between the start of the line and `consumed`.
    chars_in_line: u64,
    recent: [u8; RECENT],
    n_recent: usize,
    utf8: bool,
    /// False once the inner reader did not hand back what was consumed; the digest is then not
    /// trustworthy.
    faithful: bool,
}

impl<R: BufRead> Tracker<R> {
    pub(crate) fn new(inner: R) -> Tracker<R> {
        Tracker {
            inner,
            hasher: blake3::Hasher::new(),
            pending: Vec::with_capacity(HASH_BLOCK),
            consumed: 0,
            bom_len: 0,
            line: 1,
            chars_in_line: 0,
            recent: [0; RECENT],
            n_recent: 0,
            utf8: true,
            faithful: true,
        }
    }

    /// Count columns in bytes (single-byte encodings) rather than UTF-8 characters.
    pub(crate) fn set_single_byte(&mut self, single_byte: bool) {
        self.utf8 = !single_byte;
    }

    /// Whether the input starts with a UTF-8 byte order mark.
    pub(crate) fn has_bom(&self) -> bool {
        self.bom_len > 0
    }

    /// Line and column of `offset`, a position as the XML parser counts it (without the BOM).
    /// Exact for positions at or a few bytes before the consumption point; for positions further
    /// back, the line of the consumption point without a column.
    pub(crate) fn pos(&self, offset: u64) -> Pos {
        let at = offset.saturating_add(self.bom_len);
        let here = Pos {
            line: self.line,
            column: Some(self.chars_in_line + 1),
        };
        let Some(back) = self.consumed.checked_sub(at).filter(|b| *b > 0) else {
            return here;
        };
        let back = usize::try_from(back).unwrap_or(usize::MAX);
        if back > self.n_recent {
            return Pos {
                line: self.line,
                column: None,
            };
        }
        let bytes = &self.recent[RECENT - back..];
        let n_newlines = count_newlines(bytes) as u64;
        if n_newlines > 0 {
            return Pos {
                line: self.line.saturating_sub(n_newlines),
                column: None,
            };
        }
        Pos {
            line: self.line,
            column: Some(
                self.chars_in_line
                    .saturating_sub(count_chars(self.utf8, bytes))
                    .saturating_add(1),
            ),
        }
    }

    /// Reads and hashes the rest of the input.
    pub(crate) fn drain(&mut self) -> io::Result<()> {
        loop {
            let n = match self.fill_buf() {
                Ok(buf) => buf.len(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                return Ok(());
            }
            self.consume(n);
        }
    }

    /// The blake3 hex of everything consumed, if the inner reader behaved.
    pub(crate) fn digest(&self) -> Option<String> {
        let mut hasher = self.hasher.clone();
        hasher.update(&self.pending);
        self.faithful
            .then(|| hasher.finalize().to_hex().to_string())
    }
}

fn count_chars(utf8: bool, bytes: &[u8]) -> u64 {
    let n = if utf8 {
        bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
    } else {
        bytes.len()
    };
    n as u64
}

/// Keeps the last `RECENT` bytes of what was consumed.
fn remember(recent: &mut [u8; RECENT], n_recent: &mut usize, bytes: &[u8]) {
    if bytes.len() >= RECENT {
        recent.copy_from_slice(&bytes[bytes.len() - RECENT..]);
    } else {
        recent.copy_within(bytes.len().., 0);
        recent[RECENT - bytes.len()..].copy_from_slice(bytes);
    }
    *n_recent = (*n_recent + bytes.len()).min(RECENT);
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

impl<R: BufRead> Read for Tracker<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tracker<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if amt == 0 {
            return;
        }
        // `consume` may only follow a `fill_buf` that returned at least `amt` bytes, and
        // `fill_buf` returns the same buffer without reading while it is not empty.
        let chunk = match self.inner.fill_buf() {
            Ok(buf) if buf.len() >= amt => &buf[..amt],
            _ => {
                self.faithful = false;
                self.inner.consume(amt);
                self.consumed = self.consumed.saturating_add(amt as u64);
                return;
            }
        };
        if self.pending.len() + chunk.len() > HASH_BLOCK {
            self.hasher.update(&self.pending);
            self.pending.clear();
        }
        if chunk.len() >= HASH_BLOCK {
            self.hasher.update(chunk);
        } else {
            self.pending.extend_from_slice(chunk);
        }
        let mut counted = chunk;
        if self.consumed == 0 && counted.starts_with(UTF8_BOM) {
            self.bom_len = UTF8_BOM.len() as u64;
            counted = &counted[UTF8_BOM.len()..];
        }
        let (line, chars_in_line) = match counted.iter().rposition(|b| *b == b'\n') {
            Some(i) => (
                self.line + count_newlines(counted) as u64,
                count_chars(self.utf8, &counted[i + 1..]),
            ),
            None => (
                self.line,
                self.chars_in_line + count_chars(self.utf8, counted),
            ),
        };
        self.line = line;
        self.chars_in_line = chars_in_line;
        remember(&mut self.recent, &mut self.n_recent, chunk);
        self.consumed = self.consumed.saturating_add(amt as u64);
        self.inner.consume(amt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consume_all(t: &mut Tracker<&[u8]>, steps: &[usize]) {
        for &n in steps {
            let _ = t.fill_buf();
            t.consume(n);
        }
    }

    #[test]
    fn counts_lines_and_utf8_columns() {
        let input = "ab\nåäö<x".as_bytes();
        let mut t = Tracker::new(input);
        consume_all(&mut t, &[2, 1, 7]);
        // consumed everything up to and including `<`
        assert_eq!(
            t.pos(10),
            Pos {
                line: 2,
                column: Some(5)
            }
        );
        assert_eq!(
            t.pos(9),
            Pos {
                line: 2,
                column: Some(4)
            }
        );
        assert_eq!(
            t.pos(2),
            Pos {
                line: 1,
                column: None
            }
        );
    }

    #[test]
    fn bom_is_not_a_column() {
        let input = b"\xEF\xBB\xBF<a>";
        let mut t = Tracker::new(&input[..]);
        consume_all(&mut t, &[3, 3]);
        assert_eq!(
            t.pos(3),
            Pos {
                line: 1,
                column: Some(4)
            }
        );
        assert_eq!(
            t.pos(0),
            Pos {
                line: 1,
                column: Some(1)
            }
        );
    }

    #[test]
    fn digest_is_blake3_of_input() {
        let input = b"hello\nworld";
        let mut t = Tracker::new(&input[..]);
        assert!(t.drain().is_ok());
        assert_eq!(t.digest(), Some(blake3::hash(input).to_hex().to_string()));
    }
}
