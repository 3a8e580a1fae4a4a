//! Test harness: a fresh database per test (a SQLite file in a temp folder, or a new
//! database on the PostgreSQL server the test tooling started), the app in-process, and
//! a valid lead to start from.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod binary;
pub mod receiver;
pub mod smtp;
pub mod staff;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response};
use axum::Router;
use http_body_util::BodyExt;
use intake::{AppState, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

/// A database for one test; keeps its temp folder alive.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("intake.sqlite").display());
        TestDb {
            url,
            _dir: Some(dir),
        }
    }

    /// A new database on the server at `INTAKE_TEST_POSTGRES_URL` (set by `cargo xtask test`).
    pub async fn postgres() -> TestDb {
        let admin = std::env::var("INTAKE_TEST_POSTGRES_URL").expect(
            "INTAKE_TEST_POSTGRES_URL: run through `cargo xtask test`, which starts PostgreSQL",
        );
        sqlx::any::install_default_drivers();
        let name = format!("test_{}", uuid::Uuid::new_v4().simple());
        let pool = sqlx::AnyPool::connect(&admin)
            .await
            .expect("admin connection");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&pool)
            .await
            .expect("create database");
        pool.close().await;
        let base = admin
            .rsplit_once('/')
            .map_or(admin.as_str(), |(base, _)| base)
            .to_owned();
        TestDb {
            url: format!("{base}/{name}"),
            _dir: None,
        }
    }
}

/// `SELECT COUNT(*) AS n ...` on a connection of its own: test-only queries live here, not
/// in the server.
async fn count(url: &str, sql: &str, bind: Option<&str>) -> i64 {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("test connection");
    let mut query = sqlx::query(sql);
    if let Some(value) = bind {
        query = query.bind(value.to_owned());
    }
    let row = query.fetch_one(&pool).await.expect("count");
    pool.close().await;
    sqlx::Row::try_get(&row, "n").expect("a count")
}

/// Runs a test-only statement (ageing a lead, say) on a connection of its own.
pub async fn execute(url: &str, sql: &str) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("test connection");
    sqlx::query(sql).execute(&pool).await.expect("statement");
    pool.close().await;
}

/// `SELECT COUNT(*) AS n ...` with one bound text: test-only queries live here.
pub async fn count_where(url: &str, sql: &str, bind: &str) -> i64 {
    count(url, sql, Some(bind)).await
}

/// How many leads are stored.
pub async fn count_leads(url: &str) -> i64 {
    count(url, "SELECT COUNT(*) AS n FROM leads", None).await
}

/// How many notifications are owed for a lead.
pub async fn count_notifications(url: &str, lead_id: &str) -> i64 {
    count(
        url,
        "SELECT COUNT(*) AS n FROM notifications WHERE lead_id = $1",
        Some(lead_id),
    )
    .await
}

pub struct TestApp {
    pub app: Router,
    pub state: AppState,
    pub config: Config,
}

pub async fn app_with(db: &TestDb, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let mut config = config_for(&db.url);
    adjust(&mut config);
    let state = AppState::from_config(&config).await.expect("state");
    let app = intake::app(&config, state.clone()).expect("app");
    TestApp { app, state, config }
}

pub async fn app(db: &TestDb) -> TestApp {
    app_with(db, |_| {}).await
}

/// A valid lead as the widget would send it.
pub fn lead(state: &AppState, key: &str) -> Value {
    lead_for(&state.quiz, key)
}

/// [`lead`] for a quiz loaded without a server.
pub fn lead_for(quiz: &readiness::Quiz, key: &str) -> Value {
    let hash = |purpose: &str| {
        quiz.consents()
            .iter()
            .find(|c| c.id.as_str() == purpose)
            .and_then(|c| c.text_hash("en"))
            .unwrap()
            .to_owned()
    };
    json!({
        "quiz_version": quiz.version(),
        "locale": "en",
        "answers": { "industry": ["food_beverage"], "business_model": ["b2c"], "audience_age": ["age_25_34"],
                     "audience_gender": ["mostly_women"], "market": ["premium_urban"], "goals": ["awareness", "online_sales"],
                     "trademark": ["registered"], "chinese_name": ["none"], "website": ["english_only"],
                     "compliance": ["certified"], "content": ["images"], "selling": ["direct_shipping"],
                     "customer_service": ["partner"], "budget": ["from_5k_to_15k"], "timeline": ["months_3_to_6"] },
        "contact": { "name": "Emma Clarke", "email": "emma@teahouse.co.uk", "company": "Teahouse Ltd", "country": "GB",
                     "role": "Export manager", "phone": "+44 20 7946 0958" },
        "consents": [ { "purpose": "contact", "granted": true, "text_hash": hash("contact") },
                      { "purpose": "marketing", "granted": false, "text_hash": hash("marketing") } ],
        "attribution": { "utm_source": "newsletter", "landing_page": "https://agency.example/china" },
        "idempotency_key": key,
        "client_score": { "readiness": 0, "grade": "C" },
        "form": { "honeypot": "", "elapsed_ms": 120000 }
    })
}

pub fn post(body: &Value) -> Request<Body> {
    post_raw(body.to_string(), "application/json")
}

pub fn post_raw(body: String, content_type: &str) -> Request<Body> {
    Request::post("/api/v1/leads")
        .header("content-type", content_type)
        .body(Body::from(body))
        .expect("request")
}

/// The same request as coming from `address` (as the socket server would record it).
pub fn from(mut request: Request<Body>, address: [u8; 4]) -> Request<Body> {
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((address, 40000))));
    request
}

pub async fn send(app: &Router, request: Request<Body>) -> (u16, Value, Response<()>) {
    let response = app.clone().oneshot(request).await.expect("response");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (parts.status.as_u16(), json, Response::from_parts(parts, ()))
}

/// Declares a test body once and runs it on both backends.
#[allow(unused_macros)] // durability.rs runs on SQLite only
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name($crate::common::TestDb::sqlite()).await; })*
        }
        mod postgres {
            $(
                #[tokio::test]
                #[ignore = "needs PostgreSQL; `cargo xtask test` starts one and runs these"]
                async fn $name() { super::$name($crate::common::TestDb::postgres().await).await; }
            )*
        }
    };
}

/// The server's defaults, with this database and the repository's quiz.
pub fn config_for(database_url: &str) -> Config {
    Config {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        static_dir: PathBuf::from("dist"),
        database_url: database_url.to_owned(),
        quiz_dir: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz")),
        allowed_origins: Vec::new(),
        trusted_proxies: Vec::new(),
        header_timeout_seconds: 10,
        body_timeout_seconds: 15,
        max_connections: 10_000,
        min_fill_seconds: 15,
        rate_per_minute: 10,
        webhook_url: None,
        webhook_secret: None,
        webhook_allow_loopback: false,
        slack_webhook_url: None,
        teams_webhook_url: None,
        public_url: None,
        smtp_url: None,
        smtp_ca_file: None,
        delivery_workers: 8,
        delivery_lease_seconds: 120,
        smtp_allow_plain: false,
        mail_from: "China readiness <leads@localhost>".into(),
        mail_to: Vec::new(),
        events_per_minute: 600,
        benchmark_min_leads: 20,
        benchmark_refresh_seconds: 3600,
        routing: None,
        sales_locale: "en".into(),
        retention_days: 730,
    }
}
