//! API errors as `application/problem+json`: the client learns what it may know (status,
//! a title, per-field codes); the cause is logged, never sent.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use readiness::lead::{FieldError, Problem};

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
    /// The body did not arrive in time (a client too slow, or one holding the connection).
    SlowBody,
    /// No lead with this id was sent with this idempotency key.
    NoSuchLead,
    /// Too many requests from this address.
    RateLimited { retry_after_s: u64 },
    /// A report by email was asked for, and this server sends none (no SMTP relay or no
    /// public address).
    ReportsOff,
    /// Journey events that fail the schema (every problem in the detail).
    EventsInvalid(String),
    /// Journey events not sent as JSON (`application/json`, or `text/plain` as
    /// `navigator.sendBeacon` sends a string).
    EventsMediaType,
    /// Journey events over the size limit.
    EventsTooLarge,
    /// Sent from a page whose origin is not allowed (`--allowed-origins`) nor this server's.
    OriginRefused,
    /// The database or another internal part failed.
    Internal(String),
}

impl ApiError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        self.parts().0
    }

    /// Status, title and detail, as the client sees them.
    fn parts(&self) -> (StatusCode, &'static str, Option<String>) {
        match self {
            ApiError::Malformed(detail) => (
                StatusCode::BAD_REQUEST,
                "Malformed lead",
                Some(detail.clone()),
            ),
            ApiError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "Invalid lead", None),
            ApiError::KeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Idempotency key reused",
                Some("this Idempotency-Key was already used for a different lead".to_owned()),
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                Some("send the lead as application/json".to_owned()),
            ),
            ApiError::SlowBody => (
                StatusCode::REQUEST_TIMEOUT,
                "Request timeout",
                Some("the request body did not arrive in time".to_owned()),
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Lead too large",
                Some(format!(
                    "a lead is at most {} bytes",
                    readiness::lead::limits::BODY_BYTES
                )),
            ),
            ApiError::NoSuchLead => (
                StatusCode::NOT_FOUND,
                "No such lead",
                Some("no lead with this id was sent with this Idempotency-Key".to_owned()),
            ),
            ApiError::ReportsOff => (
                StatusCode::NOT_IMPLEMENTED,
                "Reports by email are off",
                Some("this server does not send reports by email".to_owned()),
            ),
            ApiError::RateLimited { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "Too many requests", None)
            }
            ApiError::EventsInvalid(detail) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Invalid events",
                Some(detail.clone()),
            ),
            ApiError::EventsMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                Some("send the events as JSON (application/json or text/plain)".to_owned()),
            ),
            ApiError::EventsTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Events too large",
                Some(format!(
                    "a batch of events is at most {} bytes",
                    readiness::funnel::limits::BODY_BYTES
                )),
            ),
            ApiError::OriginRefused => (
                StatusCode::FORBIDDEN,
                "Origin not allowed",
                Some("this page's origin may not send events here".to_owned()),
            ),
            ApiError::Internal(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Temporarily unavailable",
                None,
            ),
        }
    }

    /// The field errors the client is shown (those of an invalid lead).
    fn errors(&self) -> &[FieldError] {
        match self {
            ApiError::Invalid(errors) => errors,
            _ => &[],
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            tracing::error!(%cause, "request failed");
        }
        let (status, title, detail) = self.parts();
        let problem = Problem::new(status.as_u16(), title, detail, self.errors().to_vec());
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a panic is the failure report

    use std::collections::BTreeSet;

    use readiness::lead::{ErrorCode, Outcome};

    use super::*;

    /// One error of each kind; the match makes a new kind fail to compile here until it is
    /// listed (and so checked against the published document).
    fn one_of_each() -> Vec<ApiError> {
        let all = vec![
            ApiError::Malformed("x".into()),
            ApiError::Invalid(Vec::new()),
            ApiError::KeyReused,
            ApiError::UnsupportedMediaType,
            ApiError::TooLarge,
            ApiError::SlowBody,
            ApiError::RateLimited { retry_after_s: 1 },
            ApiError::Internal("x".into()),
        ];
        for error in &all {
            match error {
                ApiError::Malformed(_)
                | ApiError::Invalid(_)
                | ApiError::KeyReused
                | ApiError::UnsupportedMediaType
                | ApiError::TooLarge
                | ApiError::SlowBody
                | ApiError::RateLimited { .. }
                | ApiError::Internal(_) => {}
                // only the booking and report-link endpoints answer it, and only the
                // report-request endpoint the other (their statuses: the test below)
                ApiError::NoSuchLead | ApiError::ReportsOff => {}
                // only the events endpoint answers these (its statuses: the test below)
                ApiError::EventsInvalid(_)
                | ApiError::EventsMediaType
                | ApiError::EventsTooLarge
                | ApiError::OriginRefused => {}
            }
        }
        all
    }

    #[test]
    fn clients_give_up_exactly_the_leads_the_server_will_never_accept() {
        for error in one_of_each() {
            let never = !matches!(
                error,
                ApiError::RateLimited { .. } | ApiError::Internal(_) | ApiError::SlowBody
            );
            let outcome = readiness::lead::classify(Some(error.status().as_u16()));
            let expected = if never {
                Outcome::Refused
            } else {
                Outcome::RetryLater
            };
            assert_eq!(outcome, expected, "{error:?} answers {}", error.status());
        }
        assert_eq!(
            readiness::lead::classify(Some(StatusCode::CREATED.as_u16())),
            Outcome::Acknowledged
        );
    }

    #[test]
    fn the_openapi_document_lists_exactly_the_statuses_and_codes_the_server_answers_with() {
        let document: serde_json::Value =
            serde_json::from_str(include_str!("openapi.json")).unwrap();
        let responses = document["paths"]["/api/v1/leads"]["post"]["responses"]
            .as_object()
            .unwrap();
        let published: BTreeSet<u16> = responses.keys().map(|k| k.parse().unwrap()).collect();
        let mut answered: BTreeSet<u16> =
            one_of_each().iter().map(|e| e.status().as_u16()).collect();
        answered.insert(201);
        assert_eq!(published, answered);
        let codes: BTreeSet<String> = document["components"]["schemas"]["FieldError"]["properties"]
            ["code"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        let core: BTreeSet<String> = ErrorCode::ALL
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect();
        assert_eq!(codes, core);
        let published = |path: &str| -> BTreeSet<u16> {
            document["paths"][path]["post"]["responses"]
                .as_object()
                .unwrap()
                .keys()
                .map(|k| k.parse().unwrap())
                .collect()
        };
        let statuses = |errors: &[ApiError], success: u16| -> BTreeSet<u16> {
            errors
                .iter()
                .map(|e| e.status().as_u16())
                .chain([success])
                .collect()
        };
        let by_lead = [
            ApiError::Malformed("no key".into()),
            ApiError::NoSuchLead,
            ApiError::RateLimited { retry_after_s: 1 },
            ApiError::Internal("x".into()),
        ];
        assert_eq!(
            published("/api/v1/leads/{id}/booking"),
            statuses(&by_lead, 204)
        );
        assert_eq!(
            published("/api/v1/leads/{id}/report-link"),
            statuses(&by_lead, 201)
        );
        let mut request = one_of_each();
        request.push(ApiError::ReportsOff);
        assert_eq!(
            published("/api/v1/leads/report-requests"),
            statuses(&request, 202)
        );
        let by_events = [
            ApiError::Malformed("not JSON".into()),
            ApiError::EventsInvalid("journey: field_invalid".into()),
            ApiError::EventsMediaType,
            ApiError::EventsTooLarge,
            ApiError::OriginRefused,
            ApiError::SlowBody,
            ApiError::RateLimited { retry_after_s: 1 },
            ApiError::Internal("x".into()),
        ];
        assert_eq!(published("/api/v1/events"), statuses(&by_events, 204));
        // the comparison's figures: the fields the server writes are the schema's
        let mut tally = readiness::benchmark::Tally::default();
        (0..10).for_each(|_| tally.add("beauty", 50));
        let served = serde_json::to_value(tally.benchmarks(10)).unwrap();
        let schema = &document["components"]["schemas"]["Benchmarks"];
        let keys = |v: &serde_json::Value| -> BTreeSet<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        let required = |v: &serde_json::Value| -> BTreeSet<String> {
            let fields = v["required"].as_array().unwrap().iter();
            fields.map(|f| f.as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(keys(&served), required(schema));
        let item = &schema["properties"]["industries"]["items"];
        assert_eq!(keys(&served["industries"][0]), required(item));
        let answers = keys(&document["paths"]["/api/v1/benchmarks"]["get"]["responses"]);
        assert_eq!(
            answers,
            BTreeSet::from(["200".to_owned(), "304".to_owned()])
        );
    }
}
