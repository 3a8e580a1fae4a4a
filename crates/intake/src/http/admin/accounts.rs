//! What only admins see: the staff accounts and their roles (accounts are made with
//! `intake user add`), the audit log, and the settings in force.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::posted::{Posted, StaffForm};
use super::problem::{refuse, Refusal};
use super::{change_by, page, pages, unavailable, Staff};
use crate::db::RoleChange;
use crate::pipeline::Role;
use crate::AppState;

/// How many audit entries the log page shows, newest first.
const AUDIT_SHOWN: i64 = 200;

/// `GET /admin/accounts` (admins).
pub async fn list(State(state): State<AppState>, Staff(staff): Staff) -> Response {
    if !staff.is_admin() {
        return refuse(&staff, Refusal::AdminsOnly);
    }
    match state.db.accounts().await {
        Ok(accounts) => page(pages::accounts(&staff, &accounts, None)),
        Err(error) => unavailable(error),
    }
}

/// The role form.
#[derive(serde::Deserialize)]
pub struct RoleForm {
    csrf: String,
    role: String,
}

impl StaffForm for RoleForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /admin/accounts/{id}/role` (admins). The account's sessions end: its pages were
/// drawn for its old role.
pub async fn role(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { staff, form }: Posted<RoleForm>,
) -> Response {
    if !staff.is_admin() {
        return refuse(&staff, Refusal::AdminsOnly);
    }
    let Some(role) = Role::parse(&form.role) else {
        return refuse(&staff, Refusal::BadRole);
    };
    let change = change_by(&staff);
    match state.db.set_role(&id, role, &change).await {
        Ok(RoleChange::Changed | RoleChange::Unchanged) => {
            Redirect::to("/admin/accounts").into_response()
        }
        Ok(RoleChange::NoSuchAccount) => refuse(&staff, Refusal::NoAccount),
        Ok(RoleChange::LastAdmin) => {
            let accounts = state.db.accounts().await.unwrap_or_default();
            let message = "accounts.last_admin";
            (
                StatusCode::CONFLICT,
                page(pages::accounts(&staff, &accounts, Some(message))),
            )
                .into_response()
        }
        Err(error) => unavailable(error),
    }
}

/// `GET /admin/audit` (admins): the newest entries of the audit log.
pub async fn audit_log(State(state): State<AppState>, Staff(staff): Staff) -> Response {
    if !staff.is_admin() {
        return refuse(&staff, Refusal::AdminsOnly);
    }
    match state.db.audit_recent(AUDIT_SHOWN).await {
        Ok(entries) => page(pages::audit(&staff, &entries)),
        Err(error) => unavailable(error),
    }
}

/// `GET /admin/settings` (admins): the routing and delivery settings in force.
pub async fn settings(State(state): State<AppState>, Staff(staff): Staff) -> Response {
    if !staff.is_admin() {
        return refuse(&staff, Refusal::AdminsOnly);
    }
    let benchmarks = state.benchmarks.current();
    let in_force = pages::InForce {
        routing: &state.routing,
        channels: state
            .notifier
            .channels()
            .iter()
            .map(|c| c.as_str())
            .collect(),
        reports: state.notifier.sends_reports(),
        sales_locale: state.notifier.locale(),
        retention_days: state.retention_days,
        benchmarks: &benchmarks,
    };
    page(pages::settings(&staff, &in_force))
}
