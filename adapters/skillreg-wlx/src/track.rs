//! A `BufRead` wrapper that hashes every byte the parser consumes and tells the line and column
//! of positions at (or a little before) the consumption point, in constant memory.

use std::io::{self, BufRead, Read};

use skillreg_xmlin::{UTF8_BOM, count_chars, count_newlines};

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
///
/// The parser consumes a few bytes at a time. Rather than hashing and counting each piece as it
/// goes, the tracker hands what the parser consumed on to the inner reader only once the parser
/// has consumed the inner reader's whole buffer (a *block*). Until then the bytes are still in
/// that buffer: the block is hashed in one go when it is done, and lines and columns are counted
/// only as far as a position is asked for (the rest when the block is done). The parser sees
/// exactly the bytes, in the same pieces, that the inner reader hands out.
pub(crate) struct Tracker<R> {
    inner: R,
    hasher: blake3::Hasher,
    /// Bytes of small blocks not yet hashed: blake3 is fastest on large blocks.
    pending: Vec<u8>,
    /// Offset in the input of the current block (all bytes before it have been consumed,
    /// hashed, counted and handed back to the inner reader).
    block_start: u64,
    /// Bytes of the current block the parser has consumed.
    taken: usize,
    /// Length of the current block, as last handed to the parser.
    available: usize,
    /// Bytes of the current block counted in `line` and `chars_in_line` (at most `taken`).
    counted: usize,
    bom_len: u64,
    /// 1-based line at `block_start + counted`.
    line: u64,
    /// Characters between the start of the line and `block_start + counted`.
    chars_in_line: u64,
    /// The last bytes of the blocks before the current one.
    recent: [u8; RECENT],
    utf8: bool,
    /// Where the last marked event starts, as the parser counts it, and how much had been
    /// consumed then; `None` once `marked` has been worked out.
    mark: Option<(u64, u64)>,
    /// The position of the last mark.
    marked: Pos,
    /// False once the parser consumed more than it was handed; the digest is then not
    /// trustworthy.
    faithful: bool,
}

impl<R: BufRead> Tracker<R> {
    pub(crate) fn new(inner: R) -> Tracker<R> {
        Tracker {
            inner,
            hasher: blake3::Hasher::new(),
            pending: Vec::new(),
            block_start: 0,
            taken: 0,
            available: 0,
            counted: 0,
            bom_len: 0,
            line: 1,
            chars_in_line: 0,
            recent: [0; RECENT],
            utf8: true,
            mark: None,
            marked: Pos {
                line: 1,
                column: Some(1),
            },
            faithful: true,
        }
    }

    /// Count columns in bytes (single-byte encodings) rather than UTF-8 characters, from the
    /// consumption point on.
    pub(crate) fn set_single_byte(&mut self, single_byte: bool) {
        // What was consumed so far counts as it did when it was consumed.
        self.resolve_mark();
        self.count_to(self.taken);
        self.utf8 = !single_byte;
    }

    /// Whether the input starts with a UTF-8 byte order mark.
    pub(crate) fn has_bom(&self) -> bool {
        self.bom_len > 0
    }

    fn consumed(&self) -> u64 {
        self.block_start + self.taken as u64
    }

    /// Notes that an event starts at `offset`, a position as the XML parser counts it (without
    /// the BOM). [`Tracker::marked_pos`] then tells its line and column, worked out only if
    /// asked for: most events (the whitespace between elements) are never located.
    pub(crate) fn mark(&mut self, offset: u64) {
        self.mark = Some((offset, self.consumed()));
    }

    /// Line and column of the last [`Tracker::mark`], as [`Tracker::pos_at`] tells them for
    /// the consumption point when the mark was made.
    pub(crate) fn marked_pos(&mut self) -> Pos {
        self.resolve_mark();
        self.marked
    }

    /// Works out the position of a pending mark. Done before the bytes it needs are handed back
    /// or counted further: the mark was made at the consumption point of its time, in the
    /// current block.
    fn resolve_mark(&mut self) {
        if let Some((offset, consumed)) = self.mark.take() {
            self.marked = self.pos_at(offset, consumed);
        }
    }

