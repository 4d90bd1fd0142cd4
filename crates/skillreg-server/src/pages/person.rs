//! The pages of any signed-in person about themself: their history (`/me/history`), their
//! talks (`/me/talks`) and the self-assessment form (`/me/assess`). Every read and write is a
//! store call as the session's actor; the store decides who may (never this module).

use std::sync::Arc;

use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Redirect, Response};
use skillreg_html::escape;
use skillreg_l10n::Lang;
use skillreg_store::FormAnswer;

use crate::ServerError;
use crate::app::AppState;
use crate::pages;
use crate::session::{Session, same_secret};
use crate::web::{current_session, html, internal};

pub(crate) type Shared = State<Arc<AppState>>;

/// A form's fields, in order (repeated names allowed).
pub(crate) type Fields = Vec<(String, String)>;

/// `en`, `sv` or `nb` by `lang`.
pub(crate) fn t(lang: Lang, en: &'static str, sv: &'static str, nb: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Sv => sv,
        Lang::Nb => nb,
    }
}

/// The signed-in person's session and the bar at the top of their pages, as a handler's
/// argument: a handler that takes it runs only for a signed-in person, and anyone else is sent to
/// sign in ([`signed_in`]).
pub(crate) struct SignedIn(pub(crate) Session, pub(crate) String);

impl FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = Redirect;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<SignedIn, Redirect> {
        signed_in(state, &parts.headers).map(|(session, bar)| SignedIn(session, bar))
    }
}

/// The session of the request and the bar of its pages, or the redirect to sign in.
pub(crate) fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Session, String), Redirect> {
    let session = current_session(state, headers).ok_or_else(|| Redirect::to("/auth/signin"))?;
    let bar = format!(
        "{}{}",
        pages::signed_in_bar(&session, session.lang),
        menu(&session)
    );
    Ok((session, bar))
}

/// The links every signed-in page carries (a manager's too).
pub(crate) fn menu(session: &Session) -> String {
    menu_marked(session, 0)
}

/// [`menu`], its link to the person's rounds saying how many rounds ask them now (when any
/// does).
pub(crate) fn menu_marked(session: &Session, n_rounds: usize) -> String {
    let lang = session.lang;
    // HR and viewers have no record of their own: their links are the organisation's views.
    match &session.actor {
        skillreg_store::Actor::Hr => {
            return menu_of(&with_aggregates(
                session,
                vec![
                    ("/rounds", t(lang, "Rounds", "Omgångar", "Runder")),
                    ("/progress", t(lang, "Progress", "Utveckling", "Utvikling")),
                    ("/audit", t(lang, "Audit trail", "Loggbok", "Logg")),
                ],
            ));
        }
        skillreg_store::Actor::Viewer(unit) => {
            let href = format!("/units/{unit}");
            return menu_of(&with_aggregates(
                session,
                vec![
                    (
                        href.as_str(),
                        t(
                            lang,
                            "Unit overview",
                            "Översikt för enheten",
                            "Oversikt for enheten",
                        ),
                    ),
                    ("/progress", t(lang, "Progress", "Utveckling", "Utvikling")),
                ],
            ));
        }
        _ => {}
    }
    let mut links = vec![
        (
            "/",
            t(lang, "My brief", "Min sammanställning", "Min oversikt"),
        ),
        (
            "/me/history",
            t(lang, "My history", "Min historik", "Min historikk"),
        ),
        (
            "/me/talks",
            t(lang, "My talks", "Mina samtal", "Mine samtaler"),
        ),
        (
            "/me/assess",
            t(lang, "Self-assessment", "Självskattning", "Egenvurdering"),
        ),
        (
            "/me/rounds",
            match n_rounds {
                0 => t(lang, "My rounds", "Mina omgångar", "Mine runder"),
                _ => t(
                    lang,
                    "My rounds (a round asks you)",
                    "Mina omgångar (en omgång väntar på ditt svar)",
                    "Mine runder (en runde venter på svaret ditt)",
                ),
            },
        ),
    ];
    if matches!(session.actor, skillreg_store::Actor::Manager(_)) {
        links.push(("/team", t(lang, "My team", "Mitt team", "Mitt team")));
        links.push((
            "/team/due",
            t(
                lang,
                "Talks due",
                "Samtal att hålla",
                "Samtaler som forfaller",
            ),
        ));
    }
    menu_of(&with_aggregates(session, links))
}

/// `links` followed by the aggregate pages the actor reads that are not among them yet.
fn with_aggregates<'a>(
    session: &Session,
    mut links: Vec<(&'a str, &'a str)>,
) -> Vec<(&'a str, &'a str)> {
    for (href, label) in aggregate_links(session) {
        if !links.iter().any(|(h, _)| *h == href) {
            links.push((href, label));
        }
    }
    links
}

