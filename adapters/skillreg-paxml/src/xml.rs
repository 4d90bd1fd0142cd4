//! The streaming XML layer: events with their line and column, decoding in the declared
//! encoding, the few attributes the adapter reads, text content and skipping.
//!
//! Elements are known by their local name, so a root with a default namespace
//! (`xmlns="http://www.paxml.se/2.2/paxml"`, written by some producers although the schema has
//! none) or prefixed names read the same. Only the attributes the registry needs are decoded:
//! `persnr` in particular is never turned into a string.

use std::borrow::Cow;
use std::io::{BufRead, Read};
use std::sync::Arc;

use encoding_rs::{Encoding, UTF_8};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use skillreg_core::{Location, Problem};

use crate::error::PaxmlError;
use crate::input::{Input, Pos, Utf8Seen};

/// A problem after which the XML cannot be read on.
pub(crate) type Fatal = Box<Problem>;

/// The element names the adapter knows (local names). Anything else is [`Tag::Other`] and is
/// skipped unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Header,
    Version,
    Datum,
    Resultatenheter,
    Resultatenhet,
    Personal,
    Person,
    Fornamn,
    Efternamn,
    Epostarb,
    Befattning,
    Befattningskod,
    Anstdatum,
    Avgdatum,
    Sysgrad,
    Persontexter,
    Text,
    Resenheter,
    Resenhet,
    Other,
}

impl Tag {
    fn of(local: &[u8]) -> Tag {
        match local {
            b"header" => Tag::Header,
            b"version" => Tag::Version,
            b"datum" => Tag::Datum,
            b"resultatenheter" => Tag::Resultatenheter,
            b"resultatenhet" => Tag::Resultatenhet,
            b"personal" => Tag::Personal,
            b"person" => Tag::Person,
            b"fornamn" => Tag::Fornamn,
            b"efternamn" => Tag::Efternamn,
            b"epostarb" => Tag::Epostarb,
            b"befattning" => Tag::Befattning,
            b"befattningskod" => Tag::Befattningskod,
            b"anstdatum" => Tag::Anstdatum,
            b"avgdatum" => Tag::Avgdatum,
            b"sysgrad" => Tag::Sysgrad,
            b"persontexter" => Tag::Persontexter,
            b"text" => Tag::Text,
            b"resenheter" => Tag::Resenheter,
            b"resenhet" => Tag::Resenhet,
            _ => Tag::Other,
        }
    }

    /// The element name as written in the file (without a prefix).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Tag::Header => "header",
            Tag::Version => "version",
            Tag::Datum => "datum",
            Tag::Resultatenheter => "resultatenheter",
            Tag::Resultatenhet => "resultatenhet",
            Tag::Personal => "personal",
            Tag::Person => "person",
            Tag::Fornamn => "fornamn",
            Tag::Efternamn => "efternamn",
            Tag::Epostarb => "epostarb",
            Tag::Befattning => "befattning",
            Tag::Befattningskod => "befattningskod",
            Tag::Anstdatum => "anstdatum",
            Tag::Avgdatum => "avgdatum",
            Tag::Sysgrad => "sysgrad",
            Tag::Persontexter => "persontexter",
            Tag::Text => "text",
            Tag::Resenheter => "resenheter",
            Tag::Resenhet => "resenhet",
            Tag::Other => "(other)",
        }
    }

    /// The attributes read of this element; all others are passed over undecoded.
    fn wanted(self) -> &'static [&'static str] {
        match self {
            Tag::Person => &["anstid", "delete"],
            Tag::Resenhet => &["dim", "id"],
            Tag::Resultatenhet => &["dim", "id", "namn", "delete"],
            Tag::Text => &["id"],
            _ => &[],
        }
    }
}

/// A child element that was just opened (or was empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Child {
    pub(crate) tag: Tag,
    pub(crate) pos: Pos,
    /// `<x/>`: there is no content to read or skip.
    pub(crate) empty: bool,
}

/// The root element.
#[derive(Debug)]
pub(crate) struct Root {
    /// Local name.
    pub(crate) name: String,
    pub(crate) location: Location,
    /// The root as a child to read the children of.
    pub(crate) element: Child,
}

