//! The visitor's report as a page of its own: `POST /api/v1/leads/{id}/report-link` makes a
//! link for the lead's widget (proved by the lead's idempotency key), `GET /r/{secret}`
//! shows the stored, re-scored report in the visitor's language without any contact data.
//! The link's secret is 256 random bits, stored only as its digest; the page is gone when
//! staff revoke the link, when the lead is erased, and when its retention runs out.

pub mod confirm;
pub mod request;
mod view;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use readiness::lead::ReportLink;

use super::leads::ClientAddr;
use crate::db::LeadRow;
use crate::error::ApiError;
use crate::{secret, AppState};

pub use view::Page;

/// The page's policy: its own stylesheet and nothing else (the empty `data:` icon spares a
/// favicon request); no script, no frame, no form.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; \
                   form-action 'none'; frame-ancestors 'none'";

/// `POST /api/v1/leads/{id}/report-link`: 201 with a new link, or 404 for an unknown id or
/// a wrong key alike.
pub async fn mint(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<(StatusCode, Json<ReportLink>), ApiError> {
    super::leads::within_rate(&state, client)?;
    let key = super::leads::lead_key(&headers)?;
    let token = secret::token();
    let now = crate::clock::now_ms();
    match state
        .db
        .create_report_link(&id, key, &secret::digest(&token), now)
        .await?
    {
        true => Ok((
            StatusCode::CREATED,
            Json(ReportLink {
                url: format!("/r/{token}"),
            }),
        )),
        false => Err(ApiError::NoSuchLead),
    }
}

/// `GET /r/{secret}`: the report page, or 404 (unknown, revoked, expired or erased alike).
pub async fn page(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let gone = || {
        (
            StatusCode::NOT_FOUND,
            "This report link does not work: it was revoked, it expired, or the report was erased.",
        )
            .into_response()
    };
    if !secret::is_token(&token) {
        return gone();
    }
    let not_before = match state.retention_days {
        0 => i64::MIN,
        days => crate::clock::now_ms() - i64::from(days) * 86_400_000,
    };
    match state
        .db
        .lead_by_report_link(&secret::digest(&token), not_before)
        .await
    {
        Ok(Some(lead)) => render(&state, &lead),
        Ok(None) => gone(),
        Err(error) => unavailable(&error),
    }
}

/// The report page of a stored lead.
pub fn render(state: &AppState, lead: &LeadRow) -> Response {
    let assessment = lead
        .report_json
        .as_deref()
        .and_then(crate::notify::stored_assessment);
    // where the visitor stands among their industry's brands today, as the widget says it
    let answers = serde_json::from_str(&lead.answers_json).unwrap_or_default();
    let peers = match (readiness::benchmark::industry(&answers), &assessment) {
        (Some(industry), Some(readiness::Assessment::Scored(report))) => state
            .benchmarks
            .current()
            .figures
            .compare(industry, report.readiness),
        _ => None,
    };
    let page = Page::new(&state.quiz, &lead.locale, assessment.as_ref(), peers);
    respond(StatusCode::OK, askama::Template::render(&page), CSP)
}

/// A visitor's page under its own headers: its policy, not indexed, not cached, its
/// address (which holds a secret) never sent on as a referrer.
pub fn respond(
    status: StatusCode,
    rendered: askama::Result<String>,
    csp: &'static str,
) -> Response {
    match rendered {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            let headers = response.headers_mut();
            for (name, value) in [
                (header::CONTENT_SECURITY_POLICY, csp),
                (header::CACHE_CONTROL, "no-store"),
                (header::REFERRER_POLICY, "no-referrer"),
                (
                    header::HeaderName::from_static("x-robots-tag"),
                    "noindex, nofollow",
                ),
            ] {
                headers.insert(name, HeaderValue::from_static(value));
            }
            response
        }
        Err(error) => {
            tracing::error!(%error, "visitor page: cannot render");
            (StatusCode::INTERNAL_SERVER_ERROR, "cannot render this page").into_response()
        }
    }
}

/// A visitor page when the database does not answer.
fn unavailable(error: &sqlx::Error) -> Response {
    tracing::error!(%error, "visitor page: database error");
    (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
}

/// The page's stylesheet.
pub async fn css() -> ([(header::HeaderName, &'static str); 1], &'static str) {
    (
        [(header::CONTENT_TYPE, "text/css")],
        include_str!("report/report.css"),
    )
}
