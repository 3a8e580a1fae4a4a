//! The sales pipeline: a lead's status, owner and notes, each change written with its
//! audit entry in one transaction; staff accounts and roles; re-sending a notification and
//! the history of its attempts.

use sqlx::{AnyConnection, Row};

use super::{Db, Owed};
use crate::pipeline::{AuditAction, Role, Status};

/// Who changes what, when: the audit entry a change is written with.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    /// The audit entry's id.
    pub audit_id: String,
    pub staff_id: &'a str,
    pub at_ms: i64,
}

/// A note on a lead, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRow {
    /// The author's email; `None` once their account is gone.
    pub author: Option<String>,
    pub at_ms: i64,
    pub body: String,
}

/// A staff account as the accounts page and the owner choice show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub role: String,
}

/// One delivery attempt of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRow {
    pub notification_id: String,
    pub at_ms: i64,
    /// `sent`, `retry` or `failed`.
    pub outcome: String,
    pub error: Option<String>,
}

/// What a change of role came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    Changed,
    Unchanged,
    NoSuchAccount,
    /// It would leave no admin.
    LastAdmin,
}

async fn audit_in(
    connection: &mut AnyConnection,
    change: &Change<'_>,
    action: AuditAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, at_ms, staff_id, action, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&change.audit_id)
    .bind(change.at_ms)
    .bind(change.staff_id)
    .bind(action.as_str())
    .bind(detail)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// The notifications a lead is owed now, unless it has them already (a lead marked spam,
