//! The streaming XML layer shared by the export and the return file: events with their line and
//! column, decoding in the declared encoding, attributes, text content and skipping.

use std::io::BufRead;
use std::sync::Arc;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use quick_xml::Reader;
use quick_xml::errors::{Error as XmlError, IllFormedError};
use quick_xml::events::{BytesStart, Event};
use skillreg_core::limits::{BoundedInput, MAX_VALUE_CHARS, Shape};
use skillreg_core::{Location, Problem};
pub(crate) use skillreg_xmlin::{Fatal, is_xml_space};
use skillreg_xmlin::{OpenElements, Refusal, Wording, XmlSource};

use crate::error::WlxError;
use crate::plain;
use crate::track::{Pos, Tracker};

/// How the messages of a WLX file are worded.
const WORDING: Wording = Wording {
    invalid_text_advice: "the file is not saved in the encoding its XML declaration names; \
                          correct the declaration (e.g. encoding=\"ISO-8859-1\") or export again",
    shorten_invalid_text: false,
    quote_text_before_root: true,
    normalize_line_ends: true,
};

/// The element names the adapter knows. Anything else is [`Tag::Other`] and is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    OrgUnits,
    OrgUnit,
    Occupations,
    Occupation,
    Systems,
    System,
    Level,
    Requirements,
    Requirement,
    Courses,
    Course,
    Persons,
    Person,
    GivenName,
    FamilyName,
    Email,
    Employment,
    Competence,
    CourseResult,
    Other,
}

impl Tag {
    pub(crate) fn of(raw: &[u8]) -> Tag {
        match raw {
            b"OrgUnits" => Tag::OrgUnits,
            b"OrgUnit" => Tag::OrgUnit,
            b"Occupations" => Tag::Occupations,
            b"Occupation" => Tag::Occupation,
            b"Systems" => Tag::Systems,
            b"System" => Tag::System,
            b"Level" => Tag::Level,
            b"Requirements" => Tag::Requirements,
            b"Requirement" => Tag::Requirement,
            b"Courses" => Tag::Courses,
            b"Course" => Tag::Course,
            b"Persons" => Tag::Persons,
            b"Person" => Tag::Person,
            b"GivenName" => Tag::GivenName,
            b"FamilyName" => Tag::FamilyName,
            b"Email" => Tag::Email,
            b"Employment" => Tag::Employment,
            b"Competence" => Tag::Competence,
            b"CourseResult" => Tag::CourseResult,
            _ => Tag::Other,
        }
    }

    /// The element name as written in the file.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Tag::OrgUnits => "OrgUnits",
            Tag::OrgUnit => "OrgUnit",
            Tag::Occupations => "Occupations",
            Tag::Occupation => "Occupation",
            Tag::Systems => "Systems",
            Tag::System => "System",
            Tag::Level => "Level",
            Tag::Requirements => "Requirements",
            Tag::Requirement => "Requirement",
            Tag::Courses => "Courses",
            Tag::Course => "Course",
            Tag::Persons => "Persons",
            Tag::Person => "Person",
            Tag::GivenName => "GivenName",
            Tag::FamilyName => "FamilyName",
            Tag::Email => "Email",
            Tag::Employment => "Employment",
            Tag::Competence => "Competence",
            Tag::CourseResult => "CourseResult",
            Tag::Other => "(unknown)",
        }
    }
}

/// Attribute values of one element, decoded and unescaped; empty values are left out.
///
/// Keys and values share one buffer: usually the element's tag as written, which most values
/// can be taken from as they are, followed by the values that had to be changed. The buffers are
/// reused from element to element (see [`Cursor::attrs`]).
#[derive(Debug, Default)]
pub(crate) struct Attrs {
    text: String,
    items: Vec<Item>,
}

/// Where the key and the value of one attribute are in [`Attrs::text`].
#[derive(Debug, Clone, Copy)]
struct Item {
    key: (usize, usize),
    value: (usize, usize),
}

