//! The lead intake server: receives leads from the widget, validates and re-scores them
//! with the same core, stores them durably (SQLite by default, PostgreSQL by URL), and
//! serves the built widget and demo page.

use std::sync::Arc;

use anyhow::Context;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use readiness::Quiz;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub mod benchmark;
pub mod client;
pub mod clock;
pub mod config;
pub mod db;
pub mod decision;
pub mod error;
pub mod funnel;
pub mod http;
pub mod notify;
pub mod pipeline;
pub mod ratelimit;
pub mod routing;
pub mod secret;
pub mod serve;

pub use config::Config;
use db::Db;
use ratelimit::RateLimiter;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The quiz leads are re-scored with.
    pub quiz: Arc<Quiz>,
    /// Per-address limits on lead submissions.
    pub limiter: Arc<RateLimiter>,
    /// Leads submitted faster than this (ms after the quiz started) are spam.
    pub min_fill_ms: u64,
    /// Where each new lead's notifications go: every configured channel, or by the rules
    /// file.
    pub routing: Arc<routing::Routing>,
    /// The delivery worker, built once from the configuration; started by
    /// [`AppState::spawn_notifier`].
    pub notifier: Arc<notify::Notifier>,
    /// How many delivery workers run (`--delivery-workers`), each claiming its own batch.
    pub delivery_workers: usize,
    /// Wakes the delivery worker when a lead is stored.
    pub wake_notifier: Arc<tokio::sync::Notify>,
    /// Per-address limits on journey event batches (`--events-per-minute`).
    pub event_limiter: Arc<RateLimiter>,
    /// Origins whose pages may send journey events, besides this server's own.
    pub allowed_origins: Arc<Vec<String>>,
    /// Per-address limits on staff sign-in attempts.
    pub login_limiter: Arc<RateLimiter>,
    /// A lead's body must arrive within this (`--body-timeout-seconds`).
    pub body_timeout: std::time::Duration,
    /// Proxies whose forwarding headers name the client (`--trusted-proxies`).
    pub trusted_proxies: Arc<Vec<ipnet::IpNet>>,
    /// Leads are kept this many days (0: forever); their report links no longer than that.
    pub retention_days: u32,
    /// The figures "How do you compare?" serves, refreshed by [`benchmark::spawn_refresh`].
    pub benchmarks: Arc<benchmark::Board>,
}

impl AppState {
    /// Loads the quiz and connects the database named by the configuration.
    pub async fn from_config(config: &Config) -> anyhow::Result<AppState> {
        let quiz = load_quiz(config)?;
        let db = open_database(config).await?;
        let rules = load_rules(config, &quiz)?;
        let quiz = Arc::new(quiz);
        let benchmarks = Arc::new(benchmark::Board::from_config(config)?);
        let notifier = notify::Notifier::from_config(
            config,
            db.clone(),
            Arc::clone(&quiz),
            rules.as_ref(),
            Arc::clone(&benchmarks),
        )
        .map_err(anyhow::Error::msg)?;
        let routing = match rules {
            Some(rules) => routing::Routing::Rules(rules),
            None => routing::Routing::Everyone(notifier.channels()),
        };
        Ok(AppState {
            db,
            quiz,
            limiter: Arc::new(RateLimiter::new(config.rate_per_minute)),
            min_fill_ms: config.min_fill_seconds * 1000,
            routing: Arc::new(routing),
            notifier: Arc::new(notifier),
            wake_notifier: Arc::new(tokio::sync::Notify::new()),
            delivery_workers: config.delivery_workers,
            login_limiter: Arc::new(RateLimiter::new(5)),
            event_limiter: Arc::new(RateLimiter::new(config.events_per_minute)),
            allowed_origins: Arc::new(config.origins().map_err(anyhow::Error::msg)?),
            body_timeout: std::time::Duration::from_secs(config.body_timeout_seconds.max(1)),
            trusted_proxies: Arc::new(
                client::parse_trusted(&config.trusted_proxies).map_err(anyhow::Error::msg)?,
            ),
            retention_days: config.retention_days,
            benchmarks,
        })
    }

    /// Starts the delivery worker on the current runtime (when a channel is configured).
    pub fn spawn_notifier(&self) {
        if self.notifier.delivers() {
            for _ in 0..self.delivery_workers.max(1) {
                tokio::spawn(Arc::clone(&self.notifier).run(Arc::clone(&self.wake_notifier)));
            }
        }
    }
}

