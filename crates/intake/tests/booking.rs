//! `POST /api/v1/leads/{id}/booking`: the visitor opened the booking page offered after
//! their lead; proved by the lead's idempotency key, the first time kept, nothing else.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;

on_both_backends!(the_booking_click_is_recorded_once_for_the_visitor_who_sent_the_lead);

fn opened(id: &str, key: Option<&str>) -> Request<Body> {
    let mut request = Request::post(format!("/api/v1/leads/{id}/booking"));
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    request.body(Body::empty()).unwrap()
}

async fn the_booking_click_is_recorded_once_for_the_visitor_who_sent_the_lead(db: TestDb) {
    let t = app(&db).await;
    let key = "key-booking-opened-0001";
    let (status, created, _) = send(&t.app, post(&lead(&t.state, key))).await;
    assert_eq!(status, 201);
    let id = created["id"].as_str().unwrap().to_owned();
    let (_, other, _) = send(&t.app, post(&lead(&t.state, "key-booking-other-0001"))).await;
    let other_id = other["id"].as_str().unwrap().to_owned();
    let stored = |id: String| {
        let db = t.state.db.clone();
        async move { db.lead(&id).await.unwrap().unwrap().booking_opened_at_ms }
    };
    assert_eq!(stored(id.clone()).await, None);

    // someone else's key, an unknown lead, no key: nothing recorded
    let (status, problem, _) = send(&t.app, opened(&id, Some("key-booking-other-0001"))).await;
    assert_eq!(
        (status, problem["title"].as_str()),
        (404, Some("No such lead"))
    );
    assert_eq!(send(&t.app, opened("no-such-lead", Some(key))).await.0, 404);
    assert_eq!(send(&t.app, opened(&id, None)).await.0, 400);
    assert_eq!(stored(id.clone()).await, None);

    assert_eq!(send(&t.app, opened(&id, Some(key))).await.0, 204);
    let first = stored(id.clone()).await.expect("recorded");
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert_eq!(send(&t.app, opened(&id, Some(key))).await.0, 204);
    assert_eq!(
        stored(id.clone()).await,
        Some(first),
        "the first time is kept"
    );
    assert_eq!(stored(other_id).await, None, "no other lead touched");
}
