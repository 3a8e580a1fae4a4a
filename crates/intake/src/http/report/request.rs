//! `POST /api/v1/leads/report-requests`: the report asked for by email from the results
//! screen, without a contact request. Checked with the core, assessed from the answers,
//! stored with its consent (never listed or notified as a lead), and owed a confirmation
//! (one a day to an address). 202 whatever became of the confirmation, so the answer never
//! tells whether an address asked before.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use readiness::lead::{ReportRequest, ReportRequestSubmission};

use crate::db::Stored;
use crate::error::ApiError;
use crate::http::leads::{read_submission, ClientAddr};
use crate::AppState;

/// What a valid request is answered.
#[derive(serde::Serialize)]
pub struct Accepted {
    /// Always `confirmation_sent`.
    status: &'static str,
}

/// Receives a report request.
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    crate::http::leads::within_rate(&state, client)?;
    if !state.notifier.sends_reports() {
        return Err(ApiError::ReportsOff);
    }
    let submission: ReportRequestSubmission = read_submission(
        &headers,
        body,
        state.body_timeout,
        |s: &ReportRequestSubmission| &s.idempotency_key,
    )
    .await?;
    let content = serde_json::to_vec(&submission).unwrap_or_default();
    let now = crate::clock::now_ms();
    let request = ReportRequest::parse(submission, &state.quiz, now).map_err(ApiError::Invalid)?;
    let secret = crate::secret::token();
    let row = crate::decision::decide_request(&state.quiz, &secret, &request, &content, now);
    match state.db.insert_lead(&row).await? {
        Stored::Created(id) => {
            tracing::info!(request = %id, "report asked for by email");
            state.wake_notifier.notify_one();
        }
        Stored::Repeat(_) => {}
        Stored::KeyReused => return Err(ApiError::KeyReused),
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            status: "confirmation_sent",
        }),
    ))
}