/// The XML reader with positions. Fatal problems (not well-formed XML, a read error, a cut-off
/// file) are returned as `Err(Fatal)`; others are pushed to a list the caller passes.
pub(crate) struct Cursor<R> {
    xml: Reader<Input<R>>,
    file: Arc<str>,
    encoding: &'static Encoding,
    /// The encoding label of the XML declaration, as written, when it decides the encoding.
    declared: Option<String>,
    buf: Vec<u8>,
    /// Names of the open elements, concatenated; `open_starts` holds where each begins.
    open: Vec<u8>,
    open_starts: Vec<usize>,
    /// The last event was text (the parser then consumed the `<` of the markup after it).
    prev_text: bool,
    /// Where the last event read starts.
    mark: Pos,
    /// The last fatal problem was a read error, not bad XML.
    io_error: bool,
    /// The wanted attributes of the last child.
    attrs: Vec<(&'static str, String)>,
}

impl<R: Read> Cursor<R> {
    pub(crate) fn new(input: R, file: Arc<str>) -> Cursor<R> {
        let mut xml = Reader::from_reader(Input::new(input));
        let config = xml.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = false;
        config.check_end_names = true;
        Cursor {
            xml,
            file,
            encoding: UTF_8,
            declared: None,
            buf: Vec::new(),
            open: Vec::new(),
            open_starts: Vec::new(),
            prev_text: false,
            mark: Pos { line: 1, column: 1 },
            io_error: false,
            attrs: Vec::new(),
        }
    }

    /// The location of `pos` in element `element`.
    pub(crate) fn location(&self, pos: Pos, element: &str) -> Location {
        Location {
            file: Some(self.file.clone()),
            line: Some(pos.line),
            column: Some(pos.column),
            element: Some(element.to_string()),
        }
    }

    fn here(&self, element: Option<String>) -> Location {
        Location {
            file: Some(self.file.clone()),
            line: Some(self.mark.line),
            column: Some(self.mark.column),
            element,
        }
    }

    fn innermost(&self) -> Option<String> {
        self.open_starts
            .last()
            .and_then(|start| self.open.get(*start..))
            .map(|name| String::from_utf8_lossy(name).into_owned())
    }

    /// Whether the last fatal problem was a read error.
    pub(crate) fn io_error(&self) -> bool {
        self.io_error
    }

    /// The encoding label the declaration gave, if the file is read in a single-byte encoding
    /// because of it.
    pub(crate) fn declared_single_byte(&self) -> Option<&str> {
        self.declared.as_deref()
    }

    /// The first UTF-8 encoded character met in a file read in a single-byte encoding.
    pub(crate) fn utf8_seen(&self) -> Option<Utf8Seen> {
        self.xml.get_ref().utf8_seen()
    }

    /// The next event, its start in `self.mark`.
    fn read<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, Fatal> {
        buf.clear();
        let before = self.xml.get_ref().pos();
        let read = self.xml.read_event_into(buf);
        let markup = !matches!(
            &read,
            Ok(Event::Text(_) | Event::GeneralRef(_) | Event::Eof)
        );
        self.mark = if markup && self.prev_text {
            // The `<` was consumed with the text before it.
            Pos {
                line: before.line,
                column: before.column.saturating_sub(1).max(1),
            }
        } else {
            before
        };
        self.prev_text = matches!(&read, Ok(Event::Text(_)));
        match read {
            Ok(event) => {
                match &event {
                    Event::Start(e) => {
                        self.open_starts.push(self.open.len());
                        self.open.extend_from_slice(e.local_name().as_ref());
                    }
                    Event::End(_) => {
                        if let Some(start) = self.open_starts.pop() {
                            self.open.truncate(start);
                        }
                    }
                    _ => {}
                }
                Ok(event)
            }
            Err(err) => {
                let message = match &err {
                    quick_xml::Error::Io(e) => {
                        self.io_error = true;
                        format!("cannot read the file: {e}")
                    }
                    other => format!(
                        "not well-formed XML: {other}; the file is damaged, export it again"
                    ),
                };
                let element = self.innermost();
                Err(Box::new(Problem::new(&self.here(element), None, message)))
            }
        }
    }

