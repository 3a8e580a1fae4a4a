//! Group commit. Writing tasks store every new lead: each takes whatever has queued up since
//! the last batch (up to [`MAX_BATCH`]) and stores it in one transaction, so one fsync makes a
//! whole batch durable instead of one fsync per lead. Repeated idempotency keys are found
//! before writing (one query per batch); should an insert still fail, the batch is stored
//! again lead by lead, so a bad row affects that lead alone. A handler hears back only after
//! the commit: an acknowledged lead is on disk.

use sqlx::{Any, AnyConnection, AnyPool, Row, Transaction};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, Mutex};

use super::{Backend, NewLead, NewReportRequest, NotifyChannel, Stored};

/// The most leads one transaction stores.
const MAX_BATCH: usize = 256;
/// How many leads may wait for the writer before handlers wait to hand theirs over.
const QUEUE: usize = 1024;

/// A lead to store and where to say how it went.
pub(super) struct Job {
    lead: NewLead,
    reply: oneshot::Sender<Result<Stored, sqlx::Error>>,
}

/// The handle handlers store leads through; `busy` is set while writes find the database
/// locked (for `/readyz`).
#[derive(Debug, Clone)]
pub(super) struct Writer(mpsc::Sender<Job>, Arc<AtomicBool>);

impl Writer {
    /// Starts `writers` writing tasks on the current runtime, taking batches from one queue
    /// in turn: one for SQLite (it has one writer at a time anyway), several for PostgreSQL
    /// (whose commits can overlap).
    pub(super) fn spawn(pool: AnyPool, backend: Backend) -> Writer {
        let writers = match backend {
            Backend::Sqlite => 1,
            Backend::Postgres => 4,
        };
        let (sender, receiver) = mpsc::channel(QUEUE);
        let receiver = Arc::new(Mutex::new(receiver));
        let busy = Arc::new(AtomicBool::new(false));
        for _ in 0..writers {
            let store = Store {
                pool: pool.clone(),
                backend,
            };
            tokio::spawn(run(store, Arc::clone(&receiver), Arc::clone(&busy)));
        }
        Writer(sender, busy)
    }

    /// Whether the last writes found the database locked.
    pub(super) fn busy(&self) -> bool {
        self.1.load(Ordering::Relaxed)
    }

    pub(super) fn set_busy(&self, busy: bool) {
        self.1.store(busy, Ordering::Relaxed);
    }

    /// Stores a lead; answers once its transaction has committed.
    pub(super) async fn store(&self, lead: NewLead) -> Result<Stored, sqlx::Error> {
        let (reply, outcome) = oneshot::channel();
        self.0
            .send(Job { lead, reply })
            .await
            .map_err(|_| sqlx::Error::WorkerCrashed)?;
        outcome.await.map_err(|_| sqlx::Error::WorkerCrashed)?
    }
}

/// Where a writing task stores leads.
struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// A write transaction. On SQLite it takes the write lock first (`BEGIN IMMEDIATE`,
    /// waiting up to the busy timeout): a deferred `BEGIN` that reads before it writes would
    /// have to turn its read snapshot into a write, which SQLite refuses at once, timeout or
    /// not, whenever another connection (a delivery worker marking a notification) committed
    /// in between.
    async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }
}

async fn run(store: Store, jobs: Arc<Mutex<mpsc::Receiver<Job>>>, busy: Arc<AtomicBool>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    // the queue is held only while taking a batch, not while writing it
    while jobs.lock().await.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let leads: Vec<&NewLead> = batch.iter().map(|job| &job.lead).collect();
        let outcomes = match leads.as_slice() {
            [lead] => vec![write_one(&store, lead).await],
            _ => match write_batch(&store, &leads).await {
                Ok(outcomes) => outcomes,
                // locked by another writer: nothing was stored; each handler answers 503
                // now, rather than each lead waiting for the lock again on its own
                Err(error) if is_busy(&error) => {
                    let error = error.to_string();
                    leads
                        .iter()
                        .map(|_| Err(sqlx::Error::Protocol(error.clone())))
                        .collect()
                }
                // the transaction itself failed (begin, savepoint or commit): nothing of it
                // was stored, so each lead is tried alone and gets its own answer
                Err(error) => {
                    tracing::warn!(%error, leads = leads.len(), "batch not stored; storing its leads one by one");
                    let mut outcomes = Vec::with_capacity(leads.len());
                    for lead in &leads {
                        outcomes.push(write_one(&store, lead).await);
                    }
                    outcomes
                }
            },
        };
        let locked = outcomes
            .iter()
            .any(|outcome| outcome.as_ref().is_err_and(is_busy));
        busy.store(locked, Ordering::Relaxed);
        for (job, outcome) in batch.drain(..).zip(outcomes) {
            // a handler that has gone (its client hung up) still has its lead stored
            let _ = job.reply.send(outcome);
        }
    }
}

