//! HTML escaping of every text that comes from data.

use std::fmt;

/// `text` escaped for HTML text and for attribute values in double or single quotes.
///
/// ```
/// assert_eq!(skillreg_html::escape("Öhman & Berg <script>"), "Öhman &amp; Berg &lt;script&gt;");
/// ```
pub fn escape(text: &str) -> String {
    Escaped(text).to_string()
}

/// Displays its text HTML-escaped, without an intermediate `String`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(pos) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..pos])?;
            let entity = match rest.as_bytes().get(pos) {
                Some(b'&') => "&amp;",
                Some(b'<') => "&lt;",
                Some(b'>') => "&gt;",
                Some(b'"') => "&quot;",
                _ => "&#39;",
            };
            f.write_str(entity)?;
            rest = &rest[pos + 1..];
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn keeps_other_text() {
        assert_eq!(
            escape("Linnéa Öhman – Solgården"),
            "Linnéa Öhman – Solgården"
        );
        assert_eq!(escape(""), "");
    }
}
