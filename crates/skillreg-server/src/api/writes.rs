//! The writes: assessments, self-assessments, course completions, referrals, talks, rounds
//! opened and answered. Each is the store call the command line makes, as the caller's actor
//! (the same checks, the same audit rows with `via` naming the token), all or nothing: a
//! refused request writes nothing and lists every problem, each `record` a JSON pointer into
//! the request's body (`/answers/2/value`). Each is a [`Write`]: the sequence they share
//! (the body, the `Idempotency-Key`, the pool, the problems, the status) is in
//! [`super::write`].

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use skillreg_core::Level;
use skillreg_core::talk::{Agreement, Talk};
use skillreg_store::{
    Assessment, FormAnswer, Referred, Registry, Round, RoundImport, RoundSpec, SelfAssessed,
};
use utoipa::ToSchema;

use super::auth::Caller;
use super::problem::{ApiError, InputProblem, WriteErrors};
use super::write::{Write, WriteRequest, Written};
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
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    request: WriteRequest,
) -> Response {
    request
        .answer(&state, caller, |body| Assess { no, body })
        .await
}

/// [`assess`]: the person and the body.
struct Assess {
    no: String,
    body: NewAssessment,
}

impl Write for Assess {
    const WHAT: &'static str = "api assess";
    type Answer = Recorded;

    fn write(&self, r: &mut Registry, via: &str) -> Written<Recorded> {
        let body = &self.body;
        let level = Level::try_from(body.level).map_err(|e| {
            refused(
                "/level",
                Some(body.level.to_string()),
                format!("the level {}: {e}", body.level),
            )
        })?;
        let by = match &body.assessor {
            Some(m) => Assessment::Manager(m.clone()),
            None => Assessment::SelfAssessment,
        };
        let date = body.date.unwrap_or_else(|| r.today());
        let new = r.record_assessment(&self.no, &body.system, level, &by, date, via)?;
        Ok(recorded(&self.no, new, date))
    }
}

/// The answer of a write of one item: `201` when new, `200` when it was held.
fn recorded(no: &str, new: bool, date: NaiveDate) -> (StatusCode, Recorded) {
    let answer = Recorded {
        employee_no: no.to_string(),
        recorded: new,
        date,
    };
    (status_of(new), answer)
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
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    request: WriteRequest,
) -> Response {
    request
        .answer(&state, caller, |body| SelfAssess { no, body })
        .await
}

/// [`self_assess`]: the person and the body.
struct SelfAssess {
    no: String,
    body: NewSelfAssessments,
}

impl Write for SelfAssess {
    const WHAT: &'static str = "api self-assessments";
    type Answer = SelfAssessed;

    fn write(&self, r: &mut Registry, _via: &str) -> Written<SelfAssessed> {
        let today = r.today();
        let done = r.record_self_assessments(&self.no, &self.body.answers, today)?;
        Ok((StatusCode::CREATED, done))
    }

    fn point(&self, error: ApiError) -> ApiError {
        pointed(error, &self.body.answers)
    }
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
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    request: WriteRequest,
) -> Response {
    request
        .answer(&state, caller, |body| Complete { no, body })
        .await
}

/// [`complete_course`]: the person and the body.
struct Complete {
    no: String,
    body: NewCompletion,
}

impl Write for Complete {
    const WHAT: &'static str = "api course completion";
    type Answer = Recorded;

    fn write(&self, r: &mut Registry, via: &str) -> Written<Recorded> {
        let date = self.body.date.unwrap_or_else(|| r.today());
        let new = r.complete_course(&self.no, &self.body.course, date, via)?;
        Ok(recorded(&self.no, new, date))
    }
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
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    request: WriteRequest,
) -> Response {
    request
        .answer(&state, caller, |body| Refer { no, body })
        .await
}

/// [`refer`]: the person and the body.
struct Refer {
    no: String,
    body: NewReferral,
}

impl Write for Refer {
    const WHAT: &'static str = "api refer";
    type Answer = ReferralOutcome;

    fn write(&self, r: &mut Registry, via: &str) -> Written<ReferralOutcome> {
        let today = r.today();
        let outcome = r.refer(&self.no, &self.body.course, today, self.body.due, via)?;
        let answer = ReferralOutcome {
            employee_no: self.no.clone(),
            course: self.body.course.clone(),
            outcome,
        };
        Ok((status_of(outcome == Referred::Created), answer))
    }
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
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((no, course)): Path<(String, String)>,
    request: WriteRequest,
) -> Response {
    let write = CancelReferral { no, course };
    request.answer_made(&state, caller, write).await
}

/// [`cancel_referral`]: the person and the course.
struct CancelReferral {
    no: String,
    course: String,
}

impl Write for CancelReferral {
    const WHAT: &'static str = "api cancel referral";
    type Answer = Cancelled;

    fn write(&self, r: &mut Registry, _via: &str) -> Written<Cancelled> {
        let today = r.today();
        r.cancel_referral(&self.no, &self.course, today)?;
        let answer = Cancelled {
            employee_no: self.no.clone(),
            course: self.course.clone(),
            cancelled: today,
        };
        Ok((StatusCode::OK, answer))
    }
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
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(no): Path<String>,
    request: WriteRequest,
) -> Response {
    request
        .answer(&state, caller, |body| RecordTalk { no, body })
        .await
}

/// [`record_talk`]: the person and the body.
struct RecordTalk {
    no: String,
    body: NewTalk,
}

impl Write for RecordTalk {
    const WHAT: &'static str = "api talk";
    type Answer = Talk;

    fn write(&self, r: &mut Registry, via: &str) -> Written<Talk> {
        let talk = r.record_talk(&self.no, self.body.date, &self.body.agreements, via)?;
        Ok((StatusCode::CREATED, talk))
    }
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
    State(state): State<Arc<AppState>>,
    caller: Caller,
    request: WriteRequest,
) -> Response {
    request.answer(&state, caller, OpenRound).await
}

/// [`open_round`]: the body.
struct OpenRound(NewRound);

impl Write for OpenRound {
    const WHAT: &'static str = "api open round";
    type Answer = Opened;

    fn write(&self, r: &mut Registry, via: &str) -> Written<Opened> {
        let body = &self.0;
        let today = r.today();
        let rounds = match (&body.occupation, &body.group) {
            (Some(occupation), None) => {
                let spec = RoundSpec {
                    occupation: occupation.clone(),
                    unit: body.unit.clone(),
                    opens: today,
                    closes: body.closes,
                };
                vec![r.open_round(&spec, via)?]
            }
            (None, Some(group)) => r.open_group_rounds(group, today, body.closes, via)?,
            _ => {
                let message = "name an occupation or a group, not both".to_string();
                return Err(refused("/occupation", None, message).into());
            }
        };
        Ok((StatusCode::CREATED, Opened { rounds }))
    }
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
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<i64>,
    request: WriteRequest,
) -> Response {
    request
        .answer(&state, caller, |body| AnswerRound { id, body })
        .await
}

/// [`answer_round`]: the round and the body.
struct AnswerRound {
    id: i64,
    body: RoundAnswers,
}

impl Write for AnswerRound {
    const WHAT: &'static str = "api answer round";
    type Answer = RoundImport;

    fn write(&self, r: &mut Registry, _via: &str) -> Written<RoundImport> {
        let today = r.today();
        let body = &self.body;
        let done = r.answer_round(self.id, &body.employee_no, &body.answers, today)?;
        Ok((StatusCode::CREATED, done))
    }

    fn point(&self, error: ApiError) -> ApiError {
        pointed(error, &self.body.answers)
    }
}