/// The links to the aggregate pages of HR, a manager (over their people) and a viewer (over
/// their unit); nothing for anyone else. The store still decides what each page shows.
fn aggregate_links(session: &Session) -> Vec<(&'static str, &'static str)> {
    let lang = session.lang;
    use skillreg_store::Actor;
    let demand = (
        "/demand",
        t(
            lang,
            "Training demand",
            "Utbildningsbehov",
            "Opplæringsbehov",
        ),
    );
    let groups = (
        "/groups",
        t(lang, "Target groups", "Målgrupper", "Målgrupper"),
    );
    let coverage = (
        "/talks/coverage",
        t(lang, "Talk coverage", "Samtalstäckning", "Samtaledekning"),
    );
    let maturity = ("/maturity", t(lang, "Maturity", "Mognad", "Modenhet"));
    match &session.actor {
        Actor::Hr => vec![
            ("/units", t(lang, "Units", "Enheter", "Enheter")),
            demand,
            groups,
            coverage,
            maturity,
            (
                "/runs",
                t(
                    lang,
                    "Sync run log",
                    "Synkroniseringslogg",
                    "Synkroniseringslogg",
                ),
            ),
        ],
        Actor::Manager(_) => vec![
            (
                "/team/overview",
                t(
                    lang,
                    "My people at a glance",
                    "Mina medarbetare i översikt",
                    "Mine medarbeidere i oversikt",
                ),
            ),
            demand,
            ("/progress", t(lang, "Progress", "Utveckling", "Utvikling")),
            coverage,
        ],
        Actor::Viewer(_) => vec![
            demand,
            groups,
            ("/rounds", t(lang, "Rounds", "Omgångar", "Runder")),
            coverage,
            maturity,
        ],
        _ => Vec::new(),
    }
}

fn menu_of(links: &[(&str, &str)]) -> String {
    let items: String = links
        .iter()
        .map(|(href, label)| {
            format!(
                "<li><a href=\"{}\">{}</a></li>",
                escape(href),
                escape(label)
            )
        })
        .collect();
    format!("<nav class=\"menu\"><ul>{items}</ul></nav>\n")
}

/// The answer to a store call that failed: 403 with nothing of the record when the store
/// refused the actor, 404 for an unknown employee, 400 with the store's words for other bad
/// input (an unknown unit, an invalid request), 500 otherwise.
pub(crate) fn store_failure(lang: Lang, error: ServerError, what: &str) -> Response {
    if let ServerError::Registry { source, .. } = &error {
        match source.as_ref() {
            skillreg_store::Error::AccessDenied { .. } => {
                tracing::warn!("{what}: refused by the registry: {source}");
                return html(
                    StatusCode::FORBIDDEN,
                    pages::message(
                        lang,
                        t(lang, "Not allowed", "Inte tillåtet", "Ikke tillatt"),
                        t(
                            lang,
                            "You may not see or change this.",
                            "Du får inte se eller ändra detta.",
                            "Du kan ikke se eller endre dette.",
                        ),
                        Some(("/", t(lang, "Back", "Tillbaka", "Tilbake"))),
                    ),
                );
            }
            skillreg_store::Error::UnknownEmployee(_) => {
                return html(
                    StatusCode::NOT_FOUND,
                    pages::message(
                        lang,
                        t(lang, "Not found", "Hittades inte", "Ikke funnet"),
                        t(
                            lang,
                            "No such person.",
                            "Ingen sådan person.",
                            "Ingen slik person.",
                        ),
                        Some(("/", t(lang, "Back", "Tillbaka", "Tilbake"))),
                    ),
                );
            }
            skillreg_store::Error::Invalid(_) | skillreg_store::Error::UnknownUnit(_) => {
                return html(
                    StatusCode::BAD_REQUEST,
                    pages::message(
                        lang,
                        "skillreg",
                        &source.to_string(),
                        Some(("/", t(lang, "Back", "Tillbaka", "Tilbake"))),
                    ),
                );
            }
            _ => {}
        }
    }
    internal(lang, &format!("{what}: {}", with_causes(&error)))
}

/// `error` and each error under it ("database error: database is locked"), for the log: the
/// store's own message alone does not say what SQLite refused.
pub(crate) fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let more = inner.to_string();
        if !text.ends_with(&more) {
            text += ": ";
            text += &more;
        }
        cause = inner.source();
    }
    text
}

