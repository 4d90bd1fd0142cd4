//! HR's pages: rounds (list, open one, status, the reminder list as CSV), the audit trail by
//! person, and a person's subject export as JSON. The store checks every call against the
//! session's actor; a refused call is a 403 page that shows nothing of what was asked.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use skillreg_html::escape;
use skillreg_l10n::Lang;
use skillreg_store::{Actor, AuditFilter, RoundSpec};

use super::person::{SignedIn, csrf_refusal, signed_in, store_failure, t};
use crate::app::AppState;
use crate::pages;
use crate::web::{html, internal};

type Shared = State<Arc<AppState>>;

/// `GET /rounds`: every round, and the form that opens one.
pub async fn rounds(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), |r| r.rounds())
        .await;
    let rounds = match read {
        Ok(rounds) => rounds,
        Err(e) => return store_failure(lang, e, "read"),
    };
    let mut body = String::new();
    if rounds.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            t(
                lang,
                "No round has been opened yet.",
                "Ingen omgång har öppnats ännu.",
                "Ingen runde er åpnet ennå.",
            )
        );
    }
    let mut table = String::new();
    let _ = write!(
        table,
        "<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        t(lang, "Occupation", "Yrkesgrupp", "Yrkesgruppe"),
        t(lang, "Unit", "Enhet", "Enhet"),
        t(lang, "Opened", "Öppnad", "Åpnet"),
        t(lang, "Closes", "Stänger", "Stenger"),
        t(lang, "People", "Personer", "Personer"),
    );
    for round in &rounds {
        let _ = writeln!(
            table,
            "<tr><td><a href=\"/rounds/{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&round.occupation_name),
            escape(round.unit.as_deref().unwrap_or("")),
            round.opened,
            round.closes,
            round.n_people,
            id = round.id,
        );
    }
    table += "</tbody>\n</table>\n";
    if !rounds.is_empty() {
        body += &table;
    }
    // Only HR opens rounds: the others who may list them get no form they cannot use.
    if session.actor == Actor::Hr {
        let _ = write!(
            body,
            "<h2>{}</h2>\n<form method=\"post\" action=\"/rounds\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <p><label for=\"occupation\">{}</label> <input id=\"occupation\" name=\"occupation\" required></p>\
             <p><label for=\"unit\">{}</label> <input id=\"unit\" name=\"unit\"></p>\
             <p><label for=\"opens\">{}</label> <input id=\"opens\" type=\"date\" name=\"opens\" required></p>\
             <p><label for=\"closes\">{}</label> <input id=\"closes\" type=\"date\" name=\"closes\" required></p>\
             <p><button type=\"submit\">{}</button></p></form>\n",
            t(lang, "Open a round", "Öppna en omgång", "Åpne en runde"),
            escape(&session.csrf),
            t(
                lang,
                "Occupation (code)",
                "Yrkesgrupp (kod)",
                "Yrkesgruppe (kode)"
            ),
            t(lang, "Unit (optional)", "Enhet (valfri)", "Enhet (valgfri)"),
            t(lang, "Opens", "Öppnar", "Åpner"),
            t(lang, "Closes", "Stänger", "Stenger"),
            t(lang, "Open", "Öppna", "Åpne"),
        );
    }
    html(
        StatusCode::OK,
        pages::page(lang, t(lang, "Rounds", "Omgångar", "Runder"), &body, &bar),
    )
}

/// The form that opens a round.
#[derive(Debug, Deserialize)]
pub struct OpenRoundForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    occupation: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    opens: String,
    #[serde(default)]
    closes: String,
}

fn bad_form(lang: Lang, bar: &str, text: &str) -> Response {
    html(
        StatusCode::BAD_REQUEST,
        pages::page(lang, "skillreg", &format!("<p>{}</p>", escape(text)), bar),
    )
}

/// `POST /rounds`: with the session's CSRF token, opens a round (the store decides whether
/// the actor may); without it, 403 and nothing is written.
pub async fn open_round(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    form: Result<Form<OpenRoundForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let lang = session.lang;
    let form = form.ok().map(|Form(f)| f);
    let token = form.as_ref().map(|f| f.csrf.as_str()).unwrap_or_default();
    if let Some(refused) = csrf_refusal(&session, token) {
        return refused;
    }
    let Some(form) = form else {
        return bad_form(
            lang,
            &bar,
            t(
                lang,
                "The form is incomplete.",
                "Formuläret är ofullständigt.",
                "Skjemaet er ufullstendig.",
            ),
        );
    };
    let day = |field: &str, text: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
            format!(
                "{field}: {text:?} {}",
                t(
                    lang,
                    "is not a date (YYYY-MM-DD)",
                    "är inte ett datum (ÅÅÅÅ-MM-DD)",
                    "er ikke en dato (ÅÅÅÅ-MM-DD)"
                )
            )
        })
    };
    let spec = match (day("opens", &form.opens), day("closes", &form.closes)) {
        (Ok(opens), Ok(closes)) => RoundSpec {
            occupation: form.occupation.trim().to_string(),
            unit: Some(form.unit.trim().to_string()).filter(|u| !u.is_empty()),
            opens,
            closes,
        },
        (Err(e), _) | (_, Err(e)) => return bad_form(lang, &bar, &e),
    };
    let by = session.actor.to_string();
    let opened = state
        .pool
        .run_mut(session.actor.clone(), session.via(), move |r| {
            r.open_round(&spec, &by)
        })
        .await;
    match opened {
        Ok(round) => Redirect::to(&format!("/rounds/{}", round.id)).into_response(),
        Err(e) => store_failure(lang, e, "read"),
    }
}

