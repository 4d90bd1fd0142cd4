//! How big an input and its values may be: the bounds every reader holds its input to, in one
//! place, and [`BoundedInput`], which holds a byte stream to them as it is read.
//!
//! No export a real HR or competence system writes comes near these bounds; an input that
//! passes them is broken or hostile, and is refused with a located problem before it costs
//! seconds or gigabytes.
//!
//! - [`MAX_VALUE_CHARS`]: one value (an attribute, an element's text, a CSV cell): a name, a
//!   code, a date, a level's description.
//! - [`MAX_RUN_BYTES`]: the longest stretch of an XML input without `<` or `>` (a text node or
//!   a tag), or of a CSV input without a line break; bounds what a parser buffers at once.
//! - [`SNIFF_BYTES`]: how much of an XML input that does not begin with `<` is read before it
//!   is refused as not XML.
//! - [`MAX_WHOLE_INPUT_BYTES`]: the largest input that is read whole (CSV).
//! - A NUL byte is refused at once: no text format the registry reads holds one.

use std::io::{self, BufRead, Read};

/// The most characters one value of an input may have (a name, a code, a description).
pub const MAX_VALUE_CHARS: usize = 1000;

/// The longest stretch of bytes without markup (XML) or a line break (CSV).
pub const MAX_RUN_BYTES: u64 = 1 << 20;

/// The largest input read whole into memory (a CSV file, whose delimiter and encoding are
/// worked out over all of it).
pub const MAX_WHOLE_INPUT_BYTES: u64 = 512 << 20;

/// How many bytes of an XML input that does not begin with `<` (after a byte order mark and
/// whitespace) are read: enough for the reader to quote it and refuse it as not XML.
pub const SNIFF_BYTES: u64 = 4096;

/// Whether `value` has more than [`MAX_VALUE_CHARS`] characters (counted only when its bytes
/// could be that many).
#[inline]
pub fn is_too_long(value: &str) -> bool {
    value.len() > MAX_VALUE_CHARS && value.chars().count() > MAX_VALUE_CHARS
}

/// The problem with a value longer than [`MAX_VALUE_CHARS`]; `what` names it (`name`, "the
/// text").
pub fn too_long(what: &str) -> String {
    format!(
        "{what} is longer than {MAX_VALUE_CHARS} characters: no value is that long, the file is \
         damaged or not an export"
    )
}

/// What the stream is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// XML: begins with `<` (after a byte order mark and whitespace), no run of more than
    /// [`MAX_RUN_BYTES`] without `<` or `>`.
    Xml,
    /// Lines of text (CSV): no line longer than [`MAX_RUN_BYTES`].
    Lines,
}

/// A byte stream held to the bounds of [`Shape`] as it is read ([`Read`] or [`BufRead`]): a NUL
/// byte or an overlong run is a read error (`InvalidData`) naming the byte offset, at the read
/// that meets it, so an endless or huge input is refused after at most [`MAX_RUN_BYTES`]. An
/// XML stream that does not begin with `<` ends (as if at its end) after [`SNIFF_BYTES`], so
/// that the reader refuses what it read as text before the root element.
///
/// ```
/// use std::io::Read;
/// use skillreg_core::limits::{BoundedInput, Shape};
///
/// let mut text = String::new();
/// BoundedInput::new(&b"\xEF\xBB\xBF <a>x</a>"[..], Shape::Xml).read_to_string(&mut text)?;
/// assert!(text.ends_with("<a>x</a>"));
///
/// let mut zeros = BoundedInput::new(std::io::repeat(0), Shape::Xml);
/// let err = zeros.read_to_end(&mut Vec::new()).unwrap_err();
/// assert!(err.to_string().contains("NUL byte at byte 0"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct BoundedInput<R> {
    inner: R,
    /// `BufRead`: bytes at the start of the inner buffer already checked.
    checked: usize,
    /// What was seen so far (apart from `inner`, so that the inner buffer is checked in place).
    bounds: Bounds,
}

/// What [`BoundedInput`] has seen of its input so far.
#[derive(Debug)]
struct Bounds {
    shape: Shape,
    /// Bytes checked so far.
    offset: u64,
    /// Bytes since the last `<`, `>` (XML) or line break (lines).
    run: u64,
    /// XML: whether the first byte that is not a byte order mark or whitespace was seen, and
    /// whether it was `<`.
    first: Option<bool>,
    /// XML that begins with a UTF-16 byte order mark.
    utf16: bool,
}

impl<R> BoundedInput<R> {
    /// Holds `inner` to the bounds of `shape`.
    pub fn new(inner: R, shape: Shape) -> BoundedInput<R> {
        BoundedInput {
            inner,
            checked: 0,
            bounds: Bounds {
                shape,
                offset: 0,
                run: 0,
                first: None,
                utf16: false,
            },
        }
    }
}

