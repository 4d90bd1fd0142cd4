//! The frame every page shares: the document, its inline style sheet and small helpers.

use skillreg_l10n::Lang;
use std::fmt::Write as _;

use crate::escape::Escaped;

/// The whole style sheet: system fonts, A4 print, colours with at least 4.5:1 contrast on white.
const STYLE: &str = r#"
:root {
  color-scheme: light;
  --ink: #1a1a1a; --muted: #4d4d4d; --rule: #8c8c8c; --faint: #f3f3f3;
  --target: #1f4e79; --current: #a33600; --self: #5b2a86;
  --met: #dcefdc; --gap1: #fde7c2; --gap2: #f8cfcf; --none: #eeeeee;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0 auto; padding: 1.5rem; max-width: 62rem; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
}
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid var(--rule); padding-bottom: .15rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
p { margin: .4rem 0; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
.code { color: var(--muted); font-size: .85em; white-space: nowrap; }
.muted, .note { color: var(--muted); }
.note { font-size: .9em; }
.warning { font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: .95em; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th, tfoot th, tfoot td { background: var(--faint); }
th[scope="row"] { font-weight: 600; }
td.num, th.num { text-align: center; }
ul { margin: .3rem 0; padding-left: 1.3rem; }
figure.radar-figure { margin: .5rem 0 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; }
figure.radar-figure figcaption { flex: 1 1 14rem; }
figure.radar-figure figcaption p { color: var(--muted); font-size: .9em; }
svg.radar { display: block; flex: 0 1 600px; max-width: 100%; height: auto; }
.radar-ring { fill: none; stroke: #b3b3b3; stroke-width: 1; }
.radar-axis { stroke: #9a9a9a; stroke-width: 1; }
.radar-ring-label { font-size: 11px; fill: var(--muted); }
.radar-axis-label { font-size: 13px; fill: var(--ink); font-weight: 600; }
.radar-empty { font-size: 14px; fill: var(--muted); }
.radar-target { fill: none; stroke: var(--target); stroke-width: 2.5; stroke-dasharray: 9 5; }
.radar-current { fill: rgba(163, 54, 0, .12); stroke: var(--current); stroke-width: 2.5; }
.radar-self { fill: none; stroke: var(--self); stroke-width: 2.5; stroke-dasharray: 2 4; stroke-linecap: round; }
polyline.radar-current { fill: none; }
.radar-vertex { stroke: #fff; stroke-width: 1; stroke-dasharray: none; }
.radar-vertex.radar-target { fill: var(--target); }
.radar-vertex.radar-current { fill: var(--current); }
.radar-vertex.radar-self { fill: var(--self); }
.radar-baseline { fill: none; stroke: var(--target); stroke-width: 2.5; stroke-dasharray: 9 5; }
.radar-followup { fill: rgba(163, 54, 0, .12); stroke: var(--current); stroke-width: 2.5; }
polyline.radar-followup { fill: none; }
.radar-vertex.radar-baseline { fill: var(--target); }
.radar-vertex.radar-followup { fill: var(--current); }
.maturity-pair { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: flex-start; }
.maturity-pair figure.radar-figure { flex: 2 1 28rem; min-width: 0; flex-direction: column; align-items: stretch; margin: 0; }
.maturity-pair figure.radar-figure svg.radar { flex: none; width: 100%; height: auto; }
.maturity-pair figure.radar-figure figcaption { flex: none; }
section.skills { flex: 1 1 15rem; border: 1px solid var(--rule); padding: .2rem .8rem .5rem; }
td.dist { font-size: .9em; min-width: 7rem; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; margin: .4rem 0; }
figcaption ul.legend { flex-direction: column; font-weight: 600; }
ul.legend li { display: flex; align-items: center; gap: .4rem; }
ul.legend svg { width: 48px; height: 16px; flex: none; }
td.cell { text-align: center; white-space: nowrap; }
td.met { background: var(--met); }
td.gap-1 { background: var(--gap1); }
td.gap-2 { background: var(--gap2); }
td.no-target { background: var(--none); }
td.suppressed { font-style: italic; color: var(--muted); }
.sym { font-weight: 700; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
th button.sort { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; color: inherit; }
th button.sort::after { content: " \2195"; color: var(--muted); }
th[aria-sort="ascending"] button.sort::after { content: " \2191"; }
th[aria-sort="descending"] button.sort::after { content: " \2193"; }
fieldset.round-system { border: 1px solid var(--rule); margin: .6rem 0; padding: .3rem .8rem .4rem; break-inside: avoid; }
fieldset.round-system legend { font-weight: 600; padding: 0 .3rem; }
ul.choices { list-style: none; padding: 0; margin: .2rem 0; }
ul.choices li { margin: .2rem 0; }
ul.choices input { width: 1.1em; height: 1.1em; vertical-align: -.15em; }
p.sign { margin-top: 1.2rem; display: flex; gap: 2rem; }
section.round-form + section.round-form { border-top: 2px solid var(--rule); margin-top: 2rem; padding-top: 1rem; }
footer { margin-top: 2rem; border-top: 1px solid var(--rule); padding-top: .4rem; color: var(--muted); font-size: .85em; }
@page { size: A4; margin: 15mm 14mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  figure.radar-figure, table, section.keep { break-inside: avoid; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  figure.radar-figure { flex-wrap: nowrap; gap: 6mm; }
  svg.radar { flex: 0 0 115mm; width: 115mm; }
  figure.radar-figure figcaption { flex: 1 1 auto; }
  th button.sort::after { content: ""; }
  .sort-hint { display: none; }
  section.round-form + section.round-form { break-before: page; border-top: 0; margin-top: 0; padding-top: 0; }
}
"#;

/// The style sheet every page uses: inline in the stand-alone pages, or served as a file (see
/// [`PageAssets::Linked`]).
pub const STYLE_SHEET: &str = STYLE;

/// Where a page's style sheet comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageAssets<'a> {
    /// In the page itself: a self-contained file that references nothing outside it (what
    /// `--html` writes).
    #[default]
    Inline,
    /// From a file the web service serves (its Content-Security-Policy allows no inline style
    /// or script), with a bar of trusted HTML at the top of the body (who is signed in, the
    /// sign-out form).
    Linked {
        /// The style sheet's URL path, e.g. `/static/skillreg.css` ([`STYLE_SHEET`]'s text).
        stylesheet: &'a str,
        /// HTML put first in `<body>`, as it is (not escaped: the caller builds it).
        header: &'a str,
    },
}

/// A complete, self-contained HTML document: no external style sheet, script, font or image.
pub(crate) fn document(lang: Lang, title: &str, body: &str, script: Option<&str>) -> String {
    document_with_footer(lang, title, body, script, lang.labels().footer)
}

/// [`document`] with its style sheet from `assets`.
pub(crate) fn document_with(lang: Lang, title: &str, body: &str, assets: PageAssets<'_>) -> String {
    document_with_footer_assets(lang, title, body, None, lang.labels().footer, assets)
}

/// [`document_with_footer`] with its style sheet from `assets`; a linked page carries no
/// script (the service's pages work without one).
pub(crate) fn document_with_footer_assets(
    lang: Lang,
    title: &str,
    body: &str,
    script: Option<&str>,
    footer: &str,
    assets: PageAssets<'_>,
) -> String {
    match assets {
        PageAssets::Inline => document_with_footer(lang, title, body, script, footer),
        PageAssets::Linked { stylesheet, header } => {
            let mut out = String::with_capacity(body.len() + 1024);
            let _ = write!(
                out,
                "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
                 <title>{}</title>\n<link rel=\"stylesheet\" href=\"{}\">\n</head>\n<body>\n{header}<main>\n{body}</main>\n",
                lang.code(),
                Escaped(title),
                Escaped(stylesheet),
            );
            let _ = writeln!(out, "<footer><p>{}</p></footer>", Escaped(footer));
            out += "</body>\n</html>\n";
            out
        }
    }
}

/// [`document`] with its own footer text.
pub(crate) fn document_with_footer(
    lang: Lang,
    title: &str,
    body: &str,
    script: Option<&str>,
    footer: &str,
) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 512);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n",
        lang.code(),
        Escaped(title),
    );
    let _ = writeln!(out, "<footer><p>{}</p></footer>", Escaped(footer));
    if let Some(script) = script {
        let _ = writeln!(out, "<script>{script}</script>");
    }
    out += "</body>\n</html>\n";
    out
}

/// `<th scope="col">` cells for `headers`.
pub(crate) fn col_headers(headers: &[&str]) -> String {
    let mut out = String::from("<thead><tr>");
    for h in headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", Escaped(h));
    }
    out += "</tr></thead>";
    out
}