impl Attrs {
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.items.clear();
    }

    fn push(&mut self, key: &str, value: &str) {
        let start = self.text.len();
        self.text.push_str(key);
        self.push_value((start, self.text.len()), value);
    }

    /// Appends `text`, for [`Attrs::push_in_text`].
    pub(crate) fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Adds the value at `value` in `text` for the key at `key` in `text`.
    pub(crate) fn push_in_text(&mut self, key: (usize, usize), value: (usize, usize)) {
        self.items.push(Item { key, value });
    }

    /// Adds `value` for the key at `key` in `text`.
    pub(crate) fn push_value(&mut self, key: (usize, usize), value: &str) {
        let start = self.text.len();
        self.text.push_str(value);
        self.items.push(Item {
            key,
            value: (start, self.text.len()),
        });
    }

    // Always inlined, so that the comparisons with a literal key are done in place.
    #[inline(always)]
    fn find(&self, key: &str) -> Option<usize> {
        let text = self.text.as_bytes();
        self.items
            .iter()
            .position(|item| &text[item.key.0..item.key.1] == key.as_bytes())
    }

    /// The value of `key`, if present and not empty.
    #[inline(always)]
    pub(crate) fn take(&mut self, key: &str) -> Option<String> {
        self.take_with(key, str::to_string)
    }

    /// `f` of the value of `key`, if present and not empty; the value is then gone.
    #[inline(always)]
    pub(crate) fn take_with<T>(&mut self, key: &str, f: impl FnOnce(&str) -> T) -> Option<T> {
        let i = self.find(key)?;
        let (start, end) = self.items.swap_remove(i).value;
        Some(f(&self.text[start..end]))
    }
}

/// A child element that was just opened (or was empty).
pub(crate) type Child = skillreg_xmlin::Child<Tag, Pos>;

/// The root element.
#[derive(Debug)]
pub(crate) struct Root {
    pub(crate) name: String,
    pub(crate) location: Location,
    pub(crate) empty: bool,
    pub(crate) attrs: Attrs,
}

/// The XML reader with positions. Fatal problems (not well-formed XML, a read error, a cut-off
/// file) are returned as `Err(Fatal)`; others are pushed to a list the caller passes.
pub(crate) struct Cursor<R> {
    xml: Reader<Tracker<BoundedInput<R>>>,
    file: Option<Arc<str>>,
    encoding: &'static Encoding,
    /// The open elements.
    open: OpenElements,
    /// The whole input has been consumed.
    read_through: bool,
    /// The last fatal problem was a read error, not bad XML.
    io_error: bool,
    /// The parser is between markup: the last event was not text (see `skip_space`), so it has
    /// not consumed anything of what comes next.
    between_markup: bool,
    /// What `skip_space` and `plain_empty_element` consumed, which the parser's positions do
    /// not count.
    skipped: u64,
    /// The attributes of the last child (only for known names).
    attrs: Attrs,
    /// The text of the last child, when it was read in one pass ([`Cursor::plain_text_child`]).
    plain_text: Option<String>,
}

impl<R: BufRead> Cursor<R> {
    pub(crate) fn new(input: R, file: Option<String>) -> Cursor<R> {
        // Refused at a NUL byte or an endless text, before the parser buffers it.
        let mut xml = Reader::from_reader(Tracker::new(BoundedInput::new(input, Shape::Xml)));
        let config = xml.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = false;
        config.check_end_names = true;
        Cursor {
            xml,
            file: file.map(Arc::from),
            encoding: UTF_8,
            open: OpenElements::default(),
            read_through: false,
            io_error: false,
            between_markup: false,
            skipped: 0,
            attrs: Attrs::default(),
            plain_text: None,
        }
    }

    /// The decoded attributes of the child `next_child` returned last, until it is called
    /// again (then they are those of the next child, in the same buffers).
    pub(crate) fn attrs(&mut self) -> &mut Attrs {
        &mut self.attrs
    }

    /// The attributes of the last child, to keep while reading its children.
    pub(crate) fn take_attrs(&mut self) -> Attrs {
        std::mem::take(&mut self.attrs)
    }

    /// Where the last event read starts.
    fn pos(&mut self) -> Pos {
        self.xml.get_mut().marked_pos()
    }

    /// The location of `pos` in element `element`.
    pub(crate) fn location(&self, pos: Pos, element: &str) -> Location {
        location_of(self.file.clone(), pos, element)
    }

