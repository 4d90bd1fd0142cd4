//! Reads answered as JSON with an `ETag`, and `304 Not Modified` for a client that holds the
//! same answer ([`fresh`]).
//!
//! The tag is a hash of the answer's bytes (BLAKE3, 128 bits), so it changes exactly when the
//! answer does, whatever changed it (a sync, a talk, the day). The body is built either way (the
//! registry is asked on every request, and every read of a person is audited as before); what a
//! client saves is the transfer and its own parsing. Answers carry
//! `Cache-Control: private, no-cache` (a client may keep one but must ask again before using
//! it; no shared cache may keep personal data) and `Vary: Authorization`.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::problem::ApiError;

/// The value answered as JSON with its `ETag`, or `304` when `If-None-Match` names it.
pub fn fresh<T: Serialize>(request: &HeaderMap, value: &T) -> Response {
    let body = match serde_json::to_vec(value) {
        Ok(b) => b,
        Err(e) => {
            tracing::error!("cannot write an answer as JSON: {e}");
            return ApiError::internal().into_response();
        }
    };
    let tag = etag(&body);
    let matched = request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| matches(v, &tag));
    let mut response = if matched {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = (StatusCode::OK, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Authorization"));
    response
}

/// A strong entity tag for `body`: 32 hex digits of its BLAKE3 hash, quoted.
pub fn etag(body: &[u8]) -> String {
    let hash = blake3::hash(body);
    let hex = hash.to_hex();
    format!("\"{}\"", &hex.as_str()[..32])
}

/// Whether an `If-None-Match` value (`*`, or a list of tags, weak or strong) names `tag`
/// (RFC 9110 13.1.2: the weak comparison).
fn matches(header: &str, tag: &str) -> bool {
    header.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == tag
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_over_a_list() {
        let tag = etag(b"{}");
        assert_eq!(tag.len(), 34);
        assert!(matches(&tag, &tag));
        assert!(matches(&format!("\"x\", W/{tag}"), &tag));
        assert!(matches("*", &tag));
        assert!(!matches("\"other\"", &tag));
        assert!(!matches("", &tag));
    }

    #[test]
    fn a_matching_tag_answers_304_without_a_body() {
        let value = serde_json::json!({"a": 1});
        let first = fresh(&HeaderMap::new(), &value);
        assert_eq!(first.status(), StatusCode::OK);
        let tag = first.headers().get(header::ETAG).cloned();
        let mut again = HeaderMap::new();
        if let Some(tag) = tag {
            again.insert(header::IF_NONE_MATCH, tag);
        }
        let second = fresh(&again, &value);
        assert_eq!(second.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(
            second.headers().get(header::ETAG),
            first.headers().get(header::ETAG)
        );
    }
}