/// The message of a store error to show on a form (the input's fault), if it is one.
pub(crate) fn form_fault(error: &ServerError) -> Option<String> {
    match error {
        ServerError::Registry { source, .. } => match source.as_ref() {
            skillreg_store::Error::AccessDenied { .. } => None,
            e @ (skillreg_store::Error::Invalid(_)
            | skillreg_store::Error::UnknownSystem(_)
            | skillreg_store::Error::UnknownCourse(_)) => Some(e.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The 403 answer to a form post without the session's CSRF token, or `None` when it has it.
pub(crate) fn csrf_refusal(session: &Session, token: &str) -> Option<Response> {
    if same_secret(token, &session.csrf) {
        return None;
    }
    tracing::warn!(
        session = session.short_id(),
        "form post with a missing or wrong CSRF token refused"
    );
    let lang = session.lang;
    Some(html(
        StatusCode::FORBIDDEN,
        pages::message(
            lang,
            t(lang, "Refused", "Nekad", "Avvist"),
            t(
                lang,
                "The form was out of date or not from this site: reload the page and try again.",
                "Formuläret var inaktuellt eller kom inte från den här webbplatsen: ladda om sidan och försök igen.",
                "Skjemaet var utdatert eller kom ikke fra dette nettstedet: last inn siden på nytt og prøv igjen.",
            ),
            Some(("/", t(lang, "Back", "Tillbaka", "Tilbake"))),
        ),
    ))
}

/// The problems of a refused form ([`skillreg_store::Error::Refused`]) in one sentence each,
/// if the error is one.
pub(crate) fn refusal_text(error: &ServerError) -> Option<String> {
    let ServerError::Registry { source, .. } = error else {
        return None;
    };
    let skillreg_store::Error::Refused { problems, .. } = source.as_ref() else {
        return None;
    };
    Some(
        problems
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// The first value of field `name`, or "".
pub(crate) fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The hidden CSRF field of a form.
pub(crate) fn csrf_input(session: &Session) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        escape(&session.csrf)
    )
}

/// A signed-in page with `title` and a body of trusted HTML.
pub(crate) fn ok_page(lang: Lang, title: &str, body: &str, bar: &str) -> Response {
    html(StatusCode::OK, pages::page(lang, title, body, bar))
}

/// `GET /me/history`: every piece of evidence of the signed-in person.
pub async fn history(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    let no = session.employee_no.clone();
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            r.history(&no)
        })
        .await;
    let entries = match read {
        Ok(e) => e,
        Err(e) => return store_failure(lang, e, "history"),
    };
    let mut body = format!(
        "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        t(lang, "Date", "Datum", "Dato"),
        t(lang, "System", "System", "System"),
        t(lang, "Level", "Nivå", "Nivå"),
        t(lang, "Source", "Källa", "Kilde"),
    );
    for e in &entries {
        body += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e.evidence.date,
            escape(&e.evidence.system),
            e.evidence.level,
            escape(&e.source),
        );
    }
    body += "</tbody></table>";
    if entries.is_empty() {
        body = format!(
            "<p>{}</p>",
            t(
                lang,
                "Nothing recorded yet.",
                "Inget registrerat än.",
                "Ingenting registrert ennå."
            )
        );
    }
    ok_page(
        lang,
        t(lang, "My history", "Min historik", "Min historikk"),
        &body,
        &bar,
    )
}

/// The talks of `talks` as HTML.
pub(crate) fn talks_html(lang: Lang, talks: &[skillreg_store::Talk]) -> String {
    if talks.is_empty() {
        return format!(
            "<p>{}</p>",
            t(
                lang,
                "No talks recorded.",
                "Inga samtal registrerade.",
                "Ingen samtaler registrert."
            )
        );
    }
    let mut body = String::from("<ul class=\"talks\">");
    for talk in talks {
        body += &format!(
            "<li><strong>{}</strong>{}<ul>",
            talk.date,
            talk.held_by
                .as_deref()
                .map(|b| format!(" ({})", escape(b)))
                .unwrap_or_default()
        );
        for a in &talk.agreements {
            let what = match &a.agreed {
                skillreg_store::Agreed::Level { system, level } => {
                    format!("{} {level}", escape(system))
                }
                skillreg_store::Agreed::Course { course } => escape(course).to_string(),
            };
            let due = a.due.map(|d| format!(" ({d})")).unwrap_or_default();
            body += &format!("<li>{what}{due}</li>");
        }
        body += "</ul></li>";
    }
    body += "</ul>";
    body
}

/// `GET /me/talks`: the signed-in person's talks and what was agreed at them.
pub async fn talks(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    let no = session.employee_no.clone();
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| r.talks(&no))
        .await;
    match read {
        Ok(talks) => ok_page(
            lang,
            t(lang, "My talks", "Mina samtal", "Mine samtaler"),
            &talks_html(lang, &talks),
            &bar,
        ),
        Err(e) => store_failure(lang, e, "talks"),
    }
}

