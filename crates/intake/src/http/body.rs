//! A JSON request body, read the one way every endpoint that takes one reads it: its media
//! type checked, a declared length over the limit refused before a byte is read, the whole
//! of it within the deadline however it trickles in, then parsed.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};

use crate::error::ApiError;

/// What an endpoint takes, and how it refuses the rest.
pub struct Accepts {
    /// The media types taken (`application/json`; also `text/plain`, as `sendBeacon` sends).
    pub media_types: &'static [&'static str],
    /// The largest body read, in bytes.
    pub limit: usize,
    /// The refusal of another media type.
    pub wrong_type: ApiError,
    /// The refusal of a body over the limit.
    pub too_large: ApiError,
}

/// The body as `T`, or the refusal that says why not.
pub async fn read_json<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    deadline: std::time::Duration,
    accepts: Accepts,
) -> Result<T, ApiError> {
    let taken = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|t| {
            let t = t.trim();
            accepts
                .media_types
                .iter()
                .any(|m| t.eq_ignore_ascii_case(m))
        });
    if !taken {
        return Err(accepts.wrong_type);
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > accepts.limit) {
        return Err(accepts.too_large); // before reading a byte of it
    }
    let body: Bytes =
        match tokio::time::timeout(deadline, axum::body::to_bytes(body, accepts.limit)).await {
            Err(_) => return Err(ApiError::SlowBody),
            Ok(Err(error)) if is_timeout(&error) => return Err(ApiError::SlowBody),
            Ok(Err(_)) => return Err(accepts.too_large),
            Ok(Ok(body)) => body,
        };
    serde_json::from_slice(&body).map_err(|error| ApiError::Malformed(error.to_string()))
}

/// Whether reading a body failed because a frame did not arrive in time (the body timeout
/// layer) rather than because it was too large.
fn is_timeout(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if current.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        source = current.source();
    }
    false
}
