//! "How do you compare?" at the intake: the figures the results screen compares a visitor
//! with, computed from the stored leads ([`crate::db::Db::tally_readiness`]) at start and
//! then every `--benchmark-refresh-seconds` (an hour), and held ready to serve as they will be
//! sent (`GET /api/v1/benchmarks`, `http/benchmarks.rs`). Each instance computes its own
//! from the shared database.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use readiness::benchmark::Benchmarks;

use crate::db::Db;

/// The figures as served: their JSON, its entity tag, and when they were computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The response body.
    pub json: String,
    /// A strong entity tag of the body (quoted).
    pub etag: String,
    /// When the figures were computed; `None` before the first time.
    pub refreshed_at_ms: Option<i64>,
    /// How many industries have enough brands to be listed.
    pub industries: usize,
    /// Brands an industry needs.
    pub min_leads: u32,
    /// The figures themselves.
    pub figures: Benchmarks,
}

impl Published {
    fn of(benchmarks: &Benchmarks, refreshed_at_ms: Option<i64>) -> Published {
        let json = serde_json::to_string(benchmarks).unwrap_or_else(|_| "{}".to_owned());
        Published {
            etag: format!("\"{}\"", &crate::secret::digest(&json)[..32]),
            json,
            refreshed_at_ms,
            industries: benchmarks.industries.len(),
            min_leads: benchmarks.min_leads,
            figures: benchmarks.clone(),
        }
    }
}

/// The figures in force, replaced whole by each refresh.
#[derive(Debug)]
pub struct Board {
    min_leads: u32,
    current: RwLock<Arc<Published>>,
}

impl Board {
    /// A board listing nothing yet, for industries of at least `min_leads` brands.
    pub fn new(min_leads: u32) -> Board {
        let empty = Benchmarks {
            min_leads: min_leads.max(readiness::benchmark::LEAST_MIN_LEADS),
            industries: Vec::new(),
        };
        Board {
            min_leads,
            current: RwLock::new(Arc::new(Published::of(&empty, None))),
        }
    }

    /// A board for the industries of at least `--benchmark-min-leads` brands; fewer than
    /// [`readiness::benchmark::LEAST_MIN_LEADS`] is refused, naming the setting.
    pub fn from_config(config: &crate::Config) -> anyhow::Result<Board> {
        let least = readiness::benchmark::LEAST_MIN_LEADS;
        anyhow::ensure!(
            config.benchmark_min_leads >= least,
            "INTAKE_BENCHMARK_MIN_LEADS / --benchmark-min-leads: {} is too few; a comparison needs at least {least} brands in an industry, or a percentage says too much about each",
            config.benchmark_min_leads
        );
        Ok(Board::new(config.benchmark_min_leads))
    }

    /// The figures in force.
    pub fn current(&self) -> Arc<Published> {
        match self.current.read() {
            Ok(current) => Arc::clone(&current),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Computes the figures anew from the stored leads; the old ones stay in force if the
    /// database fails.
    pub async fn refresh(&self, db: &Db, now_ms: i64) -> Result<Arc<Published>, sqlx::Error> {
        let tally = db.tally_readiness().await?;
        let published = Arc::new(Published::of(
            &tally.benchmarks(self.min_leads),
            Some(now_ms),
        ));
        match self.current.write() {
            Ok(mut current) => *current = Arc::clone(&published),
            Err(poisoned) => *poisoned.into_inner() = Arc::clone(&published),
        }
        Ok(published)
    }
}

/// Refreshes `board` now and every `every` after, for as long as the runtime runs.
pub fn spawn_refresh(board: Arc<Board>, db: Db, every: Duration) {
    tokio::spawn(async move {
        loop {
            let started = std::time::Instant::now();
            match board.refresh(&db, crate::clock::now_ms()).await {
                Ok(published) => tracing::debug!(
                    industries = published.industries,
                    ms = started.elapsed().as_millis() as u64,
                    "benchmarks refreshed"
                ),
                Err(error) => tracing::warn!(%error, "refreshing the benchmarks failed"),
            }
            tokio::time::sleep(every.max(Duration::from_secs(1))).await;
        }
    });
}
