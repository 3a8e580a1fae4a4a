//! A lead's report page for staff (the very page the visitor's link shows, signed in, no
//! link needed) and revoking the visitor's links, audited.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::posted::Posted;
use super::{audit, unavailable, Protected, Staff};
use crate::clock::now_ms;
use crate::pipeline::AuditAction;
use crate::AppState;

/// `GET /admin/leads/{id}/report`.
pub async fn page(
    State(state): State<AppState>,
    Staff(staff): Staff,
    Path(id): Path<String>,
) -> Response {
    match state.db.lead(&id).await {
        Ok(Some(lead)) => crate::http::report::render(&state, &lead),
        Ok(None) => super::problem::refuse(&staff, super::problem::Refusal::NoLead),
        Err(error) => unavailable(error),
    }
}

/// `POST /admin/leads/{id}/report/revoke`: every link the visitor was given stops working.
pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { staff, .. }: Posted<Protected>,
) -> Response {
    let revoked = match state.db.revoke_report_links(&id, now_ms()).await {
        Ok(revoked) => revoked,
        Err(error) => return unavailable(error),
    };
    let detail = format!("{revoked} report link(s) of lead {id} revoked");
    if let Err(error) = audit(&state, &staff, AuditAction::RevokeReportLinks, &detail).await {
        return unavailable(error);
    }
    Redirect::to(&format!("/admin/leads/{id}")).into_response()
}
