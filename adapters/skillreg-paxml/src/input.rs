//! A `BufRead` over the raw file that hashes every byte (blake3), strips a UTF-8 byte order
//! mark, counts lines and columns up to the point the parser has consumed, and notices text that
//! is UTF-8 although the file is being read in a single-byte encoding.

use std::io::{self, BufRead, Read};

use skillreg_xmlin::{UTF8_BOM, count_chars, count_newlines};
const BLOCK: usize = 1 << 16;

/// A line and a column (in characters), both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub(crate) line: u64,
    pub(crate) column: u64,
}

/// The first UTF-8 encoded character (U+00A0 or above) met while reading a single-byte file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Utf8Seen {
    pub(crate) pos: Pos,
    pub(crate) bytes: [u8; 4],
    pub(crate) len: usize,
}

impl Utf8Seen {
    /// The bytes as UTF-8 (the character the producer meant).
    pub(crate) fn meant(&self) -> String {
        String::from_utf8_lossy(self.bytes.get(..self.len).unwrap_or_default()).into_owned()
    }
}

pub(crate) struct Input<R> {
    inner: R,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    eof: bool,
    started: bool,
    has_bom: bool,
    hasher: blake3::Hasher,
    /// Position of the consumption point.
    pos: Pos,
    single_byte: bool,
    /// A UTF-8 multi-byte sequence cut by the end of what was consumed (single-byte files).
    pending: Pending,
    utf8_seen: Option<Utf8Seen>,
}

impl<R: Read> Input<R> {
    pub(crate) fn new(inner: R) -> Input<R> {
        Input {
            inner,
            buf: vec![0; BLOCK].into_boxed_slice(),
            start: 0,
            end: 0,
            eof: false,
            started: false,
            has_bom: false,
            hasher: blake3::Hasher::new(),
            pos: Pos { line: 1, column: 1 },
            single_byte: false,
            pending: Pending::default(),
            utf8_seen: None,
        }
    }

    /// Where the parser has consumed up to.
    pub(crate) fn pos(&self) -> Pos {
        self.pos
    }

    /// What is buffered after the consumption point, without reading more.
    pub(crate) fn buffered(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or_default()
    }

    pub(crate) fn has_bom(&mut self) -> bool {
        // The mark is looked for on the first fill.
        let _ = self.fill_buf();
        self.has_bom
    }

    /// Counts columns in bytes from here on (and watches for UTF-8 text).
    pub(crate) fn set_single_byte(&mut self) {
        self.single_byte = true;
    }

    /// The first UTF-8 encoded character met since [`Input::set_single_byte`].
    pub(crate) fn utf8_seen(&self) -> Option<Utf8Seen> {
        self.utf8_seen
    }

    /// Reads the rest of the input (so that the digest covers it).
    pub(crate) fn drain(&mut self) -> io::Result<()> {
        loop {
            let n = self.fill_buf()?.len();
            if n == 0 {
                return Ok(());
            }
            // Consumed without counting: nobody asks for positions after this.
            self.start = self.end;
        }
    }

    /// The blake3 hex of every byte read, once the input has been read through.
    pub(crate) fn digest(&self) -> Option<String> {
        self.eof
            .then(|| self.hasher.finalize().to_hex().to_string())
    }

