//! The service's own small pages (signed out, refused, errors) and the bar at the top of a
//! signed-in page. No inline style or script: the style sheet is `/static/skillreg.css`.

pub mod manager;
pub mod person;

use skillreg_html::{PageAssets, escape};
use skillreg_l10n::Lang;

use crate::session::Session;

/// The style sheet's path.
pub const STYLESHEET: &str = "/static/skillreg.css";

/// A page of the service with `title` and a body of trusted HTML.
pub fn page(lang: Lang, title: &str, body: &str, header: &str) -> String {
    let body = format!("<h1>{}</h1>\n{body}", escape(title));
    frame(lang, title, &body, header)
}

fn frame(lang: Lang, title: &str, body: &str, header: &str) -> String {
    // The frame of the brief page, for pages that are not a brief.
    let mut out = String::new();
    out += "<!DOCTYPE html>\n";
    out += &format!(
        "<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"stylesheet\" href=\"{STYLESHEET}\">\n</head>\n<body>\n{header}<main>\n{body}\n</main>\n</body>\n</html>\n",
        lang.code(),
        escape(title)
    );
    out
}

/// The bar at the top of a signed-in page: who is signed in, the language form and the
/// sign-out form, each with the session's CSRF token.
pub fn signed_in_bar(session: &Session, lang: Lang) -> String {
    format!(
        "<nav class=\"session\"><p>{} <strong>{}</strong></p>\
         {}\
         <form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <button type=\"submit\">{}</button></form></nav>\n",
        escape(signed_in_as(lang)),
        escape(&session.actor.to_string()),
        lang_form(session, lang),
        escape(&session.csrf),
        escape(sign_out(lang)),
    )
}

/// The form that chooses the session's language (`POST /lang`): a list of the three, each
/// named in its own language, and a button; usable without JavaScript.
fn lang_form(session: &Session, lang: Lang) -> String {
    let options: String = Lang::ALL
        .iter()
        .map(|l| {
            format!(
                "<option value=\"{code}\" lang=\"{code}\"{selected}>{name}</option>",
                code = l.code(),
                selected = if *l == lang { " selected" } else { "" },
                name = escape(language_name(*l)),
            )
        })
        .collect();
    let (label, choose) = match lang {
        Lang::En => ("Language", "Change"),
        Lang::Sv => ("Språk", "Byt"),
        Lang::Nb => ("Språk", "Bytt"),
    };
    format!(
        "<form method=\"post\" action=\"/lang\" class=\"lang\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <label for=\"session-lang\">{}</label> <select id=\"session-lang\" name=\"lang\">{options}</select> \
         <button type=\"submit\">{}</button></form>",
        escape(&session.csrf),
        escape(label),
        escape(choose),
    )
}

/// A language's name in that language, as the language form lists it.
fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Sv => "Svenska",
        Lang::Nb => "Norsk bokmål",
    }
}

/// The assets of a signed-in page: the linked style sheet and `header`.
pub fn linked(header: &str) -> PageAssets<'_> {
    PageAssets::Linked {
        stylesheet: STYLESHEET,
        header,
    }
}

fn signed_in_as(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Signed in as",
        Lang::Sv => "Inloggad som",
        Lang::Nb => "Logget inn som",
    }
}

fn sign_out(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Sign out",
        Lang::Sv => "Logga ut",
        Lang::Nb => "Logg ut",
    }
}

/// Why a sign-in was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The registry does not know the employee number.
    Unknown,
    /// The person has no employment active today.
    Left,
    /// The ID token carries no employee number and no group that gives access.
    NoEmployeeNumber,
}