    /// The location of the last event read.
    fn here(&mut self, element: Option<String>) -> Location {
        let pos = self.pos();
        Location {
            file: self.file.clone(),
            line: Some(pos.line),
            column: pos.column,
            element,
        }
    }

    fn innermost(&self) -> Option<String> {
        self.open.innermost()
    }

    /// The next event. Whitespace is not trimmed, so the position before the read is where the
    /// event starts.
    fn read<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, Fatal> {
        buf.clear();
        self.mark();
        let read = self.xml.read_event_into(buf);
        // After anything but text (and the end), the parser is between markup. After text, it
        // may have consumed the `<` of what follows.
        let text = matches!(&read, Ok(Event::Text(_) | Event::Eof) | Err(_));
        self.between_markup = !text;
        match read {
            Ok(event) => {
                match &event {
                    Event::Start(e) => self.open.push(e.name().as_ref()),
                    Event::End(_) => self.open.pop(),
                    _ => {}
                }
                Ok(event)
            }
            Err(err) => Err(self.malformed(&err)),
        }
    }

    /// Notes that an event starts here.
    fn mark(&mut self) {
        // The parser's count of the position leaves out what was consumed behind its back.
        let at = self.xml.buffer_position() + self.skipped;
        self.xml.get_mut().mark(at);
    }

    /// Consumes the whitespace at the reading point, when the parser is between markup and
    /// markup follows the whitespace.
    ///
    /// `next_child` passes over text between children, and between elements there is
    /// (nearly) always some whitespace: as an event it would cost about as much as the element
    /// that follows. The parser reads its input only through `fill_buf` and `consume`, so
    /// consuming whitespace behind its back is as if it had not been there, but for its count
    /// of the position (see `skipped`): where the next event starts is the same either way.
    /// Only whitespace followed by `<` in the input buffer is consumed (this never reads): the
    /// parser would have read it as an event of its own, without reading either, whereas a read
    /// error or text after it would make an event, or a problem, that starts with it.
    fn skip_space(&mut self) {
        if !self.between_markup {
            return;
        }
        let input = self.xml.get_mut();
        let buffered = input.buffered();
        let n = buffered.iter().take_while(|b| is_xml_space(**b)).count();
        if buffered.get(n) == Some(&b'<') {
            input.consume(n);
            self.skipped += n as u64;
        }
    }

    fn malformed(&mut self, err: &XmlError) -> Fatal {
        self.io_error = matches!(err, XmlError::Io(_));
        let (element, value, detail) = match err {
            XmlError::Io(e) => {
                return Box::new(Problem::new(
                    &self.here(self.innermost()),
                    None,
                    format!("cannot read the file: {e}"),
                ));
            }
            XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => (
                Some(expected.clone()),
                Some(found.clone()),
                format!("the end tag </{found}> does not match the open element <{expected}>"),
            ),
            XmlError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => (
                Some(name.clone()),
                Some(name.clone()),
                format!("the end tag </{name}> has no start tag"),
            ),
            other => (self.innermost(), None, other.to_string()),
        };
        Box::new(Problem {
            location: self.here(element),
            value,
            message: format!(
                "not well-formed XML: {detail}; the file is damaged or cut off, export it again"
            ),
        })
    }

    fn truncated(&mut self) -> Fatal {
        let element = self.innermost();
        let name = element.clone().unwrap_or_default();
        Box::new(Problem::new(
            &self.here(element),
            None,
            format!("the file ends inside <{name}> (no </{name}>): it is cut off, export it again"),
        ))
    }

    /// Reads the prolog up to the root element and settles the encoding.
    pub(crate) fn root(&mut self, buf: &mut Vec<u8>) -> Result<Root, WlxError> {
        let (root, problem) = skillreg_xmlin::prolog(self, buf, |cursor, e, empty| {
            let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
            let pos = cursor.pos();
            let location = cursor.location(pos, &name);
            let mut problems = Vec::new();
            let mut attrs = Attrs::default();
            cursor.read_attrs(e, &mut attrs, pos, &name, &mut problems);
            let root = Root {
                name,
                location,
                empty,
                attrs,
            };
            (root, problems.into_iter().next())
        })
        .map_err(|refusal| match refusal {
            Refusal::Read(problem) => WlxError::Read(problem),
            Refusal::Malformed(problem) => WlxError::Malformed(problem),
            Refusal::UnsupportedEncoding(problem) => WlxError::UnsupportedEncoding(problem),
        })?;
        match problem {
            Some(problem) => Err(WlxError::Malformed(Box::new(problem))),
            None => Ok(root),
        }
    }