    fn refill(&mut self) -> io::Result<()> {
        while self.start == self.end && !self.eof {
            match self.inner.read(&mut self.buf) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    let block = self.buf.get(..n).unwrap_or_default();
                    self.hasher.update(block);
                    self.start = 0;
                    self.end = n;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Counts lines and columns over the next `consumed` bytes and watches them for UTF-8.
    fn count(&mut self, consumed: usize) {
        let end = (self.start + consumed).min(self.end);
        let Some(bytes) = self.buf.get(self.start..end) else {
            return;
        };
        if self.single_byte && self.utf8_seen.is_none() {
            self.utf8_seen = watch(bytes, self.pos, &mut self.pending);
        }
        self.pos = advance(self.pos, bytes, self.single_byte);
        self.start = end;
    }
}

/// `pos` moved over `bytes`: lines counted, columns in characters (bytes if `single_byte`).
fn advance(pos: Pos, bytes: &[u8], single_byte: bool) -> Pos {
    let chars = |b: &[u8]| count_chars(!single_byte, b);
    // The parser consumes a few bytes at a time: memrchr finds the last line feed in a few
    // instructions, where a loop over the bytes took one round per byte.
    match memchr::memrchr(b'\n', bytes) {
        Some(last) => {
            let n_lines = count_newlines(bytes);
            Pos {
                line: pos.line + n_lines,
                column: 1 + chars(bytes.get(last + 1..).unwrap_or_default()),
            }
        }
        None => Pos {
            line: pos.line,
            column: pos.column + chars(bytes),
        },
    }
}

/// A UTF-8 sequence cut by the end of a piece of input: its bytes so far, how many more it
/// needs, and where it starts.
#[derive(Debug, Clone, Copy, Default)]
struct Pending {
    bytes: [u8; 4],
    len: usize,
    need: usize,
    pos: Option<Pos>,
}

/// The first UTF-8 encoded character (U+00A0 or above) in `bytes`, which start at `pos`, taking
/// a sequence `pending` from the piece before into account and leaving one cut at the end in
/// it.
fn watch(bytes: &[u8], pos: Pos, pending: &mut Pending) -> Option<Utf8Seen> {
    // Nearly every piece the parser consumes is ASCII, which `is_ascii` tells a word at a time.
    if pending.need == 0 && bytes.is_ascii() {
        return None;
    }
    let mut from = 0;
    if pending.need > 0 {
        let carried = std::mem::take(pending);
        let mut seq = carried.bytes;
        let mut len = carried.len;
        let mut need = carried.need;
        while need > 0 {
            match bytes.get(from) {
                Some(b) if (0x80..=0xBF).contains(b) => {
                    if let Some(slot) = seq.get_mut(len) {
                        *slot = *b;
                    }
                    len += 1;
                    need -= 1;
                    from += 1;
                }
                Some(_) => break,
                None => {
                    *pending = Pending {
                        bytes: seq,
                        len,
                        need,
                        pos: carried.pos,
                    };
                    return None;
                }
            }
        }
        if need == 0
            && let Some(pos) = carried.pos
            && let Some(seen) = utf8_char(seq, len, pos)
        {
            return Some(seen);
        }
    }
    while let Some(i) = bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|b| (0xC2..=0xF4).contains(b)))
        .map(|i| from + i)
    {
        let lead = bytes.get(i).copied().unwrap_or_default();
        let need = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            _ => 3,
        };
        let rest = bytes.get(i + 1..).unwrap_or_default();
        let n_cont = rest
            .iter()
            .take(need)
            .take_while(|b| (0x80..=0xBF).contains(*b))
            .count();
        let lead_pos = || advance(pos, bytes.get(..i).unwrap_or_default(), true);
        let mut seq = [lead, 0, 0, 0];
        for (slot, b) in seq.iter_mut().skip(1).zip(rest.iter().take(n_cont)) {
            *slot = *b;
        }
        if n_cont == need {
            if let Some(seen) = utf8_char(seq, need + 1, lead_pos()) {
                return Some(seen);
            }
        } else if n_cont == rest.len() {
            // Cut by the end of this piece.
            *pending = Pending {
                bytes: seq,
                len: n_cont + 1,
                need: need - n_cont,
                pos: Some(lead_pos()),
            };
            return None;
        }
        from = i + 1;
    }
    None
}