/// Stores one lead in a transaction of its own (no savepoint needed).
async fn write_one(store: &Store, lead: &NewLead) -> Result<Stored, sqlx::Error> {
    let mut tx = store.begin().await?;
    match insert(&mut tx, lead).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Stored::Created(lead.id.clone()))
        }
        Err(error) => {
            tx.rollback().await?;
            if is_unique_violation(&error) {
                let mut connection = store.pool.acquire().await?;
                repeat_of(&mut connection, lead).await?.ok_or(error)
            } else {
                Err(error)
            }
        }
    }
}

/// What a lead whose idempotency key is already stored comes to.
async fn repeat_of(
    connection: &mut AnyConnection,
    lead: &NewLead,
) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query("SELECT id, body_hash FROM leads WHERE idempotency_key = $1")
        .bind(&lead.idempotency_key)
        .fetch_optional(connection)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let (id, hash): (String, String) = (row.try_get("id")?, row.try_get("body_hash")?);
    Ok(Some(repeat(lead, &id, &hash)))
}

/// A lead whose key is stored as lead `id` with body `hash`: the same lead again, or the key
/// reused for another body.
fn repeat(lead: &NewLead, id: &str, hash: &str) -> Stored {
    if hash == lead.body_hash {
        Stored::Repeat(id.to_owned())
    } else {
        Stored::KeyReused
    }
}

/// Whether a write failed because another writer holds the database (SQLite's `busy_timeout`
/// ran out: SQLITE_BUSY or SQLITE_LOCKED and their extended codes), not because of the lead.
/// The text is the fallback for an error that reached the writer as text (a batch's error
/// handed to each of its leads).
fn is_busy(error: &sqlx::Error) -> bool {
    if let sqlx::Error::Database(db) = error {
        if let Some(code) = db.code().and_then(|code| code.parse::<i32>().ok()) {
            return matches!(code & 0xff, 5 | 6);
        }
    }
    let text = error.to_string();
    text.contains("database is locked") || text.contains("database is busy")
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            db.is_unique_violation() || db.message().contains("UNIQUE constraint failed")
        }
        _ => false,
    }
}

/// Stores `leads` in one transaction. A lead whose key is stored already (or earlier in the
/// batch) is answered from what is stored, without writing; a failed insert fails the whole
/// transaction, and [`run`] then stores the leads one by one.
async fn write_batch(
    store: &Store,
    leads: &[&NewLead],
) -> Result<Vec<Result<Stored, sqlx::Error>>, sqlx::Error> {
    let mut tx = store.begin().await?;
    let mut known = stored_keys(&mut tx, leads).await?;
    let mut outcomes = Vec::with_capacity(leads.len());
    for lead in leads {
        let outcome = match known.get(&lead.idempotency_key) {
            Some((id, hash)) => repeat(lead, id, hash),
            None => {
                insert(&mut tx, lead).await?;
                known.insert(
                    lead.idempotency_key.clone(),
                    (lead.id.clone(), lead.body_hash.clone()),
                );
                Stored::Created(lead.id.clone())
            }
        };
        outcomes.push(Ok(outcome));
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// The stored leads among the batch's keys: key → (id, body hash).
async fn stored_keys(
    connection: &mut AnyConnection,
    leads: &[&NewLead],
) -> Result<HashMap<String, (String, String)>, sqlx::Error> {
    let placeholders: Vec<String> = (1..=leads.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT idempotency_key, id, body_hash FROM leads WHERE idempotency_key IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for lead in leads {
        query = query.bind(&lead.idempotency_key);
    }
    query
        .fetch_all(connection)
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.try_get("idempotency_key")?,
                (row.try_get("id")?, row.try_get("body_hash")?),
            ))
        })
        .collect()
}