    /// Decodes, normalizes and unescapes the attributes of `e` (element `element` at `pos`)
    /// into `out`.
    fn read_attrs(
        &self,
        e: &BytesStart<'_>,
        out: &mut Attrs,
        pos: Pos,
        element: &str,
        problems: &mut Vec<Problem>,
    ) {
        // A tag long enough to hold an overlong value goes the careful way, which bounds them.
        if e.len() <= MAX_VALUE_CHARS
            && plain::attrs(e, e.name().as_ref().len(), self.encoding != UTF_8, out)
        {
            return;
        }
        out.clear();
        let file = &self.file;
        skillreg_xmlin::read_attributes(
            e,
            self.encoding,
            &WORDING,
            &|| location_of(file.clone(), pos, element),
            problems,
            |key| std::str::from_utf8(key).ok(),
            |key, value| out.push(key, value),
        );
    }

    /// The next child element of the element last opened, or `None` at its end tag. Text,
    /// comments and processing instructions between children are passed over.
    pub(crate) fn next_child(
        &mut self,
        buf: &mut Vec<u8>,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<Child>, Fatal> {
        self.plain_text = None;
        loop {
            self.skip_space();
            if let Some(child) = self.plain_empty_element() {
                return Ok(Some(child));
            }
            if let Some(child) = self.plain_text_child() {
                return Ok(Some(child));
            }
            let event = self.read(buf)?;
            let (e, empty) = match event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => return Ok(None),
                Event::Eof => return Err(self.truncated()),
                _ => continue,
            };
            let name = Tag::of(e.name().as_ref());
            let pos = self.pos();
            let mut attrs = std::mem::take(&mut self.attrs);
            if name == Tag::Other {
                attrs.clear();
            } else {
                self.read_attrs(&e, &mut attrs, pos, name.as_str(), problems);
            }
            self.attrs = attrs;
            return Ok(Some(Child {
                tag: name,
                pos,
                empty,
            }));
        }
    }

    /// The fast path of `next_child` for an empty element written plainly and whole in the
    /// input buffer (see [`plain::empty_element`]), which is nearly every element of an export:
    /// read from the buffer and consumed behind the parser's back, as `skip_space` does (and
    /// like it, without reading). The parser reads its input only through `fill_buf` and
    /// `consume` and keeps nothing of an empty element, so it goes on as if it had read the
    /// element itself. `None` (with nothing consumed) leaves the element to the parser.
    fn plain_empty_element(&mut self) -> Option<Child> {
        if !self.between_markup {
            return None;
        }
        let single_byte = self.encoding != UTF_8;
        let input = self.xml.get_mut().buffered();
        let (len, name) = plain::empty_element(input, single_byte, &mut self.attrs)?;
        if len > MAX_VALUE_CHARS {
            // Long enough to hold an overlong value: the careful way bounds them.
            return None;
        }
        self.mark();
        self.xml.get_mut().consume(len);
        self.skipped += len as u64;
        Some(Child {
            tag: name,
            pos: self.pos(),
            empty: true,
        })
    }

    /// The fast path of `next_child` for a text element written plainly and whole in the input
    /// buffer ([`skillreg_xmlin::plain_text_element`]): a person's names and email. Read and
    /// consumed as [`Cursor::plain_empty_element`] reads an empty element; the child comes back
    /// as empty, with its text for [`Cursor::text`]. `None` (with nothing consumed) leaves the
    /// element to the parser.
    fn plain_text_child(&mut self) -> Option<Child> {
        if !self.between_markup {
            return None;
        }
        let encoding = self.encoding;
        let input = self.xml.get_mut().buffered();
        let (len, tag, text) = {
            let (len, name, text) = skillreg_xmlin::plain_text_element(input)?;
            let tag = Tag::of(name);
            let holds_text = matches!(
                tag,
                Tag::GivenName | Tag::FamilyName | Tag::Email | Tag::Other
            );
            if !holds_text {
                return None;
            }
            // Unknown elements are skipped undecoded, as the parser would.
            let text = match tag {
                Tag::Other => None,
                _ => Some(skillreg_xmlin::plain_text(encoding, text)?),
            };
            (len, tag, text)
        };
        self.mark();
        self.xml.get_mut().consume(len);
        self.skipped += len as u64;
        self.attrs.clear();
        self.plain_text = text;
        Some(Child {
            tag,
            pos: self.pos(),
            empty: true,
        })
    }

