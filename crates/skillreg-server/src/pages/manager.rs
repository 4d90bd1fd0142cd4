//! A manager's pages: the team matrix (`/team`), a report's brief (`/people/{no}/brief`),
//! recording a talk with its agreements and referring to a course (`/people/{no}/talk`,
//! `/people/{no}/refer`) and the talks due (`/team/due`). Which people a manager may see or
//! write about is the store's decision: a refusal there is a 403 page here.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use skillreg_core::Level;
use skillreg_html::{TeamConfig, escape};
use skillreg_l10n::Lang;
use skillreg_store::{Actor, Agreed, Agreement, BriefConfig, DEFAULT_TALK_INTERVAL_MONTHS, Scope};

use super::person::{
    Fields, Shared, SignedIn, csrf_input, csrf_refusal, field, form_fault, ok_page, store_failure,
    t, talks_html,
};
use crate::pages;
use crate::session::Session;
use crate::web::html;

/// The path of the sorting script for the team matrix.
pub const SORT_JS: &str = "/static/sort.js";

/// `GET /static/sort.js`: the team matrix's sorting script, as a file (no inline script).
pub async fn sort_js() -> Response {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/javascript; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        skillreg_html::SORT_SCRIPT,
    )
        .into_response()
}

/// The scope of a manager's direct reports; for anyone else the scope of themself (the
/// store then answers for that actor).
fn reports_of(session: &Session) -> Scope {
    match &session.actor {
        Actor::Manager(no) => Scope::Manager {
            manager: no.clone(),
            indirect: false,
        },
        _ => Scope::Manager {
            manager: session.employee_no.clone(),
            indirect: false,
        },
    }
}

/// `GET /team`: the matrix of the manager's reports (sortable with the script), with links to
/// each report's brief and talk form.
pub async fn team(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    let scope = reports_of(&session);
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            let today = r.today();
            Ok((r.team(&scope, today)?, r.catalog()?, today))
        })
        .await;
    let (team, catalog, today) = match read {
        Ok(x) => x,
        Err(e) => return store_failure(lang, e, "team"),
    };
    let mut links = String::from("<nav class=\"people\"><ul>");
    for p in &team {
        links += &format!(
            "<li>{} {} ({no}): <a href=\"/people/{no}/brief\">{}</a> · <a href=\"/people/{no}/talk\">{}</a></li>",
            escape(&p.employee.given_name),
            escape(&p.employee.family_name),
            t(lang, "brief", "sammanställning", "oversikt"),
            t(lang, "talk", "samtal", "samtale"),
            no = escape(&p.employee.employee_no),
        );
    }
    links += "</ul></nav>\n";
    let header = format!("{bar}<script src=\"{SORT_JS}\" defer></script>\n{links}");
    html(
        StatusCode::OK,
        skillreg_html::render_team_with(
            &team,
            &catalog,
            lang,
            &TeamConfig::new(today),
            pages::linked(&header),
        ),
    )
}

/// `GET /people/{no}/brief`: the brief of one person, as the store lets the actor read it.
pub async fn brief(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    Path(no): Path<String>,
) -> Response {
    let lang = session.lang;
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            let brief = r.brief(&no, &BriefConfig::new(r.today()))?;
            Ok((brief, r.catalog()?))
        })
        .await;
    match read {
        Ok((brief, catalog)) => html(
            StatusCode::OK,
            skillreg_html::render_brief_with(&brief, &catalog, lang, pages::linked(&bar)),
        ),
        Err(e) => store_failure(lang, e, "brief"),
    }
}

