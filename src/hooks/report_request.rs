//! Sends the report request of the results screen (`POST {endpoint}/report-requests`) and
//! says what became of it: sent (a confirmation is on its way), refused with field errors,
//! or failed (offline, the server down or sending no email).

use std::time::Duration;

use readiness::lead::{FieldError, Problem, ReportRequestSubmission};
use yew::prelude::*;

use crate::effects;

const TIMEOUT: Duration = Duration::from_secs(20);

/// Where the request stands.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestState {
    /// Not sent.
    Idle,
    /// On its way.
    Sending,
    /// Accepted: the visitor is to confirm their address.
    Sent,
    /// Refused as it is: the fields to correct.
    Invalid(Vec<FieldError>),
    /// Not accepted for now; the visitor may send it again.
    Failed,
}

/// The request's state, and a callback that sends one.
#[hook]
pub fn use_report_request(endpoint: String) -> (RequestState, Callback<ReportRequestSubmission>) {
    let state = use_state_eq(|| RequestState::Idle);
    let send = {
        let state = state.clone();
        Callback::from(move |submission: ReportRequestSubmission| {
            if *state == RequestState::Sending {
                return;
            }
            state.set(RequestState::Sending);
            let state = state.clone();
            let url = format!("{}/report-requests", endpoint.trim_end_matches('/'));
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = send_request(&url, &submission).await;
                if outcome == RequestState::Sent {
                    crate::funnel::beacon::record(crate::funnel::step("report_requested"));
                }
                state.set(outcome);
            });
        })
    };
    ((*state).clone(), send)
}

async fn send_request(url: &str, submission: &ReportRequestSubmission) -> RequestState {
    let key = &submission.idempotency_key;
    let Some(response) = effects::post_keyed(url, key, Some(submission), TIMEOUT).await else {
        return RequestState::Failed;
    };
    match response.status() {
        202 => RequestState::Sent,
        422 => match response.json::<Problem>().await {
            Ok(problem) if !problem.errors.is_empty() => RequestState::Invalid(problem.errors),
            _ => RequestState::Failed,
        },
        _ => RequestState::Failed,
    }
}
