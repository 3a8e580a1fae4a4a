//! The visitor keeps their report: asks the intake for a private link to the report page of
//! their acknowledged lead (`POST {endpoint}/{id}/report-link`, the lead's idempotency key
//! as proof), and copies it to the clipboard.

use std::time::Duration;

use readiness::lead::ReportLink;
use yew::prelude::*;

use crate::effects;

/// A link is a few bytes: on a line too slow for it in this time, the visitor is told and
/// can ask again.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Where the request for a link stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkState {
    /// Not asked for.
    Idle,
    /// On its way.
    Making,
    /// The page's address.
    Ready(String),
    /// The intake did not answer with a link; the visitor may ask again.
    Failed,
}

/// The lead a link is asked for: the endpoint it was sent to, its id, its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadRef {
    pub endpoint: String,
    pub id: String,
    pub key: String,
}

/// What the component shows and can do.
pub struct ReportLinkHandle {
    pub state: LinkState,
    /// Whether the link was copied since it was made.
    pub copied: bool,
    pub make: Callback<()>,
    pub copy: Callback<()>,
}

/// The link's state, and callbacks to ask for it and to copy it.
#[hook]
pub fn use_report_link(lead: LeadRef) -> ReportLinkHandle {
    let state = use_state_eq(|| LinkState::Idle);
    let copied = use_state_eq(|| false);
    let make = {
        let state = state.clone();
        Callback::from(move |()| {
            if *state == LinkState::Making {
                return;
            }
            state.set(LinkState::Making);
            let state = state.clone();
            let lead = lead.clone();
            wasm_bindgen_futures::spawn_local(async move {
                state.set(
                    fetch(&lead)
                        .await
                        .map_or(LinkState::Failed, LinkState::Ready),
                );
            });
        })
    };
    let copy = {
        let (state, copied) = (state.clone(), copied.clone());
        Callback::from(move |()| {
            if let LinkState::Ready(url) = &*state {
                let copied = copied.clone();
                let url = url.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    copied.set(effects::copy_text(&url).await);
                });
            }
        })
    };
    ReportLinkHandle {
        state: (*state).clone(),
        copied: *copied,
        make,
        copy,
    }
}

/// The page's absolute address, or `None` when the intake did not give one.
async fn fetch(lead: &LeadRef) -> Option<String> {
    let url = format!(
        "{}/{}/report-link",
        lead.endpoint.trim_end_matches('/'),
        lead.id
    );
    let response = effects::post_keyed(&url, &lead.key, None::<&()>, TIMEOUT).await?;
    if response.status() != 201 {
        return None;
    }
    let link: ReportLink = response.json().await.ok()?;
    // the page lives on the intake: resolved against the endpoint (itself perhaps relative
    // to the host page), never against the host page alone
    let page = web_sys::window()?.location().href().ok()?;
    let endpoint = web_sys::Url::new_with_base(&url, &page).ok()?;
    web_sys::Url::new_with_base(&link.url, &endpoint.href())
        .ok()
        .map(|resolved| resolved.href())
}
