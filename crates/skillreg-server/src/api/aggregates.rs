//! The organisation-level views: a unit, the units, training demand, progress, the target
//! groups, rounds and their status, talk coverage, maturity, the sync run log and the audit
//! trail. Each operation is the library call the CLI command of the same name makes, so the
//! store decides who may read what: HR everything, a manager their own people, a viewer of a
//! unit suppressed figures of it and the units below it (never a person), a sync token none.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use skillreg_core::OrgUnit;
use skillreg_core::maturity::Framework;
use skillreg_store::{
    AuditEntry, AuditFilter, DEFAULT_MAX_PEOPLE, DEFAULT_MIN_GROUP, DEFAULT_TALK_INTERVAL_MONTHS,
    Demand, DemandFilter, GroupsReport, Progress, Round, RoundFilter, RoundStatus, RunRecord,
    TalkCoverage, UnitScope, UnitView,
};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::fresh::fresh;
use super::page::{Page, PageQuery, paginate};
use super::problem::{ApiError, ReadErrors};
use crate::app::AppState;

/// The most people a unit view lists one by one (`max_people`).
const MAX_PEOPLE_LIMIT: usize = 10_000;

/// A breakdown of a report besides its units and occupations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ByParam {
    /// Women, men, other and not stated (the equality follow-up).
    Gender,
}

impl From<ByParam> for skillreg_store::By {
    fn from(by: ByParam) -> Self {
        match by {
            ByParam::Gender => skillreg_store::By::Gender,
        }
    }
}

/// The day a view is computed for and the smallest group whose figures are shown.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ViewQuery {
    /// The day (default: the organisation's today).
    pub as_of: Option<NaiveDate>,
    /// Figures over fewer people than this are withheld (default 5).
    #[param(minimum = 1)]
    pub min_group: Option<u32>,
}

impl ViewQuery {
    fn min_group(&self) -> u32 {
        self.min_group.unwrap_or(DEFAULT_MIN_GROUP)
    }
}

/// How a unit view is shaped.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// Show people one by one up to this many, else occupations (default 50).
    #[param(minimum = 0, maximum = 10000)]
    pub max_people: Option<usize>,
}