/// The talk and referral forms for `no`, `values` kept and `error` shown.
fn talk_forms(
    lang: Lang,
    session: &Session,
    no: &str,
    talks: &str,
    values: &Fields,
    error: Option<&str>,
) -> String {
    let no = escape(no);
    let v = |name: &str| escape(field(values, name)).to_string();
    let mut body = String::new();
    if let Some(error) = error {
        body += &format!("<p class=\"error\" role=\"alert\">{}</p>", escape(error));
    }
    body += &format!(
        "<h2>{}</h2><form method=\"post\" action=\"/people/{no}/talk\">{}\
         <p><label for=\"date\">{}</label> <input id=\"date\" name=\"date\" type=\"date\" required value=\"{}\"></p>\
         <fieldset><legend>{}</legend>",
        t(
            lang,
            "Record a talk",
            "Registrera ett samtal",
            "Registrer en samtale"
        ),
        csrf_input(session),
        t(
            lang,
            "Day of the talk",
            "Samtalets dag",
            "Dagen for samtalen"
        ),
        v("date"),
        t(
            lang,
            "Agreed levels (system, level 1-4, due day)",
            "Överenskomna nivåer (system, nivå 1-4, senast)",
            "Avtalte nivåer (system, nivå 1-4, frist)"
        ),
    );
    let (system, level, due, course) = (
        t(lang, "System", "System", "System"),
        t(lang, "Level", "Nivå", "Nivå"),
        t(lang, "Due day", "Senast", "Frist"),
        t(lang, "Course", "Kurs", "Kurs"),
    );
    for i in 1..=3 {
        body += &format!(
            "<p><label for=\"system{i}\">{system} {i}</label> <input id=\"system{i}\" name=\"system{i}\" value=\"{}\"> \
             <label for=\"level{i}\">{level}</label> <input id=\"level{i}\" name=\"level{i}\" size=\"2\" value=\"{}\"> \
             <label for=\"due{i}\">{due}</label> <input id=\"due{i}\" name=\"due{i}\" type=\"date\" value=\"{}\"></p>",
            v(&format!("system{i}")),
            v(&format!("level{i}")),
            v(&format!("due{i}")),
        );
    }
    body += &format!(
        "</fieldset><fieldset><legend>{}</legend>",
        t(
            lang,
            "Agreed courses (course, due day)",
            "Överenskomna kurser (kurs, senast)",
            "Avtalte kurs (kurs, frist)"
        )
    );
    for i in 1..=2 {
        body += &format!(
            "<p><label for=\"course{i}\">{course} {i}</label> <input id=\"course{i}\" name=\"course{i}\" value=\"{}\"> \
             <label for=\"cdue{i}\">{due}</label> <input id=\"cdue{i}\" name=\"cdue{i}\" type=\"date\" value=\"{}\"></p>",
            v(&format!("course{i}")),
            v(&format!("cdue{i}")),
        );
    }
    body += &format!(
        "</fieldset><p><button type=\"submit\">{}</button></p></form>",
        t(lang, "Save the talk", "Spara samtalet", "Lagre samtalen")
    );
    body += &format!(
        "<h2>{}</h2><form method=\"post\" action=\"/people/{no}/refer\">{}\
         <p><label for=\"course\">{}</label> <input id=\"course\" name=\"course\" required> \
         <label for=\"due\">{}</label> <input id=\"due\" name=\"due\" type=\"date\"></p>\
         <p><button type=\"submit\">{}</button></p></form>",
        t(
            lang,
            "Refer to a course",
            "Hänvisa till en kurs",
            "Henvis til et kurs"
        ),
        csrf_input(session),
        t(lang, "Course code", "Kurskod", "Kurskode"),
        t(lang, "Due day", "Senast", "Frist"),
        t(lang, "Refer", "Hänvisa", "Henvis"),
    );
    body += &format!(
        "<h2>{}</h2>{talks}",
        t(
            lang,
            "Earlier talks",
            "Tidigare samtal",
            "Tidligere samtaler"
        )
    );
    body
}

fn talk_title(lang: Lang, no: &str) -> String {
    format!("{} {no}", t(lang, "Talk with", "Samtal med", "Samtale med"))
}

/// `GET /people/{no}/talk`: the forms to record a talk and to refer, with the earlier talks
/// (reading them is the store's check that the actor may).
pub async fn talk_page(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    Path(no): Path<String>,
) -> Response {
    let lang = session.lang;
    let n = no.clone();
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| r.talks(&n))
        .await;
    match read {
        Ok(talks) => ok_page(
            lang,
            &talk_title(lang, &no),
            &talk_forms(
                lang,
                &session,
                &no,
                &talks_html(lang, &talks),
                &Vec::new(),
                None,
            ),
            &bar,
        ),
        Err(e) => store_failure(lang, e, "talks"),
    }
}

fn date_of(value: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("{what}: {value:?} is not a day (YYYY-MM-DD)"))
}

/// The agreements of a talk form.
fn agreements_of(fields: &Fields) -> Result<(NaiveDate, Vec<Agreement>), String> {
    let date = date_of(field(fields, "date"), "day of the talk")?
        .ok_or_else(|| "the day of the talk is missing".to_string())?;
    let mut out = Vec::new();
    for i in 1..=3 {
        let system = field(fields, &format!("system{i}")).trim();
        let level = field(fields, &format!("level{i}")).trim();
        if system.is_empty() && level.is_empty() {
            continue;
        }
        let level: Level = level
            .parse()
            .map_err(|e| format!("level {i}: {level:?}: {e}"))?;
        out.push(Agreement {
            agreed: Agreed::Level {
                system: system.to_string(),
                level,
            },
            due: date_of(field(fields, &format!("due{i}")), &format!("due day {i}"))?,
        });
    }
    for i in 1..=2 {
        let course = field(fields, &format!("course{i}")).trim();
        if course.is_empty() {
            continue;
        }
        out.push(Agreement {
            agreed: Agreed::Course {
                course: course.to_string(),
            },
            due: date_of(
                field(fields, &format!("cdue{i}")),
                &format!("course due day {i}"),
            )?,
        });
    }
    Ok((date, out))
}