/// The lead's row and the notifications owed for it.
async fn insert(connection: &mut AnyConnection, lead: &NewLead) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO leads (id, idempotency_key, body_hash, received_at_ms, quiz_version, quiz_version_known, locale,
            name, email, company, country, role, phone, wechat_id, message, readiness, tier, grade, grade_score,
            top_channels, blockers, client_readiness, score_mismatch, spam, spam_reason, answers_json, report_json,
            consents_json, attribution_json, later_channels, verdict, kind, status, route, search_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
            $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35)",
    )
    .bind(&lead.id)
    .bind(&lead.idempotency_key)
    .bind(&lead.body_hash)
    .bind(lead.received_at_ms)
    .bind(&lead.quiz_version)
    .bind(i64::from(lead.quiz_version_known))
    .bind(&lead.locale)
    .bind(&lead.name)
    .bind(&lead.email)
    .bind(&lead.company)
    .bind(&lead.country)
    .bind(&lead.role)
    .bind(&lead.phone)
    .bind(&lead.wechat_id)
    .bind(&lead.message)
    .bind(lead.readiness)
    .bind(&lead.tier)
    .bind(&lead.grade)
    .bind(lead.grade_score)
    .bind(&lead.top_channels)
    .bind(&lead.blockers)
    .bind(lead.client_readiness)
    .bind(i64::from(lead.score_mismatch))
    .bind(i64::from(lead.spam_reason.is_some()))
    .bind(&lead.spam_reason)
    .bind(&lead.answers_json)
    .bind(&lead.report_json)
    .bind(&lead.consents_json)
    .bind(&lead.attribution_json)
    .bind(&lead.later_channels)
    .bind(&lead.verdict)
    .bind(&lead.kind)
    .bind(if lead.spam_reason.is_some() { "spam" } else { "new" })
    .bind(&lead.route)
    .bind(super::leads::search_text(&lead.name, &lead.company, &lead.email))
    .execute(&mut *connection)
    .await?;
    for owed in &lead.notify {
        let channel = owed.channel.as_str();
        sqlx::query(
            "INSERT INTO notifications (id, lead_id, channel, status, attempts, next_attempt_at_ms, last_error, target)
             VALUES ($1, $2, $3, 'pending', 0, $4, NULL, $5)",
        )
        .bind(format!("{}-{channel}", lead.id))
        .bind(&lead.id)
        .bind(channel)
        .bind(lead.received_at_ms)
        .bind(&owed.target)
        .execute(&mut *connection)
        .await?;
    }
    if let Some(request) = &lead.report_request {
        request_report(connection, lead, request).await?;
    }
    Ok(())
}

/// A confirmation can go to an address once a day, whoever asks: a request to an address
/// that had one within the day is stored with the lead's consent but sends nothing.
const CONFIRMATIONS_APART_MS: i64 = 24 * 3_600_000;

/// The report asked for by email, and the confirmation owed for it (unless the address had
/// one within the day).
async fn request_report(
    connection: &mut AnyConnection,
    lead: &NewLead,
    request: &NewReportRequest,
) -> Result<(), sqlx::Error> {
    let recent: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM report_requests WHERE email = $1 AND created_at_ms > $2",
    )
    .bind(&request.email)
    .bind(lead.received_at_ms - CONFIRMATIONS_APART_MS)
    .fetch_one(&mut *connection)
    .await?
    .try_get("n")?;
    if recent > 0 {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO report_requests (lead_id, email, created_at_ms, confirm_hash, confirm_expires_at_ms)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&lead.id)
    .bind(&request.email)
    .bind(lead.received_at_ms)
    .bind(&request.confirm_hash)
    .bind(request.confirm_expires_at_ms)
    .execute(&mut *connection)
    .await?;
    let channel = NotifyChannel::ReportConfirm.as_str();
    sqlx::query(
        "INSERT INTO notifications (id, lead_id, channel, status, attempts, next_attempt_at_ms, secret)
         VALUES ($1, $2, $3, 'pending', 0, $4, $5)",
    )
    .bind(format!("{}-{channel}", lead.id))
    .bind(&lead.id)
    .bind(channel)
    .bind(lead.received_at_ms)
    .bind(&request.confirm_secret)
    .execute(&mut *connection)
    .await?;
    Ok(())
}
