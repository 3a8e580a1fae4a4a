//! What sales look for in the staff area: a lead found by part of its name, company or
//! email; its answers in the order the visitor was asked them; where it came from.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use common::staff::*;
use common::*;
use serde_json::json;

on_both_backends!(
    a_lead_is_found_by_part_of_its_name_company_or_email,
    a_lead_page_shows_the_answers_in_the_quizs_order_and_where_it_came_from,
);

/// The companies the list shows, in its order.
fn companies(page: &str) -> Vec<String> {
    page.split("\">")
        .skip(1)
        .filter_map(|rest| rest.split("</a>").next())
        .filter(|text| text.starts_with("Co "))
        .map(str::to_owned)
        .collect()
}

async fn a_lead_is_found_by_part_of_its_name_company_or_email(db: TestDb) {
    let t = app(&db).await;
    let cookie = signed_in(&t).await;
    store_people(&t).await;
    let found = |q: &str| {
        let path = format!("/admin/leads?q={}", q.replace('%', "%25").replace(' ', "+"));
        let (t, cookie) = (&t, cookie.clone());
        async move {
            let (status, page) = get_page(t, &cookie, &path).await;
            assert_eq!(status, 200);
            companies(&page)
        }
    };
    assert_eq!(found("").await.len(), 4, "no search: all");
    assert_eq!(
        found("TEAHOUSE").await,
        ["Co Teahouse"],
        "company, any case"
    );
    assert_eq!(found("virtanen").await, ["Co Saas Oy"], "name");
    assert_eq!(found("@natural.").await.len(), 2, "email");
    assert_eq!(
        found("100%").await,
        ["Co 100% Natural"],
        "% is a character, not a wildcard"
    );
    assert_eq!(found("li_").await, ["Co 100x Natural"], "so is _");
    assert!(found("nobody").await.is_empty());
    let (_, page) = get_page(&t, &cookie, "/admin/leads?q=saas").await;
    let export = page.split("leads.csv?").nth(1).unwrap();
    let export = &export[..export.find('"').unwrap()];
    assert!(
        export.ends_with("q=saas"),
        "the export keeps the search: {export}"
    );
    assert!(page.contains("id=\"q\" name=\"q\" type=\"search\" value=\"saas\""));
}

/// Four leads whose names, companies and emails the search is tried on.
async fn store_people(t: &TestApp) {
    for (key, name, company, email) in [
        (
            "key-search-tea-00001",
            "Emma Clarke",
            "Co Teahouse",
            "emma@teahouse.co.uk",
        ),
        (
            "key-search-saas-0001",
            "Mikko Virtanen",
            "Co Saas Oy",
            "mikko@saas.fi",
        ),
        (
            "key-search-pct-00001",
            "Ana Lima",
            "Co 100% Natural",
            "ana@natural.example",
        ),
        (
            "key-search-und-00001",
            "Li Wei",
            "Co 100x Natural",
            "li_wei@natural.example",
        ),
    ] {
        store(t, key, |lead| {
            lead["contact"]["name"] = json!(name);
            lead["contact"]["company"] = json!(company);
            lead["contact"]["email"] = json!(email);
        })
        .await;
    }
}

async fn a_lead_page_shows_the_answers_in_the_quizs_order_and_where_it_came_from(db: TestDb) {
    let t = app(&db).await;
    let cookie = signed_in(&t).await;
    let id = store(&t, "key-order-origin-0001", |lead| {
        lead["attribution"] = json!({
            "utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "china-2027",
            "referrer": "https://news.example/", "landing_page": "https://agency.example/china"
        });
    })
    .await;
    let (status, page) = get_page(&t, &cookie, &format!("/admin/leads/{id}")).await;
    assert_eq!(status, 200);
    let answers = &page[page.find("<h2>Answers</h2>").unwrap()..page.find("<h2>Where").unwrap()];
    let labels: Vec<&str> = t
        .state
        .quiz
        .questions()
        .iter()
        .map(|q| t.state.quiz.texts("en").question_label(q.id.as_str()))
        .collect();
    let positions: Vec<usize> = labels
        .iter()
        .map(|label| {
            answers
                .find(&format!(">{label}<"))
                .unwrap_or_else(|| panic!("{label} shown"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|p| p[0] < p[1]),
        "in the quiz's order: {labels:?}"
    );
    for shown in [
        "Source (utm_source)</th><td>newsletter",
        "Medium (utm_medium)</th><td>email",
        "Campaign (utm_campaign)</th><td>china-2027",
        "Referrer</th><td>https://news.example/",
        "Page</th><td>https://agency.example/china",
    ] {
        assert!(page.contains(shown), "{shown}");
    }
    assert!(
        !page.contains("Term (utm_term)"),
        "what was not sent is not listed"
    );
}
