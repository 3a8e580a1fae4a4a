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