    /// Skips the content of `child` (nothing if it was empty).
    pub(crate) fn skip(&mut self, buf: &mut Vec<u8>, child: &Child) -> Result<(), Fatal> {
        if child.empty {
            return Ok(());
        }
        skillreg_xmlin::skip_open(self, buf)
    }

    /// The text content of `child`, trimmed, with references resolved; nested elements are
    /// skipped.
    pub(crate) fn text(
        &mut self,
        buf: &mut Vec<u8>,
        child: &Child,
        problems: &mut Vec<Problem>,
    ) -> Result<String, Fatal> {
        if child.empty {
            // Read in one pass, or `<x/>`.
            return Ok(self.plain_text.take().unwrap_or_default());
        }
        // The location is made only for a problem.
        let (file, pos, element) = (self.file.clone(), child.pos, child.tag.as_str());
        let location = move || location_of(file.clone(), pos, element);
        skillreg_xmlin::text(self, buf, &location, problems)
    }

    /// Reads what follows the root element's end tag (only whitespace, comments and processing
    /// instructions may), then the rest of the input so that the digest covers it.
    pub(crate) fn finish(&mut self, buf: &mut Vec<u8>, root: &str) -> Vec<Problem> {
        skillreg_xmlin::finish(self, buf, root)
    }

    /// Reads the rest of the input without parsing it (after the end or a fatal problem).
    pub(crate) fn drain(&mut self) -> Option<Problem> {
        match self.xml.get_mut().drain() {
            Ok(()) => {
                self.read_through = true;
                None
            }
            Err(e) => Some(Problem::new(
                &self.here(None),
                None,
                format!("cannot read the file: {e}"),
            )),
        }
    }

    /// The blake3 hex of the whole input, once it has been read through.
    pub(crate) fn digest(&self) -> Option<String> {
        if self.read_through {
            self.xml.get_ref().digest()
        } else {
            None
        }
    }
}

/// The location of `pos` in element `element` of `file`.
fn location_of(file: Option<Arc<str>>, pos: Pos, element: &str) -> Location {
    Location {
        file,
        line: Some(pos.line),
        column: pos.column,
        element: Some(element.to_string()),
    }
}

impl<R: BufRead> XmlSource for Cursor<R> {
    #[inline]
    fn read<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, Fatal> {
        Cursor::read(self, buf)
    }

    #[inline]
    fn open(&self) -> &OpenElements {
        &self.open
    }

    fn truncated(&mut self) -> Fatal {
        Cursor::truncated(self)
    }

    fn here(&mut self, element: Option<String>) -> Location {
        Cursor::here(self, element)
    }

    #[inline]
    fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    #[inline]
    fn wording(&self) -> &Wording {
        &WORDING
    }

    fn io_error(&self) -> bool {
        self.io_error
    }

    fn declare(&mut self, encoding: &'static Encoding, _label: String) {
        // A UTF-8 byte order mark wins over the declaration.
        if !self.xml.get_ref().has_bom() {
            self.encoding = encoding;
            self.xml.get_mut().set_single_byte(encoding != UTF_8);
        }
    }

    fn unsupported_encoding(&mut self) -> Option<Fatal> {
        let detected = self.xml.decoder().encoding();
        (detected == UTF_16LE || detected == UTF_16BE).then(|| {
            Box::new(Problem::new(
                &self.here(None),
                Some(detected.name()),
                "UTF-16 files are not supported: save the export as UTF-8 or ISO-8859-1",
            ))
        })
    }

    fn drain(&mut self) -> Option<Problem> {
        Cursor::drain(self)
    }
}
