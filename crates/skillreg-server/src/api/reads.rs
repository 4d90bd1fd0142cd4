//! The reads of people: a person's profile, history and talks, a manager's team, who is due
//! for an appraisal talk, the subject export, the catalog, and the people a caller may see.
//!
//! Each operation is the library call the command line makes for the same view (`skillreg
//! profile`, `history`, `talks EMP`, `team`, `talks due`, `subject export`, `catalog show`), run
//! as the caller, so the store checks who may read what and writes the same audit rows; the
//! JSON is what `--format json` prints (lists a page at a time).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use skillreg_core::Catalog;
use skillreg_store::{
    Actor, DEFAULT_TALK_INTERVAL_MONTHS, HistoryEntry, Profile, Scope, SubjectExport, Talk, TalkDue,
};
use utoipa::IntoParams;

use super::auth::Caller;
use super::fresh::fresh;
use super::page::{Page, PageQuery, paginate};
use super::problem::{ApiError, ReadErrors};
use crate::app::AppState;

/// The day of a view.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// The day (default: today).
    pub as_of: Option<NaiveDate>,
}

/// A person's standing in every relevant system on a day: their employments, and per system
/// the target, the current level and where it comes from, their own view, the gap.
#[utoipa::path(
    get,
    path = "/api/v1/people/{no}",
    tag = "reads",
    params(("no" = String, Path, description = "Employee number"), AsOfQuery),
    responses(
        (status = 200, description = "The profile", body = Profile),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn profile(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    Query(query): Query<AsOfQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let profile = caller
        .read(&state, "api profile", move |r| {
            r.profile(&no, query.as_of.unwrap_or_else(|| r.today()))
        })
        .await?;
    Ok(fresh(&headers, &profile))
}

/// Every piece of evidence of a person, oldest recorded first, with who brought it (a sync
/// run, or who entered it), a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/people/{no}/history",
    tag = "reads",
    params(("no" = String, Path, description = "Employee number"), PageQuery),
    responses(
        (status = 200, description = "One page of the history", body = Page<HistoryEntry>),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn history(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let history = caller
        .read(&state, "api history", move |r| r.history(&no))
        .await?;
    let page = paginate(history, &page, |h| h.id.to_string())?;
    Ok(fresh(&headers, &page))
}

/// Every appraisal talk with a person, oldest first, with what was agreed (levels to reach,
/// courses to take, by when).
#[utoipa::path(
    get,
    path = "/api/v1/people/{no}/talks",
    tag = "reads",
    params(("no" = String, Path, description = "Employee number")),
    responses(
        (status = 200, description = "The talks", body = Vec<Talk>),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn talks(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let talks = caller
        .read(&state, "api talks", move |r| r.talks(&no))
        .await?;
    Ok(fresh(&headers, &talks))
}

/// Whose team: a manager's reports.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamQuery {
    /// The manager (a manager asking: their own number by default).
    pub manager: Option<String>,
    /// Reports of reports too, all the way down.
    pub indirect: Option<bool>,
    /// The day (default: today).
    pub as_of: Option<NaiveDate>,
}

/// The manager a query names, or the caller's own number if the caller is a manager.
fn manager_of(named: Option<String>, actor: &Actor) -> Result<String, ApiError> {
    match (named, actor) {
        (Some(no), _) => Ok(no),
        (None, Actor::Manager(own)) => Ok(own.clone()),
        (None, _) => Err(ApiError::bad_request(
            "Name the manager whose people to show: manager=EMPLOYEE_NO.",
        )),
    }
}

/// A manager's team on a day: the profile of every active person they manage (with
/// `indirect=true` the reports of their reports too), by employee number, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/team",
    tag = "reads",
    params(TeamQuery, PageQuery),
    responses(
        (status = 200, description = "One page of the team's profiles", body = Page<Profile>),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn team(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<TeamQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let scope = Scope::Manager {
        manager: manager_of(query.manager, &caller.actor)?,
        indirect: query.indirect.unwrap_or(false),
    };
    let as_of = query.as_of;
    let team = caller
        .read(&state, "api team", move |r| {
            r.team(&scope, as_of.unwrap_or_else(|| r.today()))
        })
        .await?;
    let page = paginate(team, &page, |p| p.employee.employee_no.clone())?;
    Ok(fresh(&headers, &page))
}

/// Whose talks: a manager's reports (`manager`, `indirect`) or a unit's people (`unit`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TalksDueQuery {
    /// The reports of this manager (a manager asking: their own by default).
    pub manager: Option<String>,
    /// With `manager`: the reports of the reports too.
    pub indirect: Option<bool>,
    /// Everyone in this unit and the units below it (HR).
    pub unit: Option<String>,
    /// Months between talks (default 12).
    #[param(minimum = 1, maximum = 120)]
    pub interval_months: Option<u32>,
    /// Also those whose talk falls due within this many days (default 0).
    #[param(minimum = 0, maximum = 3660)]
    pub within: Option<u32>,
    /// The day (default: today).
    pub as_of: Option<NaiveDate>,
}

/// Who is due for an appraisal talk: their last talk is more than `interval_months` old (or
/// they never had one), or falls due within `within` days; those who never had one first,
/// then soonest first, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/talks/due",
    tag = "reads",
    params(TalksDueQuery, PageQuery),
    responses(
        (status = 200, description = "One page of the people due", body = Page<TalkDue>),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn talks_due(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<TalksDueQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let interval = query
        .interval_months
        .unwrap_or(DEFAULT_TALK_INTERVAL_MONTHS);
    if !(1..=120).contains(&interval) {
        return Err(ApiError::bad_request("interval_months is 1 to 120"));
    }
    let within = query.within.unwrap_or(0);
    if within > 3660 {
        return Err(ApiError::bad_request("within is at most 3660 days"));
    }
    let scope = match (query.manager, query.unit) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "Name one scope only: manager or unit.",
            ));
        }
        (None, Some(unit)) => Scope::Unit(unit),
        (manager, None) => Scope::Manager {
            manager: manager_of(manager, &caller.actor).map_err(|_| {
                ApiError::bad_request("Name whose talks: manager=EMPLOYEE_NO or unit=UNIT.")
            })?,
            indirect: query.indirect.unwrap_or(false),
        },
    };
    let as_of = query.as_of;
    let due = caller
        .read(&state, "api talks due", move |r| {
            r.talks_due(&scope, as_of.unwrap_or_else(|| r.today()), interval, within)
        })
        .await?;
    let page = paginate(due.people, &page, |p| p.employee_no.clone())?;
    Ok(fresh(&headers, &page))
}

/// Everything the registry holds about a person (GDPR art. 15, right of access), with field
/// names a person can read: HR on the person's behalf, or the person themself. Audited.
#[utoipa::path(
    get,
    path = "/api/v1/subjects/{no}/export",
    tag = "reads",
    params(("no" = String, Path, description = "Employee number"), AsOfQuery),
    responses(
        (status = 200, description = "The subject export", body = SubjectExport),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn subject_export(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    Query(query): Query<AsOfQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let export = caller
        .read(&state, "api subject export", move |r| {
            r.subject_export(&no, query.as_of.unwrap_or_else(|| r.today()))
        })
        .await?;
    Ok(fresh(&headers, &export))
}

/// The catalog: systems, courses, units, occupations, the targets of each occupation, the
/// target groups of the introduction plan.
#[utoipa::path(
    get,
    path = "/api/v1/catalog",
    tag = "reads",
    responses(
        (status = 200, description = "The catalog", body = Catalog),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn catalog(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let catalog = caller.read(&state, "api catalog", |r| r.catalog()).await?;
    Ok(fresh(&headers, &catalog))
}
