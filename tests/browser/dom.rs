//! A reader of the HTML that Chromium's `--dump-dom` prints: the browser's serialisation of its
//! DOM, so every non-void element has its end tag, attribute values are double-quoted and text
//! escapes only `&`, `<`, `>` and no-break spaces. That makes a small tree builder enough.

/// A node of the tree.
#[derive(Debug, Clone)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Text, entities decoded.
    Text(String),
}

/// An element with its attributes (values decoded) and children.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Tag name as serialised (lower case for HTML, camelCase kept for SVG).
    pub name: String,
    /// Attributes in document order.
    pub attrs: Vec<(String, String)>,
    /// Children in document order.
    pub children: Vec<Node>,
}

impl Element {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of attribute `name`, or a panic naming the element.
    pub fn req(&self, name: &str) -> &str {
        self.attr(name)
            .unwrap_or_else(|| panic!("<{}> has no {name}: {:?}", self.name, self.attrs))
    }

    /// Whether the `class` attribute lists `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }

    /// The text of the element and all its descendants, in order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }

    /// All descendant elements (not the element itself), in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a Element>) {
        for child in &self.children {
            if let Node::Element(e) = child {
                out.push(e);
                e.collect(out);
            }
        }
    }

    /// The descendants named `name` that have every class in `classes`.
    pub fn select(&self, name: &str, classes: &[&str]) -> Vec<&Element> {
        self.descendants()
            .into_iter()
            .filter(|e| e.name == name && classes.iter().all(|c| e.has_class(c)))
            .collect()
    }

    /// The descendant with `id`.
    pub fn by_id(&self, id: &str) -> Option<&Element> {
        self.descendants()
            .into_iter()
            .find(|e| e.attr("id") == Some(id))
    }
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
const RAW_TEXT: &[&str] = &["script", "style"];

/// The tree of a serialised document, under a nameless root element.
pub fn parse(html: &str) -> Element {
    let mut stack = vec![Element::default()];
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else if let Some(end_tag) = rest.strip_prefix("</") {
            let close = end_tag.find('>').unwrap_or(end_tag.len());
            let name = end_tag[..close].trim();
            close_element(&mut stack, name);
            rest = end_tag.get(close + 1..).unwrap_or("");
        } else if rest.starts_with('<') {
            let (element, self_closed, after) = start_tag(rest);
            rest = after;
            if RAW_TEXT.contains(&element.name.as_str()) {
                let end = format!("</{}", element.name);
                let stop = rest.find(&end).unwrap_or(rest.len());
                let mut element = element;
                if stop > 0 {
                    element.children.push(Node::Text(rest[..stop].to_string()));
                }
                rest = &rest[stop..];
                stack.push(element);
            } else if self_closed || VOID.contains(&element.name.as_str()) {
                push_child(&mut stack, Node::Element(element));
            } else {
                stack.push(element);
            }
        } else {
            let stop = rest.find('<').unwrap_or(rest.len());
            push_child(&mut stack, Node::Text(decode(&rest[..stop])));
            rest = &rest[stop..];
        }
    }
    while stack.len() > 1 {
        pop(&mut stack);
    }
    stack.pop().unwrap_or_default()
}

fn push_child(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn pop(stack: &mut Vec<Element>) {
    if stack.len() > 1
        && let Some(done) = stack.pop()
    {
        push_child(stack, Node::Element(done));
    }
}

/// Closes the innermost open element named `name` (and any left open inside it).
fn close_element(stack: &mut Vec<Element>, name: &str) {
    let Some(at) = stack.iter().rposition(|e| e.name == name) else {
        return;
    };
    if at == 0 {
        return;
    }
    while stack.len() > at {
        pop(stack);
    }
}

/// Reads `<name attr="value" ...>` at the start of `input`.
fn start_tag(input: &str) -> (Element, bool, &str) {
    let mut rest = &input[1..];
    let name_end = rest
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    let mut element = Element {
        name: rest[..name_end].to_string(),
        ..Element::default()
    };
    rest = &rest[name_end..];
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>") {
            return (element, true, after);
        }
        if let Some(after) = rest.strip_prefix('>') {
            return (element, false, after);
        }
        if let Some(after) = rest.strip_prefix('/') {
            rest = after;
            continue;
        }
        if rest.is_empty() {
            return (element, false, rest);
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            rest = after.trim_start();
            if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &rest[1..];
                let end = body.find(quote).unwrap_or(body.len());
                value = decode(&body[..end]);
                rest = body.get(end + 1..).unwrap_or("");
            } else {
                let end = rest
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(rest.len());
                value = decode(&rest[..end]);
                rest = &rest[end..];
            }
        }
        element.attrs.push((name, value));
    }
}

/// Decodes the character references a serialiser writes: the named `&amp; &lt; &gt; &quot;
/// &nbsp; &apos;` and numeric ones. Anything else stays as it is.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(semi) = rest.find(';').filter(|s| *s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_serialised_document() {
        let doc = parse(
            "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><style>a>b{}</style>\
             </head><body><p id=\"x\" class=\"a b\">S&amp;B &lt;1&gt;<br>two&nbsp;</p>\
             <svg><polygon points=\"1,2 3,4\"></polygon><rect/></svg>\
             <script>if (a < b) {}</script><pre id=\"j\">{\"k\":\"&amp;lt;\"}</pre></body></html>",
        );
        let html = &doc.select("html", &[])[0];
        assert_eq!(html.attr("lang"), Some("sv"));
        let p = doc.by_id("x").unwrap();
        assert!(p.has_class("b") && !p.has_class("c"));
        assert_eq!(p.text(), "S&B <1>two\u{a0}");
        assert_eq!(
            doc.select("polygon", &[])[0].attr("points"),
            Some("1,2 3,4")
        );
        assert_eq!(doc.select("rect", &[]).len(), 1);
        assert_eq!(doc.select("script", &[])[0].text(), "if (a < b) {}");
        assert_eq!(doc.select("style", &[])[0].text(), "a>b{}");
        assert_eq!(doc.by_id("j").unwrap().text(), "{\"k\":\"&lt;\"}");
        // The pre is a sibling of the p, not inside it.
        assert_eq!(doc.select("body", &[])[0].children.len(), 4);
    }
}
