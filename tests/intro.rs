//! Browser test: the widget's first screen, as a visitor sees it in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{clear_storage, mount, text};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn intro_says_what_the_visitor_gets_and_offers_a_start_button() {
    clear_storage();
    let root = mount(&[("lang", "en")]).await;
    assert_eq!(text(&root, "h2"), "How ready is your brand for China?");
    assert_eq!(text(&root, ".crw-intro button"), "Start the assessment");
    assert!(text(&root, ".crw-meta").contains("2 to 3 minutes"));
}

#[wasm_bindgen_test]
async fn intro_speaks_the_visitors_language() {
    clear_storage();
    let root = mount(&[("lang", "zh-Hans")]).await;
    assert_eq!(text(&root, "h2"), "您的品牌，进中国准备好了吗？");
    assert_eq!(text(&root, ".crw-intro button"), "开始评估");
    let section = common::get(&root, "section.crw");
    assert_eq!(section.get_attribute("lang").as_deref(), Some("zh-Hans"));
}