    /// Line and column of `offset`, at the consumption point.
    #[cfg(test)]
    pub(crate) fn pos(&mut self, offset: u64) -> Pos {
        self.resolve_mark();
        self.pos_at(offset, self.consumed())
    }

    /// Line and column of `offset` (as the parser counts it) when `consumed` bytes had been
    /// consumed (not counted beyond yet, in the current block). Exact for positions at or a few
    /// bytes before that consumption point; for positions further back, the line of the
    /// consumption point without a column.
    fn pos_at(&mut self, offset: u64, consumed: u64) -> Pos {
        let upto = usize::try_from(consumed.saturating_sub(self.block_start)).unwrap_or(usize::MAX);
        self.count_to(upto);
        let at = offset.saturating_add(self.bom_len);
        let Some(back) = consumed.checked_sub(at).filter(|b| *b > 0) else {
            return Pos {
                line: self.line,
                column: Some(self.chars_in_line + 1),
            };
        };
        // Only the last `RECENT` bytes (or all, if fewer were consumed) are at hand.
        if back > consumed.min(RECENT as u64) {
            return Pos {
                line: self.line,
                column: None,
            };
        }
        // The `back` bytes before the consumption point: in the current block, or partly in the
        // blocks before it.
        let back = back as usize;
        let block = head(&mut self.inner, upto).unwrap_or_default();
        let (n_newlines, n_chars) = if back <= block.len() {
            let bytes = &block[block.len() - back..];
            (count_newlines(bytes), count_chars(self.utf8, bytes))
        } else {
            let mut last = [0; RECENT];
            let from_recent = back - block.len();
            last[..from_recent].copy_from_slice(&self.recent[RECENT - from_recent..]);
            last[from_recent..back].copy_from_slice(block);
            let bytes = &last[..back];
            (count_newlines(bytes), count_chars(self.utf8, bytes))
        };
        if n_newlines > 0 {
            return Pos {
                line: self.line.saturating_sub(n_newlines),
                column: None,
            };
        }
        Pos {
            line: self.line,
            column: Some(self.chars_in_line.saturating_sub(n_chars).saturating_add(1)),
        }
    }

    /// Counts lines and characters up to `upto` in the current block (at most `taken`).
    fn count_to(&mut self, upto: usize) {
        if self.counted >= upto {
            return;
        }
        let Some(block) = head(&mut self.inner, upto) else {
            self.faithful = false;
            return;
        };
        let bytes = &block[self.counted..];
        match memchr::memrchr(b'\n', bytes) {
            Some(i) => {
                self.line += count_newlines(bytes);
                self.chars_in_line = count_chars(self.utf8, &bytes[i + 1..]);
            }
            None => self.chars_in_line += count_chars(self.utf8, bytes),
        }
        self.counted = upto;
    }

    /// The parser consumed the whole current block: hash it, count it, keep its last bytes and
    /// hand it back to the inner reader.
    fn finish_block(&mut self) {
        self.resolve_mark();
        self.count_to(self.taken);
        match head(&mut self.inner, self.taken) {
            Some(bytes) => {
                if self.pending.len() + bytes.len() > HASH_BLOCK {
                    self.hasher.update(&self.pending);
                    self.pending.clear();
                }
                if bytes.len() >= HASH_BLOCK {
                    self.hasher.update(bytes);
                } else {
                    self.pending.extend_from_slice(bytes);
                }
                remember(&mut self.recent, bytes);
            }
            None => self.faithful = false,
        }
        self.inner.consume(self.taken);
        self.block_start += self.taken as u64;
        self.taken = 0;
        self.available = 0;
        self.counted = 0;
    }

