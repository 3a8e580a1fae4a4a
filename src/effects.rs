//! The widget's dealings with the browser: clock, ids, storage, network, focus, analytics.
//! Everything here may fail (private mode, offline, blocked storage) and says so with a
//! `Result` or `Option`; nothing here panics.

use readiness::lead::Attribution;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlElement};

/// Where the saved journey lives in `localStorage` (the loader reads it too: `loader.js`).
pub const DRAFT_KEY: &str = "china-readiness:draft:v1";

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A fresh idempotency key (a random UUID).
pub fn new_idempotency_key() -> String {
    let crypto = web_sys::window().and_then(|window| window.crypto().ok());
    match crypto {
        Some(crypto) => crypto.random_uuid(),
        None => format!(
            "k{:x}{:x}",
            now_ms() as u64,
            (js_sys::Math::random() * 1e15) as u64
        ),
    }
}

/// The host origin's localStorage, if this page may use it. Kept by hand rather than
/// `gloo-storage`: its `LocalStorage::raw()` throws when storage is blocked (sandboxed
/// iframes, some privacy settings), and the widget runs on pages it does not control, where
/// a missing outbox must mean "send once", never a crash.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a JSON value from localStorage.
pub fn load<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Writes a JSON value to localStorage; false when storage is unavailable or full.
pub fn save<T: serde::Serialize>(key: &str, value: &T) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let Ok(text) = serde_json::to_string(value) else {
        return false;
    };
    storage.set_item(key, &text).is_ok()
}

/// Removes a value from localStorage.
pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// The saved journey, if any.
pub fn load_draft() -> Option<crate::journey::Draft> {
    load(DRAFT_KEY)
}

/// Saves the journey, or forgets it when there is nothing to resume.
pub fn save_draft(draft: Option<&crate::journey::Draft>) {
    match draft {
        Some(draft) => {
            save(DRAFT_KEY, draft);
        }
        None => remove(DRAFT_KEY),
    }
}

/// UTM parameters, referrer and landing page of the host page.
pub fn attribution() -> Attribution {
    let Some(window) = web_sys::window() else {
        return Attribution::default();
    };
    let href = window.location().href().ok();
    let params = window
        .location()
        .search()
        .ok()
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok());
    let param = |name: &str| {
        params
            .as_ref()
            .and_then(|p| p.get(name))
            .filter(|v| !v.is_empty())
    };
    let referrer = window
        .document()
        .map(|d| d.referrer())
        .filter(|r| !r.is_empty());
    Attribution {
        utm_source: param("utm_source"),
        utm_medium: param("utm_medium"),
        utm_campaign: param("utm_campaign"),
        utm_term: param("utm_term"),
        utm_content: param("utm_content"),
        referrer,
        landing_page: href.map(|h| h.chars().take(2000).collect()),
    }
}

/// The visitor's preferred languages.
pub fn browser_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    window
        .navigator()
        .languages()
        .iter()
        .filter_map(|value| value.as_string())
        .collect()
}

/// Moves focus to the element marked `data-crw-focus` inside `root`.
pub fn focus_marked(root: &Element) {
    if let Ok(Some(target)) = root.query_selector("[data-crw-focus]") {
        if let Ok(element) = target.dyn_into::<HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Focuses the element with `id` in the same document or shadow root as the event's
/// target (fragment links do not reach into a shadow root).
pub fn focus_by_id(event: &web_sys::Event, id: &str) {
    let Some(target) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
    else {
        return;
    };
    let root = target.get_root_node();
    let found = js_sys::Reflect::get(&root, &JsValue::from_str("getElementById"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&root, &JsValue::from_str(id)).ok())
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    if let Some(element) = found {
        let _ = element.focus();
    }
}

/// Dispatches `china-readiness:<name>` on the host element (bubbling, composed) and, when
/// configured, pushes `{event: "china_readiness_<name>", ...detail}` to `window.dataLayer`.
/// Details never carry personal data.
pub fn emit(host: &Element, name: &str, detail: &[(&str, JsValue)], data_layer: bool) {
    let object = js_sys::Object::new();
    for (key, value) in detail {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&object);
    if let Ok(event) =
        CustomEvent::new_with_event_init_dict(&format!("china-readiness:{name}"), &init)
    {
        let _ = host.dispatch_event(&event);
    }
    if data_layer {
        push_data_layer(name, &object);
    }
}

fn push_data_layer(name: &str, detail: &js_sys::Object) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("dataLayer");
    let layer = match js_sys::Reflect::get(&window, &key) {
        Ok(value) if js_sys::Array::is_array(&value) => value.unchecked_into::<js_sys::Array>(),
        _ => {
            let array = js_sys::Array::new();
            let _ = js_sys::Reflect::set(&window, &key, &array);
            array
        }
    };
    let entry = js_sys::Object::assign(&js_sys::Object::new(), detail);
    let _ = js_sys::Reflect::set(
        &entry,
        &JsValue::from_str("event"),
        &JsValue::from_str(&format!("china_readiness_{name}")),
    );
    // dataLayer.push, so tag managers that replaced `push` see the event
    if let Ok(push) = js_sys::Reflect::get(&layer, &JsValue::from_str("push"))
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = push.call1(&layer, &entry);
    }
}

