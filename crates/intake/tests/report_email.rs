//! The report by email (issue 13): the visitor's consent `report_email` owes them a
//! confirmation (double opt-in: a single-use link, valid 72 hours, stored as a digest); only
//! the click owes them the report email (HTML and text, the link to the report page). Both
//! go through the lead's durable outbox, whose copy of the link is wiped once sent.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::Request;
use base64::Engine;
use common::receiver::until;
use common::smtp::{decode_quoted_printable, header, smtp_listener, smtp_listener_refusing};
use common::staff::{get_page, signed_in, store};
use common::*;
use serde_json::json;

on_both_backends!(
    a_confirmed_address_gets_the_report_once,
    no_consent_no_repeat_no_expired_link_and_erasure_takes_what_is_pending,
    a_report_asked_for_alone_is_mailed_after_confirmation_and_is_no_lead,
);

const PUBLIC: &str = "https://intake.example";

async fn app_mailing(db: &TestDb, smtp: &str) -> TestApp {
    let t = app_with(db, |c| {
        c.smtp_url = Some(smtp.to_owned());
        c.mail_to = vec!["sales@agency.example".to_owned()];
        c.public_url = Some(PUBLIC.to_owned());
    })
    .await;
    t.state.spawn_notifier();
    t
}

/// A lead from `email` in `locale` that asks (or not) for its report by email.
async fn lead_asking(t: &TestApp, key: &str, email: &str, locale: &str, asks: bool) -> String {
    lead_asking_as(t, key, email, locale, asks, "").await
}

/// [`lead_asking`] with the spam trap filled with `honeypot`.
async fn lead_asking_as(
    t: &TestApp,
    key: &str,
    email: &str,
    locale: &str,
    asks: bool,
    honeypot: &str,
) -> String {
    let quiz = Arc::clone(&t.state.quiz);
    store(t, key, |body| {
        body["form"]["honeypot"] = json!(honeypot);
        body["locale"] = json!(locale);
        body["contact"]["email"] = json!(email);
        body["contact"]["company"] = json!("<script>alert(1)</script> & Co");
        let hash = |purpose: &str| {
            let consent = quiz.consents().iter().find(|c| c.id.as_str() == purpose);
            json!(consent.unwrap().text_hash(locale).unwrap())
        };
        let consents = body["consents"].as_array_mut().unwrap();
        for consent in consents.iter_mut() {
            consent["text_hash"] = hash(consent["purpose"].as_str().unwrap());
        }
        consents.push(json!({ "purpose": "report_email", "granted": asks, "text_hash": hash("report_email") }));
    })
    .await
}

/// The messages sent to `to`.
fn mails_to(kept: &Arc<Mutex<Vec<String>>>, to: &str) -> Vec<String> {
    let kept = kept.lock().unwrap();
    kept.iter()
        .filter(|m| header(m, "To").is_some_and(|t| t.contains(to)))
        .cloned()
        .collect()
}

/// A message's text and HTML parts, decoded.
fn parts(mail: &str) -> (String, String) {
    let content_type = header(mail, "Content-Type").unwrap();
    assert!(
        content_type.starts_with("multipart/alternative"),
        "{content_type}"
    );
    let boundary = content_type
        .split("boundary=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut text = String::new();
    let mut html = String::new();
    for part in mail.split(&format!("--{boundary}")).skip(1) {
        let Some((head, body)) = part
            .split_once("\n\n")
            .or_else(|| part.split_once("\r\n\r\n"))
        else {
            continue;
        };
        let decoded = if head.contains("base64") {
            let joined: String = body.split_whitespace().collect();
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap(),
            )
            .unwrap()
        } else if head.contains("quoted-printable") {
            decode_quoted_printable(body)
        } else {
            body.to_owned()
        };
        if head.contains("text/plain") {
            text = decoded;
        } else if head.contains("text/html") {
            html = decoded;
        }
    }
    assert!(!text.is_empty() && !html.is_empty(), "both parts in {mail}");
    (text, html)
}

/// The secret after `prefix` in `text`: 64 hex digits.
fn secret_after(text: &str, prefix: &str) -> String {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix} in {text}"))
        + prefix.len();
    let secret = &text[start..start + 64];
    assert!(intake::secret::is_token(secret), "{secret}");
    secret.to_owned()
}

fn request(method: &str, path: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .unwrap()
}

