//! What an XML adapter's cursor has in common: the open elements, the prolog up to the root
//! element, text content, skipping, and what may follow the root element.

use encoding_rs::Encoding;
use quick_xml::events::{BytesStart, Event};
use skillreg_core::{Location, Problem, limits};

use crate::decode::{UNSUPPORTED_ENCODING, declared_encoding, decode};
use crate::escape::{excerpt, invalid_text, push_reference};

/// A problem after which the XML cannot be read on.
pub type Fatal = Box<Problem>;

/// Where the wording of two adapters' messages, or what they make of text, differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording {
    /// What to do when text or an attribute is not valid in the file's encoding: it follows
    /// "`what` is not valid `encoding`: ".
    pub invalid_text_advice: &'static str,
    /// Quote only the first 40 characters of such text.
    pub shorten_invalid_text: bool,
    /// Quote the text found before the root element (the first 40 characters).
    pub quote_text_before_root: bool,
    /// Turn CR LF and CR in text content into LF.
    pub normalize_line_ends: bool,
}

/// Why the prolog (what comes before and at the root element) cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A read error.
    Read(Fatal),
    /// Not well-formed XML, or no root element.
    Malformed(Fatal),
    /// An encoding that is not read.
    UnsupportedEncoding(Fatal),
}

/// The names of the open elements, innermost last, in one buffer.
#[derive(Debug, Default)]
pub struct OpenElements {
    names: Vec<u8>,
    starts: Vec<usize>,
}

impl OpenElements {
    /// An element named `name` was opened.
    #[inline]
    pub fn push(&mut self, name: &[u8]) {
        self.starts.push(self.names.len());
        self.names.extend_from_slice(name);
    }

    /// The innermost element was closed.
    #[inline]
    pub fn pop(&mut self) {
        if let Some(start) = self.starts.pop() {
            self.names.truncate(start);
        }
    }

    /// How many elements are open.
    #[inline]
    pub fn depth(&self) -> usize {
        self.starts.len()
    }

    /// The name of the innermost open element.
    pub fn innermost(&self) -> Option<String> {
        self.starts
            .last()
            .and_then(|start| self.names.get(*start..))
            .map(|name| String::from_utf8_lossy(name).into_owned())
    }
}

/// An adapter's XML cursor: it reads events, keeping track of the open elements and of where
/// each event starts, and says how its messages are worded. The functions of this module read
/// through it.
pub trait XmlSource {
    /// The next event, with the open elements updated. Fatal problems (not well-formed XML, a
    /// read error) are `Err`.
    fn read<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, Fatal>;

    /// The open elements.
    fn open(&self) -> &OpenElements;

    /// The problem of the input ending inside an element.
    fn truncated(&mut self) -> Fatal;

    /// The location of the start of the last event read, in `element`.
    fn here(&mut self, element: Option<String>) -> Location;

    /// The encoding text is decoded in.
    fn encoding(&self) -> &'static Encoding;

    /// How messages are worded.
    fn wording(&self) -> &Wording;

    /// Whether the last fatal problem was a read error (not bad XML).
    fn io_error(&self) -> bool;

