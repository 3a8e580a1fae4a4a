//! "How do you compare?" at the intake, on both databases: an industry is listed once it has
//! the set number of scored, genuine leads (spam, reports asked for alone and other
//! industries do not count), with the share of them below each readiness; the endpoint is
//! cacheable, revalidates with its entity tag, answers the partners' pages and holds no
//! personal data; a threshold below ten is refused at start.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;
use serde_json::{json, Value};

on_both_backends!(
    an_industry_is_compared_from_the_threshold_on_with_genuine_leads_only,
    the_figures_are_cacheable_and_hold_no_personal_data,
);

const TRADEMARK: [&str; 3] = ["registered", "pending", "none"];
const WEBSITE: [&str; 4] = [
    "china_hosted",
    "chinese_fast",
    "chinese_google",
    "english_only",
];
const CHINESE_NAME: [&str; 3] = ["registered", "unregistered", "none"];

/// The `n`th test lead of `industry`: answers that vary its readiness, from an address of its
/// own (the lead limit is per address).
fn varied(t: &TestApp, industry: &str, n: usize) -> Value {
    let mut body = lead(&t.state, &format!("key-benchmark-{industry}-{n:06}"));
    body["answers"]["industry"] = json!([industry]);
    body["answers"]["trademark"] = json!([TRADEMARK[n % 3]]);
    body["answers"]["website"] = json!([WEBSITE[n % 4]]);
    body["answers"]["chinese_name"] = json!([CHINESE_NAME[(n / 3) % 3]]);
    body["contact"]["email"] = json!(format!("brand{n}@{}.example", industry.replace('_', "-")));
    body
}

/// Sends `body` from an address of its own; the server's readiness for it.
async fn store(t: &TestApp, body: &Value, n: usize) -> String {
    let address = [10, 1, (n / 250) as u8, (n % 250) as u8 + 1];
    let (status, answer, _) = send(&t.app, from(post(body), address)).await;
    assert_eq!(status, 201, "{answer}");
    answer["id"].as_str().unwrap().to_owned()
}

/// The readiness the core gives `body`'s answers.
fn readiness_of(t: &TestApp, body: &Value) -> u8 {
    let answers = serde_json::from_value(body["answers"].clone()).unwrap();
    t.state.quiz.assess(&answers).report().unwrap().readiness
}

/// The lead's report page, through a link its widget would ask for.
async fn report_page(t: &TestApp, id: &str, body: &Value) -> String {
    let key = body["idempotency_key"].as_str().unwrap();
    let request = Request::post(format!("/api/v1/leads/{id}/report-link"))
        .header("Idempotency-Key", key)
        .body(Body::empty())
        .unwrap();
    let (status, made, _) = send(&t.app, request).await;
    assert_eq!(status, 201, "{made}");
    let url = made["url"].as_str().unwrap();
    let (status, page, _) = send(&t.app, Request::get(url).body(Body::empty()).unwrap()).await;
    assert_eq!(status, 200);
    page.as_str().unwrap().to_owned()
}

async fn benchmarks(
    t: &TestApp,
    headers: &[(&str, &str)],
) -> (u16, Value, axum::http::Response<()>) {
    let mut request = Request::get("/api/v1/benchmarks");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(&t.app, request.body(Body::empty()).unwrap()).await
}

