//! The lead API against real databases: every test runs on a fresh SQLite file, and again
//! on PostgreSQL (the `postgres_*` twins, run by `cargo xtask test` with a server it starts).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use common::*;
use serde_json::json;

on_both_backends!(
    a_valid_lead_is_stored_with_the_servers_own_score,
    a_repeat_with_the_same_key_and_body_answers_the_original_and_stores_nothing,
    the_same_key_with_another_body_is_refused,
    concurrent_repeats_leave_one_lead,
    a_burst_of_leads_is_stored_together_and_each_answered_for_itself,
    a_lead_the_database_refuses_fails_alone_in_its_burst,
    invalid_fields_come_back_as_problem_json_with_codes,
    a_lead_of_an_unknown_quiz_version_is_stored_flagged,
    honeypot_and_too_fast_leads_are_answered_normally_but_stored_as_spam,
    readyz_reports_the_database,
);

async fn a_valid_lead_is_stored_with_the_servers_own_score(db: TestDb) {
    let t = app(&db).await;
    let (status, body, response) =
        send(&t.app, post(&lead(&t.state, "key-valid-lead-000001"))).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(response.headers()["content-type"], "application/json");
    let id = body["id"].as_str().unwrap();
    let stored = t.state.db.lead(id).await.unwrap().expect("stored");
    let expected = t
        .state
        .quiz
        .assess(&serde_json::from_value(lead(&t.state, "x")["answers"].clone()).unwrap())
        .into_report()
        .expect("the test lead answers enough for a verdict");
    assert_eq!(
        stored.readiness,
        Some(i64::from(expected.readiness)),
        "the server re-scores from the answers"
    );
    assert_eq!(
        stored.grade.as_deref(),
        Some(expected.grade.letter.as_str())
    );
    assert_eq!(stored.verdict, "scored");
    assert_eq!(
        stored.top_channels, "xiaohongshu,wechat",
        "the start-here channels"
    );
    assert_eq!(
        stored.later_channels,
        "cross_border:budget_below_10000,douyin:budget_below_10000"
    );
    assert!(
        stored.score_mismatch,
        "the client claimed 0, the server computed {}",
        expected.readiness
    );
    assert!(stored.spam_reason.is_none());
}

async fn a_repeat_with_the_same_key_and_body_answers_the_original_and_stores_nothing(db: TestDb) {
    let t = app(&db).await;
    let body = lead(&t.state, "key-repeat-0000000001");
    let (first, a, _) = send(&t.app, post(&body)).await;
    let (second, b, _) = send(&t.app, post(&body)).await;
    assert_eq!((first, second), (201, 201));
    assert_eq!(a["id"], b["id"]);
    assert_eq!(count_leads(&t.config.database_url).await, 1);
    // the same lead written out again by another client: other key order, other spacing
    let mut fields: Vec<(String, serde_json::Value)> =
        body.as_object().unwrap().clone().into_iter().collect();
    fields.reverse();
    let reordered = format!(
        "{{ {} }}",
        fields
            .iter()
            .map(|(k, v)| format!("{:?} :  {}", k, serde_json::to_string_pretty(v).unwrap()))
            .collect::<Vec<_>>()
            .join(",\n")
    );
    assert_ne!(reordered, body.to_string());
    let (third, c, _) = send(&t.app, post_raw(reordered, "application/json")).await;
    assert_eq!((third, &c["id"]), (201, &a["id"]), "{c}");
    assert_eq!(count_leads(&t.config.database_url).await, 1);
}

async fn the_same_key_with_another_body_is_refused(db: TestDb) {
    let t = app(&db).await;
    let mut body = lead(&t.state, "key-reused-0000000001");
    send(&t.app, post(&body)).await;
    body["contact"]["name"] = json!("Someone Else");
    let (status, problem, response) = send(&t.app, post(&body)).await;
    assert_eq!(status, 422);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(problem["title"], "Idempotency key reused");
    assert_eq!(count_leads(&t.config.database_url).await, 1);
}

