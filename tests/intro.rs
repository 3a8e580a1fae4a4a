//! Browser test: the widget's first screen, as a visitor sees it in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::platform::time::sleep;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn intro_says_what_the_visitor_gets_and_offers_a_start_button() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");

    yew::Renderer::<widget::App>::with_root(root.clone()).render();
    sleep(Duration::ZERO).await;

    let heading = root
        .query_selector("h2")
        .expect("valid selector")
        .expect("a heading");
    assert_eq!(
        heading.text_content().as_deref(),
        Some("How ready is your brand for China?")
    );
    let button = root
        .query_selector("button")
        .expect("valid selector")
        .expect("a button");
    assert_eq!(
        button.text_content().as_deref(),
        Some("Start the assessment")
    );
}
