//! The readiness of the stored leads by industry, for "How do you compare?": every scored,
//! genuine contact request (never a report asked for alone, never one taken or marked for
//! spam), read as a stream so that 100,000 leads are never all in memory.

use futures_util::TryStreamExt;
use readiness::benchmark::{industry, Tally};
use readiness::Answers;
use sqlx::Row;

use super::Db;

impl Db {
    /// Tallies the readiness of every scored, genuine lead by the industry it answered.
    pub async fn tally_readiness(&self) -> Result<Tally, sqlx::Error> {
        let mut tally = Tally::default();
        let mut rows = sqlx::query(
            "SELECT answers_json, readiness FROM leads
             WHERE kind = 'lead' AND spam = 0 AND status <> 'spam' AND readiness IS NOT NULL",
        )
        .fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            let readiness: i64 = row.try_get("readiness")?;
            let answers: String = row.try_get("answers_json")?;
            let answers = serde_json::from_str::<Answers>(&answers).unwrap_or_default();
            if let (Some(industry), Ok(readiness)) = (industry(&answers), u8::try_from(readiness)) {
                tally.add(industry, readiness);
            }
        }
        Ok(tally)
    }
}
