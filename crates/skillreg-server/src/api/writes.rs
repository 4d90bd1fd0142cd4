//! The writes: assessments, self-assessments, course completions, referrals, talks, rounds
//! opened and answered. Each is the store call the command line makes, as the caller's actor
//! (the same checks, the same audit rows with `via` naming the token), all or nothing: a
//! refused request writes nothing and lists every problem, each `record` a JSON pointer into
//! the request's body (`/answers/2/value`).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use skillreg_core::Level;
use skillreg_core::talk::{Agreement, Talk};
use skillreg_store::{
    Assessment, FormAnswer, Referred, Round, RoundImport, RoundSpec, SelfAssessed,
};
use utoipa::ToSchema;

use super::auth::Caller;
use super::idempotency::{once, parse};
use super::problem::{ApiError, InputProblem, WriteErrors};
use crate::app::AppState;

/// An assessed level to record (as `skillreg assess`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAssessment {
    /// System code.
    pub system: String,
    /// The level, 1 to 4.
    #[schema(minimum = 1, maximum = 4)]
    pub level: u8,
    /// The manager who assessed (employee number); absent: the person's own assessment.
    pub assessor: Option<String>,
    /// The day of the assessment (default: today).
    pub date: Option<NaiveDate>,
}

/// What a write of one item recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Recorded {
    /// Employee number.
    pub employee_no: String,
    /// True if it was new; false if the registry already held exactly this (nothing written).
    pub recorded: bool,
    /// The day recorded.
    pub date: NaiveDate,
}

/// The status of a write: `201` when something new was written, `200` when it was held.
fn status_of(new: bool) -> StatusCode {
    if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

/// A `422` naming `pointer` in the body.
fn refused(pointer: &str, value: Option<String>, message: String) -> ApiError {
    ApiError::invalid(message.clone()).with_problems(
        vec![InputProblem {
            file: None,
            line: None,
            column: None,
            record: Some(pointer.to_string()),
            value,
            message,
        }],
        0,
    )
}

/// Records an assessed level of one system (as `skillreg assess`): HR for anyone, a manager
/// for the people they manage, an employee their own self-assessment.
#[utoipa::path(
    post,
    path = "/api/v1/people/{no}/assessments",
    tag = "writes",
    params(("no" = String, Path, description = "Employee number"), ("Idempotency-Key" = Option<String>, Header, description = "Send the request once: a retry with the same key answers the first answer again and writes nothing (1-255 visible ASCII characters, kept 24 hours)")),
    request_body = NewAssessment,
    responses(
        (status = 201, description = "Recorded", body = Recorded),
        (status = 200, description = "Already held: nothing written", body = Recorded),
        WriteErrors,
    ),
    security(("bearer" = []))
)]
pub async fn assess(
    state: State<Arc<AppState>>,
    caller: Caller,
    path: Path<String>,
    uri: Uri,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let (s, c) = (Arc::clone(&state.0), caller.clone());
    let body = raw.clone();
    once(&s, &c, &headers, &uri, "POST", &raw, async move {
        assess_write(state, caller, path, Json(parse(&body)?)).await
    })
    .await
}

/// [`assess`] once its body is read.
async fn assess_write(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    Json(body): Json<NewAssessment>,
) -> Result<Response, ApiError> {
    let level = Level::try_from(body.level).map_err(|e| {
        refused(
            "/level",
            Some(body.level.to_string()),
            format!("the level {}: {e}", body.level),
        )
    })?;
    let by = match body.assessor {
        Some(m) => Assessment::Manager(m),
        None => Assessment::SelfAssessment,
    };
    let entered_by = caller.via.clone();
    let n = no.clone();
    let (new, date) = state
        .pool
        .run_mut(caller.actor, caller.via, move |r| {
            let date = body.date.unwrap_or_else(|| r.today());
            let new = r.record_assessment(&n, &body.system, level, &by, date, &entered_by)?;
            Ok((new, date))
        })
        .await
        .map_err(|e| ApiError::from_server(e, "api assess"))?;
    let answer = Recorded {
        employee_no: no,
        recorded: new,
        date,
    };
    Ok((status_of(new), Json(answer)).into_response())
}

/// A person's self-assessments of any systems (as the self-assessment page).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSelfAssessments {
    /// The answers: a system and a level `1` to `4`, or `""` for no answer.
    pub answers: Vec<FormAnswer>,
}