/// genuine, spam and genuine again is notified once).
async fn owe(
    connection: &mut AnyConnection,
    lead_id: &str,
    (route, owed): &(Option<String>, Vec<Owed>),
    now: i64,
) -> Result<(), sqlx::Error> {
    for owed in owed {
        let channel = owed.channel.as_str();
        sqlx::query(
            "INSERT INTO notifications (id, lead_id, channel, status, attempts, next_attempt_at_ms, target)
             VALUES ($1, $2, $3, 'pending', 0, $4, $5) ON CONFLICT (id) DO NOTHING",
        )
        .bind(format!("{lead_id}-{channel}"))
        .bind(lead_id)
        .bind(channel)
        .bind(now)
        .bind(&owed.target)
        .execute(&mut *connection)
        .await?;
    }
    sqlx::query("UPDATE leads SET route = COALESCE(route, $1) WHERE id = $2")
        .bind(route)
        .bind(lead_id)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

impl Db {
    /// Moves a lead to `status` (`spam` follows it); the status it had, or `None` when there
    /// is no such lead. No change, no audit entry.
    /// A lead taken for spam that staff mark genuine is owed `genuine` then (the routing
    /// rule, if any, and the notifications it would have had), in the same transaction.
    pub async fn set_status(
        &self,
        lead_id: &str,
        status: Status,
        genuine: &(Option<String>, Vec<Owed>),
        change: &Change<'_>,
    ) -> Result<Option<String>, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let before: Option<String> =
            sqlx::query("SELECT status FROM leads WHERE id = $1 AND kind = 'lead'")
                .bind(lead_id)
                .fetch_optional(&mut *tx)
                .await?
                .map(|row| row.try_get("status"))
                .transpose()?;
        let Some(before) = before else {
            return Ok(None);
        };
        if before != status.as_str() {
            sqlx::query("UPDATE leads SET status = $1, spam = $2 WHERE id = $3")
                .bind(status.as_str())
                .bind(i64::from(status == Status::Spam))
                .bind(lead_id)
                .execute(&mut *tx)
                .await?;
            let detail = format!("lead {lead_id}: {before} -> {}", status.as_str());
            audit_in(&mut tx, change, AuditAction::Status, &detail).await?;
            if before == Status::Spam.as_str() {
                owe(&mut tx, lead_id, genuine, change.at_ms).await?;
            }
        }
        tx.commit().await?;
        Ok(Some(before))
    }

    /// Gives a lead to a staff account (`None`: to nobody). Whether the lead and the account
    /// exist.
    pub async fn set_owner(
        &self,
        lead_id: &str,
        owner: Option<&str>,
        change: &Change<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let owner_email: Option<String> = match owner {
            Some(owner) => {
                let row = sqlx::query("SELECT email FROM staff WHERE id = $1")
                    .bind(owner)
                    .fetch_optional(&mut *tx)
                    .await?;
                match row {
                    Some(row) => Some(row.try_get("email")?),
                    None => return Ok(false),
                }
            }
            None => None,
        };
        let done = sqlx::query("UPDATE leads SET owner_id = $1 WHERE id = $2 AND kind = 'lead'")
            .bind(owner)
            .bind(lead_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let to = owner_email.as_deref().unwrap_or("nobody");
        audit_in(
            &mut tx,
            change,
            AuditAction::Owner,
            &format!("lead {lead_id}: to {to}"),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Adds a note to a lead (its text stays out of the audit log). Whether the lead exists.
    pub async fn add_note(
        &self,
        lead_id: &str,
        note_id: &str,
        body: &str,
        change: &Change<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let exists = sqlx::query("SELECT 1 AS one FROM leads WHERE id = $1 AND kind = 'lead'")
            .bind(lead_id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if !exists {
            return Ok(false);
        }
        sqlx::query("INSERT INTO lead_notes (id, lead_id, staff_id, at_ms, body) VALUES ($1, $2, $3, $4, $5)")
            .bind(note_id)
            .bind(lead_id)
            .bind(change.staff_id)
            .bind(change.at_ms)
            .bind(body)
            .execute(&mut *tx)
            .await?;
        audit_in(
            &mut tx,
            change,
            AuditAction::Note,
            &format!("lead {lead_id}: note {note_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A lead's notes, oldest first.
    pub async fn notes(&self, lead_id: &str) -> Result<Vec<NoteRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT f.email, n.at_ms, n.body FROM lead_notes n LEFT JOIN staff f ON f.id = n.staff_id
             WHERE n.lead_id = $1 ORDER BY n.at_ms, n.id",
        )
        .bind(lead_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(NoteRow {
                    author: row.try_get("email")?,
                    at_ms: row.try_get("at_ms")?,
                    body: row.try_get("body")?,
                })
            })
            .collect()
    }

    /// Every staff account, by email.
    pub async fn accounts(&self) -> Result<Vec<Account>, sqlx::Error> {
        let rows = sqlx::query("SELECT id, email, role FROM staff ORDER BY email")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(Account {
                    id: row.try_get("id")?,
                    email: row.try_get("email")?,
                    role: row.try_get("role")?,
                })
            })
            .collect()
    }

    /// Gives an account a role; never takes the last admin's away. A changed role ends the
    /// account's sessions (their pages were drawn for the old one).
    pub async fn set_role(
        &self,
        staff_id: &str,
        role: Role,
        change: &Change<'_>,
    ) -> Result<RoleChange, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT email, role FROM staff WHERE id = $1")
            .bind(staff_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            return Ok(RoleChange::NoSuchAccount);
        };
        let (email, before): (String, String) = (row.try_get("email")?, row.try_get("role")?);
        if before == role.as_str() {
            return Ok(RoleChange::Unchanged);
        }
        let admins: i64 = sqlx::query("SELECT COUNT(*) AS n FROM staff WHERE role = 'admin'")
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if before == Role::Admin.as_str() && admins <= 1 {
            return Ok(RoleChange::LastAdmin);
        }
        sqlx::query("UPDATE staff SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE staff_id = $1")
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        let detail = format!("{email}: {before} -> {}", role.as_str());
        audit_in(&mut tx, change, AuditAction::Role, &detail).await?;
        tx.commit().await?;
        Ok(RoleChange::Changed)
    }

    /// Puts a given-up sales notification of a lead back in the outbox, due now, with a
    /// fresh count of attempts; its id (the receivers' event id) and its history stay. Only
    /// a `failed` one moves, so a second click re-sends nothing more. Whether it moved.
    pub async fn resend(
        &self,
        lead_id: &str,
        notification_id: &str,
        change: &Change<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at_ms = $1, last_error = NULL
             WHERE id = $2 AND lead_id = $3 AND status = 'failed'
               AND channel IN ('webhook', 'email', 'slack', 'teams')",
        )
        .bind(change.at_ms)
        .bind(notification_id)
        .bind(lead_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let detail = format!("lead {lead_id}: notification {notification_id}");
        audit_in(&mut tx, change, AuditAction::Resend, &detail).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Every delivery attempt of a lead's notifications, oldest first.
    pub async fn attempts(&self, lead_id: &str) -> Result<Vec<AttemptRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT notification_id, at_ms, outcome, error FROM notification_attempts
             WHERE lead_id = $1 ORDER BY at_ms, id",
        )
        .bind(lead_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AttemptRow {
                    notification_id: row.try_get("notification_id")?,
                    at_ms: row.try_get("at_ms")?,
                    outcome: row.try_get("outcome")?,
                    error: row.try_get("error")?,
                })
            })
            .collect()
    }
}
