//! Moving a lead along the pipeline: its status, its owner, notes, and (admins) re-sending a
//! notification that was given up. Each change is a form post with the session's CSRF
//! token from the staff area's own pages, written with its audit entry, then back to the
//! lead's page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::posted::{Posted, StaffForm};
use super::problem::{refuse, Refusal};
use super::{change_by, unavailable, StaffSession};
use crate::pipeline::Status;
use crate::routing::Facts;
use crate::AppState;

/// The longest note, in characters.
pub const NOTE_MAX: usize = 4000;

/// A pipeline form: the CSRF token and the one value it changes.
#[derive(serde::Deserialize)]
pub struct Pipeline {
    csrf: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    note: String,
}

impl StaffForm for Pipeline {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn back(id: &str) -> Response {
    Redirect::to(&format!("/admin/leads/{id}")).into_response()
}

fn no_lead(staff: &StaffSession) -> Response {
    refuse(staff, Refusal::NoLead)
}

/// `POST /admin/leads/{id}/status`.
pub async fn status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { staff, form }: Posted<Pipeline>,
) -> Response {
    let Some(status) = Status::parse(&form.status) else {
        return refuse(&staff, Refusal::BadStatus);
    };
    let change = change_by(&staff);
    // what the lead is owed if it was taken for spam and staff say it is genuine: the
    // notifications its routing gives it now
    let lead = match state.db.lead(&id).await {
        Ok(Some(lead)) => lead,
        Ok(None) => return no_lead(&staff),
        Err(error) => return unavailable(error),
    };
    let genuine = state.routing.route(&Facts::of_row(&lead));
    match state.db.set_status(&id, status, &genuine, &change).await {
        Ok(Some(before)) => {
            if before == Status::Spam.as_str() && status != Status::Spam {
                state.wake_notifier.notify_one();
            }
            back(&id)
        }
        Ok(None) => no_lead(&staff),
        Err(error) => unavailable(error),
    }
}

/// `POST /admin/leads/{id}/owner`: to a staff account, or (empty) to nobody.
pub async fn owner(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { staff, form }: Posted<Pipeline>,
) -> Response {
    let owner = Some(form.owner.trim()).filter(|o| !o.is_empty());
    let change = change_by(&staff);
    match state.db.set_owner(&id, owner, &change).await {
        Ok(true) => back(&id),
        Ok(false) => refuse(&staff, Refusal::NoLeadOrAccount),
        Err(error) => unavailable(error),
    }
}

/// `POST /admin/leads/{id}/notes`.
pub async fn note(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { staff, form }: Posted<Pipeline>,
) -> Response {
    let body = form.note.trim();
    if body.is_empty() || body.chars().count() > NOTE_MAX {
        return refuse(&staff, Refusal::BadNote);
    }
    let note_id = uuid::Uuid::new_v4().to_string();
    let change = change_by(&staff);
    match state.db.add_note(&id, &note_id, body, &change).await {
        Ok(true) => back(&id),
        Ok(false) => no_lead(&staff),
        Err(error) => unavailable(error),
    }
}

/// `POST /admin/leads/{id}/notifications/{notification}/resend` (admins): a given-up
/// notification goes back to the outbox under its own id, so receivers see the same event.
pub async fn resend(
    State(state): State<AppState>,
    Path((id, notification)): Path<(String, String)>,
    Posted { staff, .. }: Posted<Pipeline>,
) -> Response {
    if !staff.is_admin() {
        return refuse(&staff, Refusal::AdminsOnly);
    }
    let change = change_by(&staff);
    match state.db.resend(&id, &notification, &change).await {
        Ok(moved) => {
            if moved {
                state.wake_notifier.notify_one();
            }
            // a second click finds it on its way already: nothing more is sent
            back(&id)
        }
        Err(error) => unavailable(error),
    }
}
