//! Writing XML into a byte buffer: escaping, numbers, and a sink that hands the buffer on in
//! large chunks and counts the bytes.

use std::io::{self, Write};

/// Appends `s` as character data: `&`, `<` and `>` escaped.
pub(crate) fn text(buf: &mut Vec<u8>, s: &str) {
    escape(buf, s, false);
}

/// Appends `s` as an attribute value in double quotes: `&`, `<`, `>` and `"` escaped.
pub(crate) fn attr(buf: &mut Vec<u8>, s: &str) {
    escape(buf, s, true);
}

fn escape(buf: &mut Vec<u8>, s: &str, quote: bool) {
    let bytes = s.as_bytes();
    let special = |b: u8| b == b'&' || b == b'<' || b == b'>' || (quote && b == b'"');
    if !bytes.iter().any(|&b| special(b)) {
        buf.extend_from_slice(bytes);
        return;
    }
    for &b in bytes {
        match b {
            b'&' => buf.extend_from_slice(b"&amp;"),
            b'<' => buf.extend_from_slice(b"&lt;"),
            b'>' => buf.extend_from_slice(b"&gt;"),
            b'"' if quote => buf.extend_from_slice(b"&quot;"),
            _ => buf.push(b),
        }
    }
}

/// Appends a number in decimal.
pub(crate) fn num(buf: &mut Vec<u8>, n: u64) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends UTF-8 `src` as ISO-8859-1: characters above U+00FF become character references
/// (`&#321;`), which is only right where `src` has them in text or attribute values, as ours do.
pub(crate) fn latin1(buf: &mut Vec<u8>, src: &str) {
    for c in src.chars() {
        let code = u32::from(c);
        if code <= 0xff {
            buf.push(code as u8);
        } else {
            buf.extend_from_slice(b"&#");
            num(buf, u64::from(code));
            buf.push(b';');
        }
    }
}

/// Where the writers put their bytes: a buffer that goes to the inner writer in chunks.
pub(crate) struct Sink<W: Write> {
    inner: W,
    pub(crate) buf: Vec<u8>,
    written: u64,
}

const CHUNK: usize = 1 << 16;

impl<W: Write> Sink<W> {
    pub(crate) fn new(inner: W) -> Self {
        Sink {
            inner,
            buf: Vec::with_capacity(CHUNK + 8192),
            written: 0,
        }
    }

    /// Hands the buffer on once it holds a chunk.
    pub(crate) fn maybe_flush(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.inner.write_all(&self.buf)?;
            self.written += self.buf.len() as u64;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes out the rest, flushes the inner writer and says how many bytes were written.
    pub(crate) fn finish(mut self) -> io::Result<u64> {
        self.inner.write_all(&self.buf)?;
        self.written += self.buf.len() as u64;
        self.inner.flush()?;
        Ok(self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut b = Vec::new();
        attr(&mut b, "Café \"Kärnan\" & <co>");
        assert_eq!(
            String::from_utf8_lossy(&b),
            "Café &quot;Kärnan&quot; &amp; &lt;co&gt;"
        );
        b.clear();
        text(&mut b, "\"Öhman\" & Berg");
        assert_eq!(String::from_utf8_lossy(&b), "\"Öhman\" &amp; Berg");
        b.clear();
        latin1(&mut b, "Åsa Łukasz");
        assert_eq!(b, b"\xc5sa &#321;ukasz");
    }
}
