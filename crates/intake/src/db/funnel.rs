//! The funnel's counters: a batch of a journey's events folded into daily counts, each step
//! once per journey however often it is sent; the counts read back for the dashboard.

use readiness::funnel::EventBatch;
use sqlx::Row;

use super::Db;

/// One counter as the dashboard reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub page: String,
    pub source: String,
    pub campaign: String,
    pub locale: String,
    pub step: String,
    pub detail: String,
    pub journeys: i64,
}

impl Db {
    /// Folds a batch into the counters of `day` (`yyyy-mm-dd`): each step the journey (by
    /// `journey_digest`) was not yet counted for adds one, in one transaction. Returns how
    /// many steps were new.
    pub async fn fold_events(
        &self,
        batch: &EventBatch,
        journey_digest: &str,
        day: &str,
    ) -> Result<usize, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let mut new = 0;
        for step in &batch.steps {
            let seen = sqlx::query(
                "INSERT INTO funnel_seen (journey, step, detail, seen_day) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (journey, step, detail) DO NOTHING",
            )
            .bind(journey_digest)
            .bind(step.name())
            .bind(step.detail())
            .bind(day)
            .execute(&mut *tx)
            .await?;
            if seen.rows_affected() == 0 {
                continue;
            }
            new += 1;
            sqlx::query(
                "INSERT INTO funnel_counts (day, page, source, medium, campaign, locale, quiz_version, step, detail, journeys)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)
                 ON CONFLICT (day, page, source, medium, campaign, locale, quiz_version, step, detail)
                 DO UPDATE SET journeys = funnel_counts.journeys + 1",
            )
            .bind(day)
            .bind(&batch.page)
            .bind(&batch.source)
            .bind(&batch.medium)
            .bind(&batch.campaign)
            .bind(batch.locale.as_str())
            .bind(&batch.quiz_version)
            .bind(step.name())
            .bind(step.detail())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(new)
    }

    /// Forgets which journeys were counted before `day` (the fold's memory lasts two days).
    pub async fn forget_journeys_before(&self, day: &str) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM funnel_seen WHERE seen_day < $1")
            .bind(day)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// The counters from `from` to `to` (days, inclusive), summed over the days.
    pub async fn funnel_counts(&self, from: &str, to: &str) -> Result<Vec<Count>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT page, source, campaign, locale, step, detail, CAST(SUM(journeys) AS BIGINT) AS journeys FROM funnel_counts
             WHERE day >= $1 AND day <= $2
             GROUP BY page, source, campaign, locale, step, detail",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Count {
                    page: row.try_get("page")?,
                    source: row.try_get("source")?,
                    campaign: row.try_get("campaign")?,
                    locale: row.try_get("locale")?,
                    step: row.try_get("step")?,
                    detail: row.try_get("detail")?,
                    journeys: row.try_get("journeys")?,
                })
            })
            .collect()
    }
}
