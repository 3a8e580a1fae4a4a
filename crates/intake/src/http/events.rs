//! `POST /api/v1/events`: a batch of a journey's events from the widget (sent with
//! `navigator.sendBeacon`, so as `text/plain`, which needs no preflight), checked with the
//! core's schema and folded at once into the funnel's daily counters. Nothing of the
//! request is kept: not its address, not its user agent, not the journey's id (only a
//! digest of it, for two days, so that a step sent again counts once).

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use readiness::funnel::{limits, EventBatch, EventBatchSubmission};

use super::body::{read_json, Accepts};
use super::leads::ClientAddr;
use crate::error::ApiError;
use crate::AppState;

/// Receives a batch: 204 for a valid one (however often it was sent before).
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, ApiError> {
    if !origin_allowed(&headers, &state.allowed_origins) {
        return Err(ApiError::OriginRefused);
    }
    if let Some(address) = client {
        state
            .event_limiter
            .check(address, std::time::Instant::now())
            .map_err(|retry_after_s| ApiError::RateLimited { retry_after_s })?;
    }
    let submission = read(&headers, body, state.body_timeout).await?;
    let batch = EventBatch::parse(&submission, &state.quiz).map_err(|errors| {
        let detail: Vec<String> = errors.iter().map(ToString::to_string).collect();
        ApiError::EventsInvalid(detail.join("; "))
    })?;
    let day = crate::clock::utc_day(crate::clock::now_ms());
    state
        .db
        .fold_events(&batch, &crate::secret::digest(&batch.journey), &day)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether the page that sent the events may: its `Origin` is this server's own or one of
/// `--allowed-origins` (a request without one is not a browser's cross-site request).
fn origin_allowed(headers: &HeaderMap, allowed: &[String]) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let own = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|host| {
            origin
                .split_once("://")
                .is_some_and(|(_, rest)| rest == host)
        });
    own || allowed.iter().any(|a| a == origin)
}

/// The batch: JSON as `application/json` or `text/plain`, within the size limit.
async fn read(
    headers: &HeaderMap,
    body: Body,
    deadline: std::time::Duration,
) -> Result<EventBatchSubmission, ApiError> {
    let accepts = Accepts {
        media_types: &["application/json", "text/plain"],
        limit: limits::BODY_BYTES,
        wrong_type: ApiError::EventsMediaType,
        too_large: ApiError::EventsTooLarge,
    };
    read_json(headers, body, deadline, accepts).await
}