/// `GET /rounds/{id}`: how far the round has come, and a link to the reminder list.
pub async fn round_status(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    Path(id): Path<i64>,
) -> Response {
    let lang = session.lang;
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            r.round_status(id, r.today())
        })
        .await;
    let status = match read {
        Ok(s) => s,
        Err(e) => return store_failure(lang, e, "read"),
    };
    let mut body = format!(
        "<p>{} · {} – {} · {} {}</p>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        escape(&status.round.occupation_name),
        lang.date(status.round.opened),
        lang.date(status.round.closes),
        status.round.n_people,
        t(lang, "people asked", "tillfrågade", "spurt"),
        t(lang, "Unit", "Enhet", "Enhet"),
        t(lang, "Asked", "Tillfrågade", "Spurt"),
        t(lang, "Answered", "Har svarat", "Har svart"),
    );
    // A viewer's unit with fewer people asked than the smallest group shown is withheld.
    let fewer = format!(
        "{} {}",
        lang.labels().fewer_than,
        super::aggregates::MIN_GROUP
    );
    for u in status.units.iter().chain(std::iter::once(&status.total)) {
        let (asked, answered) = if u.withheld {
            (fewer.clone(), fewer.clone())
        } else {
            (u.n_asked.to_string(), u.n_answered.to_string())
        };
        let _ = writeln!(
            body,
            "<tr data-unit=\"{}\"><th scope=\"row\">{}</th><td class=\"num\" data-asked>{}</td><td class=\"num\" data-answered>{}</td></tr>",
            escape(&u.unit),
            escape(&u.unit_name),
            escape(&asked),
            escape(&answered),
        );
    }
    body += "</tbody>\n</table>\n";
    // The reminder list names people: only for those the store lets see who has not answered.
    if session.actor == Actor::Hr || !status.unanswered.is_empty() {
        let _ = writeln!(
            body,
            "<p><a href=\"/rounds/{id}/reminders.csv\">{}</a></p>",
            escape(
                &t(
                    lang,
                    "Reminder list (CSV), {n} unanswered",
                    "Påminnelselista (CSV), {n} utan svar",
                    "Påminnelsesliste (CSV), {n} uten svar"
                )
                .replace("{n}", &status.unanswered.len().to_string())
            )
        );
    }
    html(
        StatusCode::OK,
        pages::page(
            lang,
            &format!("{} {id}", t(lang, "Round", "Omgång", "Runde")),
            &body,
            &bar,
        ),
    )
}

/// A CSV field, quoted when it must be, with a leading formula character neutralised.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

fn download(content_type: &'static str, file_name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /rounds/{id}/reminders.csv`: who has not answered, as a download.
pub async fn reminders(State(state): Shared, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let (session, _) = match signed_in(&state, &headers) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            r.round_status(id, r.today())
        })
        .await;
    let status = match read {
        Ok(s) => s,
        Err(e) => return store_failure(session.lang, e, "read"),
    };
    let mut csv = String::from("employee_no,name,email,unit,manager\n");
    for p in &status.unanswered {
        let row = [
            p.employee_no.as_str(),
            p.name.as_str(),
            p.email.as_deref().unwrap_or(""),
            p.unit.as_str(),
            p.manager.as_deref().unwrap_or(""),
        ];
        let row: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        csv += &row.join(",");
        csv.push('\n');
    }
    download(
        "text/csv; charset=utf-8",
        &format!("round-{id}-reminders.csv"),
        csv,
    )
}

/// `GET /subject/{employee}/export.json`: everything the registry holds about a person.
pub async fn subject_export(
    State(state): Shared,
    headers: HeaderMap,
    Path(employee): Path<String>,
) -> Response {
    let (session, _) = match signed_in(&state, &headers) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let no = employee.clone();
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            r.subject_export(&no, r.today())
        })
        .await;
    let export = match read {
        Ok(x) => x,
        Err(e) => return store_failure(session.lang, e, "read"),
    };
    match serde_json::to_string_pretty(&export) {
        Ok(json) => {
            let safe: String = employee
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            download(
                "application/json",
                &format!("subject-{safe}.json"),
                json + "\n",
            )
        }
        Err(e) => internal(session.lang, &format!("subject export: {e}")),
    }
}

/// The audit page's query.
#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    employee: Option<String>,
}

/// `GET /audit?employee=N`: the audit trail about one person.
pub async fn audit(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    Query(query): Query<AuditQuery>,
) -> Response {
    let lang = session.lang;
    let filter = AuditFilter {
        employee: query.employee.filter(|e| !e.trim().is_empty()),
        since: None,
    };
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            r.audit(&filter)
        })
        .await;
    let entries = match read {
        Ok(x) => x,
        Err(e) => return store_failure(lang, e, "read"),
    };
    let mut body = format!(
        "<form method=\"get\" action=\"/audit\"><p><label for=\"employee\">{}</label> <input id=\"employee\" name=\"employee\"> <button type=\"submit\">{}</button></p></form>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        t(
            lang,
            "Employee number",
            "Anställningsnummer",
            "Ansattnummer"
        ),
        t(lang, "Show", "Visa", "Vis"),
        t(lang, "At", "Tid", "Tid"),
        t(lang, "Actor", "Aktör", "Aktør"),
        t(lang, "Action", "Åtgärd", "Handling"),
        t(lang, "Employee", "Anställd", "Ansatt"),
        t(lang, "Via", "Via", "Via"),
        t(lang, "Detail", "Detaljer", "Detaljer"),
    );
    for e in &entries {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&e.at),
            escape(&e.actor),
            escape(&e.action),
            escape(e.employee_no.as_deref().unwrap_or("")),
            escape(&e.via),
            escape(&e.detail)
        );
    }
    body += "</tbody>\n</table>\n";
    html(
        StatusCode::OK,
        pages::page(lang, t(lang, "Audit trail", "Loggbok", "Logg"), &body, &bar),
    )
}
