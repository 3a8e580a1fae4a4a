//! The lead intake server: for now it serves the built widget and demo page and answers
//! health checks. Lead storage and delivery arrive with the intake issue.

use std::path::PathBuf;

use axum::{routing::get, Router};
use tower_http::services::ServeDir;

pub mod config;

pub use config::Config;

/// Builds the whole HTTP application, so tests can call it without a socket.
pub fn app(config: &Config) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .fallback_service(ServeDir::new(static_dir(config)))
}

fn static_dir(config: &Config) -> PathBuf {
    config.static_dir.clone()
}

/// Answers as long as the process runs.
async fn healthz() -> &'static str {
    "ok"
}
