//! The China-readiness widget: a Yew app a visitor answers on the agency's site.
//!
//! Everything that is not presentation lives in the `readiness` crate; this crate renders
//! it inside a Shadow DOM and talks to the browser. `mount` is what the loader calls.

pub mod app;
pub mod components;
pub mod config;
pub mod effects;
#[cfg(test)]
mod first_paint;
pub mod funnel;
pub mod hooks;
pub mod journey;
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod quiz;
pub mod ui;

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::AttrValue;

pub use app::{App, AppProps};
use config::Config;
use journey::Prelude;

/// The widget's stylesheet, adopted into its shadow root.
pub const STYLESHEET: &str = include_str!("../style/widget.css");

/// A `data-*` attribute (named without `data-`) of `host`, else of `settings`.
fn data_attribute(host: &Element, settings: Option<&Element>, name: &str) -> Option<String> {
    let name = format!("data-{name}");
    host.get_attribute(&name)
        .or_else(|| settings?.get_attribute(&name))
}

/// The host's open shadow root (attached if the loader has not), with the widget's
/// stylesheet adopted.
fn shadow_root(host: &Element) -> Result<ShadowRoot, JsValue> {
    let shadow: ShadowRoot = match host.shadow_root() {
        Some(existing) => existing,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    match web_sys::CssStyleSheet::new() {
        Ok(sheet) => {
            sheet.replace_sync(STYLESHEET)?;
            shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
        }
        Err(_) => {
            // browsers without constructable stylesheets
            let style = document()?.create_element("style")?;
            style.set_text_content(Some(STYLESHEET));
            shadow.append_child(&style)?;
        }
    }
    Ok(shadow)
}

fn document() -> Result<web_sys::Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// A new element to render into, at the end of `shadow`.
fn new_container(shadow: &ShadowRoot) -> Result<Element, JsValue> {
    let container = document()?.create_element("div")?;
    container.set_class_name("crw-root");
    shadow.append_child(&container)?;
    Ok(container)
}

/// Decodes the embedded quiz ahead of [`mount`], so that the loader can do it in a
/// main-thread task of its own and each task stays short. Optional: `mount` decodes it
/// itself when this was not called.
#[wasm_bindgen]
pub fn prepare() -> Result<(), JsValue> {
    quiz::embedded()
        .map(drop)
        .map_err(|error| JsValue::from_str(&error.to_string()))
}

/// Renders the widget in `host`'s shadow root, configured by `host`'s `data-*`
/// attributes merged over `settings` (the loader's script tag, beside which other
/// languages' texts are fetched). With `prelude` (JSON, see [`journey::Prelude`]) the loader
/// has shown the prerendered first screen in a `.crw-root` of that shadow root: the widget
/// hydrates it as the visitor left it, unless a saved draft is to be offered on an intro
/// they have not left, or the texts of its language are not at hand (then it renders
/// afresh). `texts` are a language's texts the loader fetched beside the wasm
/// (`texts/<locale>.bin`, see [`quiz`]).
#[wasm_bindgen]
pub fn mount(
    host: Element,
    settings: Option<Element>,
    prelude: Option<String>,
    texts: Option<Vec<u8>>,
) -> Result<(), JsValue> {
    if let Some(Err(error)) = texts.as_deref().map(quiz::add_texts) {
        web_sys::console::warn_1(&format!("china-readiness: {error}").into());
    }
    let quiz = quiz::embedded().map_err(|error| JsValue::from_str(&error.to_string()))?;
    let attribute = |name: &str| data_attribute(&host, settings.as_ref(), name);
    let (config, warnings) = Config::from_attributes(&attribute);
    for warning in warnings {
        web_sys::console::warn_1(&format!("china-readiness: {warning}").into());
    }
    let draft = effects::load_draft();
    let shadow = shadow_root(&host)?;
    let prerendered = shadow.query_selector(".crw-root")?;
    let prelude = prelude
        .as_deref()
        .and_then(|json| Prelude::handed_over(json, &quiz, draft.as_ref()));
    let locale = match prelude.as_ref().and_then(|p| p.locale.clone()) {
        Some(shown) => shown,
        None => negotiated(&quiz, &config),
    };
    // only what the server renderer wrote (it starts with Yew's component marker), in a
    // language whose texts are at hand, is hydrated
    let hydratable = prerendered.filter(|root| {
        prelude.is_some()
            && quiz.has_texts(locale.as_str())
            && root
                .first_child()
                .is_some_and(|node| node.node_type() == web_sys::Node::COMMENT_NODE)
    });
    let props = AppProps {
        quiz,
        config: Rc::new(config),
        locale,
        draft,
        attribution: effects::attribution(),
        open: attribute("open").is_some_and(|v| v == "true"),
        host: Some(host),
        prelude: prelude.unwrap_or_default(),
        loader_src: settings.as_ref().and_then(script_src),
    };
    match hydratable {
        Some(root) => {
            yew::Renderer::<App>::with_root_and_props(root, props).hydrate();
        }
        None => {
            // a first screen the widget cannot take over as it is goes
            if let Some(stale) = shadow.query_selector(".crw-root")? {
                stale.remove();
            }
            yew::Renderer::<App>::with_root_and_props(new_container(&shadow)?, props).render();
        }
    }
    Ok(())
}

/// The language to start in: the embed's, else the browser's first the quiz has.
fn negotiated(quiz: &readiness::Quiz, config: &Config) -> readiness::Locale {
    let languages = effects::browser_languages();
    let mut preferred: Vec<&str> = config.lang.iter().map(String::as_str).collect();
    preferred.extend(languages.iter().map(String::as_str));
    quiz.negotiate_locale(&preferred).clone()
}

/// The absolute URL of a script element (its resolved `src` property).
fn script_src(settings: &Element) -> Option<AttrValue> {
    js_sys::Reflect::get(settings, &JsValue::from_str("src"))
        .ok()?
        .as_string()
        .filter(|src| !src.is_empty())
        .map(AttrValue::from)
}
