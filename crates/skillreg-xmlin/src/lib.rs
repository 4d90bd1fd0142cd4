//! XML input support shared by the XML adapters of skillreg (WLX exports and PAXml files): the
//! parts of reading an XML file that do not depend on its format.
//!
//! # Brief overview
//! - [`XmlSource`] is what an adapter's cursor provides (events with the open elements kept in
//!   [`OpenElements`], where each starts, its [`Wording`]); [`prolog`] reads up to the root
//!   element and settles the encoding by the XML declaration, [`text`] reads an element's text
//!   content, [`skip_open`] skips an element, [`finish`] checks what follows the root element.
//! - [`declared_encoding`] and [`decode`]: the encodings read (UTF-8 and single-byte ones such
//!   as ISO-8859-1 and windows-1252) and decoding in them.
//! - [`read_attributes`] decodes, normalizes and unescapes attribute values;
//!   [`push_reference`] resolves `&amp;` and `&#229;` in text; problems name what to write.
//! - [`count_chars`] and [`count_newlines`] count columns and lines over consumed bytes;
//!   [`plain_text_element`] finds a text element an adapter may read without the parser.
//! - [`plain_date`], [`local_day`] (the day of a time stamp in Stockholm) and
//!   [`major_version`] parse the values both formats write alike.
//!
//! # Example
//! ```
//! use quick_xml::events::BytesStart;
//! use skillreg_core::Location;
//! use skillreg_xmlin::{Wording, declared_encoding, plain_date, read_attributes};
//!
//! let wording = Wording {
//!     invalid_text_advice: "save the file as UTF-8",
//!     shorten_invalid_text: true,
//!     quote_text_before_root: false,
//!     normalize_line_ends: true,
//! };
//! let encoding = declared_encoding(b"UTF-8").ok_or("not read")?;
//! let tag = BytesStart::from_content(r#"Employment unit=" S&#214;D &amp; V" start="2015-03-01""#, 10);
//! let location = || Location::default();
//! let (mut found, mut problems) = (Vec::new(), Vec::new());
//! read_attributes(
//!     &tag,
//!     encoding,
//!     &wording,
//!     &location,
//!     &mut problems,
//!     |key| std::str::from_utf8(key).ok(),
//!     |key, value| found.push((key, value.to_string())),
//! );
//! assert!(problems.is_empty());
//! assert_eq!(found[0], ("unit", "SÖD & V".to_string()));
//! assert_eq!(plain_date(&found[1].1).map(|d| d.to_string()).as_deref(), Some("2015-03-01"));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod count;
mod decode;
mod escape;
mod events;
mod plain;
mod value;

pub use count::{UTF8_BOM, count_chars, count_newlines};
pub use decode::{UNSUPPORTED_ENCODING, declared_encoding, decode, decode_lossy};
pub use escape::{excerpt, invalid_text, is_xml_space, push_reference, read_attributes};
pub use events::{
    Child, Fatal, OpenElements, Refusal, Wording, XmlSource, finish, prolog, skip_open, text,
};
pub use plain::{plain_text, plain_text_element};
pub use value::{local_day, major_version, plain_date, stockholm_date};