/// The store's problems, each `record` turned into the JSON pointer of the answer it names.
fn pointed(error: ApiError, answers: &[FormAnswer]) -> ApiError {
    let mut problem = error.problem().clone();
    if problem.problems.is_empty() {
        return error;
    }
    for p in &mut problem.problems {
        let Some(system) = p.record.as_deref() else {
            continue;
        };
        if let Some(i) = answers.iter().position(|a| a.system == system) {
            let field = if p.value.as_deref() == Some(system) {
                "system"
            } else {
                "value"
            };
            p.record = Some(format!("/answers/{i}/{field}"));
        }
    }
    let more = problem.more_problems.unwrap_or(0);
    ApiError::invalid(problem.detail.unwrap_or_default()).with_problems(problem.problems, more)
}

/// Records a person's own self-assessments, all or nothing (as the self-assessment page):
/// the person themself, or HR.
#[utoipa::path(
    post,
    path = "/api/v1/people/{no}/self-assessments",
    tag = "writes",
    params(("no" = String, Path, description = "Employee number"), ("Idempotency-Key" = Option<String>, Header, description = "Send the request once: a retry with the same key answers the first answer again and writes nothing (1-255 visible ASCII characters, kept 24 hours)")),
    request_body = NewSelfAssessments,
    responses(
        (status = 201, description = "Recorded (counts)", body = SelfAssessed),
        WriteErrors,
    ),
    security(("bearer" = []))
)]
pub async fn self_assess(
    state: State<Arc<AppState>>,
    caller: Caller,
    path: Path<String>,
    uri: Uri,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let (s, c) = (Arc::clone(&state.0), caller.clone());
    let body = raw.clone();
    once(&s, &c, &headers, &uri, "POST", &raw, async move {
        self_assess_write(state, caller, path, Json(parse(&body)?)).await
    })
    .await
}

/// [`self_assess`] once its body is read.
async fn self_assess_write(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    Json(body): Json<NewSelfAssessments>,
) -> Result<Response, ApiError> {
    let answers = body.answers.clone();
    let done = state
        .pool
        .run_mut(caller.actor, caller.via, move |r| {
            let today = r.today();
            r.record_self_assessments(&no, &body.answers, today)
        })
        .await
        .map_err(|e| pointed(ApiError::from_server(e, "api self-assessments"), &answers))?;
    Ok((StatusCode::CREATED, Json(done)).into_response())
}

/// A completed course to record (as `skillreg course complete`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCompletion {
    /// Course code.
    pub course: String,
    /// The day completed (default: today).
    pub date: Option<NaiveDate>,
}

/// Records a completed course (the level comes from the course).
#[utoipa::path(
    post,
    path = "/api/v1/people/{no}/course-completions",
    tag = "writes",
    params(("no" = String, Path, description = "Employee number"), ("Idempotency-Key" = Option<String>, Header, description = "Send the request once: a retry with the same key answers the first answer again and writes nothing (1-255 visible ASCII characters, kept 24 hours)")),
    request_body = NewCompletion,
    responses(
        (status = 201, description = "Recorded", body = Recorded),
        (status = 200, description = "Already held: nothing written", body = Recorded),
        WriteErrors,
    ),
    security(("bearer" = []))
)]
pub async fn complete_course(
    state: State<Arc<AppState>>,
    caller: Caller,
    path: Path<String>,
    uri: Uri,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let (s, c) = (Arc::clone(&state.0), caller.clone());
    let body = raw.clone();
    once(&s, &c, &headers, &uri, "POST", &raw, async move {
        complete_course_write(state, caller, path, Json(parse(&body)?)).await
    })
    .await
}

/// [`complete_course`] once its body is read.
async fn complete_course_write(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    Json(body): Json<NewCompletion>,
) -> Result<Response, ApiError> {
    let entered_by = caller.via.clone();
    let n = no.clone();
    let (new, date) = state
        .pool
        .run_mut(caller.actor, caller.via, move |r| {
            let date = body.date.unwrap_or_else(|| r.today());
            let new = r.complete_course(&n, &body.course, date, &entered_by)?;
            Ok((new, date))
        })
        .await
        .map_err(|e| ApiError::from_server(e, "api course completion"))?;
    let answer = Recorded {
        employee_no: no,
        recorded: new,
        date,
    };
    Ok((status_of(new), Json(answer)).into_response())
}

/// A referral to a course (as `skillreg refer`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReferral {
    /// Course code.
    pub course: String,
    /// The day it is due, if any.
    pub due: Option<NaiveDate>,
}

/// What a referral did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralOutcome {
    /// Employee number.
    pub employee_no: String,
    /// Course code.
    pub course: String,
    /// Created, its due day changed, or already open as asked (nothing written).
    pub outcome: Referred,
}