/// Connects to the configured database (creating a SQLite file if needed) and applies the
/// migrations; what `migrate`, `purge` and `user add` need, without the rest of the state.
pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    Db::connect(&config.database_url).await.map_err(|error| {
        anyhow::anyhow!("DATABASE_URL / --database-url: cannot open the database: {error}")
    })
}

/// Purges expired leads now and every hour after, for as long as the runtime runs (with
/// `days` 0, none), and forgets which journeys the funnel counted more than two days ago.
pub fn spawn_retention(db: Db, days: u32) {
    tokio::spawn(async move {
        loop {
            match purge_expired(&db, days).await {
                Ok(0) => {}
                Ok(purged) => tracing::info!(purged, "retention purge"),
                Err(error) => tracing::warn!(%error, "retention purge failed"),
            }
            let two_days_ago = clock::utc_day(clock::now_ms() - 2 * 86_400_000);
            if let Err(error) = db.forget_journeys_before(&two_days_ago).await {
                tracing::warn!(%error, "forgetting counted journeys failed");
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}

/// The quiz the configuration names (`--quiz-dir`), validated.
pub fn load_quiz(config: &Config) -> anyhow::Result<Quiz> {
    readiness::load::load_dir(&config.quiz_dir).map_err(|errors| {
        anyhow::anyhow!(
            "INTAKE_QUIZ_DIR / --quiz-dir {}: the quiz is invalid:\n{errors}",
            config.quiz_dir.display()
        )
    })
}

/// The rules file the configuration names (`--routing`), read and checked against the
/// quiz; `None` without one. Every problem is reported at once.
pub fn load_rules(config: &Config, quiz: &Quiz) -> anyhow::Result<Option<routing::RuleSet>> {
    let Some(path) = &config.routing else {
        return Ok(None);
    };
    read_rules(path, quiz).map(Some)
}

/// Reads and checks a rules file (`intake rules check`, and at start).
pub fn read_rules(path: &std::path::Path, quiz: &Quiz) -> anyhow::Result<routing::RuleSet> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("INTAKE_ROUTING / --routing: cannot read {}", path.display()))?;
    routing::RuleSet::parse(&path.display().to_string(), &text, quiz).map_err(|problems| {
        anyhow::anyhow!("the routing rules are invalid:\n{}", problems.join("\n"))
    })
}

/// Creates a staff account, or sets a new password (and, if given, a role) for it; refuses
/// a malformed email and a password shorter than 12 characters. A new account without a
/// role is an admin if it is the first, sales otherwise.
pub async fn add_staff(
    db: &Db,
    email: &str,
    password: &str,
    role: Option<pipeline::Role>,
    now: i64,
) -> anyhow::Result<()> {
    let email = email.trim();
    anyhow::ensure!(
        readiness::lead::Email::parse(email).is_some(),
        "`{email}` is not an email address"
    );
    anyhow::ensure!(
        password.chars().count() >= 12,
        "the password needs at least 12 characters"
    );
    let hash = http::admin::hash_password(password).map_err(anyhow::Error::msg)?;
    db.upsert_staff(&uuid::Uuid::new_v4().to_string(), email, &hash, role, now)
        .await?;
    Ok(())
}

/// Deletes leads older than `days` (0 keeps everything); returns how many.
pub async fn purge_expired(db: &Db, days: u32) -> Result<u64, sqlx::Error> {
    if days == 0 {
        return Ok(0);
    }
    db.purge_before(clock::now_ms() - i64::from(days) * 86_400_000)
        .await
}

/// The Content-Security-Policy of the pages the server serves: the demo runs under the
/// same strict policy a careful host page would set.
const CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/// Builds the whole HTTP application, so tests can call it without a socket.
pub fn app(config: &Config, state: AppState) -> anyhow::Result<Router> {
    Ok(Router::new()
        .merge(api(config)?)
        .merge(staff_area())
        .route("/api/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
        .route("/r/{token}", get(http::report::page))
        .route(
            "/r/confirm/{token}",
            get(http::report::confirm::page).post(http::report::confirm::confirm),
        )
        .route("/report.css", get(http::report::css))
        .route("/readyz", get(readyz))
        .merge(widget_files(config))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // a body that trickles in ends with an error its handler answers 408 to
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            std::time::Duration::from_secs(config.body_timeout_seconds.max(1)),
        ))
        .with_state(state))
}

/// The lead API, for the partners' origins only.
fn api(config: &Config) -> anyhow::Result<Router<AppState>> {
    let origins: Vec<HeaderValue> = config
        .origins()
        .map_err(anyhow::Error::msg)?
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            header::HeaderName::from_static("idempotency-key"),
        ])
        .max_age(std::time::Duration::from_secs(600));
    Ok(Router::new()
        .route("/api/v1/leads", post(http::leads::create))
        .route(
            "/api/v1/leads/{id}/booking",
            post(http::leads::booking_opened),
        )
        .route("/api/v1/leads/{id}/report-link", post(http::report::mint))
        .route("/api/v1/events", post(http::events::create))
        .route("/api/v1/benchmarks", get(http::benchmarks::list))
        .route(
            "/api/v1/leads/report-requests",
            post(http::report::request::create),
        )
        // the handler enforces the lead limit itself, answering problem+json
        .layer(DefaultBodyLimit::disable())
        .layer(cors))
}