impl Bounds {
    /// How many of `bytes` (the next ones of the stream, at most [`BLOCK`] of them, so that a
    /// run within them cannot exceed [`MAX_RUN_BYTES`] unnoticed) may be handed on: all of them, or
    /// fewer once an XML stream that is not XML has reached [`SNIFF_BYTES`]. An error for a
    /// NUL byte or an overlong run.
    fn check(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.offset == 0
            && self.shape == Shape::Xml
            && (bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF"))
        {
            // UTF-16, where NUL bytes are text: what the reader needs to refuse its encoding is
            // at the start.
            self.utf16 = true;
            self.first = Some(false);
        }
        if let Some(at) = memchr::memchr(0, bytes).filter(|_| !self.utf16) {
            return Err(invalid(format!(
                "a NUL byte at byte {}: this is not a text file (a binary or damaged file?)",
                self.offset + at as u64
            )));
        }
        let mut n = bytes.len();
        if self.shape == Shape::Xml && self.first.is_none() {
            let bom = b"\xEF\xBB\xBF";
            let start = bytes.iter().enumerate().position(|(i, b)| {
                let at = self.offset + i as u64;
                let in_bom = at < 3 && bom.get(at as usize) == Some(b);
                !in_bom && !b.is_ascii_whitespace()
            });
            if let Some(i) = start {
                self.first = Some(bytes.get(i) == Some(&b'<'));
            }
        }
        if self.first == Some(false) {
            n = n.min(SNIFF_BYTES.saturating_sub(self.offset) as usize);
        }
        let bytes = bytes.get(..n).unwrap_or_default();
        let last_break = match self.shape {
            Shape::Xml => memchr::memrchr2(b'<', b'>', bytes),
            Shape::Lines => memchr::memrchr2(b'\n', b'\r', bytes),
        };
        self.run = match last_break {
            Some(i) => (bytes.len() - i - 1) as u64,
            None => self.run + bytes.len() as u64,
        };
        if self.run > MAX_RUN_BYTES {
            let what = match self.shape {
                Shape::Xml => "text or a tag",
                Shape::Lines => "a line",
            };
            return Err(invalid(format!(
                "{what} of more than {MAX_RUN_BYTES} bytes before byte {}: no value is that \
                 long, the file is damaged or not an export",
                self.offset + n as u64
            )));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// The most bytes checked at once.
const BLOCK: usize = 1 << 16;

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

impl<R: Read> Read for BoundedInput<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.bounds.first == Some(false) && self.bounds.offset >= SNIFF_BYTES {
            return Ok(0);
        }
        // In blocks, so that a run is measured within one (see `check`).
        let len = buf.len().min(BLOCK);
        let buf = buf.get_mut(..len).unwrap_or_default();
        let n = self.inner.read(buf)?;
        self.bounds.check(buf.get(..n).unwrap_or_default())
    }
}

impl<R: BufRead> BufRead for BoundedInput<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.bounds.first == Some(false)
            && self.bounds.offset >= SNIFF_BYTES
            && self.checked == 0
        {
            return Ok(&[]);
        }
        let checked = self.checked;
        let buffer = self.inner.fill_buf()?;
        // In blocks, so that a run is measured within one (see `check`): an input in memory is
        // one buffer of any size. Checked where it lies, not copied.
        let available = buffer.len().min(checked + BLOCK);
        if available > checked {
            let n = self
                .bounds
                .check(buffer.get(checked..available).unwrap_or_default())?;
            self.checked = checked + n;
        }
        Ok(buffer.get(..self.checked).unwrap_or_default())
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.checked);
        self.checked -= amount;
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], shape: Shape) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        BoundedInput::new(bytes, shape).read_to_end(&mut out)?;
        // The same through BufRead, in small blocks.
        let mut buffered = Vec::new();
        let mut input = BoundedInput::new(io::BufReader::with_capacity(7, bytes), shape);
        loop {
            let block = input.fill_buf()?.to_vec();
            if block.is_empty() {
                break;
            }
            input.consume(block.len());
            buffered.extend(block);
        }
        assert_eq!(out, buffered);
        Ok(out)
    }

    #[test]
    fn xml_passes_whole() {
        let xml = b"\xEF\xBB\xBF\n  <?xml version=\"1.0\"?><a b=\"c\">text</a>\n";
        assert_eq!(read_all(xml, Shape::Xml).unwrap(), xml);
        assert_eq!(
            read_all(b"a;b\n1;2\n", Shape::Lines).unwrap(),
            b"a;b\n1;2\n"
        );
    }

    #[test]
    fn nul_byte_is_refused_with_its_offset() {
        let err = read_all(b"<a>x\0</a>", Shape::Xml).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("NUL byte at byte 4"), "{err}");
        assert!(read_all(b"a;b\n\0", Shape::Lines).is_err());
    }

    #[test]
    fn not_xml_ends_after_the_sniffed_bytes() {
        let utf16 = [b"\xFF\xFE<\0".repeat(2000), b"\0".repeat(10)].concat();
        assert_eq!(
            read_all(&utf16, Shape::Xml).unwrap().len(),
            SNIFF_BYTES as usize
        );
        let text = vec![b'x'; 3 * SNIFF_BYTES as usize];
        let read = read_all(&text, Shape::Xml).unwrap();
        assert_eq!(read.len(), SNIFF_BYTES as usize);
        // Lines are not sniffed.
        let lines = text.iter().chain(b"\n").copied().collect::<Vec<_>>();
        assert_eq!(read_all(&lines, Shape::Lines).unwrap().len(), lines.len());
    }

    #[test]
    fn overlong_run_is_refused() {
        let mut xml = b"<a>".to_vec();
        xml.extend(std::iter::repeat_n(b'x', MAX_RUN_BYTES as usize + 1));
        let err = read_all(&xml, Shape::Xml).unwrap_err();
        assert!(
            err.to_string().contains("text or a tag of more than"),
            "{err}"
        );
        // Just within the bound it passes.
        xml.truncate(3 + MAX_RUN_BYTES as usize);
        xml.extend(b"</a>");
        assert_eq!(read_all(&xml, Shape::Xml).unwrap(), xml);
    }

    #[test]
    fn endless_zeros_are_refused_at_the_first_read() {
        let mut input = BoundedInput::new(io::repeat(0), Shape::Lines);
        assert!(input.read(&mut [0; 64]).is_err());
    }
}
