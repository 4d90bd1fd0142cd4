//! The self-assessment rounds that ask the signed-in person: the list (`/me/rounds`), the
//! form of one round (`GET /me/rounds/{id}`) and its answers (`POST /me/rounds/{id}`),
//! recorded all or nothing by the store's [`skillreg_store::Registry::answer_round`] with the
//! round's checks. A round that does not ask the person is not found (404); one that is not
//! open today is refused (403); neither writes anything.

use std::fmt::Write as _;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use skillreg_core::{Level, Problem};
use skillreg_html::escape;
use skillreg_l10n::Lang;
use skillreg_store::{AskedRound, FormAnswer, RoundImport};

use super::person::{
    Fields, Shared, SignedIn, csrf_input, csrf_refusal, field, menu_marked, ok_page, signed_in,
    store_failure, t,
};
use crate::pages;
use crate::session::Session;
use crate::web::html;

/// The form field of system `code` (a system code may hold characters an id may not).
fn field_name(code: &str) -> String {
    format!("s-{code}")
}

/// The words "Round N, occupation".
fn round_name(lang: Lang, asked: &AskedRound) -> String {
    format!(
        "{} {}, {}",
        lang.form_labels().round,
        asked.round.id,
        asked.round.occupation_name
    )
}

/// The note at the top of the home page when rounds ask the person (empty when none does).
pub(crate) fn notice(lang: Lang, asked: &[AskedRound]) -> String {
    if asked.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<aside class=\"rounds-notice\" role=\"status\"><p><strong>{}</strong></p><ul>",
        escape(t(
            lang,
            "A self-assessment round asks you:",
            "En självskattningsomgång väntar på ditt svar:",
            "En egenvurderingsrunde venter på svaret ditt:",
        ))
    );
    for a in asked {
        let _ = write!(
            out,
            "<li><a href=\"/me/rounds/{}\">{}</a> ({} {})</li>",
            a.round.id,
            escape(&round_name(lang, a)),
            escape(lang.form_labels().answer_by),
            escape(&lang.date(a.round.closes)),
        );
    }
    out += "</ul></aside>\n";
    out
}

/// The rounds open today that ask the person of `session` (none for a session without an
/// employee number).
pub(crate) async fn asking(
    state: &crate::app::AppState,
    session: &Session,
) -> Result<Vec<AskedRound>, crate::ServerError> {
    if session.employee_no.is_empty() || matches!(session.actor, skillreg_store::Actor::Viewer(_)) {
        return Ok(Vec::new());
    }
    let no = session.employee_no.clone();
    state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            r.rounds_asking(&no, r.today())
        })
        .await
}

/// `GET /me/rounds`: the rounds that ask me today, and the way to rate any system.
pub async fn list(State(state): Shared, headers: HeaderMap) -> Response {
    let session = match signed_in(&state, &headers) {
        Ok((s, _)) => s,
        Err(r) => return r.into_response(),
    };
    let lang = session.lang;
    let asked = match asking(&state, &session).await {
        Ok(a) => a,
        Err(e) => return store_failure(lang, e, "rounds asking"),
    };
    let bar = pages::signed_in_bar(&session, lang) + &menu_marked(&session, asked.len());
    let mut body = if asked.is_empty() {
        format!(
            "<p>{}</p>",
            t(
                lang,
                "No self-assessment round asks you now.",
                "Ingen självskattningsomgång väntar på ditt svar nu.",
                "Ingen egenvurderingsrunde venter på svaret ditt nå.",
            )
        )
    } else {
        notice(lang, &asked)
    };
    let _ = write!(
        body,
        "<p><a href=\"/me/assess\">{}</a></p>",
        t(
            lang,
            "Rate yourself in any system",
            "Skatta dig själv i valfritt system",
            "Vurder deg selv i et hvilket som helst system",
        )
    );
    ok_page(
        lang,
        t(
            lang,
            "My self-assessment rounds",
            "Mina självskattningsomgångar",
            "Mine egenvurderingsrunder",
        ),
        &body,
        &bar,
    )
}

