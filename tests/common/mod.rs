//! Helpers for the browser tests: mount the widget in a fresh host element and act on its
//! shadow root the way a visitor would.
#![allow(dead_code)] // each test binary uses a different subset

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement, ShadowRoot};
use yew::platform::time::sleep;

/// Lets Yew render and effects run.
pub async fn settle() {
    for _ in 0..3 {
        sleep(Duration::ZERO).await;
    }
}

/// Waits until `check` holds, up to `ms`; false if it never did.
pub async fn eventually(ms: u64, check: impl Fn() -> bool) -> bool {
    let mut waited = 0;
    while waited <= ms {
        if check() {
            return true;
        }
        sleep(Duration::from_millis(25)).await;
        waited += 25;
    }
    false
}

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

pub fn clear_storage() {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.clear();
    }
}

/// Removes earlier widgets so each test sees only its own.
pub fn remove_hosts() {
    if let Ok(hosts) = document().query_selector_all(".test-host") {
        for i in 0..hosts.length() {
            if let Some(node) = hosts.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                node.remove();
            }
        }
    }
}

/// A new host element with these `data-*` attributes, mounted; returns its shadow root.
pub async fn mount(attributes: &[(&str, &str)]) -> ShadowRoot {
    remove_hosts();
    let host = document().create_element("div").expect("div");
    host.set_class_name("test-host");
    for (name, value) in attributes {
        host.set_attribute(&format!("data-{name}"), value)
            .expect("attribute");
    }
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    widget::mount(host.clone(), None, None, None).expect("mounted");
    settle().await;
    host.shadow_root().expect("a shadow root")
}

pub fn find(root: &ShadowRoot, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

pub fn get(root: &ShadowRoot, selector: &str) -> Element {
    find(root, selector).unwrap_or_else(|| {
        panic!(
            "nothing matches `{selector}`; the widget shows:\n{}",
            visible_text(root)
        )
    })
}

pub fn all(root: &ShadowRoot, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

pub fn text(root: &ShadowRoot, selector: &str) -> String {
    get(root, selector).text_content().unwrap_or_default()
}

/// Everything the widget shows, for failure messages.
pub fn visible_text(root: &ShadowRoot) -> String {
    root.query_selector(".crw")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .map(|e| e.inner_text())
        .unwrap_or_default()
}

pub async fn click(root: &ShadowRoot, selector: &str) {
    get(root, selector)
        .dyn_into::<HtmlElement>()
        .expect("an HTML element")
        .click();
    settle().await;
}

/// The title of the current step.
pub fn title(root: &ShadowRoot) -> String {
    text(root, "h2.crw-title")
}

/// Clicks the option whose input has this value.
pub async fn choose(root: &ShadowRoot, option: &str) {
    click(root, &format!("input[value=\"{option}\"]")).await;
}

/// Chooses the options and presses Next.
pub async fn answer(root: &ShadowRoot, options: &[&str]) {
    for option in options {
        choose(root, option).await;
    }
    click(root, "button[type=submit]").await;
}

fn dispatch(element: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).expect("event");
    element.dispatch_event(&event).expect("dispatched");
}

/// Types a value into a field as a visitor would (input, then leaving the field).
pub async fn fill(root: &ShadowRoot, selector: &str, value: &str) {
    let element = get(root, selector);
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
        dispatch(&element, "change");
    }
    dispatch(&element, "input");
    settle().await;
    dispatch(&element, "blur");
    dispatch(&element, "focusout");
    settle().await;
}

/// The element that has focus inside the widget.
pub fn focused(root: &ShadowRoot) -> Option<Element> {
    root.active_element()
}

/// Replaces `window.fetch` with a recorder of the POSTs (the leads) answering with
/// `statuses` in turn (0 means a network failure); a GET (the comparison's figures) gets 404
/// and is not recorded. Read the calls with [`fetch_calls`].
pub fn intercept_fetch(statuses: &[u16]) {
    let list = statuses
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let body = format!(
        "window.__calls = []; const statuses = [{list}];
         window.fetch = (request) => request.method !== 'POST'
           ? Promise.resolve(new Response('', {{ status: 404 }}))  // the comparison's figures: none here
           : request.text().then((body) => {{
           const status = statuses.length > 1 ? statuses.shift() : statuses[0];
           window.__calls.push({{ url: request.url, key: request.headers.get('Idempotency-Key'), body, status }});
           if (status === 0) {{ throw new TypeError('Failed to fetch'); }}
           return new Response(JSON.stringify({{ id: 'lead-1' }}), {{ status, headers: {{ 'Content-Type': 'application/json' }} }});
         }});"
    );
    let install = js_sys::Function::new_no_args(&body);
    install.call0(&JsValue::NULL).expect("fetch intercepted");
}

/// The recorded requests: (status answered, idempotency key, body).
pub fn fetch_calls() -> Vec<(u16, String, String)> {
    let calls = js_sys::Reflect::get(
        &web_sys::window().expect("window"),
        &JsValue::from_str("__calls"),
    )
    .expect("calls");
    js_sys::Array::from(&calls)
        .iter()
        .map(|call| {
            let field = |name: &str| {
                js_sys::Reflect::get(&call, &JsValue::from_str(name)).unwrap_or(JsValue::NULL)
            };
            (
                field("status").as_f64().unwrap_or(-1.0) as u16,
                field("key").as_string().unwrap_or_default(),
                field("body").as_string().unwrap_or_default(),
            )
        })
        .collect()
}

/// The outbox as stored.
pub fn stored_outbox() -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item("china-readiness:outbox:v1")
        .ok()?
}

/// A consumer brand that answers "I don't know" wherever it can: too few real answers.
pub const UNSURE: &[&[&str]] = &[
    &["beauty"],
    &["b2c"],
    &["dont_know"],
    &["dont_know"],
    &["dont_know"],
    &["online_sales"],
    &["dont_know"],
    &["dont_know"],
    &["dont_know"],
    &["dont_know"],
    &["none"],
    &["not_yet"],
    &["none"],
    &["dont_know"],
    &["exploring"],
];
