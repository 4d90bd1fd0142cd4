//! Cursor pagination of lists: `?limit=N&cursor=C` in, [`Page`] out ([`paginate`]).
//!
//! A list is computed whole by the registry, in its own order (by employee number, by system,
//! newest first ...). A page is the `limit` items after the cursor; the cursor is opaque to the
//! client and names the last item it received (its position and its key). The next page starts
//! after that key wherever it now is, so a person added or removed between two requests does
//! not make a client skip or repeat anyone; if that item itself is gone, the page starts at its
//! old position. `next_cursor` is absent on the last page; the `Link` header's `rel="next"`
//! carries the same. A cursor that is not one of ours is `400`.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::ApiError;

/// Items per page when the request does not say.
pub const DEFAULT_LIMIT: usize = 100;

/// The most items a page may hold.
pub const MAX_LIMIT: usize = 1000;

/// The pagination parameters of a list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// Where to go on: the `next_cursor` of the page before.
    pub cursor: Option<String>,
}

/// One page of a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The cursor of the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The page of `items` that `query` asks for; `key` names an item (unique in the list).
pub fn paginate<T>(
    items: Vec<T>,
    query: &PageQuery,
    key: impl Fn(&T) -> String,
) -> Result<Page<T>, ApiError> {
    let limit = match query.limit {
        None => DEFAULT_LIMIT,
        Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
        Some(n) => {
            return Err(ApiError::bad_request(format!(
                "limit {n} is out of range: 1 to {MAX_LIMIT}"
            )));
        }
    };
    let start = match &query.cursor {
        None => 0,
        Some(cursor) => {
            let (position, last) = decode(cursor).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "cursor {cursor:?} is not one this service gave: start again without it"
                ))
            })?;
            match items.iter().position(|item| key(item) == last) {
                Some(i) => i + 1,
                None => position.min(items.len()),
            }
        }
    };
    let end = start.saturating_add(limit).min(items.len());
    let next_cursor = (end < items.len() && end > start)
        .then(|| items.get(end - 1).map(|last| encode(end, &key(last))))
        .flatten();
    let items: Vec<T> = items.into_iter().skip(start).take(end - start).collect();
    Ok(Page { items, next_cursor })
}

/// `position` and `key` as a cursor: lowercase hex of `position:key`.
fn encode(position: usize, key: &str) -> String {
    format!("{position}:{key}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A cursor's position and key, if it is one of [`encode`]'s.
fn decode(cursor: &str) -> Option<(usize, String)> {
    if !cursor.len().is_multiple_of(2) || cursor.len() > 1024 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..cursor.len())
        .step_by(2)
        .map(|i| {
            cursor
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect();
    let text = String::from_utf8(bytes?).ok()?;
    let (position, key) = text.split_once(':')?;
    Some((position.parse().ok()?, key.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(limit: usize, cursor: Option<String>) -> PageQuery {
        PageQuery {
            limit: Some(limit),
            cursor,
        }
    }

    #[test]
    fn pages_walk_the_list_once_even_when_it_changes_between_them() {
        let list: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        let first = paginate(list.clone(), &q(2, None), Clone::clone).unwrap();
        assert_eq!(first.items, ["a", "b"]);
        // "a" is removed before the next request: the next page still starts after "b".
        let fewer: Vec<String> = list[1..].to_vec();
        let second = paginate(fewer.clone(), &q(2, first.next_cursor), Clone::clone).unwrap();
        assert_eq!(second.items, ["c", "d"]);
        let third = paginate(fewer, &q(2, second.next_cursor), Clone::clone).unwrap();
        assert_eq!(third.items, ["e"]);
        assert_eq!(third.next_cursor, None);
    }

    #[test]
    fn a_foreign_cursor_or_limit_is_refused() {
        let list = vec!["a".to_string()];
        assert!(paginate(list.clone(), &q(1, Some("zz".into())), Clone::clone).is_err());
        assert!(paginate(list.clone(), &q(0, None), Clone::clone).is_err());
        assert!(paginate(list, &q(1001, None), Clone::clone).is_err());
    }
}
