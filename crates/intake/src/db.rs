//! The one module that speaks SQL. SQLite (a file, WAL, synchronous FULL, waits on locks)
//! by default; PostgreSQL when the URL says so. Queries are written once, portable.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Row};

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

/// A lead ready to store: every column.
#[derive(Debug, Clone)]
pub struct NewLead {
    pub id: String,
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
    /// Notification channels owed for this lead.
    pub notify: Vec<NotifyChannel>,
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

mod admin;
mod writer;

pub use admin::{LeadFilter, LeadRow, StaffSession};

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
        let writer =
            writer::Writer::spawn(pool.clone(), if backend == Backend::Sqlite { 1 } else { 4 });
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

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers.
    pub async fn ready(&self) -> bool {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await.is_ok()
    }

    /// Stores a lead and the notifications owed for it in one transaction (shared with
    /// the other leads that arrived meanwhile: see [`writer`]). A repeat of an idempotency
    /// key answers what the first request stored.
    pub async fn insert_lead(&self, lead: &NewLead) -> Result<Stored, sqlx::Error> {
        self.writer.store(lead.clone()).await
    }

    /// How many leads are stored.
    pub async fn count_leads(&self) -> Result<i64, sqlx::Error> {
        sqlx::query("SELECT COUNT(*) AS n FROM leads")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")
    }

    /// How many notifications are owed for a lead.
    pub async fn count_notifications(&self, lead_id: &str) -> Result<i64, sqlx::Error> {
        sqlx::query("SELECT COUNT(*) AS n FROM notifications WHERE lead_id = $1")
            .bind(lead_id)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")
    }
}

/// A way leads reach the sales team, as stored in `notifications.channel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotifyChannel {
    /// The signed `lead.created` webhook.
    Webhook,
    /// The lead email.
    Email,
}

impl NotifyChannel {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            NotifyChannel::Webhook => "webhook",
            NotifyChannel::Email => "email",
        }
    }

    /// The channel stored as `text`, if known.
    pub fn parse(text: &str) -> Option<NotifyChannel> {
        [NotifyChannel::Webhook, NotifyChannel::Email]
            .into_iter()
            .find(|channel| channel.as_str() == text)
    }
}

/// How a delivery attempt left a notification, as stored in `notifications.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Delivered.
    Sent,
    /// To try again at its next attempt time.
    Retry,
    /// Given up: shown to staff as failed.
    Failed,
}

impl Delivery {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Sent => "sent",
            Delivery::Retry => "retry",
            Delivery::Failed => "failed",
        }
    }
}

/// A lead's notification as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRow {
    /// `webhook` or `email`.
    pub channel: String,
    /// `pending`, `sending`, `retry`, `sent` or `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i64,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
}

/// A notification claimed for delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub id: String,
    pub lead_id: String,
    pub channel: String,
    pub attempts: i64,
}

/// How long a claimed notification is reserved for its worker.
const LEASE_MS: i64 = 120_000;

impl Db {
    /// Claims up to `limit` due notifications (pending, to retry, or whose worker's lease
    /// ran out). Each is claimed by a conditional update, so two instances never both send.
    pub async fn claim_due(&self, now: i64, limit: i64) -> Result<Vec<Claimed>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, lead_id, channel, attempts FROM notifications
             WHERE status IN ('pending', 'retry', 'sending') AND next_attempt_at_ms <= $1
             ORDER BY next_attempt_at_ms LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::new();
        for row in rows {
            let candidate = Claimed {
                id: row.try_get("id")?,
                lead_id: row.try_get("lead_id")?,
                channel: row.try_get("channel")?,
                attempts: row.try_get("attempts")?,
            };
            let taken = sqlx::query(
                "UPDATE notifications SET status = 'sending', next_attempt_at_ms = $1
                 WHERE id = $2 AND status IN ('pending', 'retry', 'sending') AND next_attempt_at_ms <= $3",
            )
            .bind(now + LEASE_MS)
            .bind(&candidate.id)
            .bind(now)
            .execute(&self.pool)
            .await?;
            if taken.rows_affected() == 1 {
                claimed.push(candidate);
            }
        }
        Ok(claimed)
    }

    /// Records the outcome of a delivery attempt: sent, to retry (at `next_at`) or failed
    /// (given up: visible to staff).
    pub async fn finish_notification(
        &self,
        id: &str,
        status: Delivery,
        attempts: i64,
        next_at: i64,
        error: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE notifications SET status = $1, attempts = $2, next_attempt_at_ms = $3, last_error = $4 WHERE id = $5")
            .bind(status.as_str())
            .bind(attempts)
            .bind(next_at)
            .bind(error)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The notifications of a lead: (channel, status, attempts, last error).
    pub async fn notifications(&self, lead_id: &str) -> Result<Vec<NotificationRow>, sqlx::Error> {
        let rows = sqlx::query("SELECT channel, status, attempts, last_error FROM notifications WHERE lead_id = $1 ORDER BY channel")
            .bind(lead_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|row| {
                Ok(NotificationRow {
                    channel: row.try_get("channel")?,
                    status: row.try_get("status")?,
                    attempts: row.try_get("attempts")?,
                    last_error: row.try_get("last_error")?,
                })
            })
            .collect()
    }
}