/// The form of `asked`: each system a fieldset of four radio buttons with their levels'
/// local descriptions and the last self-assessment; `values` checked; `problems` shown at the
/// top and by their systems.
fn form_html(
    lang: Lang,
    session: &Session,
    asked: &AskedRound,
    values: &Fields,
    problems: &[Problem],
) -> String {
    let l = lang.form_labels();
    let mut body = String::new();
    if !problems.is_empty() {
        let _ = write!(
            body,
            "<div class=\"error\" role=\"alert\"><p>{}</p><ul>",
            t(
                lang,
                "Nothing was recorded. Correct these answers and send the form again:",
                "Inget registrerades. Rätta dessa svar och skicka formuläret igen:",
                "Ingenting ble registrert. Rett disse svarene og send skjemaet på nytt:",
            )
        );
        for p in problems {
            let _ = write!(body, "<li>{}</li>", escape(&p.message));
        }
        body += "</ul></div>\n";
    }
    let _ = write!(
        body,
        "<dl class=\"facts\"><dt>{}</dt><dd>{} <span class=\"code\">{}</span></dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd><strong>{}</strong></dd></dl>\n<p>{}</p>\n",
        escape(l.unit),
        escape(&asked.form.unit_name),
        escape(&asked.form.unit),
        escape(l.occupation),
        escape(&asked.round.occupation_name),
        escape(l.answer_by),
        escape(&lang.date(asked.round.closes)),
        escape(l.intro),
    );
    let _ = writeln!(
        body,
        "<form method=\"post\" action=\"/me/rounds/{}\" class=\"round-answers\">{}",
        asked.round.id,
        csrf_input(session)
    );
    for system in &asked.form.systems {
        let name = field_name(&system.system);
        let chosen = field(values, &name);
        let mine: Vec<&Problem> = problems
            .iter()
            .filter(|p| p.location.element.as_deref() == Some(system.system.as_str()))
            .collect();
        let error_id = format!("e-{}", system.system);
        let described = if mine.is_empty() {
            String::new()
        } else {
            format!(" aria-describedby=\"{}\"", escape(&error_id))
        };
        let _ = writeln!(
            body,
            "<fieldset class=\"round-system\"{described}><legend>{} <span class=\"code\">{}</span></legend>",
            escape(&system.name),
            escape(&system.system),
        );
        if !mine.is_empty() {
            let text: Vec<&str> = mine.iter().map(|p| p.message.as_str()).collect();
            let _ = writeln!(
                body,
                "<p class=\"error\" id=\"{}\">{}</p>",
                escape(&error_id),
                escape(&text.join("; "))
            );
        }
        body += "<ul class=\"choices\">";
        for level in Level::ALL {
            let n = level.number();
            let id = format!("{name}-{n}");
            let description = system.level_descriptions[usize::from(n - 1)]
                .as_deref()
                .unwrap_or(l.no_description);
            let checked = if chosen == n.to_string() {
                " checked"
            } else {
                ""
            };
            let _ = write!(
                body,
                "<li><input type=\"radio\" id=\"{id}\" name=\"{name}\" value=\"{n}\"{checked}> <label for=\"{id}\"><strong>{n} {}</strong>: {}</label></li>",
                escape(lang.level_name(level)),
                escape(description),
                id = escape(&id),
                name = escape(&name),
            );
        }
        body += "</ul>\n";
        let last = match system.last_self {
            Some((level, day)) => format!(
                "{}: {} ({})",
                l.last_answer,
                lang.level(Some(level)),
                lang.date(day)
            ),
            None => l.never_answered.to_string(),
        };
        let _ = writeln!(body, "<p class=\"note\">{}</p></fieldset>", escape(&last));
    }
    let _ = write!(
        body,
        "<p><button type=\"submit\">{}</button></p></form>",
        t(
            lang,
            "Send my answers",
            "Skicka mina svar",
            "Send svarene mine"
        )
    );
    body
}

/// The title of the form page of `asked`.
fn title(lang: Lang, asked: &AskedRound) -> String {
    format!("{}: {}", lang.form_labels().title, round_name(lang, asked))
}

/// The round number of a path, or `None` when it is not one.
fn round_id(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|n| *n > 0)
}

/// The 404 page: no such round asks the person.
fn not_asked(lang: Lang) -> Response {
    html(
        StatusCode::NOT_FOUND,
        pages::message(
            lang,
            t(lang, "Not found", "Hittades inte", "Ikke funnet"),
            t(
                lang,
                "No such self-assessment round asks you.",
                "Ingen sådan självskattningsomgång väntar på ditt svar.",
                "Ingen slik egenvurderingsrunde venter på svaret ditt.",
            ),
            Some((
                "/me/rounds",
                t(lang, "My rounds", "Mina omgångar", "Mine runder"),
            )),
        ),
    )
}

/// The 403 page: the round is not open today (closed, or not yet open).
fn not_open(lang: Lang, asked: &AskedRound, today: chrono::NaiveDate) -> Response {
    let text = if today > asked.round.closes {
        format!(
            "{} {}.",
            t(
                lang,
                "This round closed on",
                "Den här omgången stängde",
                "Denne runden stengte",
            ),
            lang.date(asked.round.closes)
        )
    } else {
        format!(
            "{} {}.",
            t(
                lang,
                "This round opens on",
                "Den här omgången öppnar",
                "Denne runden åpner",
            ),
            lang.date(asked.round.opened)
        )
    };
    html(
        StatusCode::FORBIDDEN,
        pages::message(
            lang,
            t(
                lang,
                "The round takes no answers",
                "Omgången tar inte emot svar",
                "Runden tar ikke imot svar",
            ),
            &text,
            Some((
                "/me/assess",
                t(
                    lang,
                    "Rate yourself in any system",
                    "Skatta dig själv i valfritt system",
                    "Vurder deg selv i et hvilket som helst system",
                ),
            )),
        ),
    )
}