/// Refers a person to a course; an open referral to the same course gets the new due day.
#[utoipa::path(
    post,
    path = "/api/v1/people/{no}/referrals",
    tag = "writes",
    params(("no" = String, Path, description = "Employee number"), ("Idempotency-Key" = Option<String>, Header, description = "Send the request once: a retry with the same key answers the first answer again and writes nothing (1-255 visible ASCII characters, kept 24 hours)")),
    request_body = NewReferral,
    responses(
        (status = 201, description = "Referred", body = ReferralOutcome),
        (status = 200, description = "Already open (its due day changed, or nothing written)", body = ReferralOutcome),
        WriteErrors,
    ),
    security(("bearer" = []))
)]
pub async fn refer(
    state: State<Arc<AppState>>,
    caller: Caller,
    path: Path<String>,
    uri: Uri,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let (s, c) = (Arc::clone(&state.0), caller.clone());
    let body = raw.clone();
    once(&s, &c, &headers, &uri, "POST", &raw, async move {
        refer_write(state, caller, path, Json(parse(&body)?)).await
    })
    .await
}

/// [`refer`] once its body is read.
async fn refer_write(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    Json(body): Json<NewReferral>,
) -> Result<Response, ApiError> {
    let by = caller.via.clone();
    let (n, c) = (no.clone(), body.course.clone());
    let outcome = state
        .pool
        .run_mut(caller.actor, caller.via, move |r| {
            let today = r.today();
            r.refer(&n, &c, today, body.due, &by)
        })
        .await
        .map_err(|e| ApiError::from_server(e, "api refer"))?;
    let answer = ReferralOutcome {
        employee_no: no,
        course: body.course,
        outcome,
    };
    Ok((status_of(outcome == Referred::Created), Json(answer)).into_response())
}

/// A cancelled referral.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Cancelled {
    /// Employee number.
    pub employee_no: String,
    /// Course code.
    pub course: String,
    /// The day it was cancelled.
    pub cancelled: NaiveDate,
}

/// Cancels a person's open referral to a course (as `skillreg refer --cancel`).
#[utoipa::path(
    delete,
    path = "/api/v1/people/{no}/referrals/{course}",
    tag = "writes",
    params(
        ("no" = String, Path, description = "Employee number"),
        ("course" = String, Path, description = "Course code"),
        ("Idempotency-Key" = Option<String>, Header, description = "Send the request once: a retry with the same key answers the first answer again and writes nothing (1-255 visible ASCII characters, kept 24 hours)"),
    ),
    responses(
        (status = 200, description = "Cancelled", body = Cancelled),
        WriteErrors,
    ),
    security(("bearer" = []))
)]
pub async fn cancel_referral(
    state: State<Arc<AppState>>,
    caller: Caller,
    path: Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let (s, c) = (Arc::clone(&state.0), caller.clone());
    once(&s, &c, &headers, &uri, "DELETE", &[], async move {
        cancel_referral_write(state, caller, path).await
    })
    .await
}

/// [`cancel_referral`] once its body is read.
async fn cancel_referral_write(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((no, course)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (n, c) = (no.clone(), course.clone());
    let day = state
        .pool
        .run_mut(caller.actor, caller.via, move |r| {
            let today = r.today();
            r.cancel_referral(&n, &c, today).map(|()| today)
        })
        .await
        .map_err(|e| ApiError::from_server(e, "api cancel referral"))?;
    let answer = Cancelled {
        employee_no: no,
        course,
        cancelled: day,
    };
    Ok((StatusCode::OK, Json(answer)).into_response())
}

/// A talk that took place, with what was agreed (as `skillreg talk record`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTalk {
    /// The day of the talk (not after today).
    pub date: NaiveDate,
    /// What was agreed: levels to reach and courses to take, each with an optional due day.
    #[serde(default)]
    pub agreements: Vec<Agreement>,
}

/// Records an appraisal talk with its agreements, all or nothing.
#[utoipa::path(
    post,
    path = "/api/v1/people/{no}/talks",
    tag = "writes",
    params(("no" = String, Path, description = "Employee number"), ("Idempotency-Key" = Option<String>, Header, description = "Send the request once: a retry with the same key answers the first answer again and writes nothing (1-255 visible ASCII characters, kept 24 hours)")),
    request_body = NewTalk,
    responses(
        (status = 201, description = "The talk recorded", body = Talk),
        WriteErrors,
    ),
    security(("bearer" = []))
)]
pub async fn record_talk(
    state: State<Arc<AppState>>,
    caller: Caller,
    path: Path<String>,
    uri: Uri,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let (s, c) = (Arc::clone(&state.0), caller.clone());
    let body = raw.clone();
    once(&s, &c, &headers, &uri, "POST", &raw, async move {
        record_talk_write(state, caller, path, Json(parse(&body)?)).await
    })
    .await
}

