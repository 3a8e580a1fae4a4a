//! `GET /api/v1/benchmarks`: the figures the results screen compares a visitor's readiness
//! with ("higher than N% of brands in your industry"), the same for everyone and free of
//! personal data, so caches may keep them (and a browser revalidates with the entity tag).

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// How long a cache may keep the figures without asking again (they change hourly).
const CACHE_CONTROL: &str = "public, max-age=900";

/// The figures in force, or 304 when the client's copy is still them.
pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let published = state.benchmarks.current();
    let etag = HeaderValue::from_str(&published.etag).unwrap_or(HeaderValue::from_static("\"\""));
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|tag| tag.trim().trim_start_matches("W/") == published.etag)
        });
    let cache = [
        (header::ETAG, etag),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_CONTROL),
        ),
    ];
    if fresh {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (
        cache,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        published.json.clone(),
    )
        .into_response()
}
