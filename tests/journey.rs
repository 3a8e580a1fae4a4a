//! Browser tests of the visitor's journey: questions, skip logic, results, contact form,
//! sending through the outbox, resume, hostile host CSS.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::ShadowRoot;

wasm_bindgen_test_configure!(run_in_browser);

/// A Finnish B2B software company's answers, in quiz order.
const SAAS: &[&[&str]] = &[
    &["software_saas"],
    &["b2b"],
    &["b2b_leads"],
    &["registered"],
    &["unregistered"],
    &["chinese_fast"],
    &["articles"],
    &["distributor"],
    &["partner"],
    &["from_5k_to_15k"],
    &["months_3_to_6"],
];

async fn start(lang: &str) -> ShadowRoot {
    clear_storage();
    let root = mount(&[("lang", lang)]).await;
    click(&root, ".crw-intro .crw-button--primary").await;
    root
}

async fn answer_saas(root: &ShadowRoot) {
    for options in SAAS {
        answer(root, options).await;
    }
}

async fn fill_contact(root: &ShadowRoot) {
    fill(root, "#crw-field-name", "Mikko Virtanen").await;
    fill(root, "#crw-field-email", "mikko@saas.fi").await;
    fill(root, "#crw-field-company", "Saas Oy").await;
    fill(root, "#crw-field-country", "FI").await;
    fill(root, "#crw-field-role", "CMO").await;
    click(root, "#crw-field-contact").await;
}

#[wasm_bindgen_test]
async fn a_visitor_completes_the_journey_in_each_language() {
    let expectations = [
        (
            "en",
            "Your China readiness report",
            "Talk to our China team",
            "Thank you, your request is on its way",
        ),
        (
            "fr",
            "Votre bilan de maturité Chine",
            "Parlez à notre équipe Chine",
            "Merci, votre demande est partie",
        ),
        (
            "de",
            "Ihre China-Readiness-Analyse",
            "Sprechen Sie mit unserem China-Team",
            "Danke, Ihre Anfrage ist unterwegs",
        ),
        (
            "zh-Hans",
            "您的品牌入华评估",
            "联系我们的中国团队",
            "谢谢，您的咨询已发出",
        ),
    ];
    for (lang, results, contact, sent) in expectations {
        intercept_fetch(&[201]);
        let root = start(lang).await;
        answer_saas(&root).await;
        assert_eq!(title(&root), results, "{lang}");
        assert_eq!(
            all(&root, "[aria-labelledby=\"crw-start-title\"] .crw-channel").len(),
            3,
            "{lang}: three channels to start with"
        );
        click(&root, ".crw-results .crw-button--primary").await;
        assert_eq!(title(&root), contact, "{lang}");
        fill_contact(&root).await;
        click(&root, "button[type=submit]").await;
        assert!(
            eventually(3_000, || find(&root, ".crw-done").is_some()).await,
            "{lang}: {}",
            visible_text(&root)
        );
        assert!(
            eventually(3_000, || title(&root) == sent).await,
            "{lang}: {}",
            title(&root)
        );
        let calls = fetch_calls();
        assert_eq!(calls.len(), 1, "{lang}: one request");
        assert!(
            calls[0].2.contains(&format!("\"locale\":\"{lang}\"")),
            "{lang}: {}",
            calls[0].2
        );
        assert!(
            eventually(2_000, || stored_outbox().is_none()).await,
            "{lang}: the outbox is empty once acknowledged"
        );
    }
}

#[wasm_bindgen_test]
async fn progress_says_where_the_visitor_is() {
    let root = start("en").await;
    assert_eq!(text(&root, ".crw-progress-text"), "Question 1 of 15");
    answer(&root, &["software_saas"]).await;
    answer(&root, &["b2b"]).await;
    assert_eq!(
        text(&root, ".crw-progress-text"),
        "Question 3 of 11",
        "B2B skips the three consumer questions, software the registration one"
    );
}

#[wasm_bindgen_test]
async fn back_keeps_the_answers() {
    let root = start("en").await;
    answer(&root, &["beauty"]).await;
    click(&root, ".crw-question .crw-actions button[type=button]").await;
    let beauty = get(&root, "input[value=\"beauty\"]")
        .dyn_into::<web_sys::HtmlInputElement>()
        .expect("input");
    assert!(beauty.checked());
}