/// `POST /people/{no}/talk`: records the talk and its agreements in one store call
/// (`Registry::record_talk`: all or nothing); a fault is shown on the form, values kept.
pub async fn record_talk(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    Path(no): Path<String>,
    form: Result<Form<Fields>, axum::extract::rejection::FormRejection>,
) -> Response {
    let fields = form.map(|Form(f)| f).unwrap_or_default();
    if let Some(refused) = csrf_refusal(&session, field(&fields, "csrf")) {
        return refused;
    }
    let lang = session.lang;
    let title = talk_title(lang, &no);
    let again = |error: &str| {
        html(
            StatusCode::UNPROCESSABLE_ENTITY,
            pages::page(
                lang,
                &title,
                &talk_forms(lang, &session, &no, "", &fields, Some(error)),
                &bar,
            ),
        )
    };
    let (date, agreements) = match agreements_of(&fields) {
        Ok(x) => x,
        Err(e) => return again(&e),
    };
    let n = no.clone();
    let by = session.employee_no.clone();
    let write = state
        .pool
        .run_mut(session.actor.clone(), session.via(), move |r| {
            r.record_talk(&n, date, &agreements, &by)
        })
        .await;
    match write {
        Ok(talk) => ok_page(
            lang,
            &title,
            &format!(
                "<p>{} {} ({} {}).</p><p><a href=\"/people/{no}/talk\">{}</a> · <a href=\"/team\">{}</a></p>",
                t(
                    lang,
                    "Talk recorded:",
                    "Samtalet registrerat:",
                    "Samtalen registrert:"
                ),
                talk.date,
                talk.agreements.len(),
                t(lang, "agreements", "överenskommelser", "avtaler"),
                t(lang, "Talks", "Samtal", "Samtaler"),
                t(lang, "My team", "Mitt team", "Mitt team"),
                no = escape(&no),
            ),
            &bar,
        ),
        Err(e) => match form_fault(&e) {
            Some(fault) => again(&fault),
            None => store_failure(lang, e, "record a talk"),
        },
    }
}

/// `POST /people/{no}/refer`: refers the person to a course (`Registry::refer`).
pub async fn refer(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    Path(no): Path<String>,
    form: Result<Form<Fields>, axum::extract::rejection::FormRejection>,
) -> Response {
    let fields = form.map(|Form(f)| f).unwrap_or_default();
    if let Some(refused) = csrf_refusal(&session, field(&fields, "csrf")) {
        return refused;
    }
    let lang = session.lang;
    let title = t(lang, "Referral", "Hänvisning", "Henvisning");
    let again = |error: &str| {
        html(
            StatusCode::UNPROCESSABLE_ENTITY,
            pages::page(
                lang,
                &talk_title(lang, &no),
                &talk_forms(lang, &session, &no, "", &fields, Some(error)),
                &bar,
            ),
        )
    };
    let course = field(&fields, "course").trim().to_string();
    if course.is_empty() {
        return again(t(lang, "Name a course.", "Ange en kurs.", "Oppgi et kurs."));
    }
    let due = match date_of(field(&fields, "due"), "due day") {
        Ok(d) => d,
        Err(e) => return again(&e),
    };
    let n = no.clone();
    let by = session.employee_no.clone();
    let c = course.clone();
    let write = state
        .pool
        .run_mut(session.actor.clone(), session.via(), move |r| {
            let today = r.today();
            r.refer(&n, &c, today, due, &by)
        })
        .await;
    match write {
        Ok(_) => ok_page(
            lang,
            title,
            &format!(
                "<p>{} {} → {}.</p><p><a href=\"/people/{no}/brief\">{}</a></p>",
                t(lang, "Referred:", "Hänvisad:", "Henvist:"),
                escape(&no),
                escape(&course),
                t(lang, "Brief", "Sammanställning", "Oversikt"),
                no = escape(&no),
            ),
            &bar,
        ),
        Err(e) => match form_fault(&e) {
            Some(fault) => again(&fault),
            None => store_failure(lang, e, "refer"),
        },
    }
}

/// `GET /team/due`: the manager's reports due for a talk, soonest first.
pub async fn due(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    let scope = reports_of(&session);
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            r.talks_due(&scope, r.today(), DEFAULT_TALK_INTERVAL_MONTHS, 30)
        })
        .await;
    let due = match read {
        Ok(d) => d,
        Err(e) => return store_failure(lang, e, "talks due"),
    };
    let title = t(
        lang,
        "Talks due",
        "Samtal att hålla",
        "Samtaler som forfaller",
    );
    if due.people.is_empty() {
        let none = t(
            lang,
            "Nobody is due.",
            "Ingen står på tur.",
            "Ingen har forfall.",
        );
        return ok_page(lang, title, &format!("<p>{none}</p>"), &bar);
    }
    let mut body = format!(
        "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        t(lang, "Person", "Person", "Person"),
        t(lang, "Last talk", "Senaste samtal", "Siste samtale"),
        t(lang, "Due", "Senast", "Frist"),
    );
    for p in &due.people {
        body += &format!(
            "<tr><td><a href=\"/people/{no}/talk\">{}</a> ({no})</td><td>{}</td><td>{}</td></tr>",
            escape(&p.name),
            p.last_talk
                .map(|d| d.to_string())
                .unwrap_or_else(|| "–".into()),
            p.due.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
            no = escape(&p.employee_no),
        );
    }
    body += "</tbody></table>";
    ok_page(lang, title, &body, &bar)
}
