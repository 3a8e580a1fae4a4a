//! API errors as `application/problem+json`: the client learns what it may know (status,
//! a title, per-field codes); the cause is logged, never sent.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use readiness::lead::FieldError;
use serde::Serialize;

/// Everything a request can fail with.
#[derive(Debug)]
pub enum ApiError {
    /// Not JSON of the lead's shape (unknown field, wrong type…).
    Malformed(String),
    /// Fields that fail validation.
    Invalid(Vec<FieldError>),
    /// The idempotency key was used before with another body.
    KeyReused,
    /// No `Content-Type: application/json`.
    UnsupportedMediaType,
    /// The body is over the limit.
    TooLarge,
    /// Too many requests from this address.
    RateLimited { retry_after_s: u64 },
    /// The database or another internal part failed.
    Internal(String),
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    errors: &'a [FieldError],
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, title, detail, errors) = match &self {
            ApiError::Malformed(detail) => (
                StatusCode::BAD_REQUEST,
                "Malformed lead",
                Some(detail.clone()),
                &[][..],
            ),
            ApiError::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Invalid lead",
                None,
                errors.as_slice(),
            ),
            ApiError::KeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Idempotency key reused",
                Some("this Idempotency-Key was already used for a different lead".to_owned()),
                &[][..],
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                Some("send the lead as application/json".to_owned()),
                &[][..],
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Lead too large",
                Some(format!(
                    "a lead is at most {} bytes",
                    readiness::lead::limits::BODY_BYTES
                )),
                &[][..],
            ),
            ApiError::RateLimited { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests",
                None,
                &[][..],
            ),
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Temporarily unavailable",
                    None,
                    &[][..],
                )
            }
        };
        let problem = Problem {
            kind: "about:blank",
            title,
            status: status.as_u16(),
            detail,
            errors,
        };
        let body = serde_json::to_string(&problem)
            .unwrap_or_else(|_| format!("{{\"status\":{}}}", status.as_u16()));
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let ApiError::RateLimited { retry_after_s } = self {
            if let Ok(value) = HeaderValue::from_str(&retry_after_s.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if matches!(self, ApiError::Internal(_)) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        ApiError::Internal(error.to_string())
    }
}
