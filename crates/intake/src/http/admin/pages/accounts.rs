//! The admins' pages: staff accounts with their roles, and the audit log.

use askama::Template;

use super::{Choice, Languages, Words};
use crate::clock::utc_minute;
use crate::db::{Account, AuditEntry, StaffSession};

struct AccountRow {
    id: String,
    email: String,
    roles: Vec<Choice>,
    me: bool,
}

#[derive(Template)]
#[template(path = "admin/accounts.html")]
struct Accounts<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    message: Option<&'a str>,
    rows: Vec<AccountRow>,
}

/// The staff accounts and their roles, with a message (the key of a refused change) if any.
pub fn accounts(
    staff: &StaffSession,
    accounts: &[Account],
    message: Option<&str>,
) -> askama::Result<String> {
    let t = Words::of(&staff.locale);
    Accounts {
        title: t.get("accounts.title"),
        t,
        languages: Words::languages(),
        staff: Some(staff),
        message: message.map(|key| t.get(key)),
        rows: accounts
            .iter()
            .map(|a| AccountRow {
                id: a.id.clone(),
                email: a.email.clone(),
                roles: [
                    ("admin", "Admin: accounts, audit log, re-sending"),
                    ("sales", "Sales: leads"),
                ]
                .iter()
                .map(|(value, label)| Choice::new(value, label, &a.role))
                .collect(),
                me: a.id == staff.staff_id,
            })
            .collect(),
    }
    .render()
}

struct AuditRow {
    at: String,
    staff: String,
    action: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct Audit<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    rows: Vec<AuditRow>,
}

/// The newest entries of the audit log.
pub fn audit(staff: &StaffSession, entries: &[AuditEntry]) -> askama::Result<String> {
    let t = Words::of(&staff.locale);
    Audit {
        title: t.get("audit.title"),
        t,
        languages: Words::languages(),
        staff: Some(staff),
        rows: entries
            .iter()
            .map(|e| AuditRow {
                at: utc_minute(e.at_ms),
                staff: e
                    .staff
                    .clone()
                    .unwrap_or_else(|| "a removed account".to_owned()),
                action: e.action.clone(),
                detail: e.detail.clone(),
            })
            .collect(),
    }
    .render()
}
