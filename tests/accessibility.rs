//! axe-core (WCAG 2.0–2.2 A and AA rules) finds no violation on any step of the widget,
//! in light and dark.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// axe-core as shipped by npm (`cargo xtask setup` installs it into node/).
const AXE: &str = include_str!("../node/node_modules/axe-core/axe.min.js");

fn inject_axe() {
    let window = web_sys::window().expect("window");
    let loaded = js_sys::Reflect::get(&window, &JsValue::from_str("axe"))
        .map(|v| !v.is_undefined())
        .unwrap_or(false);
    if !loaded {
        let script = document().create_element("script").expect("script");
        script.set_text_content(Some(AXE));
        document()
            .head()
            .expect("head")
            .append_child(&script)
            .expect("appended");
    }
}

/// The WCAG A/AA violations axe finds in the widget: "rule: target" lines.
async fn violations() -> Vec<String> {
    inject_axe();
    let run = js_sys::Function::new_no_args(
        "return window.axe.run(document.querySelector('.test-host'), {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
            resultTypes: ['violations']
         }).then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => JSON.stringify(n.target) + ' ' + n.failureSummary).join(' | ')));",
    );
    let promise = run
        .call0(&JsValue::NULL)
        .expect("axe.run")
        .dyn_into::<js_sys::Promise>()
        .expect("a promise");
    let found = JsFuture::from(promise).await.expect("axe finished");
    js_sys::Array::from(&found)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

async fn assert_clean(step: &str) {
    let found = violations().await;
    assert!(found.is_empty(), "{step}: {}", found.join("\n"));
}

const ANSWERS: &[&[&str]] = &[
    &["food_beverage"],
    &["b2c"],
    &["under_25", "age_25_34"],
    &["mostly_women"],
    &["premium_urban"],
    &["awareness"],
    &["none"],
    &["none"],
    &["english_only"],
    &["in_progress"],
    &["images"],
    &["cross_border_store"],
    &["partner"],
    &["from_5k_to_15k"],
    &["months_3_to_6"],
];

#[wasm_bindgen_test]
async fn every_step_passes_axe_in_light_and_dark() {
    // light ends sent, dark ends queued: both states are checked
    for (theme, status, last) in [
        ("light", 201, ".crw-done"),
        ("dark", 0, ".crw-status--queued"),
    ] {
        clear_storage();
        intercept_fetch(&[status]);
        let root = mount(&[("lang", "en"), ("theme", theme)]).await;
        assert_clean(&format!("{theme} intro")).await;
        click(&root, ".crw-intro .crw-button--primary").await;
        assert_clean(&format!("{theme} question")).await;
        choose(&root, "food_beverage").await;
        assert_clean(&format!("{theme} question answered")).await;
        for options in ANSWERS {
            answer(&root, options).await;
        }
        assert_clean(&format!("{theme} results")).await;
        click(&root, ".crw-results .crw-button--primary").await;
        click(&root, "button[type=submit]").await;
        assert!(find(&root, ".crw-error-summary").is_some());
        assert_clean(&format!("{theme} form with errors")).await;
        fill(&root, "#crw-field-name", "Anna").await;
        fill(&root, "#crw-field-email", "anna@tea.co.uk").await;
        fill(&root, "#crw-field-company", "Tea Ltd").await;
        fill(&root, "#crw-field-country", "GB").await;
        fill(&root, "#crw-field-role", "Head of export").await;
        click(&root, "#crw-field-contact").await;
        click(&root, "button[type=submit]").await;
        let reached = eventually(3_000, || find(&root, last).is_some()).await;
        assert!(
            reached,
            "{theme}: {}\ncalls: {:?}",
            visible_text(&root),
            fetch_calls()
        );
        assert_clean(&format!("{theme} {last}")).await;
    }
}

#[wasm_bindgen_test]
async fn the_request_for_more_answers_passes_axe_in_light_and_dark() {
    for theme in ["light", "dark"] {
        clear_storage();
        let root = mount(&[("lang", "en"), ("theme", theme)]).await;
        click(&root, ".crw-intro .crw-button--primary").await;
        for options in UNSURE {
            answer(&root, options).await;
        }
        assert!(
            find(&root, ".crw-not-enough").is_some(),
            "{}",
            visible_text(&root)
        );
        assert_clean(&format!("{theme} not enough answers")).await;
    }
}

#[wasm_bindgen_test]
async fn the_checker_itself_catches_a_known_violation() {
    remove_hosts();
    let host = document().create_element("div").expect("div");
    host.set_class_name("test-host");
    host.set_inner_html("<button></button><input type=\"text\">");
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let found = violations().await;
    assert!(
        found.iter().any(|v| v.starts_with("button-name")),
        "{found:?}"
    );
    assert!(found.iter().any(|v| v.starts_with("label")), "{found:?}");
    host.remove();
}