    /// What the current block holds that the parser has not consumed, without reading: empty
    /// when the parser consumed all it was handed (`fill_buf` would read then).
    pub(crate) fn buffered(&mut self) -> &[u8] {
        if self.taken >= self.available {
            return &[];
        }
        head(&mut self.inner, self.available).map_or(&[], |block| &block[self.taken..])
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

    /// The blake3 hex of the input, once it has been read through ([`Tracker::drain`]), if the
    /// parser behaved.
    pub(crate) fn digest(&self) -> Option<String> {
        let mut hasher = self.hasher.clone();
        hasher.update(&self.pending);
        self.faithful
            .then(|| hasher.finalize().to_hex().to_string())
    }
}

/// The first `n` bytes of the inner reader's buffer, which holds at least that many bytes not
/// handed back to it: this does not read. `None` if the reader does not keep its buffer.
fn head<R: BufRead>(inner: &mut R, n: usize) -> Option<&[u8]> {
    if n == 0 {
        return Some(&[]);
    }
    inner.fill_buf().ok().and_then(|block| block.get(..n))
}

/// Keeps the last `RECENT` bytes of what was consumed.
fn remember(recent: &mut [u8; RECENT], bytes: &[u8]) {
    if bytes.len() >= RECENT {
        recent.copy_from_slice(&bytes[bytes.len() - RECENT..]);
    } else {
        recent.copy_within(bytes.len().., 0);
        recent[RECENT - bytes.len()..].copy_from_slice(bytes);
    }
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
        if self.taken > 0 && self.taken >= self.available {
            self.finish_block();
        }
        // While the block has not been handed back, the inner reader returns it again.
        let block = self.inner.fill_buf()?;
        self.available = block.len();
        Ok(block.get(self.taken..).unwrap_or_default())
    }

    fn consume(&mut self, amt: usize) {
        if amt == 0 {
            return;
        }
        if self.taken + amt > self.available {
            // More than was handed out: hand it all back, unhashed and uncounted.
            self.faithful = false;
            let beyond = self.taken + amt - self.available;
            self.taken = self.available;
            self.finish_block();
            self.inner.consume(beyond);
            self.block_start += beyond as u64;
            return;
        }
        if self.consumed() == 0 {
            self.resolve_mark();
            // A byte order mark is consumed on its own, first.
            if head(&mut self.inner, amt).is_some_and(|bytes| bytes.starts_with(UTF8_BOM)) {
                self.bom_len = UTF8_BOM.len() as u64;
                self.counted = UTF8_BOM.len();
            }
        }
        self.taken += amt;
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

    #[test]
    fn positions_across_blocks() {
        // Blocks of 4 bytes: "ab\n" + the first byte of `å`, the rest of `å` and `ä` and the
        // first byte of `ö`, then the rest of `ö`, "<x\n", then "y".
        let input = "ab\nåäö<x\ny".as_bytes();
        let mut t = Tracker::new(io::BufReader::with_capacity(4, input));
        fn step<R: BufRead>(t: &mut Tracker<R>, n: usize) {
            let available = t.fill_buf().map(<[u8]>::len).unwrap_or(0);
            assert!(available >= n);
            t.consume(n);
        }
        for n in [3, 1, 4] {
            step(&mut t, n);
        }
        // A new block: the byte before it is in the one before.
        assert!(t.fill_buf().is_ok());
        let first_of_ö = Pos {
            line: 2,
            column: Some(3),
        };
        assert_eq!(t.pos(7), first_of_ö);
        t.mark(7);
        step(&mut t, 2);
        assert_eq!(t.marked_pos(), first_of_ö);
        // "ab\nåäö<" consumed.
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
        // A mark is worked out before its block is handed back.
        t.mark(10);
        step(&mut t, 2);
        step(&mut t, 1);
        assert_eq!(
            t.marked_pos(),
            Pos {
                line: 2,
                column: Some(5)
            }
        );
        assert_eq!(
            t.pos(13),
            Pos {
                line: 3,
                column: Some(2)
            }
        );
        assert!(t.drain().is_ok());
        assert_eq!(t.digest(), Some(blake3::hash(input).to_hex().to_string()));
    }
}