/// Country names in the visitor's language via `Intl.DisplayNames`, sorted by name;
/// the codes themselves where the browser lacks it.
pub fn country_names(locale: &str) -> Vec<(String, String)> {
    let display = display_names(locale);
    let mut countries: Vec<(String, String)> = readiness::lead::CountryCode::all()
        .map(|code| {
            let name = display
                .as_ref()
                .and_then(|(object, of)| of.call1(object, &JsValue::from_str(code)).ok())
                .and_then(|value| value.as_string())
                .unwrap_or_else(|| code.to_owned());
            (code.to_owned(), name)
        })
        .collect();
    let (locales, options) = (
        js_sys::Array::of1(&JsValue::from_str(locale)),
        js_sys::Object::new(),
    );
    readiness::order::sort_by(&mut countries, |a, b| {
        js_sys::JsString::from(a.1.as_str()).locale_compare(&b.1, &locales, &options) < 0
    });
    countries
}

fn display_names(locale: &str) -> Option<(JsValue, js_sys::Function)> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let constructor = js_sys::Reflect::get(&intl, &JsValue::from_str("DisplayNames"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(
        &options,
        &JsValue::from_str("type"),
        &JsValue::from_str("region"),
    )
    .ok()?;
    let arguments = js_sys::Array::of2(&js_sys::Array::of1(&JsValue::from_str(locale)), &options);
    let object = js_sys::Reflect::construct(&constructor, &arguments).ok()?;
    let of = js_sys::Reflect::get(&object, &JsValue::from_str("of"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    Some((object, of))
}

/// Tells the intake that the visitor opened the booking page (`POST {endpoint}/{id}/booking`,
/// the lead's idempotency key as proof). Fire and forget: nothing the visitor waits for.
pub fn record_booking(endpoint: &str, lead_id: &str, key: &str) {
    let url = format!("{}/{}/booking", endpoint.trim_end_matches('/'), lead_id);
    let request = gloo_net::http::Request::post(&url)
        .header("Idempotency-Key", key)
        .credentials(web_sys::RequestCredentials::Omit);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = request.send().await;
    });
}

/// POSTs to the intake, proved by an idempotency key (a lead's or a report request's),
/// without credentials, `body` as JSON when given; `None` as [`send_within`] says.
pub async fn post_keyed<T: serde::Serialize>(
    url: &str,
    key: &str,
    body: Option<&T>,
    timeout: std::time::Duration,
) -> Option<gloo_net::http::Response> {
    let build = |signal: &web_sys::AbortSignal| {
        let request = gloo_net::http::Request::post(url)
            .header("Idempotency-Key", key)
            .credentials(web_sys::RequestCredentials::Omit)
            .abort_signal(Some(signal));
        match body {
            Some(body) => request.json(body).ok(),
            None => request.build().ok(),
        }
    };
    send_within(build, timeout).await
}

/// GETs `url` without credentials within `timeout`; the response when it is a success
/// (2xx), `None` otherwise or as [`send_within`] says.
pub async fn get_ok(url: &str, timeout: std::time::Duration) -> Option<gloo_net::http::Response> {
    let build = |signal: &web_sys::AbortSignal| {
        gloo_net::http::Request::get(url)
            .credentials(web_sys::RequestCredentials::Omit)
            .abort_signal(Some(signal))
            .build()
            .ok()
    };
    send_within(build, timeout).await.filter(|r| r.ok())
}

/// Sends the request `build` makes with the signal it is given, aborting it after
/// `timeout` (gloo-net takes an `AbortSignal` but makes none); `None` when it cannot be
/// built, the browser is offline or refuses it, or the answer is too slow.
pub async fn send_within(
    build: impl FnOnce(&web_sys::AbortSignal) -> Option<gloo_net::http::Request>,
    timeout: std::time::Duration,
) -> Option<gloo_net::http::Response> {
    use futures::future::{select, Either};
    let controller = web_sys::AbortController::new().ok()?;
    let request = build(&controller.signal())?;
    let timeout = gloo_timers::future::sleep(timeout);
    match select(Box::pin(request.send()), Box::pin(timeout)).await {
        Either::Left((response, _)) => response.ok(),
        Either::Right(((), _)) => {
            controller.abort();
            None
        }
    }
}

/// Copies `text` to the clipboard; whether the browser did (it may refuse outside a secure
/// context or without a user gesture).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