    /// The XML declaration names `encoding` (a supported one), as `label`.
    fn declare(&mut self, encoding: &'static Encoding, label: String);

    /// Called after each read in the prolog: a problem if the input turned out to be in an
    /// encoding that is not read.
    fn unsupported_encoding(&mut self) -> Option<Fatal> {
        None
    }

    /// Reads the rest of the input without parsing it (after the end or a fatal problem); a
    /// problem if it cannot be read.
    fn drain(&mut self) -> Option<Problem>;
}

/// Reads the prolog up to the root element, settling the encoding by the declaration
/// ([`XmlSource::declare`]), and returns what `root` makes of the root element's start tag
/// (and whether it is empty).
pub fn prolog<S: XmlSource, T>(
    src: &mut S,
    buf: &mut Vec<u8>,
    root: impl FnOnce(&mut S, &BytesStart<'_>, bool) -> T,
) -> Result<T, Refusal> {
    loop {
        let read = src.read(buf);
        if let Some(problem) = src.unsupported_encoding() {
            return Err(Refusal::UnsupportedEncoding(problem));
        }
        let event = read.map_err(|problem| {
            if src.io_error() {
                Refusal::Read(problem)
            } else {
                Refusal::Malformed(problem)
            }
        })?;
        let empty = matches!(event, Event::Empty(_));
        let message = match event {
            Event::Decl(decl) => {
                let label = match decl.encoding() {
                    None => continue,
                    Some(Ok(label)) => label.into_owned(),
                    Some(Err(err)) => {
                        return Err(Refusal::Malformed(Box::new(Problem::new(
                            &src.here(Some("?xml".into())),
                            None,
                            format!("not well-formed XML declaration: {err}"),
                        ))));
                    }
                };
                let label_text = String::from_utf8_lossy(&label).into_owned();
                match declared_encoding(&label) {
                    Some(encoding) => src.declare(encoding, label_text),
                    None => {
                        return Err(Refusal::UnsupportedEncoding(Box::new(Problem::new(
                            &src.here(Some("?xml".into())),
                            Some(&label_text),
                            UNSUPPORTED_ENCODING,
                        ))));
                    }
                }
                continue;
            }
            Event::Start(e) | Event::Empty(e) => return Ok(root(src, &e, empty)),
            Event::Text(t) => {
                if t.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let text = src
                    .wording()
                    .quote_text_before_root
                    .then(|| excerpt(String::from_utf8_lossy(&t).trim()));
                return Err(Refusal::Malformed(Box::new(Problem::new(
                    &src.here(None),
                    text.as_deref(),
                    "text before the root element: this is not an XML file",
                ))));
            }
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => continue,
            Event::Eof => "the file has no root element: it is empty or not XML",
            Event::End(_) | Event::CData(_) | Event::GeneralRef(_) => {
                "content before the root element: this is not a well-formed XML file"
            }
        };
        return Err(Refusal::Malformed(Box::new(Problem::new(
            &src.here(None),
            None,
            message,
        ))));
    }
}

/// The text content of the element just opened, trimmed, with references resolved; nested
/// elements are skipped. `location` makes the location of a problem.
#[inline]
pub fn text<S: XmlSource>(
    src: &mut S,
    buf: &mut Vec<u8>,
    location: &dyn Fn() -> Location,
    problems: &mut Vec<Problem>,
) -> Result<String, Fatal> {
    let depth = src.open().depth();
    let mut out = String::new();
    // Past this many bytes the text cannot be within the bound: it is no longer collected.
    const FULL: usize = 4 * limits::MAX_VALUE_CHARS + 4;
    let mut too_long = false;
    loop {
        let event = src.read(buf)?;
        let mut nested = false;
        if out.len() > FULL {
            too_long = true;
            if matches!(
                event,
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
            ) {
                continue;
            }
        }
        match event {
            Event::Text(t) => push_decoded(src, &mut out, &t, location, problems),
            Event::CData(c) => push_decoded(src, &mut out, &c, location, problems),
            Event::GeneralRef(r) => push_reference(&mut out, &r, location, problems),
            Event::Start(_) => nested = true,
            Event::End(_) if src.open().depth() < depth => break,
            Event::Eof => return Err(src.truncated()),
            _ => {}
        }
        if nested {
            skip_open(src, buf)?;
        }
    }
    if src.wording().normalize_line_ends && out.contains('\r') {
        out = out.replace("\r\n", "\n").replace('\r', "\n");
    }
    // Trimmed in place.
    out.truncate(out.trim_end().len());
    out.drain(..out.len() - out.trim_start().len());
    if too_long || limits::is_too_long(&out) {
        problems.push(Problem::new(
            &location(),
            Some(&excerpt(&out)),
            limits::too_long("the text"),
        ));
        out.clear();
    }
    Ok(out)
}

fn push_decoded<S: XmlSource>(
    src: &S,
    out: &mut String,
    bytes: &[u8],
    location: &dyn Fn() -> Location,
    problems: &mut Vec<Problem>,
) {
    let encoding = src.encoding();
    match decode(encoding, bytes) {
        Ok(text) => out.push_str(&text),
        Err(lossy) => {
            problems.push(invalid_text(
                &location(),
                "the text",
                encoding,
                &lossy,
                src.wording(),
            ));
            out.push_str(&lossy);
        }
    }
}

/// Skips the content of the element just opened.
pub fn skip_open<S: XmlSource>(src: &mut S, buf: &mut Vec<u8>) -> Result<(), Fatal> {
    let depth = src.open().depth();
    loop {
        match src.read(buf)? {
            Event::End(_) if src.open().depth() < depth => return Ok(()),
            Event::Eof => return Err(src.truncated()),
            _ => {}
        }
    }
}

/// Reads what follows the end tag of the root element `root` (only whitespace, comments and
/// processing instructions may), then the rest of the input ([`XmlSource::drain`]).
pub fn finish<S: XmlSource>(src: &mut S, buf: &mut Vec<u8>, root: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    loop {
        let trailing = match src.read(buf) {
            Ok(Event::Eof) => break,
            Ok(Event::Text(t)) => !t.iter().all(u8::is_ascii_whitespace),
            Ok(Event::Comment(_) | Event::PI(_)) => false,
            Ok(_) | Err(_) => true,
        };
        if trailing {
            problems.push(Problem::new(
                &src.here(None),
                None,
                format!(
                    "content after </{root}>: the file holds more than one document or is \
                     damaged, export it again"
                ),
            ));
            break;
        }
    }
    problems.extend(src.drain());
    problems
}

/// A child element that was just opened (or was empty): its name as the adapter knows it and
/// where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Child<T, P> {
    /// The element's name, as the adapter knows it.
    pub tag: T,
    /// Where its start tag starts.
    pub pos: P,
    /// `<x/>`: there is no content to read or skip.
    pub empty: bool,
}