/// The page that refuses a sign-in (served with 403).
pub fn refused(lang: Lang, refusal: Refusal, employee_no: &str) -> String {
    let no = escape(employee_no);
    let (title, text) = match (lang, refusal) {
        (Lang::Sv, _) => (
            "Inloggningen nekades",
            match refusal {
                Refusal::Unknown => format!(
                    "Anställningsnummer {no} finns inte i registret. Kontakta HR om du tycker att det borde finnas där."
                ),
                Refusal::Left => format!(
                    "Anställd {no} har ingen anställning som gäller i dag, så inloggning är inte möjlig. Kontakta HR om det är fel."
                ),
                Refusal::NoEmployeeNumber => {
                    "Din identitet saknar anställningsnummer. Kontakta HR eller IT.".to_string()
                }
            },
        ),
        (Lang::Nb, _) => (
            "Innloggingen ble avvist",
            match refusal {
                Refusal::Unknown => format!(
                    "Ansattnummer {no} finnes ikke i registeret. Kontakt HR hvis du mener det burde være der."
                ),
                Refusal::Left => format!(
                    "Ansatt {no} har ingen ansettelse som gjelder i dag, så innlogging er ikke mulig. Kontakt HR hvis det er feil."
                ),
                Refusal::NoEmployeeNumber => {
                    "Identiteten din mangler ansattnummer. Kontakt HR eller IT.".to_string()
                }
            },
        ),
        (Lang::En, _) => (
            "Sign-in refused",
            match refusal {
                Refusal::Unknown => format!(
                    "The registry does not know employee number {no}. Ask HR if you think it should."
                ),
                Refusal::Left => format!(
                    "Employee {no} has no employment active today, so they cannot sign in. Ask HR if this is wrong."
                ),
                Refusal::NoEmployeeNumber => {
                    "Your identity carries no employee number. Ask HR or IT.".to_string()
                }
            },
        ),
    };
    page(lang, title, &format!("<p>{text}</p>"), "")
}

/// A page with one sentence and a link to start again (`status` in the title).
pub fn message(lang: Lang, title: &str, text: &str, link: Option<(&str, &str)>) -> String {
    let mut body = format!("<p>{}</p>", escape(text));
    if let Some((href, label)) = link {
        body += &format!(
            "\n<p><a href=\"{}\">{}</a></p>",
            escape(href),
            escape(label)
        );
    }
    page(lang, title, &body, "")
}

/// The page after sign-out.
pub fn signed_out(lang: Lang) -> String {
    let (title, text, again) = match lang {
        Lang::En => ("Signed out", "You are signed out.", "Sign in again"),
        Lang::Sv => ("Utloggad", "Du är utloggad.", "Logga in igen"),
        Lang::Nb => ("Logget ut", "Du er logget ut.", "Logg inn igjen"),
    };
    message(lang, title, text, Some(("/auth/signin", again)))
}

/// The extra rules of the service's own elements, appended to the pages' style sheet.
pub const EXTRA_STYLE: &str = "
nav.session { display: flex; justify-content: space-between; align-items: center; gap: 1rem; max-width: 62rem; margin: 0 auto; padding: .5rem 1.5rem; border-bottom: 1px solid var(--rule); }
nav.session p { margin: 0; }
nav.session form { margin: 0; }
nav.session button { font: inherit; padding: .2rem .8rem; cursor: pointer; }
nav.session form.lang { margin-left: auto; }
nav.session select { font: inherit; }
@media print { nav.session { display: none; } }
svg.progress-chart { max-width: 100%; height: auto; }
aside.rounds-notice { max-width: 62rem; margin: 1rem auto; padding: .5rem 1.5rem; border: 2px solid var(--rule); }
form.round-answers fieldset { margin: 1rem 0; }
form.round-answers ul.choices { list-style: none; padding-left: 0; }
.error { font-weight: bold; }
nav.menu ul { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem 1.5rem; margin: .75rem 0 0; padding: 0; }
@media print { nav.menu { display: none; } }
";

/// The language for an `Accept-Language` header: the first of en, sv, nb (or no) by the
/// header's weights; English when none matches.
///
/// ```
/// use skillreg_l10n::Lang;
/// assert_eq!(skillreg_server::lang_from_accept("de-DE, sv;q=0.8, en;q=0.5"), Lang::Sv);
/// assert_eq!(skillreg_server::lang_from_accept("nb-NO"), Lang::Nb);
/// assert_eq!(skillreg_server::lang_from_accept(""), Lang::En);
/// ```
pub fn lang_from_accept(header: &str) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or_default().trim();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if let Some(lang) = Lang::from_tag(tag)
            && q > 0.0
            && best.is_none_or(|(b, _)| q > b)
        {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::En, |(_, lang)| lang)
}

pub mod aggregates;
pub mod hr;
pub mod round;
pub mod viewer;
