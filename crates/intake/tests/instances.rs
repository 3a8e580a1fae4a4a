//! Two instances of the real binary behind one PostgreSQL (issue 17): leads go to both,
//! one is killed with SIGKILL in the middle of the flood, and every acknowledged lead is
//! stored once and reaches the webhook (under one event id each). Run by `cargo xtask test`,
//! which starts PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use common::binary::{free_port, request, start_with, Server};
use common::TestDb;

/// Event id → lead ids it was received for, and how many times.
type Deliveries = Arc<Mutex<BTreeMap<String, (String, usize)>>>;

async fn webhook() -> (String, Deliveries) {
    let (url, seen, _) = webhook_at("/hook").await;
    (url, seen)
}

/// A webhook receiver at `path`; also how many requests it got in all.
async fn webhook_at(path: &str) -> (String, Deliveries, Arc<std::sync::atomic::AtomicUsize>) {
    let requests = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = Arc::clone(&requests);
    let seen: Deliveries = Arc::default();
    let kept = Arc::clone(&seen);
    let app = axum::Router::new().route(
        path,
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let seen = Arc::clone(&kept);
            counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            async move {
                let event: serde_json::Value = serde_json::from_str(&body).unwrap();
                let id = headers["x-event-id"].to_str().unwrap().to_owned();
                let lead = event["lead"]["id"].as_str().unwrap().to_owned();
                seen.lock().unwrap().entry(id).or_insert((lead, 0)).1 += 1;
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{path}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen, requests)
}

/// Four clients send `bodies` at once, alternating between the instances; the first
/// instance is killed once 40 leads are in, with requests in flight; a lead whose request
/// failed is sent again to the other instance, as the widget would. The ids acknowledged.
fn flood(bodies: &[String], ports: [u16; 2], first: &mut Server) -> Vec<String> {
    let answered = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let clients: Vec<_> = bodies
            .chunks(30)
            .map(|chunk| {
                let answered = &answered;
                scope.spawn(move || {
                    let mut ids = Vec::new();
                    for (i, body) in chunk.iter().enumerate() {
                        let mut sent = request(ports[i % 2], "POST", "/api/v1/leads", body);
                        if sent.0 != 201 {
                            sent = request(ports[(i + 1) % 2], "POST", "/api/v1/leads", body);
                        }
                        assert_eq!(sent.0, 201, "{}", sent.1);
                        let answer: serde_json::Value = serde_json::from_str(&sent.1).unwrap();
                        ids.push(answer["id"].as_str().unwrap().to_owned());
                        answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    ids
                })
            })
            .collect();
        while answered.load(std::sync::atomic::Ordering::Relaxed) < 40 {
            std::thread::sleep(Duration::from_millis(5));
        }
        first.0.kill().unwrap();
        first.0.wait().unwrap();
        clients
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect()
    })
}

