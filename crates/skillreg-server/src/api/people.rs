//! One caller and one person: `GET /api/v1/me`, `GET /api/v1/people/{no}/brief`, and the gaps
//! of a scope (`GET /api/v1/gaps`).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use skillreg_store::{Actor, Brief, BriefConfig, GapRow, Scope};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::fresh::fresh;
use super::page::{Page, PageQuery, paginate};
use super::problem::{ApiError, ReadErrors};
use crate::app::AppState;

/// Who the API takes the caller to be.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Me {
    /// The actor, as the command line writes it: `hr`, `manager:10001`, `employee:10023`,
    /// `sync:wlx`, `viewer:SOC`.
    pub actor: String,
    /// The kind of actor.
    pub kind: ActorKind,
    /// The employee number of a manager or an employee.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employee_no: Option<String>,
    /// The unit of a viewer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The source of a sync job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What the audit trail names as the way in.
    pub via: String,
}

/// The kinds of actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// HR: reads and writes everything.
    Hr,
    /// A manager: their own record and the people they manage.
    Manager,
    /// An employee: their own record.
    Employee,
    /// A sync job of one source.
    Sync,
    /// A steering group or coordinator: suppressed aggregates of a unit.
    Viewer,
}

/// Who am I: the actor the credential acts as.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "people",
    responses(
        (status = 200, description = "The caller", body = Me),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn me(caller: Caller, headers: HeaderMap) -> Response {
    let (kind, employee_no, unit, source) = match &caller.actor {
        Actor::Hr => (ActorKind::Hr, None, None, None),
        Actor::Manager(no) => (ActorKind::Manager, Some(no.clone()), None, None),
        Actor::Employee(no) => (ActorKind::Employee, Some(no.clone()), None, None),
        Actor::Sync { source } => (ActorKind::Sync, None, None, Some(source.clone())),
        Actor::Viewer(unit) => (ActorKind::Viewer, None, Some(unit.clone()), None),
    };
    let me = Me {
        actor: caller.actor.to_string(),
        kind,
        employee_no,
        unit,
        source,
        via: caller.via,
    };
    fresh(&headers, &me)
}

/// The settings of a brief.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BriefQuery {
    /// The day the brief is as of (default: today).
    pub as_of: Option<NaiveDate>,
    /// Report changes since this day (default: a year before `as_of`).
    pub since: Option<NaiveDate>,
    /// Report results that expire within this many days (default 90).
    #[param(minimum = 0, maximum = 3660)]
    pub expiring_days: Option<u32>,
}

/// A person's appraisal brief: where they stand in every system against their role, what
/// changed, open referrals, expiring results and the last talk's agreements.
#[utoipa::path(
    get,
    path = "/api/v1/people/{no}/brief",
    tag = "people",
    params(("no" = String, Path, description = "Employee number"), BriefQuery),
    responses(
        (status = 200, description = "The brief", body = Brief),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn brief(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    Query(query): Query<BriefQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if query.expiring_days.is_some_and(|d| d > 3660) {
        return Err(ApiError::bad_request("expiring_days is at most 3660"));
    }
    // A day before the year 1 would make a "since" of a negative year, which is no date.
    if [query.as_of, query.since]
        .into_iter()
        .flatten()
        .any(|day| chrono::Datelike::year(&day) < 1)
    {
        return Err(ApiError::bad_request(
            "as_of and since are days of the year 1 or later",
        ));
    }
    let brief = caller
        .read(&state, "api brief", move |r| {
            let mut config = BriefConfig::new(query.as_of.unwrap_or_else(|| r.today()));
            config.since = query.since;
            if let Some(days) = query.expiring_days {
                config.expiring_days = days;
            }
            r.brief(&no, &config)
        })
        .await?;
    Ok(fresh(&headers, &brief))
}

/// Whose gaps: exactly one of `employee`, `manager`, `unit`, `occupation` or `all=true`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GapsQuery {
    /// One employee.
    pub employee: Option<String>,
    /// The people a manager manages (a manager's own team: their own number).
    pub manager: Option<String>,
    /// With `manager`: reports of reports too, all the way down.
    pub indirect: Option<bool>,
    /// Everyone in a unit and the units below it.
    pub unit: Option<String>,
    /// Everyone in an occupation.
    pub occupation: Option<String>,
    /// Everyone (HR).
    pub all: Option<bool>,
    /// The day (default: today).
    pub as_of: Option<NaiveDate>,
}

impl GapsQuery {
    /// The scope the query names, or `400`.
    fn scope(&self) -> Result<Scope, ApiError> {
        let mut scopes = Vec::new();
        if let Some(no) = &self.employee {
            scopes.push(Scope::Employee(no.clone()));
        }
        if let Some(no) = &self.manager {
            scopes.push(Scope::Manager {
                manager: no.clone(),
                indirect: self.indirect.unwrap_or(false),
            });
        }
        if let Some(unit) = &self.unit {
            scopes.push(Scope::Unit(unit.clone()));
        }
        if let Some(occupation) = &self.occupation {
            scopes.push(Scope::Occupation(occupation.clone()));
        }
        if self.all == Some(true) {
            scopes.push(Scope::All);
        }
        match scopes.len() {
            1 => Ok(scopes.remove(0)),
            0 => Err(ApiError::bad_request(
                "Name whose gaps: one of employee, manager, unit, occupation or all=true.",
            )),
            _ => Err(ApiError::bad_request(
                "Name one scope only: employee, manager, unit, occupation or all=true.",
            )),
        }
    }
}

/// The gaps of a scope: every person and system where the current level is below the target,
/// with the courses recommended, by employee number and system.
#[utoipa::path(
    get,
    path = "/api/v1/gaps",
    tag = "people",
    params(GapsQuery, PageQuery),
    responses(
        (status = 200, description = "One page of gaps", body = Page<GapRow>),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn gaps(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<GapsQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let scope = query.scope()?;
    let as_of = query.as_of;
    let rows = caller
        .read(&state, "api gaps", move |r| {
            r.gaps(&scope, as_of.unwrap_or_else(|| r.today()))
        })
        .await?;
    let page = paginate(rows, &page, |g| {
        format!("{}\u{1f}{}", g.employee_no, g.system)
    })?;
    Ok(fresh(&headers, &page))
}
