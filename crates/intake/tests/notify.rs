//! Delivering leads to sales, with a real webhook receiver and a real SMTP listener on
//! loopback: one delivery of each per lead, none for spam, retries after failures, a 410
//! stops the webhook and shows as failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use std::time::Duration;

use common::receiver::{app_notifying, until, webhook_receiver, PUBLIC_URL, SECRET};
use common::smtp::{decode_quoted_printable, smtp_listener};
use common::*;
use intake::notify::webhook::sign;
use serde_json::Value;

on_both_backends!(
    each_lead_reaches_the_webhook_and_the_mailbox_exactly_once,
    spam_is_stored_but_never_notified,
    a_failing_webhook_is_retried_until_it_accepts_with_the_same_event_id,
    a_webhook_answering_410_is_given_up_and_shows_as_failed,
    a_webhook_on_a_private_address_is_refused,
    several_workers_deliver_each_lead_once,
);

/// The webhook event of the Teahouse lead: its id, schema 3, the verdict, the channels and
/// the links to the lead and its report in the staff area.
fn assert_lead_event(body: &str, created: &Value) {
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(event["lead"]["id"], created["id"]);
    assert_eq!(event["type"], "lead.created");
    assert!(event["lead"]["grade"].is_string());
    assert_eq!(event["schema_version"], 3);
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        event["lead"]["links"],
        serde_json::json!({
            "lead": format!("{PUBLIC_URL}/admin/leads/{id}"),
            "report": format!("{PUBLIC_URL}/admin/leads/{id}/report"),
        })
    );
    assert_eq!(event["lead"]["verdict"], "scored");
    assert_eq!(event["lead"]["top_channels"][0], "xiaohongshu");
    assert_eq!(event["lead"]["start_here"][0]["channel"], "xiaohongshu");
    assert_eq!(event["lead"]["start_here"][0]["status"]["status"], "now");
    assert_eq!(event["lead"]["later"][0]["channel"], "cross_border");
    assert_eq!(
        event["lead"]["later"][0]["status"]["reasons"][0],
        serde_json::json!({ "kind": "budget", "min_eur": 10000 })
    );
}

/// The sales email of the Teahouse lead: the channels, the budget, the visitor to reply to.
fn assert_lead_mail(mail: &str) {
    let text = decode_quoted_printable(mail);
    assert!(
        text.contains("Start here: Xiaohongshu (RedNote), WeChat"),
        "{text}"
    );
    assert!(
        text.contains("Later: Cross-border e-commerce (once your budget reaches €10,000 a month)"),
        "{text}"
    );
    assert!(text.contains("Budget: €5,000 to €15,000"), "{text}");
    let report = format!("Its report, as the visitor saw it: {PUBLIC_URL}/admin/leads/");
    assert!(
        text.contains(&report) && text.contains("/report\n"),
        "{text}"
    );
    assert!(
        mail.contains("Reply-To: \"Emma Clarke\" <emma@teahouse.co.uk>"),
        "{}",
        mail
    );
}

async fn each_lead_reaches_the_webhook_and_the_mailbox_exactly_once(db: TestDb) {
    let (hook, receiver) = webhook_receiver(&[200]).await;
    let (smtp, mailbox) = smtp_listener().await;
    let t = app_notifying(&db, Some(&hook), Some(&smtp)).await;
    let (status, created, _) = send(&t.app, post(&lead(&t.state, "key-notified-00000001"))).await;
    assert_eq!(status, 201);
    assert!(
        until(5_000, || receiver.calls.lock().unwrap().len() == 1
            && mailbox.lock().unwrap().len() == 1)
        .await
    );
    tokio::time::sleep(Duration::from_millis(1_500)).await; // nothing more arrives
    let calls = receiver.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (headers, body) = &calls[0];
    let timestamp: i64 = headers["x-timestamp"].to_str().unwrap().parse().unwrap();
    assert_eq!(
        headers["x-signature"].to_str().unwrap(),
        format!("sha256={}", sign(SECRET, timestamp, body))
    );
    assert_lead_event(body, &created);
    let mails = mailbox.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("Subject: Lead "), "{}", mails[0]);
    assert_lead_mail(&mails[0]);
    let id = created["id"].as_str().unwrap();
    let states: Vec<String> = t
        .state
        .db
        .notifications(id)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.status)
        .collect();
    assert_eq!(states, ["sent", "sent"]);
}