async fn concurrent_repeats_leave_one_lead(db: TestDb) {
    let t = app(&db).await;
    let body = lead(&t.state, "key-concurrent-000001");
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let (app, request) = (t.app.clone(), post(&body));
        set.spawn(async move { send(&app, request).await });
    }
    let answers = set.join_all().await;
    assert!(
        answers.iter().all(|(status, _, _)| *status == 201),
        "{:?}",
        answers.iter().map(|a| a.0).collect::<Vec<_>>()
    );
    let ids: std::collections::BTreeSet<String> = answers
        .iter()
        .map(|a| a.1["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(count_leads(&t.config.database_url).await, 1);
}

/// Leads that arrive together share one transaction (group commit); a repeat or a reused
/// key in the same burst still gets its own answer, and no lead is lost or doubled.
async fn a_burst_of_leads_is_stored_together_and_each_answered_for_itself(db: TestDb) {
    let t = app_with(&db, |config| config.rate_per_minute = 100_000).await;
    let first = lead(&t.state, "key-burst-first-00001");
    let mut reused = first.clone();
    reused["contact"]["name"] = json!("Someone Else");
    let mut bodies = vec![first.clone(), first.clone(), first, reused];
    bodies.extend((0..60).map(|i| lead(&t.state, &format!("key-burst-{i:012}"))));
    let mut set = tokio::task::JoinSet::new();
    for (index, body) in bodies.iter().enumerate() {
        let (app, request) = (t.app.clone(), post(body));
        set.spawn(async move { (index, send(&app, request).await) });
    }
    let mut answers = set.join_all().await;
    answers.sort_by_key(|(index, _)| *index);
    let statuses: Vec<u16> = answers.iter().map(|(_, (status, _, _))| *status).collect();
    assert_eq!(statuses[..3], [201, 201, 201], "{statuses:?}");
    assert_eq!(statuses[3], 422, "the reused key with another body");
    assert!(statuses[4..].iter().all(|s| *s == 201), "{statuses:?}");
    let first_ids: std::collections::BTreeSet<&str> = answers[..3]
        .iter()
        .map(|(_, (_, body, _))| body["id"].as_str().unwrap())
        .collect();
    assert_eq!(first_ids.len(), 1, "the three copies are one lead");
    let all_ids: std::collections::BTreeSet<&str> = answers
        .iter()
        .filter_map(|(_, (_, body, _))| body["id"].as_str())
        .collect();
    assert_eq!(all_ids.len(), 61);
    assert_eq!(count_leads(&t.config.database_url).await, 61);
    for id in all_ids {
        assert!(
            t.state.db.lead(id).await.unwrap().is_some(),
            "{id} answered but not stored"
        );
    }
}

/// One lead the database refuses (here a trigger, standing for any failed insert) must not
/// take the leads stored in the same transaction with it: the batch is stored again lead by
/// lead, and only that one is answered with an error.
async fn a_lead_the_database_refuses_fails_alone_in_its_burst(db: TestDb) {
    let t = app_with(&db, |config| config.rate_per_minute = 100_000).await;
    let poison = if db.url.starts_with("postgres") {
        "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN
             IF NEW.email = 'poison@example.com' THEN RAISE EXCEPTION 'refused by the test'; END IF;
             RETURN NEW; END $$ LANGUAGE plpgsql;
         CREATE TRIGGER poison BEFORE INSERT ON leads FOR EACH ROW EXECUTE FUNCTION poison();"
    } else {
        "CREATE TRIGGER poison BEFORE INSERT ON leads WHEN NEW.email = 'poison@example.com'
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
    };
    sqlx::any::install_default_drivers();
    let mut connection = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url)
        .await
        .unwrap();
    sqlx::raw_sql(poison)
        .execute(&mut connection)
        .await
        .unwrap();
    let mut bodies: Vec<_> = (0..30)
        .map(|i| lead(&t.state, &format!("key-poison-{i:012}")))
        .collect();
    bodies[17]["contact"]["email"] = json!("poison@example.com");
    let mut set = tokio::task::JoinSet::new();
    for (index, body) in bodies.iter().enumerate() {
        let (app, request) = (t.app.clone(), post(body));
        set.spawn(async move { (index, send(&app, request).await.0) });
    }
    let mut statuses = set.join_all().await;
    statuses.sort();
    let refused: Vec<usize> = statuses
        .iter()
        .filter(|(_, status)| *status != 201)
        .map(|(index, _)| *index)
        .collect();
    assert_eq!(refused, [17], "{statuses:?}");
    assert_eq!(statuses[17].1, 503);
    assert_eq!(count_leads(&t.config.database_url).await, 29);
}

async fn invalid_fields_come_back_as_problem_json_with_codes(db: TestDb) {
    let t = app(&db).await;
    let mut body = lead(&t.state, "key-invalid-000000001");
    body["contact"]["email"] = json!("emma at teahouse");
    body["consents"][0]["granted"] = json!(false);
    let (status, problem, response) = send(&t.app, post(&body)).await;
    assert_eq!(status, 422);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(
        problem["errors"],
        json!([{ "field": "contact.email", "code": "email_invalid" }, { "field": "consents.contact", "code": "consent_required" }])
    );
    assert_eq!(count_leads(&t.config.database_url).await, 0);
}

async fn a_lead_of_an_unknown_quiz_version_is_stored_flagged(db: TestDb) {
    let t = app(&db).await;
    let mut body = lead(&t.state, "key-old-version-00001");
    body["quiz_version"] = json!("0123456789abcdef");
    let (status, created, _) = send(&t.app, post(&body)).await;
    assert_eq!(status, 201, "{created}");
    let stored = t
        .state
        .db
        .lead(created["id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.quiz_version_known);
    assert_eq!(
        stored.readiness, None,
        "not scored with a quiz it was not answered with"
    );
}

async fn honeypot_and_too_fast_leads_are_answered_normally_but_stored_as_spam(db: TestDb) {
    let t = app(&db).await;
    let mut honeypot = lead(&t.state, "key-honeypot-00000001");
    honeypot["form"]["honeypot"] = json!("http://spam.example");
    let mut fast = lead(&t.state, "key-too-fast-00000001");
    fast["form"]["elapsed_ms"] = json!(2500);
    for (body, reason) in [(honeypot, "honeypot"), (fast, "too_fast")] {
        let (status, created, _) = send(&t.app, post(&body)).await;
        assert_eq!(status, 201, "answered like any lead");
        let id = created["id"].as_str().unwrap();
        let stored = t.state.db.lead(id).await.unwrap().unwrap();
        assert_eq!(stored.spam_reason.as_deref(), Some(reason));
        assert_eq!(
            count_notifications(&t.config.database_url, id).await,
            0,
            "spam is never notified"
        );
    }
}

async fn readyz_reports_the_database(db: TestDb) {
    let t = app(&db).await;
    let request = axum::http::Request::get("/readyz")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, body, _) = send(&t.app, request).await;
    assert_eq!((status, body), (200, json!("ready")));
}