    /// The end of the input came inside an element.
    fn truncated(&self) -> Fatal {
        let pos = self.xml.get_ref().pos();
        let element = self.innermost();
        let message = match &element {
            Some(name) => format!(
                "the file ends before </{name}>: it was cut off or damaged, export it again"
            ),
            None => "the file ends too early: it was cut off or damaged, export it again".into(),
        };
        let location = Location {
            file: Some(self.file.clone()),
            line: Some(pos.line),
            column: Some(pos.column),
            element,
        };
        Box::new(Problem::new(&location, None, message))
    }

    /// Reads the XML declaration (setting the encoding) and the root element's start tag.
    pub(crate) fn root(&mut self) -> Result<Root, PaxmlError> {
        let start = Location {
            file: Some(self.file.clone()),
            line: Some(1),
            column: Some(1),
            element: None,
        };
        let head = match self.xml.get_mut().fill_buf() {
            Ok(head) => head.get(..4).unwrap_or(head).to_vec(),
            Err(e) => {
                return Err(PaxmlError::Read(Box::new(Problem::new(
                    &start,
                    None,
                    format!("cannot read the file: {e}"),
                ))));
            }
        };
        let utf16 = head.starts_with(&[0xFE, 0xFF])
            || head.starts_with(&[0xFF, 0xFE])
            || head.starts_with(&[0x00, b'<'])
            || head.starts_with(&[b'<', 0x00]);
        if utf16 {
            return Err(PaxmlError::UnsupportedEncoding(Box::new(Problem::new(
                &start,
                Some("UTF-16"),
                "UTF-16 files are not supported: save the file as UTF-8 or ISO-8859-1",
            ))));
        }
        let bom = self.xml.get_mut().has_bom();
        let mut buf = std::mem::take(&mut self.buf);
        loop {
            let event = self.read(&mut buf).map_err(|problem| {
                if self.io_error {
                    PaxmlError::Read(problem)
                } else {
                    PaxmlError::Malformed(problem)
                }
            })?;
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::Decl(decl) => {
                    let label = match decl.encoding() {
                        None => continue,
                        Some(Ok(label)) => label.into_owned(),
                        Some(Err(err)) => {
                            return Err(PaxmlError::Malformed(Box::new(Problem::new(
                                &self.here(Some("?xml".into())),
                                None,
                                format!("not well-formed XML declaration: {err}"),
                            ))));
                        }
                    };
                    let label_text = String::from_utf8_lossy(&label).into_owned();
                    match Encoding::for_label(&label) {
                        // A UTF-8 byte order mark wins over the declaration.
                        _ if bom => {}
                        Some(enc) if enc == UTF_8 => {}
                        Some(enc) if enc.is_single_byte() => {
                            self.encoding = enc;
                            self.declared = Some(label_text);
                            self.xml.get_mut().set_single_byte();
                        }
                        _ => {
                            return Err(PaxmlError::UnsupportedEncoding(Box::new(Problem::new(
                                &self.here(Some("?xml".into())),
                                Some(&label_text),
                                "unsupported encoding: the file must be UTF-8, ISO-8859-1 or \
                                 windows-1252",
                            ))));
                        }
                    }
                }
                Event::Start(e) | Event::Empty(e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    let location = self.here(Some(name.clone()));
                    let element = Child {
                        tag: Tag::of(e.local_name().as_ref()),
                        pos: self.mark,
                        empty,
                    };
                    self.buf = buf;
                    return Ok(Root {
                        name,
                        location,
                        element,
                    });
                }
                Event::Text(t) => {
                    if !t.iter().all(u8::is_ascii_whitespace) {
                        return Err(PaxmlError::Malformed(Box::new(Problem::new(
                            &self.here(None),
                            None,
                            "text before the root element: this is not an XML file",
                        ))));
                    }
                }
                Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => {
                    return Err(PaxmlError::Malformed(Box::new(Problem::new(
                        &self.here(None),
                        None,
                        "the file has no root element: it is empty or not XML",
                    ))));
                }
                Event::End(_) | Event::CData(_) | Event::GeneralRef(_) => {
                    return Err(PaxmlError::Malformed(Box::new(Problem::new(
                        &self.here(None),
                        None,
                        "content before the root element: this is not a well-formed XML file",
                    ))));
                }
            }
        }
    }

