//! Queries of stored leads: the row staff and the delivery worker read, the filtered list,
//! one lead, erasure of a person and the retention purge.

use sqlx::Row;

use super::Db;
use crate::clock::{day_end_ms, day_start_ms};

/// Filters of the lead list and export; empty fields do not filter.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct LeadFilter {
    #[serde(default)]
    pub grade: String,
    #[serde(default)]
    pub channel: String,
    /// `yyyy-mm-dd`, inclusive.
    #[serde(default)]
    pub from: String,
    /// `yyyy-mm-dd`, inclusive.
    #[serde(default)]
    pub to: String,
    /// `only`, `include`, or empty (leave spam out).
    #[serde(default)]
    pub spam: String,
    /// Part of the name, company or email, in any case.
    #[serde(default)]
    pub q: String,
}

/// One lead as listed and exported.
#[derive(Debug, Clone, Default)]
pub struct LeadRow {
    pub id: String,
    pub received_at_ms: i64,
    pub name: String,
    pub email: String,
    pub company: String,
    pub country: String,
    pub role: String,
    pub phone: Option<String>,
    pub wechat_id: Option<String>,
    pub message: Option<String>,
    pub locale: String,
    pub readiness: Option<i64>,
    pub tier: Option<String>,
    pub grade: Option<String>,
    pub top_channels: String,
    pub later_channels: String,
    pub verdict: String,
    pub blockers: String,
    pub spam_reason: Option<String>,
    pub quiz_version_known: bool,
    pub score_mismatch: bool,
    pub answers_json: String,
    pub report_json: Option<String>,
    pub attribution_json: String,
    /// When the visitor opened the offered booking page, if they did.
    pub booking_opened_at_ms: Option<i64>,
}

pub(super) const LEAD_COLUMNS: &str = "id, received_at_ms, name, email, company, country, role, phone, wechat_id, message, locale, \
    readiness, tier, grade, top_channels, later_channels, verdict, blockers, spam_reason, quiz_version_known, score_mismatch, \
    answers_json, report_json, attribution_json, booking_opened_at_ms";

pub(super) fn lead_row(row: &sqlx::any::AnyRow) -> Result<LeadRow, sqlx::Error> {
    Ok(LeadRow {
        id: row.try_get("id")?,
        received_at_ms: row.try_get("received_at_ms")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        company: row.try_get("company")?,
        country: row.try_get("country")?,
        role: row.try_get("role")?,
        phone: row.try_get("phone")?,
        wechat_id: row.try_get("wechat_id")?,
        message: row.try_get("message")?,
        locale: row.try_get("locale")?,
        readiness: row.try_get("readiness")?,
        tier: row.try_get("tier")?,
        grade: row.try_get("grade")?,
        top_channels: row.try_get("top_channels")?,
        later_channels: row.try_get("later_channels")?,
        verdict: row.try_get("verdict")?,
        blockers: row.try_get("blockers")?,
        spam_reason: row.try_get("spam_reason")?,
        quiz_version_known: row.try_get::<i64, _>("quiz_version_known")? != 0,
        score_mismatch: row.try_get::<i64, _>("score_mismatch")? != 0,
        answers_json: row.try_get("answers_json")?,
        report_json: row.try_get("report_json")?,
        attribution_json: row.try_get("attribution_json")?,
        booking_opened_at_ms: row.try_get("booking_opened_at_ms")?,
    })
}

impl Db {
    /// Leads matching the filter, newest first.
    pub async fn list_leads(
        &self,
        filter: &LeadFilter,
        limit: i64,
    ) -> Result<Vec<LeadRow>, sqlx::Error> {
        let from = day_start_ms(&filter.from).unwrap_or(0);
        let to = day_end_ms(&filter.to).unwrap_or(i64::MAX);
        let (spam_low, spam_high) = match filter.spam.as_str() {
            "only" => (1, 1),
            "include" => (0, 1),
            _ => (0, 0),
        };
        let channel = format!("%{}%", filter.channel.replace(['%', '_'], ""));
        // `%` and `_` are searched as themselves: escaped for LIKE on both databases
        let search = format!(
            "%{}%",
            filter
                .q
                .trim()
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let rows = sqlx::query(&format!(
            "SELECT {LEAD_COLUMNS} FROM leads
             WHERE kind = 'lead' AND received_at_ms BETWEEN $1 AND $2 AND spam BETWEEN $3 AND $4
               AND ($5 = '' OR grade = $5) AND top_channels LIKE $6
               AND (lower(name) LIKE $8 ESCAPE '\\' OR lower(company) LIKE $8 ESCAPE '\\'
                    OR lower(email) LIKE $8 ESCAPE '\\')
             ORDER BY received_at_ms DESC LIMIT $7"
        ))
        .bind(from)
        .bind(to)
        .bind(spam_low)
        .bind(spam_high)
        .bind(filter.grade.trim())
        .bind(channel)
        .bind(limit)
        .bind(search)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(lead_row).collect()
    }

    /// One lead.
    pub async fn lead(&self, id: &str) -> Result<Option<LeadRow>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {LEAD_COLUMNS} FROM leads WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(lead_row).transpose()
    }

    /// Records that the visitor of the lead `id` opened the booking page, proved by the
    /// idempotency key their widget sent the lead with; the first time is kept. Whether
    /// such a lead exists.
    pub async fn record_booking_opened(
        &self,
        id: &str,
        idempotency_key: &str,
        now_ms: i64,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE leads SET booking_opened_at_ms = COALESCE(booking_opened_at_ms, $1)
             WHERE id = $2 AND idempotency_key = $3",
        )
        .bind(now_ms)
        .bind(id)
        .bind(idempotency_key)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Erases every lead of a person (with their notifications and report links); returns how many.
    pub async fn erase_by_email(&self, email: &str) -> Result<u64, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        for owed in ["notifications", "report_links", "report_requests"] {
            sqlx::query(&format!(
                "DELETE FROM {owed} WHERE lead_id IN (SELECT id FROM leads WHERE lower(email) = lower($1))"
            ))
            .bind(email)
            .execute(&mut *tx)
            .await?;
        }
        let done = sqlx::query("DELETE FROM leads WHERE lower(email) = lower($1)")
            .bind(email)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Deletes leads received before `before_ms`; returns how many.
    pub async fn purge_before(&self, before_ms: i64) -> Result<u64, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        for owed in ["notifications", "report_links", "report_requests"] {
            sqlx::query(&format!(
                "DELETE FROM {owed} WHERE lead_id IN (SELECT id FROM leads WHERE received_at_ms < $1)"
            ))
            .bind(before_ms)
            .execute(&mut *tx)
            .await?;
        }
        let done = sqlx::query("DELETE FROM leads WHERE received_at_ms < $1")
            .bind(before_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}
