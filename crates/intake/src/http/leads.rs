//! `POST /api/v1/leads`: validate with the core, re-score from the answers, flag spam,
//! store durably (lead and owed notifications in one transaction), then answer 201.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::{request::Parts, HeaderMap, StatusCode};
use axum::Json;
use readiness::lead::{limits, ErrorCode, FieldError, FieldPath, Lead, LeadSubmission, Received};

use super::body::{read_json, Accepts};
use crate::db::Stored;
use crate::decision::{decide, Rules};
use crate::error::ApiError;
use crate::AppState;

/// The client's address (see [`crate::client`]), when the server runs on a socket (absent
/// in in-process tests).
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| {
                    crate::client::client_address(
                        info.0.ip(),
                        header("x-forwarded-for"),
                        header("forwarded"),
                        &state.trusted_proxies,
                    )
                }),
        ))
    }
}

/// Receives a lead.
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Received>), ApiError> {
    within_rate(&state, client)?;
    let submission: LeadSubmission =
        read_submission(&headers, body, state.body_timeout, |s: &LeadSubmission| {
            &s.idempotency_key
        })
        .await?;
    // what the lead says, in one spelling: a repeat is compared by this, not by its bytes
    let content = serde_json::to_vec(&submission).unwrap_or_default();
    let now = crate::clock::now_ms();
    let lead = Lead::parse(submission, &state.quiz, now).map_err(ApiError::Invalid)?;
    let confirm_secret = state.notifier.sends_reports().then(crate::secret::token);
    let rules = Rules {
        min_fill_ms: state.min_fill_ms,
        routing: &state.routing,
        confirm_secret: confirm_secret.as_deref(),
    };
    let record = decide(&state.quiz, &rules, lead, &content, now);
    match state.db.insert_lead(&record).await? {
        Stored::Created(id) => {
            tracing::info!(lead = %id, spam = record.spam_reason.is_some(), grade = ?record.grade, "lead stored");
            state.wake_notifier.notify_one();
            Ok(received(id))
        }
        Stored::Repeat(id) => Ok(received(id)),
        Stored::KeyReused => Err(ApiError::KeyReused),
    }
}

/// `POST /api/v1/leads/{id}/booking`: the visitor opened the booking page the widget
/// offered after their lead. Proved by the lead's `Idempotency-Key` (only their widget has
/// it); the time alone is recorded, the first one kept. 204, or 404 for an unknown id or a
/// wrong key alike.
pub async fn booking_opened(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    axum::extract::Path(id): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    within_rate(&state, client)?;
    let key = lead_key(&headers)?;
    let now = crate::clock::now_ms();
    match state.db.record_booking_opened(&id, key, now).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::NoSuchLead),
    }
}

/// Refuses a client over its rate (`--rate-per-minute`), shared by every public endpoint
/// that writes.
pub fn within_rate(state: &AppState, client: Option<IpAddr>) -> Result<(), ApiError> {
    match client {
        Some(address) => state
            .limiter
            .check(address, Instant::now())
            .map_err(|retry_after_s| ApiError::RateLimited { retry_after_s }),
        None => Ok(()),
    }
}

/// The lead's `Idempotency-Key` header, which proves a request comes from the lead's own
/// widget.
pub fn lead_key(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|key| !key.is_empty() && key.len() <= 200)
        .ok_or_else(|| ApiError::Malformed("the lead's Idempotency-Key header is required".into()))
}

/// The answer to a stored lead, new or repeated.
fn received(id: String) -> (StatusCode, Json<Received>) {
    let status = "received".to_owned();
    (StatusCode::CREATED, Json(Received { id, status }))
}

/// The submission of a request (a lead, a report request): JSON within the lead's size
/// limit ([`read_json`]), with the same idempotency key in header and body.
pub async fn read_submission<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    deadline: std::time::Duration,
    key_of: fn(&T) -> &str,
) -> Result<T, ApiError> {
    let accepts = Accepts {
        media_types: &["application/json"],
        limit: limits::BODY_BYTES,
        wrong_type: ApiError::UnsupportedMediaType,
        too_large: ApiError::TooLarge,
    };
    let submission: T = read_json(headers, body, deadline, accepts).await?;
    if let Some(key) = headers.get("idempotency-key").and_then(|v| v.to_str().ok()) {
        if key != key_of(&submission) {
            return Err(ApiError::Invalid(vec![FieldError::new(
                FieldPath::IdempotencyKey,
                ErrorCode::IdempotencyKeyInvalid,
            )]));
        }
    }
    Ok(submission)
}
