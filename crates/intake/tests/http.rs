//! The HTTP surface of the intake, apart from what is stored: status codes for malformed,
//! mistyped and oversized requests, the rate limit, CORS, the OpenAPI document and the
//! widget's files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn malformed_json_and_unknown_fields_answer_400() {
    let db = TestDb::sqlite();
    let t = app(&db).await;
    let mut body = lead(&t.state, "key-unknown-field-001");
    body["contact"]["fax"] = json!("+44 1");
    let (status, problem, _) = send(&t.app, post(&body)).await;
    assert_eq!(status, 400);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("unknown field `fax`"),
        "{problem}"
    );
}

#[tokio::test]
async fn a_wrong_content_type_answers_415() {
    let db = TestDb::sqlite();
    let t = app(&db).await;
    let (status, problem, _) = send(
        &t.app,
        post_raw(
            lead(&t.state, "key-form-encoded-0001").to_string(),
            "text/plain",
        ),
    )
    .await;
    assert_eq!(status, 415);
    assert_eq!(problem["title"], "Unsupported media type");
}

#[tokio::test]
async fn a_body_over_the_limit_answers_413_before_parsing() {
    let db = TestDb::sqlite();
    let t = app(&db).await;
    let huge = format!("{{\"padding\": \"{}\"}}", "x".repeat(40 * 1024));
    let (status, problem, response) = send(&t.app, post_raw(huge, "application/json")).await;
    assert_eq!(status, 413);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(problem["title"], "Lead too large");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_visitor_has_a_bucket_and_forged_headers_gain_nothing() {
    let db = TestDb::sqlite();
    let t = app_with(&db, |c| {
        c.rate_per_minute = 2;
        c.trusted_proxies = vec!["10.0.0.0/8".into()];
    })
    .await;
    let via_proxy = |key: &str, visitor: &str| {
        let mut request = from(post(&lead(&t.state, key)), [10, 0, 0, 2]);
        let value = format!("{visitor}, 10.0.0.2").parse().unwrap();
        request.headers_mut().insert("x-forwarded-for", value);
        request
    };
    // one visitor floods through the proxy; another, through the same proxy, still gets in
    let mut flood = Vec::new();
    for i in 0..3 {
        flood.push(
            send(
                &t.app,
                via_proxy(&format!("key-proxied-{i:010}"), "203.0.113.7"),
            )
            .await
            .0,
        );
    }
    assert_eq!(flood, [201, 201, 429]);
    let other = send(&t.app, via_proxy("key-proxied-other-01", "198.51.100.20"))
        .await
        .0;
    assert_eq!(other, 201, "another visitor behind the same proxy");
    // straight to the server, a made-up X-Forwarded-For is ignored: the peer is the client
    let mut direct = Vec::new();
    for i in 0..3 {
        let mut request = from(
            post(&lead(&t.state, &format!("key-direct-{i:011}"))),
            [192, 0, 2, 9],
        );
        let forged = format!("198.51.100.{i}").parse().unwrap();
        request.headers_mut().insert("x-forwarded-for", forged);
        direct.push(send(&t.app, request).await.0);
    }
    assert_eq!(direct, [201, 201, 429]);
}

#[tokio::test]
async fn a_flood_from_one_address_gets_429_while_another_address_gets_through() {
    let db = TestDb::sqlite();
    let t = app_with(&db, |c| c.rate_per_minute = 3).await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        let body = lead(&t.state, &format!("key-flood-{i:012}"));
        statuses.push(send(&t.app, from(post(&body), [192, 0, 2, 1])).await);
    }
    assert_eq!(
        statuses.iter().map(|s| s.0).collect::<Vec<_>>(),
        [201, 201, 201, 429, 429]
    );
    assert!(statuses[3].2.headers().contains_key("retry-after"));
    let normal = lead(&t.state, "key-normal-visitor-01");
    assert_eq!(
        send(&t.app, from(post(&normal), [198, 51, 100, 7])).await.0,
        201
    );
}

#[tokio::test]
async fn cors_allows_listed_origins_only() {
    let db = TestDb::sqlite();
    let t = app_with(&db, |c| {
        c.allowed_origins = vec!["https://www.agency.example".into()]
    })
    .await;
    let preflight = |origin: &str| {
        axum::http::Request::options("/api/v1/leads")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,idempotency-key",
            )
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let (_, _, allowed) = send(&t.app, preflight("https://www.agency.example")).await;
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://www.agency.example"
    );
    for origin in ["https://evil.example", "null"] {
        let (_, _, refused) = send(&t.app, preflight(origin)).await;
        assert!(
            !refused
                .headers()
                .contains_key("access-control-allow-origin"),
            "{origin}"
        );
    }
}

#[test]
fn a_malformed_allowed_origin_is_refused_at_start_naming_the_setting() {
    let mut config = config_for("sqlite://x");
    config.allowed_origins = vec!["www.agency.example/".into()];
    let error = config.origins().unwrap_err();
    assert!(error.starts_with("INTAKE_ALLOWED_ORIGINS"), "{error}");
}

#[tokio::test]
async fn the_openapi_document_is_served() {
    let db = TestDb::sqlite();
    let t = app(&db).await;
    let request = axum::http::Request::get("/api/openapi.json")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, document, _) = send(&t.app, request).await;
    assert_eq!(status, 200);
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["paths"]["/api/v1/leads"]["post"].is_object());
}

#[tokio::test]
async fn widget_files_are_sent_precompressed_to_browsers_that_accept_it() {
    let db = TestDb::sqlite();
    let files = tempfile::tempdir().unwrap();
    std::fs::write(files.path().join("loader.js"), "plain").unwrap();
    std::fs::write(files.path().join("loader.js.br"), "brotli").unwrap();
    std::fs::write(files.path().join("loader.js.gz"), "gzip").unwrap();
    let t = app_with(&db, |config| config.static_dir = files.path().to_owned()).await;
    for (accepts, encoding, body) in [
        (Some("gzip, deflate, br, zstd"), Some("br"), "brotli"),
        (Some("gzip, deflate"), Some("gzip"), "gzip"),
        (None, None, "plain"),
    ] {
        let mut request = axum::http::Request::get("/loader.js");
        if let Some(accepts) = accepts {
            request = request.header("accept-encoding", accepts);
        }
        let (status, sent, response) =
            send(&t.app, request.body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!(status, 200);
        assert_eq!(sent, body, "accepting {accepts:?}");
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding
        );
        assert_eq!(response.headers()["vary"], "accept-encoding");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
    }
}
