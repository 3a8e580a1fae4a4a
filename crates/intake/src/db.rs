//! The one module that speaks SQL. SQLite (a file, WAL, synchronous FULL, waits on locks)
//! by default; PostgreSQL when the URL says so. Queries are written once, portable.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// Which database the pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The database.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    writer: writer::Writer,
}

/// How long a request waits for its lead to be stored before it answers 503.
pub const STORE_DEADLINE: Duration = Duration::from_secs(5);

/// A lead ready to store: every column.
#[derive(Debug, Clone, Default)]
pub struct NewLead {
    pub id: String,
    /// `lead` (a contact request), or `report` (a report asked for by email alone: never
    /// listed or notified as a lead).
    pub kind: String,
    pub idempotency_key: String,
    pub body_hash: String,
    pub received_at_ms: i64,
    pub quiz_version: String,
    pub quiz_version_known: bool,
    pub locale: String,
    pub name: String,
    pub email: String,
    pub company: String,
    pub country: String,
    pub role: String,
    pub phone: Option<String>,
    pub wechat_id: Option<String>,
    pub message: Option<String>,
    pub readiness: Option<i64>,
    pub tier: Option<String>,
    pub grade: Option<String>,
    pub grade_score: Option<i64>,
    /// The "start here" channels, comma-separated.
    pub top_channels: String,
    /// The channels that must wait, `channel:reason+reason` comma-separated.
    pub later_channels: String,
    /// `scored`, `not_enough_answers` or `unscored`.
    pub verdict: String,
    pub blockers: String,
    pub client_readiness: Option<i64>,
    pub score_mismatch: bool,
    pub spam_reason: Option<String>,
    pub answers_json: String,
    pub report_json: Option<String>,
    pub consents_json: String,
    pub attribution_json: String,
    /// The routing rule that chose its notifications, if a rules file is in use.
    pub route: Option<String>,
    /// Notification channels owed for this lead.
    pub notify: Vec<Owed>,
    /// The report the visitor asked for by email, if they did.
    pub report_request: Option<NewReportRequest>,
}

/// A report asked for by email: the confirmation is owed to this address (at most one a
/// day to each), its link's secret in the email only until it is sent.
#[derive(Debug, Clone)]
pub struct NewReportRequest {
    /// Lowercased.
    pub email: String,
    pub confirm_secret: String,
    pub confirm_hash: String,
    pub confirm_expires_at_ms: i64,
}

/// What storing a lead came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// A new lead with this id.
    Created(String),
    /// The same key and body were stored before, as this lead.
    Repeat(String),
    /// The key was used before for a different body.
    KeyReused,
}

mod benchmark;
mod funnel;
mod leads;
mod notifications;
mod pipeline;
mod reports;
mod staff;
mod writer;

pub use funnel::Count;
pub use leads::{LeadFilter, LeadPage, LeadRow, PAGE_SIZE};
pub use notifications::{Claimed, Delivery, NotificationRow, NotifyChannel, Owed};
pub use pipeline::{Account, AttemptRow, Change, NoteRow, RoleChange};
pub use reports::{Confirmation, ReportRequestRow};
pub use staff::{AuditEntry, StaffSession};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Db {
    /// Connects (creating a SQLite file if needed) and applies the migrations.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // durable on power loss; wait up to 5 s for a lock instead of failing
                        connection
                            .execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let writer = writer::Writer::spawn(pool.clone(), backend);
        let db = Db {
            pool,
            backend,
            writer,
        };
        db.migrate().await?;
        Ok(db)
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|error| sqlx::Error::Migrate(Box::new(error)))
    }

    /// A transaction that writes. On SQLite it takes the write lock first (`BEGIN
    /// IMMEDIATE`), as the lead writer does: a deferred one that read first would be refused
    /// its write whenever another connection had committed in between.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers and takes writes: after a write found it busy, a short
    /// probe of the write lock decides (SQLite; PostgreSQL only needs to answer).
    pub async fn ready(&self) -> bool {
        if sqlx::query("SELECT 1").fetch_one(&self.pool).await.is_err() {
            return false;
        }
        if !self.writer.busy() {
            return true;
        }
        let free = match self.backend {
            Backend::Sqlite => self.write_lock_free().await,
            Backend::Postgres => true,
        };
        if free {
            self.writer.set_busy(false);
        }
        free
    }

    /// Takes and releases SQLite's write lock, waiting at most 200 ms for it.
    async fn write_lock_free(&self) -> bool {
        let Ok(mut connection) = self.pool.acquire().await else {
            return false;
        };
        let probe = connection
            .execute("PRAGMA busy_timeout = 200; BEGIN IMMEDIATE; ROLLBACK;")
            .await
            .is_ok();
        if !probe {
            let _ = connection.execute("ROLLBACK").await;
        }
        let _ = connection.execute("PRAGMA busy_timeout = 5000").await;
        probe
    }

    /// Stores a lead and the notifications owed for it in one transaction (shared with
    /// the other leads that arrived meanwhile: see [`writer`]). A repeat of an idempotency
    /// key answers what the first request stored. Gives up after [`STORE_DEADLINE`] with
    /// [`sqlx::Error::PoolTimedOut`], however long a lock lasts: the lead may still be
    /// stored after, and a repeat of its key then answers it.
    pub async fn insert_lead(&self, lead: &NewLead) -> Result<Stored, sqlx::Error> {
        match tokio::time::timeout(STORE_DEADLINE, self.writer.store(lead.clone())).await {
            Ok(stored) => stored,
            Err(_) => {
                self.writer.set_busy(true);
                Err(sqlx::Error::PoolTimedOut)
            }
        }
    }
}
