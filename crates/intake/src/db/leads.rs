//! Queries of stored leads: the row staff and the delivery worker read, the filtered list,
//! one lead, erasure of a person and the retention purge.

use sqlx::Row;

use super::{Backend, Db};
use crate::clock::{day_end_ms, day_start_ms};

/// Filters, order and page of the lead list (the export takes the filters and the order);
/// empty fields do not filter.
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
    /// A pipeline status (`crate::pipeline::Status`), or empty for any.
    #[serde(default)]
    pub status: String,
    /// A staff account's id, `me`, `none` (nobody's), or empty for anyone's.
    #[serde(default)]
    pub owner: String,
    /// `newest` (the default), `oldest`, `readiness` or `grade` (the score behind the letter).
    #[serde(default)]
    pub sort: String,
    /// From 1.
    #[serde(default)]
    pub page: Option<u32>,
}

/// How many leads a page of the list shows.
pub const PAGE_SIZE: i64 = 50;

/// One page of the list, and how many leads the filters match in all.
#[derive(Debug, Clone, Default)]
pub struct LeadPage {
    pub rows: Vec<LeadRow>,
    pub total: i64,
}

/// What the search looks in, as stored with a lead.
pub(super) fn search_text(name: &str, company: &str, email: &str) -> String {
    format!("{name} {company} {email}").to_lowercase()
}

/// A value bound to a numbered placeholder.
enum Value {
    Text(String),
    Int(i64),
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl Value {
    fn bind<'q>(&self, query: Query<'q>) -> Query<'q> {
        match self {
            Value::Text(text) => query.bind(text.clone()),
            Value::Int(int) => query.bind(*int),
        }
    }
}

/// A `WHERE` clause with its values, numbered as it grows: `$1`, `$2`, … are what both
/// databases read (sqlx's `QueryBuilder` writes `?` for the `Any` driver, which
/// PostgreSQL refuses).
#[derive(Default)]
struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    /// The next placeholder, bound to `value`.
    fn bind(&mut self, value: Value) -> String {
        self.values.push(value);
        format!("${}", self.values.len())
    }

    fn and(&mut self, clause: String) {
        self.clauses.push(clause);
    }

    fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }

    fn apply<'q>(&self, query: Query<'q>) -> Query<'q> {
        self.values
            .iter()
            .fold(query, |query, value| value.bind(query))
    }
}

/// `%` and `_` searched as themselves: escaped for LIKE on both databases.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl LeadFilter {
    /// The conditions the filters make; `me` is the staff member looking.
    fn conditions(&self, me: &str) -> Conditions {
        let mut c = Conditions::default();
        c.and("kind = 'lead'".to_owned());
        if let Some(from) = day_start_ms(&self.from) {
            let from = c.bind(Value::Int(from));
            c.and(format!("received_at_ms >= {from}"));
        }
        if let Some(to) = day_end_ms(&self.to) {
            let to = c.bind(Value::Int(to));
            c.and(format!("received_at_ms <= {to}"));
        }
        match self.spam.as_str() {
            "only" => c.and("spam = 1".to_owned()),
            "include" => {}
            _ => c.and("spam = 0".to_owned()),
        }
        if !self.grade.trim().is_empty() {
            let grade = c.bind(Value::Text(self.grade.trim().to_owned()));
            c.and(format!("grade = {grade}"));
        }
        if !self.channel.trim().is_empty() {
            let channel = c.bind(Value::Text(format!(",{},", self.channel.trim())));
            c.and(format!(
                "(',' || top_channels || ',') LIKE '%' || {channel} || '%'"
            ));
        }
        if !self.status.trim().is_empty() {
            let status = c.bind(Value::Text(self.status.trim().to_owned()));
            c.and(format!("status = {status}"));
        }
        match self.owner.trim() {
            "" => {}
            "none" => c.and("owner_id IS NULL".to_owned()),
            owner => {
                let owner = if owner == "me" { me } else { owner };
                let owner = c.bind(Value::Text(owner.to_owned()));
                c.and(format!("owner_id = {owner}"));
            }
        }
        let q = self.q.trim().to_lowercase();
        if !q.is_empty() {
            let q = c.bind(Value::Text(like_pattern(&q)));
            c.and(format!("search_text LIKE {q} ESCAPE '\\'"));
        }
        c
    }

    /// The order the list is in; the newest first unless asked otherwise. Leads without a
    /// verdict come last (SQLite puts NULL last in a descending order by itself, which lets
    /// it read the order from an index; PostgreSQL has to be told).
    fn order(&self, backend: Backend) -> &'static str {
        let postgres = backend == Backend::Postgres;
        match (self.sort.as_str(), postgres) {
            ("oldest", _) => "received_at_ms ASC, id ASC",
            ("readiness", false) => "readiness DESC, received_at_ms DESC, id DESC",
            ("readiness", true) => "readiness DESC NULLS LAST, received_at_ms DESC, id DESC",
            ("grade", false) => "grade_score DESC, received_at_ms DESC, id DESC",
            ("grade", true) => "grade_score DESC NULLS LAST, received_at_ms DESC, id DESC",
            _ => "received_at_ms DESC, id DESC",
        }
    }

    /// The page asked for, from 1.
    pub fn page(&self) -> i64 {
        i64::from(self.page.unwrap_or(1).max(1))
    }
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
    /// Where it stands in the pipeline (`crate::pipeline::Status`).
    pub status: String,
    /// The staff account that owns it, and its email.
    pub owner_id: Option<String>,
    pub owner_email: Option<String>,
    /// The routing rule that chose its notifications.
    pub route: Option<String>,
}

