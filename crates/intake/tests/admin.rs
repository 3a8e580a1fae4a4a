//! The staff area, signed in for real: the list and its filters, a lead's page, the CSV
//! export, erasure by email, CSRF, and a corpus of hostile strings that stays inert in the
//! database, the pages and the CSV.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::Request;
use common::staff::*;
use common::*;
use serde_json::json;

on_both_backends!(
    the_list_needs_a_session_and_a_wrong_password_is_refused,
    sign_in_attempts_from_one_address_are_limited,
    staff_see_filter_and_open_leads,
    erasure_needs_the_csrf_token_removes_the_person_and_is_audited_without_their_email,
    retention_purge_deletes_old_leads_only,
    hostile_strings_stay_inert_in_the_database_the_pages_and_the_csv,
);

async fn the_list_needs_a_session_and_a_wrong_password_is_refused(db: TestDb) {
    let t = app(&db).await;
    let (status, _) = get_page(&t, "intake_session=forged", "/admin/leads").await;
    assert_eq!(status, 303, "to the sign-in page");
    add_staff(&t).await;
    let request = login_request("email=sales%40agency.example&password=guess");
    assert_eq!(send(&t.app, request).await.0, 401);
}

async fn sign_in_attempts_from_one_address_are_limited(db: TestDb) {
    let t = app(&db).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let request = login_request("email=x%40y.example&password=guess");
        statuses.push(send(&t.app, from(request, [203, 0, 113, 9])).await.0);
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);
}

async fn staff_see_filter_and_open_leads(db: TestDb) {
    let t = app(&db).await;
    let tea = store(&t, "key-admin-tea-0000001", |_| {}).await;
    store(&t, "key-admin-saas-000001", |b| {
        b["answers"] = json!({ "industry": ["software_saas"], "business_model": ["b2b"], "goals": ["b2b_leads"] });
        b["contact"]["company"] = json!("Saas Oy");
    })
    .await;
    store(&t, "key-admin-spam-000001", |b| {
        b["form"]["honeypot"] = json!("x")
    })
    .await;
    let cookie = signed_in(&t).await;
    let (_, all) = get_page(&t, &cookie, "/admin/leads").await;
    assert!(all.contains("Teahouse Ltd") && all.contains("Saas Oy"));
    assert_eq!(
        all.matches("<tr><td data-label=\"Received (UTC)\">")
            .count(),
        2,
        "spam is left out by default"
    );
    let (_, xhs) = get_page(&t, &cookie, "/admin/leads?channel=xiaohongshu").await;
    assert!(xhs.contains("Teahouse Ltd") && !xhs.contains("Saas Oy"));
    let (_, spam) = get_page(&t, &cookie, "/admin/leads?spam=only").await;
    assert_eq!(
        spam.matches("<tr><td data-label=\"Received (UTC)\">")
            .count(),
        1
    );
    assert!(
        all.contains("too few answers"),
        "three answers give no verdict: {all}"
    );
    let (_, csv) = get_page(&t, &cookie, "/admin/leads.csv").await;
    let saas = csv.lines().find(|l| l.contains("Saas Oy")).unwrap();
    assert!(saas.contains(",\"not_enough_answers\","), "{saas}");
    let tea_row = csv.lines().find(|l| l.contains("Teahouse Ltd")).unwrap();
    assert!(
        tea_row.contains(r#""scored","B","57","foundations","xiaohongshu,wechat","cross_border:budget_below_10000,douyin:budget_below_10000","website_blocked""#),
        "{tea_row}"
    );
    let (status, page) = get_page(&t, &cookie, &format!("/admin/leads/{tea}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Emma Clarke"), "{page}");
    assert!(
        page.contains("Xiaohongshu (RedNote); WeChat"),
        "start here: {page}"
    );
    assert!(
        page.contains("Cross-border e-commerce (once your budget reaches €10,000 a month)"),
        "later, with the reason: {page}"
    );
    assert!(
        page.contains("Your website may not work in China"),
        "{page}"
    );
}

async fn erasure_needs_the_csrf_token_removes_the_person_and_is_audited_without_their_email(
    db: TestDb,
) {
    let t = app(&db).await;
    store(&t, "key-erase-me-00000001", |_| {}).await;
    store(&t, "key-erase-me-00000002", |b| {
        b["contact"]["email"] = json!("EMMA@teahouse.co.uk")
    })
    .await;
    store(&t, "key-keep-me-000000001", |b| {
        b["contact"]["email"] = json!("other@teahouse.co.uk")
    })
    .await;
    let cookie = signed_in(&t).await;
    let erase = |csrf: &str| {
        Request::post("/admin/erase")
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "csrf={csrf}&email=emma%40teahouse.co.uk"
            )))
            .unwrap()
    };
    assert_eq!(send(&t.app, erase("forged")).await.0, 403);
    assert_eq!(count_leads(&t.config.database_url).await, 3);
    let (_, page) = get_page(&t, &cookie, "/admin/leads").await;
    let (status, body, _) = send(&t.app, erase(&csrf_of(&page))).await;
    assert_eq!(status, 200);
    assert!(body.as_str().unwrap().contains("2 lead(s) erased"));
    assert_eq!(count_leads(&t.config.database_url).await, 1);
    let audit = t.state.db.audit_entries().await.unwrap();
    assert_eq!(audit[0].0, "erase");
    assert!(
        !audit
            .iter()
            .any(|(_, detail)| detail.contains("emma") || detail.contains("teahouse")),
        "{audit:?}"
    );
}