#[wasm_bindgen_test]
async fn consumer_brands_are_asked_about_their_audience_and_b2b_ones_are_not() {
    let root = start("en").await;
    answer(&root, &["beauty"]).await;
    answer(&root, &["b2c"]).await;
    assert_eq!(
        title(&root),
        "How old are the consumers you want to reach in China?"
    );
    let root = start("en").await;
    answer(&root, &["industrial"]).await;
    answer(&root, &["b2b"]).await;
    assert_eq!(title(&root), "What do you want to achieve in China?");
}

#[wasm_bindgen_test]
async fn next_is_disabled_until_the_question_is_answered_and_number_keys_choose() {
    let root = start("en").await;
    let next = get(&root, "button[type=submit]")
        .dyn_into::<web_sys::HtmlButtonElement>()
        .expect("button");
    assert!(next.disabled());
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("3");
    init.set_bubbles(true);
    init.set_composed(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    get(&root, "input[value=\"beauty\"]")
        .dispatch_event(&event)
        .expect("dispatched");
    settle().await;
    let third = get(&root, "input[value=\"food_beverage\"]")
        .dyn_into::<web_sys::HtmlInputElement>()
        .expect("input");
    assert!(third.checked(), "key 3 picks the third option");
    assert!(!next.disabled());
}

#[wasm_bindgen_test]
async fn each_step_moves_focus_to_its_heading() {
    let root = start("en").await;
    assert_eq!(
        focused(&root).and_then(|e| e.text_content()).as_deref(),
        Some("Which industry is your brand in?")
    );
}

#[wasm_bindgen_test]
async fn results_show_charts_with_text_equivalents_and_the_answers_behind_them() {
    let root = start("en").await;
    answer_saas(&root).await;
    assert_eq!(all(&root, "figure.crw-chart svg").len(), 2);
    assert_eq!(all(&root, "figure.crw-chart table tbody tr").len(), 6 + 9);
    let explanations = text(&root, ".crw-channels");
    assert!(
        explanations.contains("“Software and SaaS” (Industry) counts in favour"),
        "{explanations}"
    );
    assert_eq!(all(&root, ".crw-steps li").len(), 3);
}

#[wasm_bindgen_test]
async fn too_few_real_answers_ask_for_more_instead_of_a_score_and_lead_back() {
    let root = start("en").await;
    for options in UNSURE {
        answer(&root, options).await;
    }
    assert_eq!(title(&root), "We need a few more answers");
    assert!(find(&root, ".crw-score").is_none(), "no score is shown");
    assert!(find(&root, ".crw-chart").is_none(), "no ranking is shown");
    assert_eq!(
        text(&root, ".crw-not-enough .crw-status"),
        "7 real answers so far; a verdict needs at least 8."
    );
    click(&root, ".crw-not-enough .crw-button--primary").await;
    assert_eq!(
        title(&root),
        "How old are the consumers you want to reach in China?",
        "back to the first question without a real answer"
    );
}

#[wasm_bindgen_test]
async fn sending_an_empty_form_lists_every_error_and_focuses_the_summary() {
    let root = start("en").await;
    answer_saas(&root).await;
    click(&root, ".crw-results .crw-button--primary").await;
    click(&root, "button[type=submit]").await;
    let summary = get(&root, ".crw-error-summary");
    assert_eq!(
        all(&root, ".crw-error-summary li").len(),
        6,
        "{}",
        visible_text(&root)
    );
    assert_eq!(focused(&root), Some(summary));
    assert_eq!(
        text(&root, "#crw-field-email-error"),
        "This field is required."
    );
    assert!(fetch_calls_or_none().is_empty());
}

fn fetch_calls_or_none() -> Vec<(u16, String, String)> {
    let window = web_sys::window().expect("window");
    let installed = js_sys::Reflect::get(&window, &"__calls".into())
        .map(|v| !v.is_undefined())
        .unwrap_or(false);
    if installed {
        fetch_calls()
    } else {
        Vec::new()
    }
}

#[wasm_bindgen_test]
async fn a_bad_email_is_explained_when_the_visitor_leaves_the_field() {
    let root = start("de").await;
    answer_saas(&root).await;
    click(&root, ".crw-results .crw-button--primary").await;
    fill(&root, "#crw-field-email", "mikko at saas").await;
    assert_eq!(
        text(&root, "#crw-field-email-error"),
        "Geben Sie eine E-Mail-Adresse wie name@firma.de ein."
    );
    assert!(
        find(&root, "#crw-field-name-error").is_none(),
        "untouched fields show no error yet"
    );
}

#[wasm_bindgen_test]
async fn only_the_contact_consent_is_required() {
    intercept_fetch(&[201]);
    let root = start("en").await;
    answer_saas(&root).await;
    click(&root, ".crw-results .crw-button--primary").await;
    fill_contact(&root).await;
    click(&root, "#crw-field-contact").await; // untick it again
    click(&root, "button[type=submit]").await;
    assert_eq!(
        text(&root, "#crw-field-contact-error"),
        "Please agree to be contacted about this request, or we cannot answer it."
    );
    click(&root, "#crw-field-contact").await;
    click(&root, "button[type=submit]").await;
    assert!(
        eventually(3_000, || find(&root, ".crw-done").is_some()).await,
        "{}",
        visible_text(&root)
    );
    let body = &fetch_calls()[0].2;
    assert!(
        body.contains("\"purpose\":\"marketing\",\"granted\":false"),
        "{body}"
    );
}

#[wasm_bindgen_test]
async fn a_lead_sent_while_the_server_fails_is_kept_and_sent_once_when_it_recovers() {
    intercept_fetch(&[0, 503, 201]);
    let root = start("en").await;
    answer_saas(&root).await;
    click(&root, ".crw-results .crw-button--primary").await;
    fill_contact(&root).await;
    click(&root, "button[type=submit]").await;
    assert!(
        eventually(3_000, || find(&root, ".crw-status--queued").is_some()).await,
        "{}",
        visible_text(&root)
    );
    assert_eq!(
        text(&root, ".crw-status"),
        "Saved. We will send it as soon as you are back online."
    );
    assert!(
        stored_outbox().is_some_and(|o| o.contains("Mikko")),
        "the lead waits on the device"
    );
    // backoff: 2 s, then 4 s
    assert!(
        eventually(9_000, || find(&root, ".crw-status--queued").is_none()).await,
        "{}",
        visible_text(&root)
    );
    assert_eq!(
        text(&root, ".crw-status"),
        "A China strategist will contact you within two working days."
    );
    let calls = fetch_calls();
    assert_eq!(calls.iter().map(|c| c.0).collect::<Vec<_>>(), [0, 503, 201]);
    assert!(
        calls.iter().all(|c| c.1 == calls[0].1),
        "one idempotency key for all attempts"
    );
    assert!(stored_outbox().is_none());
}

#[wasm_bindgen_test]
async fn a_double_click_on_send_makes_one_request() {
    intercept_fetch(&[201]);
    let root = start("en").await;
    answer_saas(&root).await;
    click(&root, ".crw-results .crw-button--primary").await;
    fill_contact(&root).await;
    let send = get(&root, "button[type=submit]")
        .dyn_into::<web_sys::HtmlElement>()
        .expect("button");
    send.click();
    send.click();
    assert!(eventually(3_000, || find(&root, ".crw-done").is_some()).await);
    settle().await;
    assert_eq!(fetch_calls().len(), 1);
}

#[wasm_bindgen_test]
async fn a_visitor_who_reloads_can_resume_where_they_left() {
    let root = start("en").await;
    answer(&root, &["tourism"]).await;
    answer(&root, &["b2c"]).await;
    // a reload: the widget is mounted afresh, storage kept
    let root = mount(&[("lang", "en")]).await;
    assert_eq!(
        text(&root, ".crw-intro .crw-button--primary"),
        "Continue where you left off"
    );
    click(&root, ".crw-intro .crw-button--primary").await;
    assert_eq!(
        title(&root),
        "How old are the consumers you want to reach in China?"
    );
}

#[wasm_bindgen_test]
async fn a_lead_queued_before_a_reload_is_delivered_after_it() {
    intercept_fetch(&[0]);
    let root = start("en").await;
    answer_saas(&root).await;
    click(&root, ".crw-results .crw-button--primary").await;
    fill_contact(&root).await;
    click(&root, "button[type=submit]").await;
    assert!(eventually(3_000, || find(&root, ".crw-status--queued").is_some()).await);
    let key = fetch_calls()[0].1.clone();
    remove_hosts();
    intercept_fetch(&[201]);
    // the next page load: the outbox is flushed even before the visitor does anything
    let _root = mount(&[("lang", "en")]).await;
    assert!(eventually(9_000, || stored_outbox().is_none()).await);
    let calls = fetch_calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].1, key, "the same lead, by its key");
}

