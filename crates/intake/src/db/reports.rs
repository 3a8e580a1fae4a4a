//! Links to a lead's report page: made for the lead's own widget, looked up by the digest
//! of their secret, revoked by staff, gone with the lead.

use sqlx::Row;

use super::leads::{lead_row, LEAD_COLUMNS};
use super::{Db, LeadRow};

impl Db {
    /// Stores a new report link (`token_hash`, the digest of its secret) for the lead `id`,
    /// proved by the idempotency key its widget sent it with. Whether such a lead exists.
    pub async fn create_report_link(
        &self,
        id: &str,
        idempotency_key: &str,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "INSERT INTO report_links (token_hash, lead_id, created_at_ms)
             SELECT $1, id, $2 FROM leads WHERE id = $3 AND idempotency_key = $4",
        )
        .bind(token_hash)
        .bind(now_ms)
        .bind(id)
        .bind(idempotency_key)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The lead whose report the link with this digest shows: not when the link was
    /// revoked, nor when the lead was received before `not_before_ms` (its retention ran out
    /// and the purge has not come yet).
    pub async fn lead_by_report_link(
        &self,
        token_hash: &str,
        not_before_ms: i64,
    ) -> Result<Option<LeadRow>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "SELECT {LEAD_COLUMNS} FROM leads
             WHERE received_at_ms >= $2 AND id = (SELECT lead_id FROM report_links
                                                  WHERE token_hash = $1 AND revoked_at_ms IS NULL)"
        ))
        .bind(token_hash)
        .bind(not_before_ms)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(lead_row).transpose()
    }

    /// Revokes every live link to the lead's report; returns how many.
    pub async fn revoke_report_links(&self, id: &str, now_ms: i64) -> Result<u64, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE report_links SET revoked_at_ms = $1 WHERE lead_id = $2 AND revoked_at_ms IS NULL",
        )
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// How many live links the lead's report has.
    pub async fn live_report_links(&self, id: &str) -> Result<i64, sqlx::Error> {
        sqlx::query(
            "SELECT COUNT(*) AS n FROM report_links WHERE lead_id = $1 AND revoked_at_ms IS NULL",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?
        .try_get("n")
    }
}

/// A confirmation link as found: whose it is and whether it still works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    /// The lead's language.
    pub locale: String,
    /// Not used yet and not expired.
    pub usable: bool,
}

/// A report asked for by email, as staff see it: when, and when confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequestRow {
    pub created_at_ms: i64,
    pub confirmed_at_ms: Option<i64>,
}

impl Db {
    /// The confirmation link with this digest, if there is one.
    pub async fn confirmation(
        &self,
        confirm_hash: &str,
        now_ms: i64,
    ) -> Result<Option<Confirmation>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT l.locale AS locale, r.confirmed_at_ms AS confirmed, r.confirm_expires_at_ms AS expires
             FROM report_requests r JOIN leads l ON l.id = r.lead_id WHERE r.confirm_hash = $1",
        )
        .bind(confirm_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let confirmed: Option<i64> = row.try_get("confirmed")?;
            let expires: i64 = row.try_get("expires")?;
            Ok(Confirmation {
                locale: row.try_get("locale")?,
                usable: confirmed.is_none() && expires > now_ms,
            })
        })
        .transpose()
    }

    /// Uses the confirmation link with this digest, once: records the time, and in the
    /// same transaction makes a report link (`page_secret`, stored as its digest) and owes
    /// the visitor the report email carrying it. The lead's id, or `None` when the link is
    /// unknown, used or expired.
    pub async fn confirm_report(
        &self,
        confirm_hash: &str,
        now_ms: i64,
        page_secret: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let confirmed = sqlx::query(
            "UPDATE report_requests SET confirmed_at_ms = $1
             WHERE confirm_hash = $2 AND confirmed_at_ms IS NULL AND confirm_expires_at_ms > $1
             RETURNING lead_id",
        )
        .bind(now_ms)
        .bind(confirm_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = confirmed else {
            return Ok(None);
        };
        let lead_id: String = row.try_get("lead_id")?;
        sqlx::query(
            "INSERT INTO report_links (token_hash, lead_id, created_at_ms) VALUES ($1, $2, $3)",
        )
        .bind(crate::secret::digest(page_secret))
        .bind(&lead_id)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        let channel = super::NotifyChannel::ReportEmail.as_str();
        sqlx::query(
            "INSERT INTO notifications (id, lead_id, channel, status, attempts, next_attempt_at_ms, secret)
             VALUES ($1, $2, $3, 'pending', 0, $4, $5)",
        )
        .bind(format!("{lead_id}-{channel}"))
        .bind(&lead_id)
        .bind(channel)
        .bind(now_ms)
        .bind(page_secret)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(lead_id))
    }

    /// The report the lead asked for by email, if it did.
    pub async fn report_request(
        &self,
        lead_id: &str,
    ) -> Result<Option<ReportRequestRow>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT created_at_ms, confirmed_at_ms FROM report_requests WHERE lead_id = $1",
        )
        .bind(lead_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(ReportRequestRow {
                created_at_ms: row.try_get("created_at_ms")?,
                confirmed_at_ms: row.try_get("confirmed_at_ms")?,
            })
        })
        .transpose()
    }
}
