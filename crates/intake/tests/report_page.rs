//! The visitor's report page (issue 13): a link made for the lead's own widget, 256 random
//! bits stored only as a digest, the page in the visitor's language with no contact data,
//! gone when revoked, erased or past retention; staff read the same page signed in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::Request;
use common::staff::{csrf_of, get_page, signed_in, store};
use common::*;
use serde_json::json;

on_both_backends!(
    a_link_shows_the_report_in_the_visitors_language_without_contact_data,
    revoking_erasing_and_retention_end_the_page,
);

const HOSTILE: &str = "<script>alert(1)</script>\"'&<img src=x onerror=alert(2)>";

fn mint(id: &str, key: Option<&str>) -> Request<Body> {
    let mut request = Request::post(format!("/api/v1/leads/{id}/report-link"));
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    request.body(Body::empty()).unwrap()
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

/// A lead in French from a visitor who typed hostile strings into every free field.
async fn french_lead(t: &TestApp, key: &str, email: &str) -> String {
    let quiz = std::sync::Arc::clone(&t.state.quiz);
    store(t, key, |body| {
        body["locale"] = json!("fr");
        for consent in body["consents"].as_array_mut().unwrap() {
            let purpose = consent["purpose"].as_str().unwrap().to_owned();
            let text = quiz.consents().iter().find(|c| c.id.as_str() == purpose);
            consent["text_hash"] = json!(text.unwrap().text_hash("fr").unwrap());
        }
        body["contact"]["email"] = json!(email);
        for field in ["name", "company", "role", "message"] {
            body["contact"][field] = json!(format!("{field} {HOSTILE}"));
        }
    })
    .await
}

/// A new link for the lead: its path, checked for shape.
async fn link(t: &TestApp, id: &str, key: &str) -> String {
    let (status, made, _) = send(&t.app, mint(id, Some(key))).await;
    assert_eq!(status, 201, "{made}");
    let url = made["url"].as_str().unwrap().to_owned();
    let secret = url.strip_prefix("/r/").expect("a /r/ path");
    assert!(
        intake::secret::is_token(secret),
        "{url}: 64 hex digits, 256 bits"
    );
    url
}

async fn a_link_shows_the_report_in_the_visitors_language_without_contact_data(db: TestDb) {
    let t = app(&db).await;
    let key = "key-report-page-000001";
    let id = french_lead(&t, key, "emma@teahouse.co.uk").await;

    // only the lead's own widget gets a link
    assert_eq!(
        send(&t.app, mint(&id, Some("key-someone-else-0001")))
            .await
            .0,
        404
    );
    assert_eq!(send(&t.app, mint("no-such-lead", Some(key))).await.0, 404);
    assert_eq!(send(&t.app, mint(&id, None)).await.0, 400);

    let first = link(&t, &id, key).await;
    let second = link(&t, &id, key).await;
    assert_ne!(first, second, "each request makes a link of its own");
    // stored as a digest only: the secret itself is nowhere in the table
    let secret = first.trim_start_matches("/r/");
    let url = &t.config.database_url;
    let rows = |sql: &'static str, bind: String| async move { count_where(url, sql, &bind).await };
    let by_hash = "SELECT COUNT(*) AS n FROM report_links WHERE token_hash = $1";
    assert_eq!(rows(by_hash, intake::secret::digest(secret)).await, 1);
    assert_eq!(rows(by_hash, secret.to_owned()).await, 0);

    let (status, page, response) = send(&t.app, get(&first)).await;
    let page = page.as_str().unwrap().to_owned();
    assert_eq!(status, 200, "{page}");
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
    assert!(header("content-security-policy").starts_with("default-src 'none'"));
    assert!(!header("content-security-policy").contains("script-src"));
    assert_eq!(header("x-robots-tag"), "noindex, nofollow");
    assert_eq!(header("referrer-policy"), "no-referrer");
    assert_eq!(header("cache-control"), "no-store");
    assert!(
        page.contains("<html lang=\"fr\">") && page.contains("noindex"),
        "{page}"
    );
    let texts = t.state.quiz.texts("fr");
    for key in [
        "ui.results_title",
        "ui.start_here_title",
        "ui.blockers_title",
        "ui.next_steps_title",
        "ui.dimensions_title",
    ] {
        assert!(page.contains(texts.get(key)), "{key} missing from {page}");
    }
    assert!(page.contains("<svg") && !page.contains("<script"), "{page}");
    for contact in [
        "emma@", "Emma", "Teahouse", "7946", "name ", "company ", "message ", "onerror",
    ] {
        assert!(!page.contains(contact), "{contact:?} on the report page");
    }

    // a wrong or malformed secret finds nothing
    let mut wrong = first.clone().into_bytes();
    let last = wrong.len() - 1;
    wrong[last] = if wrong[last] == b'0' { b'1' } else { b'0' };
    for path in [
        String::from_utf8(wrong).unwrap(),
        "/r/nothing".to_owned(),
        first.to_uppercase(),
    ] {
        assert_eq!(send(&t.app, get(&path)).await.0, 404, "{path}");
    }

    // staff read the same document signed in, and the lead page leads there
    let cookie = signed_in(&t).await;
    let (status, staff_page) = get_page(&t, &cookie, &format!("/admin/leads/{id}/report")).await;
    assert_eq!(status, 200);
    assert_eq!(staff_page, page, "the same page for sales and visitor");
    let (_, detail) = get_page(&t, &cookie, &format!("/admin/leads/{id}")).await;
    assert!(
        detail.contains(&format!("href=\"/admin/leads/{id}/report\"")),
        "{detail}"
    );
    assert!(detail.contains("holds 2 link(s)"), "{detail}");
    assert_eq!(
        get_page(
            &t,
            "intake_session=forged",
            &format!("/admin/leads/{id}/report")
        )
        .await
        .0,
        303
    );
}

async fn revoking_erasing_and_retention_end_the_page(db: TestDb) {
    let t = app_with(&db, |config| config.retention_days = 30).await;
    let revoked_key = "key-report-revoked-0001";
    let revoked = french_lead(&t, revoked_key, "revoke@brand.example").await;
    let erased_key = "key-report-erased-00001";
    let erased = french_lead(&t, erased_key, "erase@brand.example").await;
    let aged_key = "key-report-aged-000001";
    let aged = french_lead(&t, aged_key, "aged@brand.example").await;
    let links = [
        link(&t, &revoked, revoked_key).await,
        link(&t, &revoked, revoked_key).await,
        link(&t, &erased, erased_key).await,
        link(&t, &aged, aged_key).await,
    ];
    for path in &links {
        assert_eq!(send(&t.app, get(path)).await.0, 200, "{path}");
    }

    // staff revoke: a forged token changes nothing, the real one ends both links
    let cookie = signed_in(&t).await;
    let (_, detail) = get_page(&t, &cookie, &format!("/admin/leads/{revoked}")).await;
    let revoke = |csrf: String| {
        Request::post(format!("/admin/leads/{revoked}/report/revoke"))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf={csrf}")))
            .unwrap()
    };
    assert_eq!(send(&t.app, revoke("forged".into())).await.0, 403);
    assert_eq!(send(&t.app, get(&links[0])).await.0, 200);
    assert_eq!(send(&t.app, revoke(csrf_of(&detail))).await.0, 303);
    assert_eq!(send(&t.app, get(&links[0])).await.0, 404);
    assert_eq!(send(&t.app, get(&links[1])).await.0, 404);
    let audit = t.state.db.audit_entries().await.unwrap();
    assert_eq!(audit[0].0, "revoke_report_links", "{audit:?}");
    let (_, detail) = get_page(&t, &cookie, &format!("/admin/leads/{revoked}")).await;
    assert!(detail.contains("holds no working link"), "{detail}");

    // erasure takes the links with the lead
    t.state
        .db
        .erase_by_email("ERASE@brand.example")
        .await
        .unwrap();
    assert_eq!(send(&t.app, get(&links[2])).await.0, 404);
    let url = &t.config.database_url;
    let of_lead = "SELECT COUNT(*) AS n FROM report_links WHERE lead_id = $1";
    assert_eq!(count_where(url, of_lead, &erased).await, 0);

    // past retention the page is gone at once, and the purge deletes the link
    execute(
        url,
        &format!(
            "UPDATE leads SET received_at_ms = received_at_ms - 2678400000 WHERE id = '{aged}'"
        ),
    )
    .await;
    assert_eq!(send(&t.app, get(&links[3])).await.0, 404);
    assert_eq!(intake::purge_expired(&t.state.db, 30).await.unwrap(), 1);
    assert_eq!(count_where(url, of_lead, &aged).await, 0);
    assert_eq!(
        count_where(url, of_lead, &revoked).await,
        2,
        "revoked links stay with their lead"
    );
}
