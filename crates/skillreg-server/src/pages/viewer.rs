//! Pages of aggregates that HR and viewers (`viewer:UNIT`) both read: the unit view. The store
//! decides what each actor may see and narrows or refuses; the page only shows the answer.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::app::AppState;
use crate::pages;
use crate::pages::person::{SignedIn, store_failure};
use crate::web::html;

/// How many people a unit view shows by name before it turns to occupations.
const MAX_PEOPLE: usize = 50;
/// The smallest group whose figures a page shows.
const MIN_GROUP: u32 = 5;

/// `GET /units/{unit}`: the unit view (by person for HR, by occupation for a viewer).
pub async fn unit(
    State(state): State<Arc<AppState>>,
    SignedIn(session, bar): SignedIn,
    Path(unit): Path<String>,
) -> Response {
    let lang = session.lang;
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            let view = r.unit_view(unit.as_str(), r.today(), MAX_PEOPLE, MIN_GROUP)?;
            Ok((view, r.catalog()?))
        })
        .await;
    match read {
        Ok((view, catalog)) => html(
            StatusCode::OK,
            skillreg_html::render_unit_with(&view, &catalog, lang, pages::linked(&bar)),
        ),
        Err(e) => store_failure(lang, e, "read"),
    }
}

/// The progress page's query: the two days (`YYYY-MM-DD`) and the unit (default: everyone).
#[derive(Debug, Deserialize)]
pub struct ProgressQuery {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    unit: Option<String>,
}

/// `GET /progress?from=&to=&unit=`: a baseline compared with a follow-up (default: the first
/// of January of the follow-up's year, and today).
pub async fn progress(
    State(state): State<Arc<AppState>>,
    SignedIn(session, bar): SignedIn,
    Query(query): Query<ProgressQuery>,
) -> Response {
    let lang = session.lang;
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            let to = query.to.unwrap_or(r.today());
            let from = query
                .from
                .or_else(|| NaiveDate::from_ymd_opt(chrono::Datelike::year(&to), 1, 1))
                .unwrap_or(to);
            let unit = query.unit.filter(|u| !u.is_empty());
            Ok((
                r.progress(from, to, unit.as_deref(), MIN_GROUP)?,
                r.catalog()?,
            ))
        })
        .await;
    match read {
        Ok((progress, catalog)) => html(
            StatusCode::OK,
            skillreg_html::render_progress_with(&progress, &catalog, lang, pages::linked(&bar)),
        ),
        Err(e) => store_failure(lang, e, "read"),
    }
}