/// Waits until every lead in `expected` reached the webhook; then checks each came under
/// one event id (a receiver may see that id twice after a takeover, never two ids).
async fn assert_each_delivered_once(expected: &BTreeSet<String>, deliveries: &Deliveries) {
    let started = Instant::now();
    let delivered = |seen: &Deliveries| -> BTreeSet<String> {
        seen.lock()
            .unwrap()
            .values()
            .map(|(lead, _)| lead.clone())
            .collect()
    };
    while !expected.is_subset(&delivered(deliveries)) && started.elapsed() < Duration::from_secs(30)
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await; // nothing more arrives
    let seen = deliveries.lock().unwrap().clone();
    let arrived = delivered(deliveries);
    let missing: Vec<&String> = expected.difference(&arrived).collect();
    assert!(
        missing.is_empty(),
        "acknowledged but never delivered: {missing:?}"
    );
    let per_lead = seen
        .values()
        .fold(BTreeMap::<&str, usize>::new(), |mut leads, (lead, _)| {
            *leads.entry(lead.as_str()).or_default() += 1;
            leads
        });
    assert!(
        per_lead.values().all(|&events| events == 1),
        "one event id per lead"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs PostgreSQL; `cargo xtask test` starts one and runs these"]
async fn two_instances_one_killed_mid_flood_lose_and_double_nothing() {
    let db = TestDb::postgres().await;
    let (hook, deliveries) = webhook().await;
    let flags = [
        "--webhook-url",
        hook.as_str(),
        "--webhook-secret",
        "instances-secret-0123456789",
        "--webhook-allow-loopback",
        "--rate-per-minute",
        "100000",
        "--delivery-lease-seconds",
        "3",
    ];
    let ports = [free_port(), free_port()];
    let mut first = start_with(&db.url, ports[0], &flags);
    let _second = start_with(&db.url, ports[1], &flags);
    let quiz =
        readiness::load::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz").as_ref())
            .unwrap();
    let bodies: Vec<String> = (0..120)
        .map(|i| common::lead_for(&quiz, &format!("key-instances-{i:08}")).to_string())
        .collect();
    let acknowledged = flood(&bodies, ports, &mut first);
    assert!(
        acknowledged.len() == bodies.len(),
        "{} acknowledged",
        acknowledged.len()
    );
    let expected: BTreeSet<String> = acknowledged.iter().cloned().collect();
    assert_eq!(expected.len(), acknowledged.len(), "no lead answered twice");
    assert_each_delivered_once(&expected, &deliveries).await;
    assert_eq!(
        common::count_leads(&db.url).await,
        i64::try_from(expected.len()).unwrap(),
        "every acknowledged lead stored once, nothing else"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs PostgreSQL; `cargo xtask test` starts one and runs these"]
async fn two_instances_deliver_each_routed_notification_exactly_once() {
    let db = TestDb::postgres().await;
    let (eu_hook, eu, eu_requests) = webhook_at("/eu").await;
    let (rest_hook, rest, rest_requests) = webhook_at("/rest").await;
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("routing.toml");
    std::fs::write(
        &rules,
        format!(
            "[webhooks]\neu = \"{eu_hook}\"\nrest = \"{rest_hook}\"\n\
             [[rule]]\nname = \"Europe\"\ncountry = [\"DE\", \"FR\"]\nwebhook = \"eu\"\n\
             [default]\nwebhook = \"rest\"\n"
        ),
    )
    .unwrap();
    let flags = [
        "--routing",
        rules.to_str().unwrap(),
        "--webhook-secret",
        "instances-secret-0123456789",
        "--webhook-allow-loopback",
        "--rate-per-minute",
        "100000",
        "--delivery-workers",
        "2",
    ];
    let ports = [free_port(), free_port()];
    let _first = start_with(&db.url, ports[0], &flags);
    let _second = start_with(&db.url, ports[1], &flags);
    let quiz =
        readiness::load::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz").as_ref())
            .unwrap();
    let (mut european, mut others) = (BTreeSet::new(), BTreeSet::new());
    std::thread::scope(|scope| {
        let sent: Vec<_> = (0..4)
            .map(|client| {
                let quiz = &quiz;
                scope.spawn(move || {
                    (0..20)
                        .map(|i| {
                            let n = client * 20 + i;
                            let mut body = common::lead_for(quiz, &format!("key-routed-{n:08}"));
                            let country = ["DE", "GB", "FR", "US"][n % 4];
                            body["contact"]["country"] = serde_json::json!(country);
                            let (status, answer) =
                                request(ports[n % 2], "POST", "/api/v1/leads", &body.to_string());
                            assert_eq!(status, 201, "{answer}");
                            let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
                            (
                                matches!(country, "DE" | "FR"),
                                answer["id"].as_str().unwrap().to_owned(),
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for (in_europe, id) in sent.into_iter().flat_map(|c| c.join().unwrap()) {
            if in_europe {
                european.insert(id);
            } else {
                others.insert(id);
            }
        }
    });
    assert_each_delivered_once(&european, &eu).await;
    assert_each_delivered_once(&others, &rest).await;
    let arrived = |seen: &Deliveries| -> BTreeSet<String> {
        seen.lock()
            .unwrap()
            .values()
            .map(|(lead, _)| lead.clone())
            .collect()
    };
    assert_eq!(
        arrived(&eu),
        european,
        "only the European leads went to the EU webhook"
    );
    assert_eq!(arrived(&rest), others, "and only the others to the rest");
    let requests = eu_requests.load(std::sync::atomic::Ordering::Relaxed)
        + rest_requests.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(
        requests, 80,
        "no instance sent a notification the other had sent"
    );
}