pub(super) const LEAD_COLUMNS: &str = "id, received_at_ms, name, email, company, country, role, phone, wechat_id, message, locale, \
    readiness, tier, grade, top_channels, later_channels, verdict, blockers, spam_reason, quiz_version_known, score_mismatch, \
    answers_json, report_json, attribution_json, booking_opened_at_ms, status, owner_id, route, \
    (SELECT s.email FROM staff s WHERE s.id = leads.owner_id) AS owner_email";

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
        status: row.try_get("status")?,
        owner_id: row.try_get("owner_id")?,
        owner_email: row.try_get("owner_email")?,
        route: row.try_get("route")?,
    })
}

impl Db {
    /// One page of the leads matching the filter, in its order, and how many match;
    /// `me` is the staff member looking (the owner filter `me`).
    pub async fn list_leads(&self, filter: &LeadFilter, me: &str) -> Result<LeadPage, sqlx::Error> {
        let conditions = filter.conditions(me);
        let count_sql = format!("SELECT COUNT(*) AS n FROM leads WHERE {}", conditions.sql());
        let total: i64 = conditions
            .apply(sqlx::query(&count_sql))
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let offset = (filter.page() - 1).saturating_mul(PAGE_SIZE);
        // the page's ids first, from an index alone, then their rows: an offset skips index
        // entries, not whole rows (PostgreSQL reads every row it skips otherwise)
        let order = filter.order(self.backend);
        let sql = format!(
            "SELECT {LEAD_COLUMNS} FROM leads WHERE id IN (
                SELECT id FROM leads WHERE {} ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {offset})
             ORDER BY {order}",
            conditions.sql(),
        );
        let rows = conditions
            .apply(sqlx::query(&sql))
            .fetch_all(&self.pool)
            .await?;
        Ok(LeadPage {
            rows: rows.iter().map(lead_row).collect::<Result<_, _>>()?,
            total,
        })
    }

    /// Every lead matching the filter (up to `limit`), in its order: the export.
    pub async fn export_leads(
        &self,
        filter: &LeadFilter,
        me: &str,
        limit: i64,
    ) -> Result<Vec<LeadRow>, sqlx::Error> {
        let conditions = filter.conditions(me);
        let sql = format!(
            "SELECT {LEAD_COLUMNS} FROM leads WHERE {} ORDER BY {} LIMIT {limit}",
            conditions.sql(),
            filter.order(self.backend)
        );
        let rows = conditions
            .apply(sqlx::query(&sql))
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
        self.delete_leads("lower(email) = lower($1)", Value::Text(email.to_owned()))
            .await
    }

    /// Deletes leads received before `before_ms`; returns how many.
    pub async fn purge_before(&self, before_ms: i64) -> Result<u64, sqlx::Error> {
        self.delete_leads("received_at_ms < $1", Value::Int(before_ms))
            .await
    }

    /// Deletes the leads `condition` (on `$1`, bound to `value`) picks, and everything kept
    /// for them, in one transaction; returns how many leads.
    async fn delete_leads(&self, condition: &str, value: Value) -> Result<u64, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        for kept in [
            "notification_attempts",
            "notifications",
            "report_links",
            "report_requests",
            "lead_notes",
        ] {
            let sql = format!(
                "DELETE FROM {kept} WHERE lead_id IN (SELECT id FROM leads WHERE {condition})"
            );
            value.bind(sqlx::query(&sql)).execute(&mut *tx).await?;
        }
        let sql = format!("DELETE FROM leads WHERE {condition}");
        let done = value.bind(sqlx::query(&sql)).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}