async fn retention_purge_deletes_old_leads_only(db: TestDb) {
    let t = app(&db).await;
    store(&t, "key-recent-0000000001", |_| {}).await;
    assert_eq!(intake::purge_expired(&t.state.db, 30).await.unwrap(), 0);
    assert_eq!(t.state.db.purge_before(i64::MAX).await.unwrap(), 1);
    assert_eq!(count_leads(&t.config.database_url).await, 0);
}

/// The text a browser shows for escaped HTML (the entities a template may write).
fn unescape(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&end| end <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Strings an attacker or an unlucky visitor might send.
const HOSTILE: &[&str] = &[
    "<script>alert('x')</script>",
    "\"><img src=x onerror=alert(1)>",
    "Robert'); DROP TABLE leads;--",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+1",
    "@SUM(1+1)",
    "Ünïcödé 名字 🚀 \u{202e}reversed",
    "ℌ𝔢𝔩𝔩𝔬 \u{200b}zero width",
];

/// Control characters in one-line fields and over-long values are refused, not stored.
async fn refuses_control_characters_and_overlong_values(t: &TestApp) {
    let mut bad = lead(&t.state, "key-hostile-control-1");
    bad["contact"]["name"] = json!("Emma\r\nBcc: all@example.com");
    assert_eq!(send(&t.app, post(&bad)).await.0, 422);
    // a very long value is refused with its limit
    let mut long = lead(&t.state, "key-hostile-long-0001");
    long["contact"]["company"] = json!("x".repeat(10_000));
    let (status, problem, _) = send(&t.app, post(&long)).await;
    assert_eq!(
        (status, problem["errors"][0]["max"].as_u64()),
        (422, Some(150))
    );
}

async fn hostile_strings_stay_inert_in_the_database_the_pages_and_the_csv(db: TestDb) {
    let t = app(&db).await;
    let mut ids = Vec::new();
    for (i, text) in HOSTILE.iter().enumerate() {
        let id = store(&t, &format!("key-hostile-{i:010}"), |b| {
            b["contact"]["name"] = json!(text);
            b["contact"]["company"] = json!(text);
            b["contact"]["role"] = json!(text);
            b["contact"]["message"] = json!(format!("{text}\nsecond line"));
            b["attribution"]["utm_campaign"] = json!(text);
        })
        .await;
        ids.push(id);
    }
    refuses_control_characters_and_overlong_values(&t).await;
    assert_eq!(
        count_leads(&t.config.database_url).await,
        HOSTILE.len() as i64,
        "the table survived"
    );
    for (id, text) in ids.iter().zip(HOSTILE) {
        let stored = t.state.db.lead(id).await.unwrap().unwrap();
        assert_eq!(stored.company, *text, "stored exactly as sent");
    }
    let cookie = signed_in(&t).await;
    let (_, list) = get_page(&t, &cookie, "/admin/leads").await;
    let (_, page) = get_page(&t, &cookie, &format!("/admin/leads/{}", ids[1])).await;
    for html in [&list, &page] {
        assert!(
            !html.contains("<script>alert") && !html.contains("<img src=x"),
            "escaped"
        );
        let shown = unescape(html);
        assert!(
            shown.contains(HOSTILE[0]) || shown.contains(HOSTILE[1]),
            "shown as typed, as text"
        );
    }
    let (status, csv) = get_page(&t, &cookie, "/admin/leads.csv").await;
    assert_eq!(status, 200);
    for line in csv.lines().skip(1) {
        assert!(
            !line.contains(",\"=") && !line.contains(",\"+") && !line.contains(",\"@"),
            "formula defused: {line}"
        );
    }
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""));
    let audit = t.state.db.audit_entries().await.unwrap();
    assert_eq!(audit[0].0, "export");
    assert!(audit[0].1.starts_with(&format!("{} leads", HOSTILE.len())));
}
