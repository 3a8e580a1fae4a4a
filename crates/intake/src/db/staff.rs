//! Staff accounts, their sessions, and the audit log (which holds no personal data of leads).

use sqlx::Row;

use super::Db;
use crate::pipeline::{AuditAction, Role};

/// A signed-in staff member.
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub staff_id: String,
    pub email: String,
    pub csrf_token: String,
    pub role: Role,
    /// The staff area's language: the one they chose, or (filled in by the sign-in check)
    /// their browser's.
    pub locale: String,
}

impl StaffSession {
    /// Whether this staff member may manage accounts, read the audit log and re-send.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

impl Db {
    /// Creates a staff account, or replaces its password hash and ends every session it
    /// has (a changed password locks out whoever knew the old one), in one transaction.
    /// `role`: the account's role; without one an account keeps its role, and a new one is
    /// an admin if it is the first account, sales otherwise.
    pub async fn upsert_staff(
        &self,
        id: &str,
        email: &str,
        password_hash: &str,
        role: Option<Role>,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE staff SET password_hash = $1, role = COALESCE($2, role) WHERE email = $3",
        )
        .bind(password_hash)
        .bind(role.map(Role::as_str))
        .bind(email)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM sessions WHERE staff_id IN (SELECT id FROM staff WHERE email = $1)",
        )
        .bind(email)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            let accounts: i64 = sqlx::query("SELECT COUNT(*) AS n FROM staff")
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
            let first = if accounts == 0 {
                Role::Admin
            } else {
                Role::Sales
            };
            sqlx::query("INSERT INTO staff (id, email, password_hash, created_at_ms, role) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(email)
                .bind(password_hash)
                .bind(now)
                .bind(role.unwrap_or(first).as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    }

    /// A staff account's id and password hash.
    pub async fn staff_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(String, String)>, sqlx::Error> {
        let row = sqlx::query("SELECT id, password_hash FROM staff WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok((row.try_get("id")?, row.try_get("password_hash")?)))
            .transpose()
    }

    /// Opens a session.
    pub async fn create_session(
        &self,
        token_hash: &str,
        staff_id: &str,
        csrf: &str,
        expires: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO sessions (token_hash, staff_id, csrf_token, expires_at_ms) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(staff_id)
            .bind(csrf)
            .bind(expires)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The live session with this token hash.
    pub async fn session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<StaffSession>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT s.staff_id, s.csrf_token, f.email, f.role, f.locale FROM sessions s JOIN staff f ON f.id = s.staff_id
             WHERE s.token_hash = $1 AND s.expires_at_ms > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(StaffSession {
                staff_id: row.try_get("staff_id")?,
                email: row.try_get("email")?,
                csrf_token: row.try_get("csrf_token")?,
                // an unknown role may do the least
                role: Role::parse(&row.try_get::<String, _>("role")?).unwrap_or(Role::Sales),
                locale: row
                    .try_get::<Option<String>, _>("locale")?
                    .unwrap_or_default(),
            })
        })
        .transpose()
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of a staff member ("sign out everywhere").
    pub async fn delete_sessions_of(&self, staff_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE staff_id = $1")
            .bind(staff_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Appends to the audit log (no personal data of leads in `detail`).
    pub async fn audit(
        &self,
        id: &str,
        at_ms: i64,
        staff_id: &str,
        action: AuditAction,
        detail: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO audit_log (id, at_ms, staff_id, action, detail) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(at_ms)
            .bind(staff_id)
            .bind(action.as_str())
            .bind(detail)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The audit log, newest first: (action, detail).
    pub async fn audit_entries(&self) -> Result<Vec<(String, String)>, sqlx::Error> {
        let rows = sqlx::query("SELECT action, detail FROM audit_log ORDER BY at_ms DESC")
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|row| Ok((row.try_get("action")?, row.try_get("detail")?)))
            .collect()
    }

    /// The newest `limit` audit entries: when, by whom (their email, if the account is
    /// still there), what.
    pub async fn audit_recent(&self, limit: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT a.at_ms, f.email, a.action, a.detail FROM audit_log a LEFT JOIN staff f ON f.id = a.staff_id
             ORDER BY a.at_ms DESC, a.id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditEntry {
                    at_ms: row.try_get("at_ms")?,
                    staff: row.try_get("email")?,
                    action: row.try_get("action")?,
                    detail: row.try_get("detail")?,
                })
            })
            .collect()
    }
}

/// An entry of the audit log as admins read it.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at_ms: i64,
    pub staff: Option<String>,
    pub action: String,
    pub detail: String,
}

impl Db {
    /// Keeps the staff area's language a staff member chose.
    pub async fn set_staff_locale(&self, staff_id: &str, locale: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE staff SET locale = $1 WHERE id = $2")
            .bind(locale)
            .bind(staff_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
