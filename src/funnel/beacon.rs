//! The recorder of this page's journey and its sending: `navigator.sendBeacon` (a string,
//! so `text/plain`, no preflight, fire-and-forget, and sent even as the page unloads). Off
//! when the embed says `data-analytics="off"` or the browser sends Global Privacy Control:
//! then nothing is recorded and nothing leaves.

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::{Journey, Recorder};

thread_local! {
    /// The page's recorder and where it sends, once started; `None`: analytics off.
    static RECORDER: RefCell<Option<(Recorder, String)>> = const { RefCell::new(None) };
}

/// Whether the browser asks sites not to share or sell the visitor's data (GPC).
fn privacy_control() -> bool {
    web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"globalPrivacyControl".into()).ok())
        .is_some_and(|v| v.as_bool() == Some(true))
}

/// Starts recording this page's journey (once per page), unless switched off or GPC.
pub fn start(enabled: bool, endpoint: &str, journey: Journey, locale: &str) {
    if !enabled || privacy_control() {
        return;
    }
    let started = RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        if r.is_some() {
            return false;
        }
        *r = Some((
            Recorder::new(journey, locale),
            crate::config::beside_leads(endpoint, "events"),
        ));
        true
    });
    if started {
        send_when_hidden();
    }
}

/// Records a step; sends a batch when the recorder says so.
pub fn record(event: readiness::funnel::EventInput) {
    let now = RECORDER.with(|r| {
        r.borrow_mut()
            .as_mut()
            .is_some_and(|(rec, _)| rec.record(event))
    });
    if now {
        flush();
    }
}

/// Counts later steps in this language.
pub fn set_locale(locale: &str) {
    RECORDER.with(|r| {
        if let Some((rec, _)) = r.borrow_mut().as_mut() {
            rec.set_locale(locale);
        }
    });
}

/// Sends what is held, if anything.
pub fn flush() {
    let batch = RECORDER.with(|r| {
        r.borrow_mut()
            .as_mut()
            .and_then(|(rec, url)| Some((rec.take()?, url.clone())))
    });
    let Some((batch, url)) = batch else { return };
    let (Some(window), Ok(body)) = (web_sys::window(), serde_json::to_string(&batch)) else {
        return;
    };
    // refused (too large, a quota) or not: nothing the visitor waits for
    let _ = window
        .navigator()
        .send_beacon_with_opt_str(&url, Some(&body));
}

/// Sends what is held when the page is hidden (tab switched, closed, navigated away): on
/// `visibilitychange` to hidden, and on `pagehide`, which some browsers fire alone.
fn send_when_hidden() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let on_pagehide = Closure::<dyn Fn()>::new(flush);
    let _ =
        window.add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
    on_pagehide.forget();
    let on_hidden = Closure::<dyn Fn()>::new(move || {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden {
            flush();
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", on_hidden.as_ref().unchecked_ref());
    // lives as long as the page
    on_hidden.forget();
}