#[wasm_bindgen_test]
async fn hostile_host_css_does_not_break_the_widget() {
    let style = document().create_element("style").expect("style");
    style.set_text_content(Some("* { all: unset !important; } button { display: none !important; } h2 { color: transparent; letter-spacing: 2em; }"));
    document()
        .head()
        .expect("head")
        .append_child(&style)
        .expect("append");
    let root = start("en").await;
    let button = get(&root, "button[type=submit]")
        .dyn_into::<web_sys::HtmlElement>()
        .expect("button");
    assert!(
        button.offset_width() > 0 && button.offset_height() >= 24,
        "the Next button is visible and at least 24 px tall"
    );
    let heading = get(&root, "h2")
        .dyn_into::<web_sys::HtmlElement>()
        .expect("heading");
    let computed = web_sys::window()
        .expect("window")
        .get_computed_style(&heading)
        .expect("style")
        .expect("style");
    assert_eq!(
        computed
            .get_property_value("letter-spacing")
            .ok()
            .as_deref(),
        Some("normal")
    );
    style.remove();
}

#[wasm_bindgen_test]
async fn launcher_mode_opens_the_widget_in_a_modal_dialog() {
    clear_storage();
    let root = mount(&[("lang", "en"), ("mode", "launcher")]).await;
    let dialog = get(&root, "dialog.crw-dialog")
        .dyn_into::<web_sys::HtmlDialogElement>()
        .expect("a dialog");
    assert!(!dialog.open());
    assert_eq!(text(&root, ".crw-launcher"), "Check your China readiness");
    click(&root, ".crw-launcher").await;
    assert!(dialog.open());
    assert_eq!(
        text(&root, "dialog h2"),
        "How ready is your brand for China?"
    );
    click(&root, ".crw-dialog-close").await;
    assert!(!dialog.open());
}

