//! `POST /api/v1/leads`: validate with the core, re-score from the answers, flag spam,
//! store durably (lead and owed notifications in one transaction), then answer 201.

use std::net::{IpAddr, SocketAddr};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::{header, request::Parts, HeaderMap, StatusCode};
use axum::Json;
use readiness::lead::{limits, ErrorCode, FieldError, Lead, LeadSubmission};
use readiness::Assessment;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::{NewLead, Stored};
use crate::error::ApiError;
use crate::AppState;

/// The client's address, when the server runs on a socket (absent in in-process tests).
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip()),
        ))
    }
}

/// The answer to an accepted lead.
#[derive(Debug, Serialize)]
pub struct Received {
    /// The lead's id.
    pub id: String,
    /// Always `received`.
    pub status: &'static str,
}

/// Receives a lead.
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Received>), ApiError> {
    if let Some(address) = client {
        state
            .limiter
            .check(address, Instant::now())
            .map_err(|retry_after_s| ApiError::RateLimited { retry_after_s })?;
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !json {
        return Err(ApiError::UnsupportedMediaType);
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limits::BODY_BYTES) {
        return Err(ApiError::TooLarge); // before reading a byte of it
    }
    let body: Bytes = axum::body::to_bytes(body, limits::BODY_BYTES)
        .await
        .map_err(|_| ApiError::TooLarge)?;
    let submission: LeadSubmission =
        serde_json::from_slice(&body).map_err(|error| ApiError::Malformed(error.to_string()))?;
    if let Some(key) = headers.get("idempotency-key").and_then(|v| v.to_str().ok()) {
        if key != submission.idempotency_key {
            return Err(ApiError::Invalid(vec![FieldError {
                field: "idempotency_key".into(),
                code: ErrorCode::IdempotencyKeyInvalid,
                max: None,
            }]));
        }
    }
    let now = now_ms();
    let lead = Lead::parse(submission, &state.quiz, now).map_err(ApiError::Invalid)?;
    let record = record(&state, lead, &body, now);
    match state.db.insert_lead(&record).await? {
        Stored::Created(id) => {
            tracing::info!(lead = %id, spam = record.spam_reason.is_some(), grade = ?record.grade, "lead stored");
            state.wake_notifier.notify_one();
            Ok((
                StatusCode::CREATED,
                Json(Received {
                    id,
                    status: "received",
                }),
            ))
        }
        Stored::Repeat(id) => Ok((
            StatusCode::CREATED,
            Json(Received {
                id,
                status: "received",
            }),
        )),
        Stored::KeyReused => Err(ApiError::KeyReused),
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The row to store: the server's own score (never the client's), spam flags, JSON parts.
fn record(state: &AppState, lead: Lead, body: &[u8], now: i64) -> NewLead {
    let assessment = lead
        .quiz_version_known
        .then(|| state.quiz.assess(&state.quiz.shown_answers(&lead.answers)));
    let report = assessment.as_ref().and_then(Assessment::report);
    let spam_reason = if !lead.form.honeypot.trim().is_empty() {
        Some("honeypot".to_owned())
    } else if lead.form.elapsed_ms < state.min_fill_ms {
        Some("too_fast".to_owned())
    } else {
        None
    };
    let top_channels = report
        .map(|r| {
            r.start_here()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    let later_channels = report.map(later_column).unwrap_or_default();
    let blockers = report
        .map(|r| {
            r.blockers
                .iter()
                .map(|b| b.as_str())
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    let client_readiness = lead.client_score.as_ref().map(|s| i64::from(s.readiness));
    let score_mismatch = match (report, client_readiness) {
        (Some(report), Some(client)) => i64::from(report.readiness) != client,
        _ => false,
    };
    let notify = if spam_reason.is_none() {
        state.notify_channels.clone()
    } else {
        Vec::new()
    };
    NewLead {
        id: uuid::Uuid::new_v4().to_string(),
        idempotency_key: lead.idempotency_key.clone(),
        body_hash: Sha256::digest(body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        received_at_ms: now,
        quiz_version: lead.quiz_version.clone(),
        quiz_version_known: lead.quiz_version_known,
        locale: lead.locale.to_string(),
        name: lead.contact.name.clone(),
        email: lead.contact.email.to_string(),
        company: lead.contact.company.clone(),
        country: lead.contact.country.to_string(),
        role: lead.contact.role.clone(),
        phone: lead.contact.phone.as_ref().map(ToString::to_string),
        wechat_id: lead.contact.wechat_id.as_ref().map(ToString::to_string),
        message: lead.contact.message.clone(),
        readiness: report.map(|r| i64::from(r.readiness)),
        tier: report.map(|r| r.tier.to_string()),
        grade: report.map(|r| r.grade.letter.clone()),
        grade_score: report.map(|r| i64::from(r.grade.score)),
        top_channels,
        later_channels,
        verdict: assessment
            .as_ref()
            .map_or("unscored", Assessment::verdict)
            .to_owned(),
        blockers,
        client_readiness,
        score_mismatch,
        spam_reason,
        answers_json: serde_json::to_string(&lead.answers).unwrap_or_default(),
        report_json: assessment
            .as_ref()
            .and_then(|a| serde_json::to_string(a).ok()),
        consents_json: serde_json::to_string(&lead.consents).unwrap_or_default(),
        attribution_json: serde_json::to_string(&lead.attribution).unwrap_or_default(),
        notify,
    }
}

/// The channels that must wait, as stored: `douyin:no_trademark+budget_below_10000,…`.
fn later_column(report: &readiness::Report) -> String {
    report
        .later()
        .map(|channel| {
            let reasons = match &channel.status {
                readiness::score::ChannelStatus::Later { reasons } => reasons
                    .iter()
                    .map(readiness::score::Hold::code)
                    .collect::<Vec<_>>()
                    .join("+"),
                _ => String::new(),
            };
            format!("{}:{reasons}", channel.id)
        })
        .collect::<Vec<_>>()
        .join(",")
}