    /// The next child element of the element last opened, or `None` at its end tag. Text,
    /// comments and processing instructions between children are passed over.
    pub(crate) fn next_child(
        &mut self,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<Child>, Fatal> {
        let mut buf = std::mem::take(&mut self.buf);
        let result = loop {
            let event = match self.read(&mut buf) {
                Ok(event) => event,
                Err(fatal) => break Err(fatal),
            };
            let (e, empty) = match event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => break Ok(None),
                Event::Eof => break Err(self.truncated()),
                _ => continue,
            };
            let tag = Tag::of(e.local_name().as_ref());
            let pos = self.mark;
            self.read_attrs(&e, tag, pos, problems);
            break Ok(Some(Child { tag, pos, empty }));
        };
        self.buf = buf;
        result
    }

    /// The next child of `parent`, `None` at its end (at once if it is empty).
    pub(crate) fn child_of(
        &mut self,
        parent: &Child,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<Child>, Fatal> {
        if parent.empty {
            return Ok(None);
        }
        self.next_child(problems)
    }

    /// The value of the wanted attribute `key` of the last child, if present and not empty.
    pub(crate) fn attr(&mut self, key: &str) -> Option<String> {
        let i = self.attrs.iter().position(|(k, _)| *k == key)?;
        Some(self.attrs.swap_remove(i).1)
    }

    /// Decodes, normalizes and unescapes the wanted attributes of `e`.
    fn read_attrs(&mut self, e: &BytesStart<'_>, tag: Tag, pos: Pos, problems: &mut Vec<Problem>) {
        self.attrs.clear();
        let wanted = tag.wanted();
        if wanted.is_empty() {
            return;
        }
        let location = || self.location(pos, tag.as_str());
        let mut found = Vec::new();
        for attr in e.attributes() {
            let attr = match attr {
                Ok(attr) => attr,
                Err(err) => {
                    problems.push(Problem::new(
                        &location(),
                        None,
                        format!(
                            "not well-formed XML: {err}; each attribute must be name=\"value\""
                        ),
                    ));
                    break;
                }
            };
            let local = attr.key.local_name();
            let Some(&key) = wanted.iter().find(|w| w.as_bytes() == local.as_ref()) else {
                // Not needed (persnr among them): left undecoded.
                continue;
            };
            let raw = match self.decode(&attr.value) {
                Ok(raw) => raw,
                Err(lossy) => {
                    problems.push(self.encoding_problem(&location(), key, &lossy));
                    continue;
                }
            };
            // Literal line breaks and tabs in attribute values are spaces in XML.
            let raw = if raw.contains(['\t', '\n', '\r']) {
                Cow::Owned(raw.replace("\r\n", " ").replace(['\t', '\n', '\r'], " "))
            } else {
                raw
            };
            match quick_xml::escape::unescape(&raw) {
                Ok(value) => {
                    let value = value.trim();
                    if !value.is_empty() {
                        found.push((key, value.to_string()));
                    }
                }
                Err(err) => problems.push(Problem::new(
                    &location(),
                    Some(&raw),
                    format!("{key}: {err} (write a literal & as &amp;)"),
                )),
            }
        }
        self.attrs = found;
    }

    fn decode<'a>(&self, bytes: &'a [u8]) -> Result<Cow<'a, str>, String> {
        self.encoding
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or_else(|| {
                self.encoding
                    .decode_without_bom_handling(bytes)
                    .0
                    .into_owned()
            })
    }

    /// `bytes` decoded as the file is read, with replacement characters where they are bad.
    pub(crate) fn decode_lossy(&self, bytes: &[u8]) -> String {
        self.encoding
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    }

    fn encoding_problem(&self, location: &Location, what: &str, lossy: &str) -> Problem {
        Problem::new(
            location,
            Some(&excerpt(lossy)),
            format!(
                "{what} is not valid {}: the file must be in the encoding its XML declaration \
                 names (UTF-8 without one); save it as UTF-8 or declare \
                 encoding=\"ISO-8859-1\"",
                self.encoding.name()
            ),
        )
    }

    /// The text content of `child`, trimmed, with references resolved; nested elements are
    /// skipped.
    pub(crate) fn text(
        &mut self,
        child: &Child,
        problems: &mut Vec<Problem>,
    ) -> Result<String, Fatal> {
        if child.empty {
            return Ok(String::new());
        }
        let mut buf = std::mem::take(&mut self.buf);
        let depth = self.open_starts.len();
        let location = self.location(child.pos, child.tag.as_str());
        let mut out = String::new();
        loop {
            let event = self.read(&mut buf)?;
            let mut nested = false;
            match event {
                Event::Text(t) => self.push_decoded(&mut out, &t, &location, problems),
                Event::CData(c) => self.push_decoded(&mut out, &c, &location, problems),
                Event::GeneralRef(r) => push_reference(&mut out, &r, &location, problems),
                Event::Start(_) => nested = true,
                Event::End(_) if self.open_starts.len() < depth => break,
                Event::Eof => return Err(self.truncated()),
                _ => {}
            }
            if nested {
                self.skip_open(&mut buf)?;
            }
        }
        self.buf = buf;
        Ok(out.trim().to_string())
    }

    fn push_decoded(
        &self,
        out: &mut String,
        bytes: &[u8],
        location: &Location,
        problems: &mut Vec<Problem>,
    ) {
        match self.decode(bytes) {
            Ok(text) => out.push_str(&text),
            Err(lossy) => {
                problems.push(self.encoding_problem(location, "the text", &lossy));
                out.push_str(&lossy);
            }
        }
    }

    /// Skips the content of `child` (nothing if it was empty), unread.
    pub(crate) fn skip(&mut self, child: &Child) -> Result<(), Fatal> {
        if child.empty {
            return Ok(());
        }
        let mut buf = std::mem::take(&mut self.buf);
        self.skip_open(&mut buf)?;
        self.buf = buf;
        Ok(())
    }

    /// Skips the content of the element just opened.
    fn skip_open(&mut self, buf: &mut Vec<u8>) -> Result<(), Fatal> {
        let depth = self.open_starts.len();
        loop {
            match self.read(buf)? {
                Event::End(_) if self.open_starts.len() < depth => return Ok(()),
                Event::Eof => return Err(self.truncated()),
                _ => {}
            }
        }
    }

    /// Reads what follows the root element's end tag (only whitespace, comments and processing
    /// instructions may), then the rest of the input so that the digest covers it.
    pub(crate) fn finish(&mut self) -> Vec<Problem> {
        let mut buf = std::mem::take(&mut self.buf);
        let mut problems = Vec::new();
        loop {
            let trailing = match self.read(&mut buf) {
                Ok(Event::Eof) => break,
                Ok(Event::Text(t)) => !t.iter().all(u8::is_ascii_whitespace),
                Ok(Event::Comment(_) | Event::PI(_)) => false,
                Ok(_) | Err(_) => true,
            };
            if trailing {
                problems.push(Problem::new(
                    &self.here(None),
                    None,
                    "content after </paxml>: the file holds more than one document or is \
                     damaged, export it again",
                ));
                break;
            }
        }
        problems.extend(self.drain());
        problems
    }

    /// Reads the rest of the input without parsing it.
    pub(crate) fn drain(&mut self) -> Option<Problem> {
        match self.xml.get_mut().drain() {
            Ok(()) => None,
            Err(e) => Some(Problem::new(
                &self.here(None),
                None,
                format!("cannot read the file: {e}"),
            )),
        }
    }

    /// The blake3 hex of the whole input, once it has been read through.
    pub(crate) fn digest(&self) -> Option<String> {
        self.xml.get_ref().digest()
    }
}

/// Resolves `&name;` or `&#n;` in text.
fn push_reference(
    out: &mut String,
    r: &BytesRef<'_>,
    location: &Location,
    problems: &mut Vec<Problem>,
) {
    let name = String::from_utf8_lossy(r);
    if r.is_char_ref() {
        match r.resolve_char_ref() {
            Ok(Some(c)) => out.push(c),
            Ok(None) | Err(_) => problems.push(Problem::new(
                location,
                Some(&format!("&{name};")),
                "invalid character reference: write &#229; or &#xE5; for å",
            )),
        }
    } else {
        match quick_xml::escape::resolve_predefined_entity(&name) {
            Some(s) => out.push_str(s),
            None => problems.push(Problem::new(
                location,
                Some(&format!("&{name};")),
                "unknown entity: only &amp; &lt; &gt; &quot; &apos; and character references \
                 like &#229; are allowed (write a literal & as &amp;)",
            )),
        }
    }
}

/// The first few characters of `s`, for quoting a long value in a message.
fn excerpt(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}...", s.get(..i).unwrap_or(s)),
        None => s.to_string(),
    }
}