async fn an_industry_is_compared_from_the_threshold_on_with_genuine_leads_only(db: TestDb) {
    let t = app_with(&db, |c| c.benchmark_min_leads = 10).await;
    let mut genuine = Vec::new();
    for n in 0..9 {
        let body = varied(&t, "food_beverage", n);
        store(&t, &body, n).await;
        genuine.push(readiness_of(&t, &body));
    }
    // none of these is a brand to compare with
    let mut honeypot = varied(&t, "food_beverage", 100);
    honeypot["form"]["honeypot"] = json!("http://spam.example");
    store(&t, &honeypot, 100).await;
    let marked = store(&t, &varied(&t, "food_beverage", 101), 101).await;
    execute(
        &t.config.database_url,
        &format!("UPDATE leads SET status = 'spam', spam = 1 WHERE id = '{marked}'"),
    )
    .await;
    let asked_alone = store(&t, &varied(&t, "food_beverage", 102), 102).await;
    execute(
        &t.config.database_url,
        &format!("UPDATE leads SET kind = 'report' WHERE id = '{asked_alone}'"),
    )
    .await;
    for n in 200..212 {
        store(&t, &varied(&t, "industrial", n), n).await;
    }

    let published = t.state.benchmarks.refresh(&t.state.db, 1).await.unwrap();
    let (_, nine, _) = benchmarks(&t, &[]).await;
    let listed: Vec<&str> = nine["industries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["industry"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        ["industrial"],
        "9 genuine food brands are too few: {nine}"
    );
    assert_eq!((published.industries, published.min_leads), (1, 10));

    let tenth = varied(&t, "food_beverage", 9);
    let tenth_id = store(&t, &tenth, 9).await;
    let page = report_page(&t, &tenth_id, &tenth).await;
    assert!(
        !page.contains("class=\"peers\""),
        "9 brands compared with: {page}"
    );
    genuine.push(readiness_of(&t, &tenth));
    t.state.benchmarks.refresh(&t.state.db, 2).await.unwrap();
    let (_, ten, _) = benchmarks(&t, &[]).await;
    let figures: readiness::benchmark::Benchmarks = serde_json::from_value(ten).unwrap();
    let food = figures
        .industries
        .iter()
        .find(|i| i.industry == "food_beverage")
        .expect("10 genuine food brands are a benchmark");
    assert_eq!(food.leads, 10);
    assert!(
        genuine
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 3,
        "the test's leads spread out: {genuine:?}"
    );
    // the visitor's report page says it too
    let mine = readiness_of(&t, &tenth);
    let lower = genuine.iter().filter(|r| **r < mine).count();
    let page = report_page(&t, &tenth_id, &tenth).await;
    let said = match lower * 100 / 10 {
        0 => "Your readiness is at the start of the range for brands in your industry.".into(),
        100 => "Your readiness is higher than that of every brand in your industry.".into(),
        percent => format!("Your readiness is higher than {percent}% of brands in your industry."),
    };
    let line = format!("<strong>{said}</strong> Compared with the 10 brands");
    assert!(page.contains(&line), "{line}: {page}");
    for readiness in 0..=100u8 {
        let lower = genuine.iter().filter(|r| **r < readiness).count();
        assert_eq!(
            figures
                .compare("food_beverage", readiness)
                .map(|c| c.percent),
            Some((lower * 100 / 10) as u8),
            "readiness {readiness} among {genuine:?}"
        );
    }
}

async fn the_figures_are_cacheable_and_hold_no_personal_data(db: TestDb) {
    let t = app_with(&db, |c| {
        c.benchmark_min_leads = 10;
        c.allowed_origins = vec!["https://www.agency.example".into()];
    })
    .await;
    let (status, empty, response) = benchmarks(&t, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(
        empty,
        json!({ "min_leads": 10, "industries": [] }),
        "before the first count"
    );
    let before = response.headers()["etag"].to_str().unwrap().to_owned();
    for n in 0..10 {
        store(&t, &varied(&t, "beauty", n), n).await;
    }
    t.state.benchmarks.refresh(&t.state.db, 1).await.unwrap();

    let (status, body, response) =
        benchmarks(&t, &[("origin", "https://www.agency.example")]).await;
    assert_eq!(status, 200);
    let headers = response.headers();
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["cache-control"], "public, max-age=900");
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://www.agency.example"
    );
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert_ne!(etag, before, "new figures, a new tag");
    let text = body.to_string();
    for personal in [
        "brand0@beauty.example",
        "Emma",
        "Teahouse",
        "+44",
        "newsletter",
        "key-",
    ] {
        assert!(!text.contains(personal), "`{personal}` in {text}");
    }
    let mut keys: Vec<&String> = body["industries"][0].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["below", "industry", "leads"]);

    let (status, _, response) = benchmarks(&t, &[("if-none-match", &etag)]).await;
    assert_eq!(status, 304, "the copy a browser holds is still good");
    assert_eq!(response.headers()["etag"], etag.as_str());
    let (status, _, _) = benchmarks(&t, &[("if-none-match", &before)]).await;
    assert_eq!(status, 200, "an older copy is not");
    let (_, _, other) = benchmarks(&t, &[("origin", "https://elsewhere.example")]).await;
    assert!(other.headers().get("access-control-allow-origin").is_none());

    // the admins see the threshold and what it lists
    let cookie = common::staff::signed_in(&t).await;
    let (_, settings) = common::staff::get_page(&t, &cookie, "/admin/settings").await;
    assert!(
        settings.contains(
            "industries with at least 10 genuine leads: 1 (figures of 1970-01-01 00:00 UTC"
        ),
        "{settings}"
    );
}

#[tokio::test]
async fn a_threshold_below_ten_is_refused_at_start() {
    let db = TestDb::sqlite();
    let mut config = config_for(&db.url);
    config.benchmark_min_leads = 9;
    let error = intake::AppState::from_config(&config)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(error.contains("INTAKE_BENCHMARK_MIN_LEADS"), "{error}");
    assert!(error.contains("at least 10"), "{error}");
    config.benchmark_min_leads = 10;
    assert!(intake::AppState::from_config(&config).await.is_ok());
}