/// The sequence `seq[..len]` at `pos` if it is the UTF-8 encoding of a character U+00A0 or
/// above (as in the names of people, places and job titles).
fn utf8_char(seq: [u8; 4], len: usize, pos: Pos) -> Option<Utf8Seen> {
    let text = std::str::from_utf8(seq.get(..len)?).ok()?;
    let c = text.chars().next()?;
    (c >= '\u{A0}').then_some(Utf8Seen {
        pos,
        bytes: seq,
        len,
    })
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.refill()?;
        if !self.started {
            self.started = true;
            // Read until the three bytes of a mark could be seen (or the input ends).
            while self.end - self.start < UTF8_BOM.len() && !self.eof {
                self.compact_and_read()?;
            }
            let head = self.buf.get(self.start..self.end).unwrap_or_default();
            if head.starts_with(UTF8_BOM) {
                self.has_bom = true;
                self.start += UTF8_BOM.len();
                self.refill()?;
            }
        }
        Ok(self.buf.get(self.start..self.end).unwrap_or_default())
    }

    fn consume(&mut self, amt: usize) {
        self.count(amt);
    }
}

impl<R: Read> Input<R> {
    /// Moves what is buffered to the front and reads more after it.
    fn compact_and_read(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        loop {
            let Some(free) = self.buf.get_mut(self.end..) else {
                return Ok(());
            };
            match self.inner.read(free) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    let block = self.buf.get(self.end..self.end + n).unwrap_or_default();
                    self.hasher.update(block);
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consume_all(input: &mut Input<&[u8]>) -> Vec<u8> {
        consume_in(input, 3)
    }

    fn consume_in(input: &mut Input<&[u8]>, piece: usize) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let chunk = input.fill_buf().map(<[u8]>::to_vec).unwrap_or_default();
            if chunk.is_empty() {
                return out;
            }
            // In small pieces, as a parser would.
            let n = chunk.len().min(piece);
            out.extend_from_slice(&chunk[..n]);
            input.consume(n);
        }
    }

    #[test]
    fn strips_the_mark_hashes_everything_and_counts_characters() {
        let bytes = "\u{FEFF}ab\nÅå\nx".as_bytes();
        let mut input = Input::new(bytes);
        assert!(input.has_bom());
        let read = consume_all(&mut input);
        assert_eq!(read, "ab\nÅå\nx".as_bytes());
        assert_eq!(input.pos(), Pos { line: 3, column: 2 });
        assert_eq!(
            input.digest(),
            Some(blake3::hash(bytes).to_hex().to_string())
        );
    }

    #[test]
    fn a_short_input_without_mark() {
        let mut input = Input::new(&b"<a"[..]);
        assert!(!input.has_bom());
        assert_eq!(consume_all(&mut input), b"<a");
        assert!(
            Input::new(&b""[..])
                .fill_buf()
                .map(<[u8]>::is_empty)
                .unwrap_or(false)
        );
    }

    #[test]
    fn notices_utf8_in_a_single_byte_file() {
        // "MÅN" in UTF-8 on line 2, column 3 when read as ISO-8859-1, whatever the pieces.
        for piece in [1, 2, 3, 4, 100] {
            let mut input = Input::new(&b"x\n\xC3LM\xC3\x85N \xF6"[..]);
            input.set_single_byte();
            consume_in(&mut input, piece);
            let seen = input.utf8_seen().map(|s| (s.pos, s.meant()));
            assert_eq!(
                seen,
                Some((Pos { line: 2, column: 4 }, "Å".to_string())),
                "{piece}"
            );
        }
        // A euro sign (three bytes), cut anywhere.
        for piece in [1, 2, 5] {
            let mut input = Input::new("ab\u{20AC}".as_bytes());
            input.set_single_byte();
            consume_in(&mut input, piece);
            let seen = input.utf8_seen().map(|s| (s.pos, s.meant()));
            assert_eq!(
                seen,
                Some((Pos { line: 1, column: 3 }, "€".to_string())),
                "{piece}"
            );
        }

        // Real ISO-8859-1 text does not look like UTF-8.
        let mut input = Input::new(&b"\xC5berg Str\xF6m \xD6hman S\xE4rskilt"[..]);
        input.set_single_byte();
        consume_all(&mut input);
        assert_eq!(input.utf8_seen(), None);
    }
}