/// [`record_talk`] once its body is read.
async fn record_talk_write(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    Json(body): Json<NewTalk>,
) -> Result<Response, ApiError> {
    let by = caller.via.clone();
    let talk = state
        .pool
        .run_mut(caller.actor, caller.via, move |r| {
            r.record_talk(&no, body.date, &body.agreements, &by)
        })
        .await
        .map_err(|e| ApiError::from_server(e, "api talk"))?;
    Ok((StatusCode::CREATED, Json(talk)).into_response())
}

/// A round to open today (as `skillreg round open`): one occupation (optionally in one unit),
/// or a target group's occupations.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRound {
    /// Occupation code (or name `group`).
    pub occupation: Option<String>,
    /// A target group: a round for each of its occupations.
    pub group: Option<String>,
    /// Unit id: only people in this unit or below it.
    pub unit: Option<String>,
    /// The last day for answers.
    pub closes: NaiveDate,
}

/// The rounds opened.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Opened {
    /// One round, or one per occupation of a group.
    pub rounds: Vec<Round>,
}

/// Opens a self-assessment round (HR).
#[utoipa::path(
    post,
    path = "/api/v1/rounds",
    tag = "writes",
    params(("Idempotency-Key" = Option<String>, Header, description = "Send the request once: a retry with the same key answers the first answer again and writes nothing (1-255 visible ASCII characters, kept 24 hours)")),
    request_body = NewRound,
    responses(
        (status = 201, description = "The rounds opened", body = Opened),
        WriteErrors,
    ),
    security(("bearer" = []))
)]
pub async fn open_round(
    state: State<Arc<AppState>>,
    caller: Caller,
    uri: Uri,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let (s, c) = (Arc::clone(&state.0), caller.clone());
    let body = raw.clone();
    once(&s, &c, &headers, &uri, "POST", &raw, async move {
        open_round_write(state, caller, Json(parse(&body)?)).await
    })
    .await
}

/// [`open_round`] once its body is read.
async fn open_round_write(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Json(body): Json<NewRound>,
) -> Result<Response, ApiError> {
    let occupation = match (&body.occupation, &body.group) {
        (Some(o), None) => Some(o.clone()),
        (None, Some(_)) => None,
        _ => {
            return Err(refused(
                "/occupation",
                None,
                "name an occupation or a group, not both".to_string(),
            ));
        }
    };
    let by = caller.via.clone();
    let rounds = state
        .pool
        .run_mut(caller.actor, caller.via, move |r| {
            let today = r.today();
            match (occupation, body.group) {
                (Some(occupation), _) => {
                    let spec = RoundSpec {
                        occupation,
                        unit: body.unit,
                        opens: today,
                        closes: body.closes,
                    };
                    r.open_round(&spec, &by).map(|round| vec![round])
                }
                (None, group) => {
                    r.open_group_rounds(&group.unwrap_or_default(), today, body.closes, &by)
                }
            }
        })
        .await
        .map_err(|e| ApiError::from_server(e, "api open round"))?;
    Ok((StatusCode::CREATED, Json(Opened { rounds })).into_response())
}

/// One person's answers to a round.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundAnswers {
    /// Whose answers: the person themself, or anyone for HR.
    pub employee_no: String,
    /// The answers: a system on their form and a level `1` to `4`, or `""` for no answer.
    pub answers: Vec<FormAnswer>,
}

/// Answers a round for one person, all or nothing (the person themself, or HR).
#[utoipa::path(
    post,
    path = "/api/v1/rounds/{id}/answers",
    tag = "writes",
    params(("id" = i64, Path, description = "The round's number"), ("Idempotency-Key" = Option<String>, Header, description = "Send the request once: a retry with the same key answers the first answer again and writes nothing (1-255 visible ASCII characters, kept 24 hours)")),
    request_body = RoundAnswers,
    responses(
        (status = 201, description = "Recorded (counts)", body = RoundImport),
        WriteErrors,
    ),
    security(("bearer" = []))
)]
pub async fn answer_round(
    state: State<Arc<AppState>>,
    caller: Caller,
    path: Path<i64>,
    uri: Uri,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let (s, c) = (Arc::clone(&state.0), caller.clone());
    let body = raw.clone();
    once(&s, &c, &headers, &uri, "POST", &raw, async move {
        answer_round_write(state, caller, path, Json(parse(&body)?)).await
    })
    .await
}

/// [`answer_round`] once its body is read.
async fn answer_round_write(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(body): Json<RoundAnswers>,
) -> Result<Response, ApiError> {
    let answers = body.answers.clone();
    let done = state
        .pool
        .run_mut(caller.actor, caller.via, move |r| {
            let today = r.today();
            r.answer_round(id, &body.employee_no, &body.answers, today)
        })
        .await
        .map_err(|e| pointed(ApiError::from_server(e, "api answer round"), &answers))?;
    Ok((StatusCode::CREATED, Json(done)).into_response())
}