/// The self-assessment form: one level choice per system of the catalog, `values` kept.
fn assess_form(
    lang: Lang,
    session: &Session,
    systems: &[(String, String)],
    values: &Fields,
    error: Option<&str>,
) -> String {
    let mut body = String::new();
    if let Some(error) = error {
        body += &format!("<p class=\"error\" role=\"alert\">{}</p>", escape(error));
    }
    body += &format!(
        "<form method=\"post\" action=\"/me/assess\">{}<table><tbody>",
        csrf_input(session)
    );
    for (code, name) in systems {
        let chosen = field(values, code);
        let mut options = format!(
            "<option value=\"\">{}</option>",
            t(lang, "(no answer)", "(inget svar)", "(ikke svar)")
        );
        for level in ["1", "2", "3", "4"] {
            let selected = if chosen == level { " selected" } else { "" };
            options += &format!("<option value=\"{level}\"{selected}>{level}</option>");
        }
        body += &format!(
            "<tr><th scope=\"row\"><label for=\"s-{c}\">{}</label></th><td><select id=\"s-{c}\" name=\"{c}\">{options}</select></td></tr>",
            escape(name),
            c = escape(code),
        );
    }
    body += &format!(
        "</tbody></table><p><button type=\"submit\">{}</button></p></form>",
        t(lang, "Save", "Spara", "Lagre")
    );
    body
}

/// The catalog's systems (code, name) as the session's actor reads them.
async fn systems(
    state: &AppState,
    session: &Session,
) -> Result<Vec<(String, String)>, ServerError> {
    state
        .pool
        .run(session.actor.clone(), session.via(), |r| {
            Ok(r.catalog()?
                .systems
                .into_iter()
                .map(|s| (s.code, s.name))
                .collect())
        })
        .await
}

/// `GET /me/assess`: the self-assessment form.
pub async fn assess_page(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    match systems(&state, &session).await {
        Ok(systems) => ok_page(
            lang,
            t(lang, "Self-assessment", "Självskattning", "Egenvurdering"),
            &assess_form(lang, &session, &systems, &Vec::new(), None),
            &bar,
        ),
        Err(e) => store_failure(lang, e, "self-assessment form"),
    }
}

/// `POST /me/assess`: with the CSRF token, records the answers as self-assessments dated today
/// in one store call, all or nothing ([`skillreg_store::Registry::record_self_assessments`]
/// checks every answer first: a known system, a level 1-4); a fault is shown on the form with
/// the values kept, and nothing is written.
pub async fn assess(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    form: Result<Form<Fields>, axum::extract::rejection::FormRejection>,
) -> Response {
    let fields = form.map(|Form(f)| f).unwrap_or_default();
    if let Some(refused) = csrf_refusal(&session, field(&fields, "csrf")) {
        return refused;
    }
    let lang = session.lang;
    let title = t(lang, "Self-assessment", "Självskattning", "Egenvurdering");
    let systems = match systems(&state, &session).await {
        Ok(s) => s,
        Err(e) => return store_failure(lang, e, "self-assessment"),
    };
    let answers: Vec<FormAnswer> = fields
        .iter()
        .filter(|(name, _)| name != "csrf")
        .map(|(name, value)| FormAnswer::new(name.as_str(), value.as_str()))
        .collect();
    if answers.iter().all(|a| a.value.is_empty()) {
        let fault = t(
            lang,
            "Choose a level for at least one system.",
            "Välj en nivå för minst ett system.",
            "Velg et nivå for minst ett system.",
        );
        return html(
            StatusCode::UNPROCESSABLE_ENTITY,
            pages::page(
                lang,
                title,
                &assess_form(lang, &session, &systems, &fields, Some(fault)),
                &bar,
            ),
        );
    }
    let no = session.employee_no.clone();
    let write = state
        .pool
        .run_mut(session.actor.clone(), session.via(), move |r| {
            let today = r.today();
            r.record_self_assessments(&no, &answers, today)
        })
        .await;
    match write {
        Ok(done) => ok_page(
            lang,
            title,
            &format!(
                "<p role=\"status\">{} {}. {} {}.</p><p><a href=\"/me/history\">{}</a></p>",
                t(
                    lang,
                    "Self-assessments recorded:",
                    "Självskattningar registrerade:",
                    "Egenvurderinger registrert:"
                ),
                done.n_recorded,
                t(lang, "Already held:", "Fanns redan:", "Fantes allerede:"),
                done.n_already,
                t(lang, "My history", "Min historik", "Min historikk")
            ),
            &bar,
        ),
        Err(e) => match refusal_text(&e).or_else(|| form_fault(&e)) {
            Some(fault) => html(
                StatusCode::UNPROCESSABLE_ENTITY,
                pages::page(
                    lang,
                    title,
                    &assess_form(lang, &session, &systems, &fields, Some(&fault)),
                    &bar,
                ),
            ),
            None => store_failure(lang, e, "self-assessment"),
        },
    }
}