/// The staff area under `/admin`.
fn staff_area() -> Router<AppState> {
    Router::new()
        .route(
            "/admin",
            get(|| async { axum::response::Redirect::to("/admin/leads") }),
        )
        .route(
            "/admin/login",
            get(http::admin::login_page).post(http::admin::login),
        )
        .route("/admin/logout", post(http::admin::logout))
        .route("/admin/language", post(http::admin::language))
        .route("/admin/leads", get(http::admin::list))
        .route("/admin/leads.csv", get(http::admin::export::download))
        .route("/admin/leads/{id}", get(http::admin::detail))
        .route("/admin/leads/{id}/report", get(http::admin::report::page))
        .route(
            "/admin/leads/{id}/report/revoke",
            post(http::admin::report::revoke),
        )
        .route(
            "/admin/leads/{id}/status",
            post(http::admin::pipeline::status),
        )
        .route(
            "/admin/leads/{id}/owner",
            post(http::admin::pipeline::owner),
        )
        .route("/admin/leads/{id}/notes", post(http::admin::pipeline::note))
        .route(
            "/admin/leads/{id}/notifications/{notification}/resend",
            post(http::admin::pipeline::resend),
        )
        .route("/admin/accounts", get(http::admin::accounts::list))
        .route(
            "/admin/accounts/{id}/role",
            post(http::admin::accounts::role),
        )
        .route("/admin/audit", get(http::admin::accounts::audit_log))
        .route("/admin/settings", get(http::admin::accounts::settings))
        .route("/admin/funnel", get(http::admin::funnel::dashboard))
        .route("/admin/funnel.csv", get(http::admin::funnel::export))
        .route("/admin/erase", post(http::admin::erase))
        .route("/admin.css", get(admin_css))
        // pages with leads' personal data: no cache keeps them, no other site learns their
        // address (same-origin, not no-referrer: with no-referrer a browser posts its forms
        // with `Origin: null`, which the sign-in check refuses)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
}

/// The widget's files. They are public and load cross-origin on partners' pages (loader.js
/// imports the module and fetches the wasm in CORS mode): any origin may read them. The
/// precompressed copies (`xtask/precompress.mjs`) are sent to browsers that accept them; a
/// file without one is sent as it is.
fn widget_files(config: &Config) -> Router<AppState> {
    let files = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        // the file names carry no content hash, and the glue and the wasm must come from
        // one build: browsers revalidate (a 304 when unchanged) rather than guess how long
        // a copy stays fresh
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .service(
            ServeDir::new(&config.static_dir)
                .precompressed_br()
                .precompressed_gzip(),
        );
    Router::new().fallback_service(files)
}

/// The staff area's stylesheet.
async fn admin_css() -> ([(header::HeaderName, &'static str); 1], &'static str) {
    (
        [(header::CONTENT_TYPE, "text/css")],
        include_str!("http/admin/admin.css"),
    )
}

/// Answers as long as the process runs.
async fn healthz() -> &'static str {
    "ok"
}

/// Answers 200 when the database answers, 503 otherwise.
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.db.ready().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}

/// The API described as OpenAPI 3.1.
async fn openapi() -> ([(header::HeaderName, &'static str); 1], &'static str) {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
}