/// Whether a store failure is "no such round" (for this person).
fn is_unknown_round(error: &crate::ServerError) -> bool {
    matches!(error, crate::ServerError::Registry { source, .. }
        if matches!(source.as_ref(), skillreg_store::Error::UnknownRound(_)))
}

/// `GET /me/rounds/{id}`: my form in round `id`, when it asks me and is open today.
pub async fn form_page(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    Path(id): Path<String>,
) -> Response {
    let lang = session.lang;
    let Some(id) = round_id(&id) else {
        return not_asked(lang);
    };
    let no = session.employee_no.clone();
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            let today = r.today();
            Ok((r.own_round_form(id, &no, today)?, today))
        })
        .await;
    match read {
        Ok((asked, today)) if !asked.is_open(today) => not_open(lang, &asked, today),
        Ok((asked, _)) => ok_page(
            lang,
            &title(lang, &asked),
            &form_html(lang, &session, &asked, &Vec::new(), &[]),
            &bar,
        ),
        Err(e) if is_unknown_round(&e) => not_asked(lang),
        Err(e) => store_failure(lang, e, "round form"),
    }
}

/// What a post of answers came to.
enum Outcome {
    /// Recorded: the form as it is now, and the counts.
    Recorded(Box<AskedRound>, RoundImport),
    /// Refused by the round's checks: nothing written.
    Refused(Box<AskedRound>, Vec<Problem>),
    /// The round is not open today: nothing written.
    NotOpen(Box<AskedRound>, chrono::NaiveDate),
}

/// `POST /me/rounds/{id}`: with the session's CSRF token, records my answers all or nothing
/// and shows a receipt; a refusal shows the form again with the problems and my values (422).
pub async fn answer(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    Path(id): Path<String>,
    form: Result<Form<Fields>, axum::extract::rejection::FormRejection>,
) -> Response {
    let fields = form.map(|Form(f)| f).unwrap_or_default();
    if let Some(refused) = csrf_refusal(&session, field(&fields, "csrf")) {
        return refused;
    }
    let lang = session.lang;
    let Some(id) = round_id(&id) else {
        return not_asked(lang);
    };
    let answers: Vec<FormAnswer> = fields
        .iter()
        .filter_map(|(name, value)| {
            name.strip_prefix("s-")
                .map(|system| FormAnswer::new(system, value.as_str()))
        })
        .collect();
    let no = session.employee_no.clone();
    let write = state
        .pool
        .run_mut(session.actor.clone(), session.via(), move |r| {
            let today = r.today();
            let asked = r.own_round_form(id, &no, today)?;
            if !asked.is_open(today) {
                return Ok(Outcome::NotOpen(Box::new(asked), today));
            }
            match r.answer_round(id, &no, &answers, today) {
                Ok(import) => {
                    let now = r.own_round_form(id, &no, today)?;
                    Ok(Outcome::Recorded(Box::new(now), import))
                }
                Err(skillreg_store::Error::Refused { problems, .. }) => {
                    Ok(Outcome::Refused(Box::new(asked), problems))
                }
                Err(e) => Err(e),
            }
        })
        .await;
    match write {
        Ok(Outcome::NotOpen(asked, today)) => not_open(lang, &asked, today),
        Ok(Outcome::Refused(asked, problems)) => html(
            StatusCode::UNPROCESSABLE_ENTITY,
            pages::page(
                lang,
                &title(lang, &asked),
                &form_html(lang, &session, &asked, &fields, &problems),
                &bar,
            ),
        ),
        Ok(Outcome::Recorded(asked, import)) => ok_page(
            lang,
            &title(lang, &asked),
            &receipt(lang, &asked, &import),
            &bar,
        ),
        Err(e) if is_unknown_round(&e) => not_asked(lang),
        Err(e) => store_failure(lang, e, "round answers"),
    }
}

/// The receipt: what was recorded, and my answers as the registry now holds them.
fn receipt(lang: Lang, asked: &AskedRound, import: &RoundImport) -> String {
    let mut body = format!(
        "<p role=\"status\">{} {}. {} {}. {} {}.</p>\n<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        t(lang, "Recorded", "Registrerade svar", "Registrerte svar"),
        import.n_recorded,
        t(lang, "Already held", "Fanns redan", "Fantes allerede"),
        import.n_already,
        t(lang, "Left blank", "Obesvarade", "Ubesvarte"),
        import.n_blank,
        t(lang, "System", "System", "System"),
        escape(lang.form_labels().last_answer),
    );
    for system in &asked.form.systems {
        let last = system
            .last_self
            .map(|(level, day)| format!("{} ({})", lang.level(Some(level)), lang.date(day)))
            .unwrap_or_else(|| lang.level(None));
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td></tr>",
            escape(&system.name),
            escape(&last)
        );
    }
    let _ = write!(
        body,
        "</tbody></table>\n<p><a href=\"/\">{}</a> · <a href=\"/me/history\">{}</a></p>",
        t(lang, "My brief", "Min sammanställning", "Min oversikt"),
        t(lang, "My history", "Min historik", "Min historikk"),
    );
    body
}