async fn a_confirmed_address_gets_the_report_once(db: TestDb) {
    let (smtp, kept) = smtp_listener().await;
    let t = app_mailing(&db, &smtp).await;
    let id = lead_asking(
        &t,
        "key-report-email-00001",
        "zoe@brand.example",
        "fr",
        true,
    )
    .await;
    assert!(
        until(10_000, || mails_to(&kept, "zoe@brand.example").len() == 1).await,
        "the confirmation"
    );
    let confirmation = mails_to(&kept, "zoe@brand.example").remove(0);
    let texts = t.state.quiz.texts("fr");
    let (text, html) = parts(&confirmation);
    for part in [&text, &html] {
        for key in [
            "mail.confirm_body",
            "mail.why",
            "mail.erase",
            "mail.confirm_ignore",
        ] {
            assert!(part.contains(texts.get(key)), "{key} in {part}");
        }
        assert!(
            !part.contains("alert(1)") && !part.contains("<script"),
            "{part}"
        );
    }
    assert!(
        !html.contains("<img") && html.contains("lang=\"fr\""),
        "{html}"
    );
    let secret = secret_after(&text, &format!("{PUBLIC}/r/confirm/"));
    assert_eq!(
        secret,
        secret_after(&html, &format!("href=\"{PUBLIC}/r/confirm/"))
    );

    // at rest: the digest only, and the outbox's copy wiped once sent
    let url = &t.config.database_url;
    let by_hash = "SELECT COUNT(*) AS n FROM report_requests WHERE confirm_hash = $1";
    assert_eq!(
        count_where(url, by_hash, &intake::secret::digest(&secret)).await,
        1
    );
    assert_eq!(count_where(url, by_hash, &secret).await, 0);
    let kept_secrets =
        "SELECT COUNT(*) AS n FROM notifications WHERE secret IS NOT NULL AND lead_id = $1";
    assert_eq!(
        kept_after_sending(url, kept_secrets, &id).await,
        0,
        "wiped once sent"
    );
    assert!(
        mails_to(&kept, "sales@agency.example").len() == 1,
        "the sales email as ever"
    );
    // twenty more tea brands: enough to compare the visitor with them
    for n in 0..20u8 {
        let mut other = lead(&t.state, &format!("key-report-peer-{n:06}"));
        other["contact"]["email"] = json!(format!("peer{n}@tea.example"));
        let website = ["china_hosted", "english_only"][usize::from(n % 2)];
        other["answers"]["website"] = json!([website]);
        let (status, _, _) = send(&t.app, from(post(&other), [10, 3, 0, n + 1])).await;
        assert_eq!(status, 201);
    }
    t.state.benchmarks.refresh(&t.state.db, 1).await.unwrap();
    let mine = t
        .state
        .db
        .lead(&id)
        .await
        .unwrap()
        .unwrap()
        .readiness
        .unwrap();
    let place = t
        .state
        .benchmarks
        .current()
        .figures
        .compare("food_beverage", mine as u8);
    let (compared, _) = texts.comparison(place.expect("21 tea brands are a benchmark"));

    // a scanner's GET presses nothing; the visitor's POST confirms, once
    let path = format!("/r/confirm/{secret}");
    let (status, page, _) = send(&t.app, request("GET", &path)).await;
    let page = page.as_str().unwrap().to_owned();
    assert_eq!(status, 200);
    assert!(
        page.contains(texts.get("mail.confirm_button")) && page.contains("<form method=\"post\">"),
        "{page}"
    );
    let (status, _, response) = send(&t.app, request("POST", &path)).await;
    assert_eq!(status, 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let page_secret = secret_after(&location, "/r/");
    for method in ["POST", "GET"] {
        let (status, gone, _) = send(&t.app, request(method, &path)).await;
        assert_eq!(status, 410, "{method} after use");
        assert!(gone.as_str().unwrap().contains(texts.get("mail.link_gone")));
    }
    assert_eq!(
        send(&t.app, request("GET", &location)).await.0,
        200,
        "the report page"
    );

    // the report email, once, in French, with the page's link
    assert!(
        until(10_000, || mails_to(&kept, "zoe@brand.example").len() == 2).await,
        "the report"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mails = mails_to(&kept, "zoe@brand.example");
    assert_eq!(mails.len(), 2, "nothing more");
    let report = &mails[1];
    let subject = header(report, "Subject").unwrap();
    assert!(
        subject.starts_with("=?utf-8?") || subject.contains("bilan"),
        "{subject}"
    );
    let (text, html) = parts(report);
    assert_eq!(secret_after(&text, &format!("{PUBLIC}/r/")), page_secret);
    assert_eq!(
        secret_after(&html, &format!("href=\"{PUBLIC}/r/")),
        page_secret
    );
    for part in [&text, &html] {
        for key in [
            "mail.report_intro",
            "ui.start_here_title",
            "ui.blockers_title",
            "ui.next_steps_title",
            "mail.why",
            "mail.erase",
        ] {
            assert!(part.contains(texts.get(key)), "{key} in {part}");
        }
        assert!(part.contains(&compared), "{compared} in {part}");
        assert!(
            !part.contains("alert(1)") && !part.contains("brand.example"),
            "{part}"
        );
    }
    assert!(
        !html.contains("<script") && !html.contains("<img") && !html.contains("<link"),
        "{html}"
    );
    assert_eq!(kept_after_sending(url, kept_secrets, &id).await, 0);

    // staff see the request and the click (the time only)
    let cookie = signed_in(&t).await;
    let (_, detail) = get_page(&t, &cookie, &format!("/admin/leads/{id}")).await;
    assert!(
        detail.contains("Report by email: asked") && detail.contains("address confirmed"),
        "{detail}"
    );
}

async fn no_consent_no_repeat_no_expired_link_and_erasure_takes_what_is_pending(db: TestDb) {
    // a relay that keeps refusing: every email stays owed
    let (smtp, kept) = smtp_listener_refusing(1000).await;
    let t = app_mailing(&db, &smtp).await;
    let url = &t.config.database_url;
    let owed =
        "SELECT COUNT(*) AS n FROM notifications WHERE channel = 'report_confirm' AND lead_id = $1";

    let not_asked = lead_asking(
        &t,
        "key-report-not-asked-01",
        "sam@brand.example",
        "en",
        false,
    )
    .await;
    assert_eq!(
        count_where(url, owed, &not_asked).await,
        0,
        "no consent, no email"
    );

    let first = lead_asking(
        &t,
        "key-report-first-000001",
        "Ann@Brand.example",
        "de",
        true,
    )
    .await;
    let again = lead_asking(
        &t,
        "key-report-again-000001",
        "ann@brand.EXAMPLE",
        "de",
        true,
    )
    .await;
    assert_eq!(count_where(url, owed, &first).await, 1);
    assert_eq!(
        count_where(url, owed, &again).await,
        0,
        "one confirmation a day to an address"
    );

    let spam = lead_asking_as(
        &t,
        "key-report-spam-0000001",
        "bot@brand.example",
        "en",
        true,
        "http://spam",
    )
    .await;
    assert_eq!(count_where(url, owed, &spam).await, 0, "no email for spam");

    // an expired link confirms nothing
    let secret = intake::secret::token();
    execute(url, &format!(
        "UPDATE report_requests SET confirm_hash = '{}', confirm_expires_at_ms = 0 WHERE lead_id = '{first}'",
        intake::secret::digest(&secret)
    ))
    .await;
    assert_eq!(
        send(&t.app, request("POST", &format!("/r/confirm/{secret}")))
            .await
            .0,
        410
    );
    assert_eq!(
        send(&t.app, request("GET", "/r/confirm/not-a-secret"))
            .await
            .0,
        410
    );

    // erasure takes the request and the emails still owed
    assert!(
        until(5_000, || !kept.lock().unwrap().is_empty()).await,
        "the relay was tried"
    );
    t.state
        .db
        .erase_by_email("ANN@brand.example")
        .await
        .unwrap();
    let of_lead = "SELECT COUNT(*) AS n FROM notifications WHERE lead_id = $1";
    assert_eq!(count_where(url, of_lead, &first).await, 0);
    let requests = "SELECT COUNT(*) AS n FROM report_requests WHERE lead_id = $1";
    assert_eq!(count_where(url, requests, &first).await, 0);
}

/// A report request as the results screen sends it.
fn report_request(t: &TestApp, key: &str, email: &str) -> serde_json::Value {
    let lead = lead(&t.state, key);
    let consent = t
        .state
        .quiz
        .consents()
        .iter()
        .find(|c| c.id.as_str() == "report_email");
    json!({
        "quiz_version": lead["quiz_version"], "locale": "en", "answers": lead["answers"], "email": email,
        "consent": { "purpose": "report_email", "granted": true, "text_hash": consent.unwrap().text_hash("en").unwrap() },
        "idempotency_key": key, "attribution": { "utm_source": "newsletter" }
    })
}

fn post_request(body: &serde_json::Value) -> Request<Body> {
    Request::post("/api/v1/leads/report-requests")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn a_report_asked_for_alone_is_mailed_after_confirmation_and_is_no_lead(db: TestDb) {
    let (smtp, kept) = smtp_listener().await;
    let t = app_mailing(&db, &smtp).await;
    let body = report_request(&t, "key-report-alone-000001", "solo@brand.example");
    let (status, answer, _) = send(&t.app, post_request(&body)).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (202, Some("confirmation_sent"))
    );
    assert_eq!(
        send(&t.app, post_request(&body)).await.0,
        202,
        "a retry is the same request"
    );
    let url = &t.config.database_url;
    let rows = "SELECT COUNT(*) AS n FROM leads WHERE kind = $1";
    assert_eq!(count_where(url, rows, "report").await, 1);
    assert_eq!(count_where(url, rows, "lead").await, 0);

    assert!(until(10_000, || mails_to(&kept, "solo@brand.example").len() == 1).await);
    let (text, _) = parts(&mails_to(&kept, "solo@brand.example")[0]);
    let secret = secret_after(&text, &format!("{PUBLIC}/r/confirm/"));
    let (status, _, response) =
        send(&t.app, request("POST", &format!("/r/confirm/{secret}"))).await;
    assert_eq!(status, 303);
    let page = response.headers()["location"].to_str().unwrap().to_owned();
    let (status, html, _) = send(&t.app, request("GET", &page)).await;
    assert_eq!(status, 200);
    assert!(html
        .as_str()
        .unwrap()
        .contains(t.state.quiz.texts("en").get("ui.start_here_title")));
    assert!(
        until(10_000, || mails_to(&kept, "solo@brand.example").len() == 2).await,
        "the report"
    );
    assert!(
        mails_to(&kept, "sales@agency.example").is_empty(),
        "not a lead: sales hear nothing"
    );

    // not in the staff list, nor its export
    let cookie = signed_in(&t).await;
    let (_, list) = get_page(&t, &cookie, "/admin/leads").await;
    assert!(
        !list.contains("solo@brand.example") && !list.contains("/admin/leads/"),
        "{list}"
    );
    let (_, csv) = get_page(&t, &cookie, "/admin/leads.csv").await;
    assert!(!csv.contains("solo@brand.example"), "{csv}");

    // every bad field at once, with a lead's paths
    let mut bad = report_request(&t, "key-report-alone-bad001", "not an address");
    bad["consent"]["granted"] = json!(false);
    bad["answers"]["no_such_question"] = json!(["x"]);
    let (status, problem, _) = send(&t.app, post_request(&bad)).await;
    assert_eq!(status, 422);
    let fields: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("answers.no_such_question", "answer_unknown_question"),
            ("contact.email", "email_invalid"),
            ("consents.report_email", "consent_required"),
        ]
    );
    let mut stale = report_request(&t, "key-report-alone-bad002", "solo@brand.example");
    stale["consent"]["text_hash"] = json!("0123abcd");
    stale["quiz_version"] = json!("an-older-version");
    let (_, problem, _) = send(&t.app, post_request(&stale)).await;
    let codes: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["field_invalid", "consent_text_mismatch"],
        "another quiz version cannot be mailed"
    );

    // a server that sends no email says so
    let off = app(&TestDb::sqlite()).await;
    let (status, problem, _) = send(
        &off.app,
        post_request(&report_request(
            &off,
            "key-report-off-0000001",
            "a@b.example",
        )),
    )
    .await;
    assert_eq!(
        (status, problem["title"].as_str()),
        (501, Some("Reports by email are off"))
    );
}

/// The count of secrets kept for a lead once its emails are recorded as sent: the relay
/// has an email a moment before the worker records it, so this waits up to 5 s for 0.
async fn kept_after_sending(url: &str, sql: &str, lead: &str) -> i64 {
    let mut kept = count_where(url, sql, lead).await;
    for _ in 0..100 {
        if kept == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        kept = count_where(url, sql, lead).await;
    }
    kept
}
