//! The durable notification outbox: the channels a lead is owed, claiming due
//! notifications (a conditional update, so two instances never send one twice), recording
//! each attempt, and what staff see of them.

use sqlx::Row;

use super::Db;

/// A way leads reach the sales team, as stored in `notifications.channel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotifyChannel {
    /// The signed `lead.created` webhook.
    Webhook,
    /// The lead email.
    Email,
    /// The Slack message (Block Kit).
    Slack,
    /// The Microsoft Teams message (Adaptive Card).
    Teams,
    /// To the visitor: confirm the address the report is to go to (double opt-in).
    ReportConfirm,
    /// To the visitor, once confirmed: the report.
    ReportEmail,
}

impl NotifyChannel {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            NotifyChannel::Webhook => "webhook",
            NotifyChannel::Email => "email",
            NotifyChannel::Slack => "slack",
            NotifyChannel::Teams => "teams",
            NotifyChannel::ReportConfirm => "report_confirm",
            NotifyChannel::ReportEmail => "report_email",
        }
    }

    /// The channel stored as `text`, if known.
    pub fn parse(text: &str) -> Option<NotifyChannel> {
        [
            NotifyChannel::Webhook,
            NotifyChannel::Email,
            NotifyChannel::Slack,
            NotifyChannel::Teams,
            NotifyChannel::ReportConfirm,
            NotifyChannel::ReportEmail,
        ]
        .into_iter()
        .find(|channel| channel.as_str() == text)
    }
}

/// A notification owed for a lead: its channel, and where a routing rule sent it (`None`:
/// the channel's configured destination).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owed {
    pub channel: NotifyChannel,
    /// A named webhook, Slack or Teams destination, or email addresses comma-separated.
    pub target: Option<String>,
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
    /// Its id: the event id receivers see, the same on every attempt and re-send.
    pub id: String,
    /// `webhook`, `email`, `slack` or `teams`.
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
    /// The link a visitor's email carries, until it is sent.
    pub secret: Option<String>,
    /// Where a routing rule sent it; `None`: the channel's configured destination.
    pub target: Option<String>,
}

impl Db {
    /// Claims up to `limit` due notifications (pending, to retry, or whose worker's lease
    /// ran out), each reserved for `lease_ms`: if the worker dies, another takes it over
    /// after that. Claimed by a conditional update, so two instances never both send.
    pub async fn claim_due(
        &self,
        now: i64,
        limit: i64,
        lease_ms: i64,
    ) -> Result<Vec<Claimed>, sqlx::Error> {
        // one statement: a row leased by another worker meanwhile no longer matches the
        // outer condition (PostgreSQL re-checks it after waiting for the row; SQLite has one
        // writer at a time), so no notification is claimed twice
        let rows = sqlx::query(
            "UPDATE notifications SET status = 'sending', next_attempt_at_ms = $1
             WHERE status IN ('pending', 'retry', 'sending') AND next_attempt_at_ms <= $2
               AND id IN (SELECT id FROM notifications
                          WHERE status IN ('pending', 'retry', 'sending') AND next_attempt_at_ms <= $2
                          ORDER BY next_attempt_at_ms LIMIT $3)
             RETURNING id, lead_id, channel, attempts, secret, target",
        )
        .bind(now + lease_ms)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Claimed {
                    id: row.try_get("id")?,
                    lead_id: row.try_get("lead_id")?,
                    channel: row.try_get("channel")?,
                    attempts: row.try_get("attempts")?,
                    secret: row.try_get("secret")?,
                    target: row.try_get("target")?,
                })
            })
            .collect()
    }

    /// Records the outcome of a delivery attempt: sent, to retry (at `next_at`) or failed
    /// (given up: visible to staff), with the attempt in its history. A visitor email's
    /// link is wiped once it is sent or given up.
    pub async fn finish_notification(
        &self,
        claimed: &Claimed,
        status: Delivery,
        next_at: i64,
        error: Option<&str>,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE notifications SET status = $1, attempts = $2, next_attempt_at_ms = $3, last_error = $4,
                    secret = CASE WHEN $1 IN ('sent', 'failed') THEN NULL ELSE secret END
             WHERE id = $5")
            .bind(status.as_str())
            .bind(claimed.attempts + 1)
            .bind(next_at)
            .bind(error)
            .bind(&claimed.id)
            .execute(&mut *tx)
            .await?;
        // nothing to add to when the lead was erased meanwhile
        sqlx::query("INSERT INTO notification_attempts (id, notification_id, lead_id, at_ms, outcome, error)
             SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM notifications WHERE id = $2)")
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(&claimed.id)
            .bind(&claimed.lead_id)
            .bind(now)
            .bind(status.as_str())
            .bind(error)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// The notifications of a lead: (channel, status, attempts, last error).
    pub async fn notifications(&self, lead_id: &str) -> Result<Vec<NotificationRow>, sqlx::Error> {
        let rows = sqlx::query("SELECT id, channel, status, attempts, last_error FROM notifications WHERE lead_id = $1 ORDER BY channel")
            .bind(lead_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|row| {
                Ok(NotificationRow {
                    id: row.try_get("id")?,
                    channel: row.try_get("channel")?,
                    status: row.try_get("status")?,
                    attempts: row.try_get("attempts")?,
                    last_error: row.try_get("last_error")?,
                })
            })
            .collect()
    }
}
