//! The China-readiness widget: a Yew app a visitor answers on the agency's site.
//!
//! Everything that is not presentation lives in the `readiness` crate; this crate only
//! renders it and talks to the browser.

pub mod app;
pub mod config;
pub mod journey;
pub mod quiz;

pub use app::{App, AppProps};

/// The visitor's preferred languages, from `navigator.languages`.
fn browser_languages() -> Vec<String> {
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

/// Mounts the widget on the element with id `china-readiness`, or on `<body>` when the
/// page has no such element, in the visitor's browser language.
pub fn mount_on_page() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let quiz = match quiz::embedded() {
        Ok(quiz) => quiz,
        Err(error) => {
            web_sys::console::error_1(&error.to_string().into());
            return;
        }
    };
    let languages = browser_languages();
    let preferred: Vec<&str> = languages.iter().map(String::as_str).collect();
    let locale = quiz.negotiate_locale(&preferred).clone();
    let root = document
        .get_element_by_id("china-readiness")
        .or_else(|| document.body().map(Into::into));
    if let Some(root) = root {
        yew::Renderer::<App>::with_root_and_props(root, AppProps { quiz, locale }).render();
    }
}
