//! Loopback HTTP receivers for the notification channels: they record each request and
//! answer with the statuses given, in turn.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post as route_post;
use axum::Router;
use tokio::net::TcpListener;

use super::{app_with, TestApp, TestDb};

/// A webhook receiver answering with `statuses` in turn (the last one repeats).
#[derive(Clone, Default)]
pub struct Receiver {
    pub calls: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    statuses: Arc<Mutex<Vec<u16>>>,
}

pub async fn webhook_receiver(statuses: &[u16]) -> (String, Receiver) {
    let receiver = Receiver {
        statuses: Arc::new(Mutex::new(statuses.to_vec())),
        ..Receiver::default()
    };
    let state = receiver.clone();
    let app = Router::new().route(
        "/hook",
        route_post(move |headers: HeaderMap, body: String| {
            let state = state.clone();
            async move {
                state.calls.lock().unwrap().push((headers, body));
                let mut statuses = state.statuses.lock().unwrap();
                let status = if statuses.len() > 1 {
                    statuses.remove(0)
                } else {
                    statuses[0]
                };
                StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, receiver)
}

/// Whether `check` holds within `ms` (polled every 20 ms).
pub async fn until(ms: u64, check: impl Fn() -> bool) -> bool {
    for _ in 0..(ms / 20) {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    check()
}

/// The intake's public address in [`app_notifying`].
pub const PUBLIC_URL: &str = "https://leads.agency.example";

/// The webhook secret of [`app_notifying`].
pub const SECRET: &str = "test-webhook-secret-0123456789";

/// The app delivering to a webhook and an SMTP relay on loopback, its workers running.
pub async fn app_notifying(db: &TestDb, webhook: Option<&str>, smtp: Option<&str>) -> TestApp {
    let t = app_with(db, |c| {
        c.webhook_url = webhook.map(str::to_owned);
        c.webhook_secret = Some(SECRET.to_owned());
        c.webhook_allow_loopback = true;
        c.smtp_url = smtp.map(str::to_owned);
        c.mail_to = vec!["sales@agency.example".to_owned()];
        c.public_url = Some(PUBLIC_URL.to_owned());
    })
    .await;
    t.state.spawn_notifier();
    t
}
