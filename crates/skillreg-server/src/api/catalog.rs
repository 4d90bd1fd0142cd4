//! `PUT /api/v1/catalog`: the catalog TOML applied as `skillreg catalog apply FILE` applies it
//! ([`skillreg_files::apply_catalog`]): HR only, items the file does not name kept, every
//! reference checked first, one audit row (`via` naming the token), the same file again
//! changing nothing.
//!
//! - The body is the TOML file, `application/toml` (its registered media type) or `text/plain`
//!   (for tools that do not know it), UTF-8, at most [`MAX_CATALOG_BYTES`] (or `[sources] max_body_bytes`, if lower).
//! - `?dry_run=true` answers what would change and writes nothing.
//! - `If-Match` with the `ETag` of `GET /api/v1/catalog` applies the file only if the catalog
//!   is still that one (checked in the write's own transaction), else `412`; `*` or no
//!   `If-Match` applies it whatever the catalog is.
//! - The answer carries the `ETag` of the catalog as it stands afterwards, so that a client can
//!   chain changes.

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use skillreg_core::sync::{CatalogOp, Change};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::fresh::etag;
use super::imports::{check_media_type, files_error, input_name, read_body, require_hr};
use super::problem::{ApiError, InputProblem, Problem};
use crate::app::AppState;

/// The largest catalog file taken: 4 MiB (a municipality's catalog is a few dozen KiB).
pub const MAX_CATALOG_BYTES: usize = 4 << 20;

/// The media types a catalog is sent as.
const CATALOG_TYPES: [&str; 2] = ["application/toml", "text/plain"];

/// How to apply the catalog.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplyQuery {
    /// Check and plan only: answer what would change, write nothing (default false).
    pub dry_run: Option<bool>,
}

/// What applying the catalog changed (or, for a dry run, would change).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CatalogApplied {
    /// True for a dry run: nothing was written.
    pub dry_run: bool,
    /// Items created.
    pub created: usize,
    /// Items updated.
    pub updated: usize,
    /// Every change, in the order applied (as `skillreg catalog apply --format json`).
    pub changes: Vec<CatalogOp>,
}

/// The entity tag of `catalog` as `GET /api/v1/catalog` answers it.
fn tag_of(catalog: &skillreg_core::Catalog) -> Option<String> {
    serde_json::to_vec(catalog).ok().map(|body| etag(&body))
}

/// The tags `If-Match` names (`None`: no precondition; `*` matches any catalog).
fn if_match(headers: &HeaderMap) -> Result<Option<Vec<String>>, ApiError> {
    let mut tags = Vec::new();
    let mut any = false;
    for value in headers.get_all(header::IF_MATCH) {
        let value = value
            .to_str()
            .map_err(|_| ApiError::bad_request("If-Match is not visible ASCII."))?;
        for tag in value.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            if tag == "*" {
                any = true;
            } else {
                // The strong comparison of RFC 9110 13.1.1: a weak tag never matches.
                tags.push(tag.to_string());
            }
        }
    }
    Ok(
        if any || (tags.is_empty() && headers.get(header::IF_MATCH).is_none()) {
            None
        } else {
            Some(tags)
        },
    )
}

/// Applies the catalog TOML in the body, as `skillreg catalog apply FILE` does (HR). Name the
/// file with `X-Filename` for the problems and the audit trail (default `request body`).
#[utoipa::path(
    put,
    path = "/api/v1/catalog",
    tag = "writes",
    params(
        ApplyQuery,
        ("If-Match" = Option<String>, Header, description = "Apply only if the catalog is still the one of this ETag (`GET /api/v1/catalog`), else 412"),
        ("X-Filename" = Option<String>, Header, description = "The file's name, for the problems and the audit trail (default `request body`)"),
    ),
    request_body(
        description = "The catalog TOML (systems, occupations, units, requirements, courses, groups), UTF-8",
        content(
            (String = "application/toml"),
            (String = "text/plain"),
        )
    ),
    responses(
        (status = 200, description = "Applied (for a dry run: what would change); the catalog's ETag as it stands now", body = CatalogApplied,
            headers(("ETag" = String, description = "The catalog's entity tag after the request"))),
        (status = 400, description = "A parameter or header is malformed, or the body broke off", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No credential, or one that does not hold", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not HR", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names another catalog than the one held: nothing written", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than the service takes", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `application/toml` or `text/plain`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file was refused, every problem listed with line and value; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "The service could not answer (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Busy or stopping: try again after Retry-After", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn apply(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<ApplyQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    require_hr(&state, &caller, "change the catalog").await?;
    check_media_type(&headers, "A catalog", &CATALOG_TYPES)?;
    let input = input_name(&headers)?;
    let expected = if_match(&headers)?;
    let bytes = read_body(&headers, body, limit(&state), "The catalog").await?;
    let text = String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        let message = "the catalog is not UTF-8 text".to_string();
        ApiError::invalid(format!(
            "{input} was refused, nothing was written: {message}"
        ))
        .with_problems(
            vec![InputProblem {
                file: Some(input.clone()),
                line: Some(line),
                column: None,
                record: None,
                value: None,
                message,
            }],
            0,
        )
    })?;
    let dry_run = query.dry_run.unwrap_or(false);
    let (changes, tag) = state
        .pool
        .run_mut(caller.actor, caller.via, move |r| {
            let precondition = |existing: &skillreg_core::Catalog| match &expected {
                None => true,
                Some(tags) => tag_of(existing).is_some_and(|t| tags.contains(&t)),
            };
            let how = skillreg_files::CatalogApply {
                dry_run,
                unchanged_since: Some(&precondition),
            };
            let applied = skillreg_files::apply_catalog(r, &text, &input, &how);
            let tag = match &applied {
                Ok(_) => tag_of(&r.catalog()?),
                Err(_) => None,
            };
            Ok((applied, tag))
        })
        .await
        .map_err(|e| ApiError::from_server(e, "api apply catalog"))?;
    let changes = changes.map_err(|e| files_error(e, "api apply catalog"))?;
    let count = |c: Change| changes.iter().filter(|op| op.change == c).count();
    let answer = CatalogApplied {
        dry_run,
        created: count(Change::Created),
        updated: count(Change::Updated),
        changes,
    };
    let mut response = (StatusCode::OK, Json(answer)).into_response();
    if let Some(v) = tag.and_then(|t| HeaderValue::from_str(&t).ok()) {
        response.headers_mut().insert(header::ETAG, v);
    }
    Ok(response)
}

/// The largest catalog: [`MAX_CATALOG_BYTES`], or `[sources] max_body_bytes` if lower.
fn limit(state: &AppState) -> usize {
    usize::try_from(state.sources.max_body_bytes)
        .unwrap_or(usize::MAX)
        .min(MAX_CATALOG_BYTES)
}
