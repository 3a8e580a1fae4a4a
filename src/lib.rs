//! The China-readiness widget: a Yew app a visitor answers on the agency's site.
//!
//! Everything that is not presentation lives in the `readiness` crate; this crate only
//! renders it and talks to the browser.

pub mod app;

pub use app::App;

/// Mounts the widget on the element with id `china-readiness`, or on `<body>` when the
/// page has no such element.
pub fn mount_on_page() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let root = document
        .get_element_by_id("china-readiness")
        .or_else(|| document.body().map(Into::into));
    if let Some(root) = root {
        yew::Renderer::<App>::with_root(root).render();
    }
}
