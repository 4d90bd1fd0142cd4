//! The streaming XML layer: events with their line and column, decoding in the declared
//! encoding, the few attributes the adapter reads, text content and skipping.
//!
//! Elements are known by their local name, so a root with a default namespace
//! (`xmlns="http://www.paxml.se/2.2/paxml"`, written by some producers although the schema has
//! none) or prefixed names read the same. Only the attributes the registry needs are decoded:
//! `persnr` in particular is never turned into a string.

use skillreg_core::limits::{BoundedInput, Shape};
use std::io::{BufRead, Read};
use std::sync::Arc;

use encoding_rs::{Encoding, UTF_8};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use skillreg_core::{Gender, Location, Problem};
pub(crate) use skillreg_xmlin::Fatal;
use skillreg_xmlin::{OpenElements, Refusal, Wording, XmlSource, is_xml_space};

use crate::error::PaxmlError;
use crate::input::{Input, Pos, Utf8Seen};

/// How the messages of a PAXml file are worded.
const WORDING: Wording = Wording {
    invalid_text_advice: "the file must be in the encoding its XML declaration names (UTF-8 \
                          without one); save it as UTF-8 or declare encoding=\"ISO-8859-1\"",
    shorten_invalid_text: true,
    quote_text_before_root: false,
    normalize_line_ends: false,
};

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

    /// An element the adapter reads the text of (or one it skips), with no attribute it reads.
    fn holds_text(self) -> bool {
        matches!(
            self,
            Tag::Version
                | Tag::Datum
                | Tag::Fornamn
                | Tag::Efternamn
                | Tag::Epostarb
                | Tag::Befattning
                | Tag::Befattningskod
                | Tag::Anstdatum
                | Tag::Avgdatum
                | Tag::Sysgrad
                | Tag::Other
        )
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
pub(crate) type Child = skillreg_xmlin::Child<Tag, Pos>;

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
    xml: Reader<Input<BoundedInput<R>>>,
    file: Arc<str>,
    encoding: &'static Encoding,
    /// The encoding label of the XML declaration, as written, when it decides the encoding.
    declared: Option<String>,
    /// The file starts with a UTF-8 byte order mark (which wins over the declaration).
    bom: bool,
    buf: Vec<u8>,
    /// The open elements (local names).
    open: OpenElements,
    /// Where the last event read starts.
    mark: Pos,
    /// The last fatal problem was a read error, not bad XML.
    io_error: bool,
    /// The wanted attributes of the last child.
    attrs: Vec<(&'static str, String)>,
    /// Derive each person's gender from `persnr` (the mapping asks for it).
    derive_gender: bool,
    /// What the last `person`'s `persnr` says of the gender: `None` without one, `Some(None)`
    /// if it is not a personnummer or fødselsnummer. The number itself is never kept.
    persnr_gender: Option<Option<Gender>>,
    /// The parser is between markup: the last event was a tag, consumed through its `>`, and
    /// nothing of what comes next is consumed.
    between_markup: bool,
    /// The text of the last child, when it was read in one pass ([`Cursor::plain_text_child`]).
    plain_text: Option<String>,
}

impl<R: Read> Cursor<R> {
    pub(crate) fn new(input: R, file: Arc<str>) -> Cursor<R> {
        // Refused at a NUL byte or an endless text, before the parser buffers it.
        let mut xml = Reader::from_reader(Input::new(BoundedInput::new(input, Shape::Xml)));
        let config = xml.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = false;
        config.check_end_names = true;
        Cursor {
            xml,
            file,
            encoding: UTF_8,
            declared: None,
            bom: false,
            buf: Vec::new(),
            open: OpenElements::default(),
            mark: Pos { line: 1, column: 1 },
            io_error: false,
            attrs: Vec::new(),
            derive_gender: false,
            persnr_gender: None,
            between_markup: false,
            plain_text: None,
        }
    }

    /// From now on, derive each person's gender from their `persnr` (and keep only that).
    pub(crate) fn derive_gender(&mut self) {
        self.derive_gender = true;
    }

    /// What the last `person`'s `persnr` said of the gender (see the field), once.
    pub(crate) fn take_persnr_gender(&mut self) -> Option<Option<Gender>> {
        self.persnr_gender.take()
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
        self.open.innermost()
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
        // The parser consumes nothing of an event before reading it (text stops before the `<`
        // of the markup after it), so the position before the read is where the event starts.
        self.mark = self.xml.get_ref().pos();
        let read = self.xml.read_event_into(buf);
        self.between_markup = matches!(read, Ok(Event::Start(_) | Event::End(_) | Event::Empty(_)));
        match read {
            Ok(event) => {
                match &event {
                    Event::Start(e) => self.open.push(e.local_name().as_ref()),
                    Event::End(_) => self.open.pop(),
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
        self.bom = self.xml.get_mut().has_bom();
        let mut buf = std::mem::take(&mut self.buf);
        let root = skillreg_xmlin::prolog(self, &mut buf, |cursor, e, empty| {
            let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
            let location = cursor.here(Some(name.clone()));
            let element = Child {
                tag: Tag::of(e.local_name().as_ref()),
                pos: cursor.mark,
                empty,
            };
            Root {
                name,
                location,
                element,
            }
        })
        .map_err(|refusal| match refusal {
            Refusal::Read(problem) => PaxmlError::Read(problem),
            Refusal::Malformed(problem) => PaxmlError::Malformed(problem),
            Refusal::UnsupportedEncoding(problem) => PaxmlError::UnsupportedEncoding(problem),
        })?;
        self.buf = buf;
        Ok(root)
    }

    /// The next child element of the element last opened, or `None` at its end tag. Text,
    /// comments and processing instructions between children are passed over.
    pub(crate) fn next_child(
        &mut self,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<Child>, Fatal> {
        self.plain_text = None;
        if let Some(child) = self.plain_text_child() {
            return Ok(Some(child));
        }
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

    /// The next child, if it is a text element written plainly and whole in the input's buffer,
    /// as nearly every field of a person is: whitespace, then `<name>text</name>` with no
    /// prefix, attribute, reference, carriage return or nested element, text the encoding
    /// decodes and not too long. It is then read here, in one pass over its bytes, where the
    /// parser would make three events of it (and one of the whitespace): the child comes back
    /// as empty, with its text for [`Cursor::text`].
    ///
    /// The parser reads its input only through `fill_buf` and `consume`, and has consumed
    /// nothing of what follows a tag: consuming a whole element behind its back is as if it had
    /// not been there. Whatever is not plain is left, unconsumed but for the whitespace before
    /// a `<`, to the parser, which reads it as before (with its problems).
    fn plain_text_child(&mut self) -> Option<Child> {
        if !self.between_markup {
            return None;
        }
        let encoding = self.encoding;
        let input = self.xml.get_mut();
        let buffered = input.buffered();
        let space = buffered.iter().take_while(|b| is_xml_space(**b)).count();
        let (len, tag, text) = {
            let (len, name, text) = skillreg_xmlin::plain_text_element(buffered.get(space..)?)?;
            let tag = Tag::of(name);
            if !tag.holds_text() {
                return None;
            }
            // Unknown elements are skipped undecoded, as the parser would.
            let text = match tag {
                Tag::Other => None,
                _ => Some(skillreg_xmlin::plain_text(encoding, text)?),
            };
            (len, tag, text)
        };
        input.consume(space);
        let pos = input.pos();
        input.consume(len);
        self.mark = pos;
        self.attrs.clear();
        self.plain_text = text;
        Some(Child {
            tag,
            pos,
            empty: true,
        })
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
        if tag == Tag::Person {
            self.persnr_gender = None;
            if self.derive_gender {
                self.persnr_gender = persnr_gender(e);
            }
        }
        let wanted = tag.wanted();
        if wanted.is_empty() {
            return;
        }
        let mut found = Vec::new();
        skillreg_xmlin::read_attributes(
            e,
            self.encoding,
            &WORDING,
            &|| self.location(pos, tag.as_str()),
            problems,
            |key| {
                let local = QName(key).local_name();
                // Not needed (persnr among them): left undecoded.
                wanted
                    .iter()
                    .find(|w| w.as_bytes() == local.as_ref())
                    .copied()
            },
            |key, value| found.push((key, value.to_string())),
        );
        self.attrs = found;
    }

    /// `bytes` decoded as the file is read, with replacement characters where they are bad.
    pub(crate) fn decode_lossy(&self, bytes: &[u8]) -> String {
        skillreg_xmlin::decode_lossy(self.encoding, bytes)
    }

    /// The text content of `child`, trimmed, with references resolved; nested elements are
    /// skipped.
    pub(crate) fn text(
        &mut self,
        child: &Child,
        problems: &mut Vec<Problem>,
    ) -> Result<String, Fatal> {
        if child.empty {
            // Read in one pass, or `<x/>`.
            return Ok(self.plain_text.take().unwrap_or_default());
        }
        let mut buf = std::mem::take(&mut self.buf);
        let location = self.location(child.pos, child.tag.as_str());
        let text = skillreg_xmlin::text(self, &mut buf, &|| location.clone(), problems)?;
        self.buf = buf;
        Ok(text)
    }

    /// Skips the content of `child` (nothing if it was empty), unread.
    pub(crate) fn skip(&mut self, child: &Child) -> Result<(), Fatal> {
        if child.empty {
            return Ok(());
        }
        let mut buf = std::mem::take(&mut self.buf);
        skillreg_xmlin::skip_open(self, &mut buf)?;
        self.buf = buf;
        Ok(())
    }

    /// Reads what follows the root element's end tag (only whitespace, comments and processing
    /// instructions may), then the rest of the input so that the digest covers it.
    pub(crate) fn finish(&mut self) -> Vec<Problem> {
        let mut buf = std::mem::take(&mut self.buf);
        let problems = skillreg_xmlin::finish(self, &mut buf, "paxml");
        self.buf = buf;
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

impl<R: Read> XmlSource for Cursor<R> {
    fn read<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, Fatal> {
        Cursor::read(self, buf)
    }

    fn open(&self) -> &OpenElements {
        &self.open
    }

    fn truncated(&mut self) -> Fatal {
        Cursor::truncated(self)
    }

    fn here(&mut self, element: Option<String>) -> Location {
        Cursor::here(self, element)
    }

    fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    fn wording(&self) -> &Wording {
        &WORDING
    }

    fn io_error(&self) -> bool {
        self.io_error
    }

    fn declare(&mut self, encoding: &'static Encoding, label: String) {
        // A UTF-8 byte order mark wins over the declaration.
        if !self.bom && encoding != UTF_8 {
            self.encoding = encoding;
            self.declared = Some(label);
            self.xml.get_mut().set_single_byte();
        }
    }

    fn drain(&mut self) -> Option<Problem> {
        Cursor::drain(self)
    }
}

/// The gender `persnr` of `e` carries: `None` without the attribute, `Some(None)` if it is not a
/// Swedish personnummer or a Norwegian fødselsnummer. The raw bytes are looked at in place (the
/// digits and separators are ASCII in every encoding read), never decoded into a value, and
/// never quoted in a problem; only the gender leaves this function.
fn persnr_gender(e: &BytesStart<'_>) -> Option<Option<Gender>> {
    let attr = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"persnr")?;
    let raw: &[u8] = &attr.value;
    Some(
        std::str::from_utf8(raw)
            .ok()
            .filter(|s| s.is_ascii())
            .and_then(Gender::from_identity_number),
    )
}