async fn several_workers_deliver_each_lead_once(db: TestDb) {
    let (hook, receiver) = webhook_receiver(&[200]).await;
    let t = app_with(&db, |c| {
        c.webhook_url = Some(hook.clone());
        c.webhook_secret = Some(SECRET.to_owned());
        c.webhook_allow_loopback = true;
        c.rate_per_minute = 1000;
        c.delivery_workers = 4;
    })
    .await;
    for i in 0..40 {
        let key = format!("key-workers-{i:010}");
        assert_eq!(send(&t.app, post(&lead(&t.state, &key))).await.0, 201);
    }
    t.state.spawn_notifier();
    assert!(until(10_000, || receiver.calls.lock().unwrap().len() >= 40).await);
    tokio::time::sleep(Duration::from_millis(1_500)).await; // nothing more arrives
    let calls = receiver.calls.lock().unwrap().clone();
    let events: std::collections::BTreeSet<String> = calls
        .iter()
        .map(|(headers, _)| headers["x-event-id"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        (calls.len(), events.len()),
        (40, 40),
        "each lead once, by four workers"
    );
}

async fn spam_is_stored_but_never_notified(db: TestDb) {
    let (hook, receiver) = webhook_receiver(&[200]).await;
    let t = app_notifying(&db, Some(&hook), None).await;
    let mut body = lead(&t.state, "key-spam-not-sent-001");
    body["form"]["honeypot"] = serde_json::json!("buy now");
    assert_eq!(send(&t.app, post(&body)).await.0, 201);
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert!(receiver.calls.lock().unwrap().is_empty());
}

async fn a_failing_webhook_is_retried_until_it_accepts_with_the_same_event_id(db: TestDb) {
    let (hook, receiver) = webhook_receiver(&[503, 500, 200]).await;
    let t = app_notifying(&db, Some(&hook), None).await;
    assert_eq!(
        send(&t.app, post(&lead(&t.state, "key-webhook-retry-001")))
            .await
            .0,
        201
    );
    // backoff 1 s then 2 s
    assert!(
        until(8_000, || receiver.calls.lock().unwrap().len() == 3).await,
        "{}",
        receiver.calls.lock().unwrap().len()
    );
    let calls = receiver.calls.lock().unwrap().clone();
    let ids: Vec<&str> = calls
        .iter()
        .map(|(h, _)| h["x-event-id"].to_str().unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
}

async fn a_webhook_answering_410_is_given_up_and_shows_as_failed(db: TestDb) {
    let (hook, receiver) = webhook_receiver(&[410]).await;
    let t = app_notifying(&db, Some(&hook), None).await;
    let (_, created, _) = send(&t.app, post(&lead(&t.state, "key-webhook-gone-0001"))).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let db_handle = t.state.db.clone();
    let mut state = Vec::new();
    for _ in 0..100 {
        state = db_handle.notifications(&id).await.unwrap();
        if state.first().is_some_and(|n| n.status == "failed") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert_eq!(state[0].status, "failed");
    assert!(state[0]
        .last_error
        .as_deref()
        .unwrap_or_default()
        .contains("410"));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(
        receiver.calls.lock().unwrap().len(),
        1,
        "no retry after 410"
    );
    assert_eq!(
        count_leads(&t.config.database_url).await,
        1,
        "the lead itself stays"
    );
}

async fn a_webhook_on_a_private_address_is_refused(db: TestDb) {
    let t = app_with(&db, |c| {
        c.webhook_url = Some("http://10.0.0.5/hook".into());
        c.webhook_secret = Some(SECRET.into());
    })
    .await;
    t.state.spawn_notifier();
    let (_, created, _) = send(&t.app, post(&lead(&t.state, "key-private-target-01"))).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let mut state = Vec::new();
    for _ in 0..100 {
        state = t.state.db.notifications(&id).await.unwrap();
        if state.first().is_some_and(|n| n.status == "failed") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert_eq!(state[0].status, "failed");
    assert!(
        state[0]
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("a private address"),
        "{state:?}"
    );
}

#[test]
fn a_webhook_without_a_secret_stops_the_server_at_start() {
    let mut config = config_for("sqlite://unused");
    config.webhook_url = Some("https://crm.agency.example/hook".into());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    config.database_url = format!("sqlite://{}", dir.path().join("x.sqlite").display());
    let error = runtime
        .block_on(intake::AppState::from_config(&config))
        .err()
        .expect("refused");
    assert!(
        error.to_string().starts_with("INTAKE_WEBHOOK_SECRET"),
        "{error}"
    );
}

/// The lead writer and the delivery workers share one SQLite file: while workers mark
/// deliveries, batches of leads still commit (a writer that read first and wrote second
/// would meet "database is locked" at once, whatever the busy timeout, and answer 503).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn leads_keep_being_stored_while_deliveries_are_marked() {
    let db = TestDb::sqlite();
    let (hook, receiver) = webhook_receiver(&[200]).await;
    let t = app_with(&db, |c| {
        c.webhook_url = Some(hook.clone());
        c.webhook_secret = Some(SECRET.to_owned());
        c.webhook_allow_loopback = true;
        c.rate_per_minute = 100_000;
        c.delivery_workers = 8;
    })
    .await;
    t.state.spawn_notifier();
    let (clients, each) = (32, 20);
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (app, state) = (t.app.clone(), t.state.clone());
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for i in 0..each {
                let body = lead(&state, &format!("key-shared-{client:03}-{i:06}"));
                statuses.push(send(&app, post(&body)).await.0);
            }
            statuses
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.extend(task.await.unwrap());
    }
    let refused = statuses.iter().filter(|s| **s != 201).count();
    assert_eq!(refused, 0, "answers other than 201: {statuses:?}");
    assert!(
        until(20_000, || receiver.calls.lock().unwrap().len()
            >= clients * each)
        .await
    );
}