/// `GET /api/v1/units/{unit}`: the unit and the units below it against every system (the
/// CLI's `skillreg unit UNIT --format json`). `all` names the whole organisation as the
/// caller covers it (`skillreg unit --all`).
#[utoipa::path(
    get,
    path = "/api/v1/units/{unit}",
    tag = "aggregates",
    params(
        ("unit" = String, Path, description = "The unit id (with the units below it); `all`: everything the caller covers"),
        UnitQuery,
        ViewQuery
    ),
    responses(
        (status = 200, description = "The unit view: one row per person up to max_people, else per occupation, small groups withheld", body = UnitView),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn unit(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(unit): Path<String>,
    Query(shape): Query<UnitQuery>,
    Query(view): Query<ViewQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let max_people = shape.max_people.unwrap_or(DEFAULT_MAX_PEOPLE);
    if max_people > MAX_PEOPLE_LIMIT {
        return Err(ApiError::bad_request(format!(
            "max_people is at most {MAX_PEOPLE_LIMIT}"
        )));
    }
    let scope = match unit.as_str() {
        "all" => UnitScope::Everyone,
        _ => UnitScope::Unit(unit),
    };
    let min_group = view.min_group();
    let answer = caller
        .read(&state, "api unit", move |r| {
            r.unit_view(
                scope,
                view.as_of.unwrap_or_else(|| r.today()),
                max_people,
                min_group,
            )
        })
        .await?;
    Ok(fresh(&headers, &answer))
}

/// `GET /api/v1/units`: the units whose figures the caller may ask for (every unit for HR, a
/// viewer's unit and those below it, the units a manager manages all of), in the catalog's
/// order.
#[utoipa::path(
    get,
    path = "/api/v1/units",
    tag = "aggregates",
    params(PageQuery),
    responses(
        (status = 200, description = "One page of units", body = Page<OrgUnit>),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn units(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let units = caller
        .read(&state, "api units", |r| r.aggregate_units())
        .await?;
    let page = paginate(units, &page, |u| u.id.clone())?;
    Ok(fresh(&headers, &page))
}

/// Which people a report covers (the CLI's `--unit`, `--occupation`, `--group`, `--manager`,
/// `--by`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterQuery {
    /// Only employments in this unit and the units below it.
    pub unit: Option<String>,
    /// Only employments in this occupation.
    pub occupation: Option<String>,
    /// Only employments in this target group (the catalog's groups).
    pub group: Option<String>,
    /// Only the people of this manager, directly and indirectly.
    pub manager: Option<String>,
    /// Also break the figures down (by gender), withheld by the same rule.
    #[param(inline)]
    pub by: Option<ByParam>,
}

impl FilterQuery {
    fn filter(self) -> DemandFilter {
        DemandFilter {
            unit: self.unit,
            occupation: self.occupation,
            group: self.group,
            manager: self.manager,
            by: self.by.map(Into::into),
        }
    }
}

/// `GET /api/v1/demand`: training demand per course, and the gaps no course closes (the CLI's
/// `skillreg demand --format json`).
#[utoipa::path(
    get,
    path = "/api/v1/demand",
    tag = "aggregates",
    params(FilterQuery, ViewQuery),
    responses(
        (status = 200, description = "The training demand", body = Demand),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn demand(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(filter): Query<FilterQuery>,
    Query(view): Query<ViewQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let filter = filter.filter();
    let min_group = view.min_group();
    let answer = caller
        .read(&state, "api demand", move |r| {
            r.demand(&filter, view.as_of.unwrap_or_else(|| r.today()), min_group)
        })
        .await?;
    Ok(fresh(&headers, &answer))
}

/// The days a progress report compares.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressQuery {
    /// The baseline day.
    pub from: NaiveDate,
    /// The follow-up day (default: the organisation's today).
    pub to: Option<NaiveDate>,
    /// Figures over fewer people than this are withheld (default 5).
    #[param(minimum = 1)]
    pub min_group: Option<u32>,
}

/// `GET /api/v1/progress`: a baseline compared with a follow-up, per unit and system (the
/// CLI's `skillreg progress --format json`).
#[utoipa::path(
    get,
    path = "/api/v1/progress",
    tag = "aggregates",
    params(ProgressQuery, FilterQuery),
    responses(
        (status = 200, description = "The progress report", body = Progress),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn progress(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(days): Query<ProgressQuery>,
    Query(filter): Query<FilterQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let filter = filter.filter();
    let min_group = days.min_group.unwrap_or(DEFAULT_MIN_GROUP);
    let answer = caller
        .read(&state, "api progress", move |r| {
            r.progress_of(
                days.from,
                days.to.unwrap_or_else(|| r.today()),
                &filter,
                min_group,
            )
        })
        .await?;
    Ok(fresh(&headers, &answer))
}

/// `GET /api/v1/groups`: the target groups of the roll-out by phase (the CLI's `skillreg
/// groups --format json`).
#[utoipa::path(
    get,
    path = "/api/v1/groups",
    tag = "aggregates",
    params(ViewQuery),
    responses(
        (status = 200, description = "The target groups report", body = GroupsReport),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn groups(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(view): Query<ViewQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let min_group = view.min_group();
    let answer = caller
        .read(&state, "api groups", move |r| {
            r.groups(view.as_of.unwrap_or_else(|| r.today()), min_group)
        })
        .await?;
    Ok(fresh(&headers, &answer))
}

/// Which rounds to list (the CLI's `skillreg round status --group/--occupation`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoundsQuery {
    /// Only the rounds of this target group.
    pub group: Option<String>,
    /// Only the rounds of this occupation.
    pub occupation: Option<String>,
}

/// `GET /api/v1/rounds`: the self-assessment rounds, oldest first (the CLI's `skillreg round
/// list`; with `group` or `occupation`, the rounds `skillreg round status` reports on, none
/// when none was opened for them yet).
#[utoipa::path(
    get,
    path = "/api/v1/rounds",
    tag = "aggregates",
    params(RoundsQuery, PageQuery),
    responses(
        (status = 200, description = "One page of rounds", body = Page<Round>),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn rounds(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<RoundsQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let rounds = caller
        .read(&state, "api rounds", move |r| {
            if query.group.is_none() && query.occupation.is_none() {
                return r.rounds();
            }
            let filter = RoundFilter {
                group: query.group,
                occupation: query.occupation,
            };
            r.matching_rounds(&filter)
        })
        .await?;
    let page = paginate(rounds, &page, |r| r.id.to_string())?;
    Ok(fresh(&headers, &page))
}

/// The day a round's status is read on.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// The day (default: the organisation's today).
    pub as_of: Option<NaiveDate>,
}

/// `GET /api/v1/rounds/{id}`: a round and its response rate per unit, and who has not
/// answered where the caller may see people (the CLI's `skillreg round status ID --format
/// json`).
#[utoipa::path(
    get,
    path = "/api/v1/rounds/{id}",
    tag = "aggregates",
    params(("id" = i64, Path, description = "The round's id"), AsOfQuery),
    responses(
        (status = 200, description = "The round and its status", body = RoundStatus),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn round(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(query): Query<AsOfQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let answer = caller
        .read(&state, "api round status", move |r| {
            r.round_status(id, query.as_of.unwrap_or_else(|| r.today()))
        })
        .await?;
    Ok(fresh(&headers, &answer))
}

/// How often a talk is due.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// Months between talks (default 12).
    #[param(minimum = 1, maximum = 120)]
    pub interval_months: Option<u32>,
}

/// `GET /api/v1/talks/coverage`: per unit, the share of people whose development talk is not
/// overdue (the CLI's `skillreg talks due --coverage --format json`).
#[utoipa::path(
    get,
    path = "/api/v1/talks/coverage",
    tag = "aggregates",
    params(CoverageQuery, ViewQuery),
    responses(
        (status = 200, description = "The talk coverage", body = TalkCoverage),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn talk_coverage(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<CoverageQuery>,
    Query(view): Query<ViewQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let interval = query
        .interval_months
        .unwrap_or(DEFAULT_TALK_INTERVAL_MONTHS);
    if !(1..=120).contains(&interval) {
        return Err(ApiError::bad_request(
            "interval_months is out of range: 1 to 120",
        ));
    }
    let min_group = view.min_group();
    let answer = caller
        .read(&state, "api talk coverage", move |r| {
            r.talk_coverage(view.as_of.unwrap_or_else(|| r.today()), interval, min_group)
        })
        .await?;
    Ok(fresh(&headers, &answer))
}

/// Which maturity report.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MaturityQuery {
    /// The framework's id, its latest version held (default: the server's
    /// `maturity_framework`).
    pub framework: Option<String>,
    /// Only this unit and the units below it.
    pub unit: Option<String>,
    /// The baseline day (default: 1 January of `to`'s year).
    pub from: Option<NaiveDate>,
    /// The follow-up day (default: the organisation's today).
    pub to: Option<NaiveDate>,
    /// Figures over fewer people than this are withheld (default 5).
    #[param(minimum = 1)]
    pub min_group: Option<u32>,
}

/// `GET /api/v1/maturity`: the maturity report of a framework the registry holds answers to
/// (the CLI's `skillreg maturity report --format json`).
#[utoipa::path(
    get,
    path = "/api/v1/maturity",
    tag = "aggregates",
    params(MaturityQuery),
    responses(
        (status = 200, description = "The maturity report", body = skillreg_core::view::MaturityReport),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn maturity(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<MaturityQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let wanted = query
        .framework
        .clone()
        .or_else(|| state.maturity_framework.clone());
    let answer = caller.read(&state, "api maturity", move |r| {
            let held = r.maturity_frameworks()?;
            let Some(id) = wanted else {
                return Ok(Err(ApiError::bad_request(format!(
                    "Name a framework (framework=): the registry holds answers to {}.",
                    names(&held)
                ))));
            };
            let Some(framework) = held.iter().rev().find(|f| f.id == id) else {
                return Ok(Err(ApiError::not_found(format!(
                    "The registry holds no answers to maturity framework {id:?}; it holds answers to {}.",
                    names(&held)
                ))));
            };
            let to = query.to.unwrap_or_else(|| r.today());
            let from = query
                .from
                .or_else(|| NaiveDate::from_ymd_opt(to.year(), 1, 1))
                .unwrap_or(to);
            let min_group = query.min_group.unwrap_or(DEFAULT_MIN_GROUP);
            Ok(Ok(r.maturity_report(
                framework,
                query.unit.as_deref(),
                from,
                to,
                min_group,
            )?))
        })
        .await??;
    Ok(fresh(&headers, &answer))
}

/// The frameworks held, for a problem's detail.
fn names(held: &[Framework]) -> String {
    let mut ids: Vec<&str> = held.iter().map(|f| f.id.as_str()).collect();
    ids.dedup();
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.join(", ")
    }
}

/// `GET /api/v1/runs`: the sync run log, as the store keeps it (the CLI's `skillreg runs
/// --format json`).
#[utoipa::path(
    get,
    path = "/api/v1/runs",
    tag = "aggregates",
    params(PageQuery),
    responses(
        (status = 200, description = "One page of sync runs", body = Page<RunRecord>),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn runs(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let runs = caller.read(&state, "api runs", |r| r.runs()).await?;
    let page = paginate(runs, &page, |r| r.id.to_string())?;
    Ok(fresh(&headers, &page))
}

/// Which rows of the audit trail.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only rows about this employee.
    pub employee: Option<String>,
    /// Only rows from this day on (UTC).
    pub since: Option<NaiveDate>,
}

/// `GET /api/v1/audit`: the audit trail, newest first (HR only; the CLI's `skillreg audit
/// --format json`, which lists it oldest first).
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "aggregates",
    params(AuditQuery, PageQuery),
    responses(
        (status = 200, description = "One page of audit rows, newest first", body = Page<AuditEntry>),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
pub async fn audit(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<AuditQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let filter = AuditFilter {
        employee: query.employee,
        since: query.since,
    };
    let mut trail = caller
        .read(&state, "api audit", move |r| r.audit(&filter))
        .await?;
    trail.reverse();
    let page = paginate(trail, &page, |a| a.id.to_string())?;
    Ok(fresh(&headers, &page))
}
