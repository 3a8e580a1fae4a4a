//! Browser test: the widget's first screen, as a visitor sees it in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use readiness::Locale;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;
use yew::platform::time::sleep;

wasm_bindgen_test_configure!(run_in_browser);

async fn render_intro(locale: &str) -> Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    let quiz = widget::quiz::embedded().expect("the embedded quiz decodes");
    let locale = Locale::new(locale).expect("a locale");
    yew::Renderer::<widget::App>::with_root_and_props(
        root.clone(),
        widget::AppProps { quiz, locale },
    )
    .render();
    sleep(Duration::ZERO).await;
    root
}

fn text_of(root: &Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.text_content())
}

#[wasm_bindgen_test]
async fn intro_says_what_the_visitor_gets_and_offers_a_start_button() {
    let root = render_intro("en").await;
    assert_eq!(
        text_of(&root, "h2").as_deref(),
        Some("How ready is your brand for China?")
    );
    assert_eq!(
        text_of(&root, "button").as_deref(),
        Some("Start the assessment")
    );
    assert!(text_of(&root, ".crw-meta").is_some_and(|t| t.contains("2 to 3 minutes")));
}

#[wasm_bindgen_test]
async fn intro_speaks_the_visitors_language() {
    let root = render_intro("zh-Hans").await;
    assert_eq!(
        text_of(&root, "h2").as_deref(),
        Some("您的品牌准备好进入中国市场了吗？")
    );
    assert_eq!(text_of(&root, "button").as_deref(), Some("开始评估"));
    let section = root
        .query_selector("section")
        .ok()
        .flatten()
        .expect("the widget section");
    assert_eq!(section.get_attribute("lang").as_deref(), Some("zh-Hans"));
}