#[wasm_bindgen_test]
async fn analytics_events_reach_the_host_page_and_the_data_layer_without_personal_data() {
    clear_storage();
    intercept_fetch(&[201]);
    let record = js_sys::Function::new_no_args(
        "window.__events = []; window.dataLayer = [];
         for (const name of ['start', 'step', 'complete', 'submit', 'sent']) {
           document.addEventListener('china-readiness:' + name, (e) => window.__events.push(name + ' ' + JSON.stringify(e.detail)));
         }",
    );
    record
        .call0(&wasm_bindgen::JsValue::NULL)
        .expect("listening");
    let root = mount(&[("lang", "en"), ("datalayer", "true")]).await;
    click(&root, ".crw-intro .crw-button--primary").await;
    answer_saas(&root).await;
    click(&root, ".crw-results .crw-button--primary").await;
    fill_contact(&root).await;
    click(&root, "button[type=submit]").await;
    assert!(eventually(3_000, || find(&root, ".crw-done").is_some()).await);
    assert!(
        eventually(2_000, || read_array("__events")
            .iter()
            .any(|e| e.starts_with("sent")))
        .await
    );
    let events = read_array("__events");
    let names: Vec<&str> = events
        .iter()
        .map(|e| e.split(' ').next().unwrap_or_default())
        .collect();
    assert_eq!(names.first(), Some(&"start"));
    for expected in ["step", "complete", "submit", "sent"] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(
        events
            .iter()
            .any(|e| e.starts_with("complete {\"verdict\":\"scored\",\"readiness\":")),
        "{events:?}"
    );
    let everything = events.join("\n") + &read_array("dataLayer").join("\n");
    assert!(
        !everything.contains("Mikko") && !everything.contains("saas.fi"),
        "no personal data: {everything}"
    );
    assert!(read_array("dataLayer")
        .iter()
        .any(|e| e.contains("china_readiness_complete")));
}

fn read_array(name: &str) -> Vec<String> {
    let window = web_sys::window().expect("window");
    let value = js_sys::Reflect::get(&window, &name.into()).expect("array");
    js_sys::Array::from(&value)
        .iter()
        .map(|v| {
            v.as_string().unwrap_or_else(|| {
                js_sys::JSON::stringify(&v)
                    .map(String::from)
                    .unwrap_or_default()
            })
        })
        .collect()
}
