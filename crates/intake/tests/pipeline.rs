//! The sales pipeline in the staff area, on both databases: a lead's status, owner and
//! notes (each in the audit log, the note's text never), the list filtered, ordered and
//! paged by them, roles (sales cannot manage accounts, read the audit log or re-send), and
//! re-sending a given-up webhook under its own event id, once however often it is asked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use common::receiver::{app_notifying, until, webhook_receiver};
use common::staff::*;
use common::*;

on_both_backends!(
    status_owner_and_notes_are_kept_audited_and_filtered_on,
    the_list_is_ordered_and_paged_and_its_links_keep_the_filters,
    a_sales_account_works_leads_but_cannot_manage_accounts_audit_or_resend,
    a_given_up_webhook_is_resent_once_with_its_event_id_and_its_attempts_shown,
    a_lead_taken_for_spam_and_marked_genuine_reaches_sales_once,
);

/// A form post from the staff area's own pages.
async fn form(t: &TestApp, cookie: &str, path: &str, body: &str) -> (u16, String) {
    let request = Request::post(path)
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap();
    let (status, body, _) = send(&t.app, request).await;
    (status, body.as_str().unwrap_or_default().to_owned())
}

/// Signs in as a second account, a sales one; its session cookie.
async fn sales_signed_in(t: &TestApp) -> String {
    let password = "sales team passphrase";
    intake::add_staff(&t.state.db, "li.wei@agency.example", password, None, 0)
        .await
        .unwrap();
    let form = format!(
        "email=li.wei%40agency.example&password={}",
        password.replace(' ', "+")
    );
    let (status, _, response) = send(&t.app, login_request(&form)).await;
    assert_eq!(status, 303);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// The lead ids the list page links to, in its order.
fn listed(page: &str) -> Vec<String> {
    page.split("href=\"/admin/leads/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

async fn status_owner_and_notes_are_kept_audited_and_filtered_on(db: TestDb) {
    let t = app(&db).await;
    let cookie = signed_in(&t).await;
    let first = store(&t, "key-pipeline-first-01", |_| {}).await;
    let second = store(&t, "key-pipeline-second-1", |_| {}).await;
    let (_, page) = get_page(&t, &cookie, &format!("/admin/leads/{first}")).await;
    let csrf = csrf_of(&page);
    assert!(
        page.contains("<option value=\"new\" selected>New</option>"),
        "a lead starts new"
    );

    let lead = format!("/admin/leads/{first}");
    let (status, _) = form(
        &t,
        &cookie,
        &format!("{lead}/status"),
        &format!("csrf={csrf}&status=meeting_booked"),
    )
    .await;
    assert_eq!(status, 303);
    let (status, body) = form(
        &t,
        &cookie,
        &format!("{lead}/status"),
        &format!("csrf={csrf}&status=booked"),
    )
    .await;
    assert_eq!(
        (
            status,
            body.contains("New, Contacted, Meeting booked, Qualified")
        ),
        (422, true),
        "{body}"
    );
    let (status, _) = form(
        &t,
        &cookie,
        &format!("{lead}/status"),
        "csrf=forged&status=won",
    )
    .await;
    assert_eq!(status, 403, "no CSRF token, no change");

    let accounts = t.state.db.accounts().await.unwrap();
    let me = &accounts[0].id;
    let (status, _) = form(
        &t,
        &cookie,
        &format!("{lead}/owner"),
        &format!("csrf={csrf}&owner={me}"),
    )
    .await;
    assert_eq!(status, 303);
    let (status, _) = form(
        &t,
        &cookie,
        &format!("{lead}/owner"),
        &format!("csrf={csrf}&owner=nobody-like-this"),
    )
    .await;
    assert_eq!(status, 404, "only a staff account owns a lead");

    let note = "Called; wants Tmall <b>first</b>, budget signed off in March.";
    let encoded = serde_urlencoded::to_string([("csrf", csrf.as_str()), ("note", note)]).unwrap();
    assert_eq!(
        form(&t, &cookie, &format!("{lead}/notes"), &encoded)
            .await
            .0,
        303
    );
    let (status, _) = form(
        &t,
        &cookie,
        &format!("{lead}/notes"),
        &format!("csrf={csrf}&note=+++"),
    )
    .await;
    assert_eq!(status, 422, "an empty note is refused");
    let long = "x".repeat(4001);
    assert_eq!(
        form(
            &t,
            &cookie,
            &format!("{lead}/notes"),
            &format!("csrf={csrf}&note={long}")
        )
        .await
        .0,
        422
    );

    let (_, page) = get_page(&t, &cookie, &lead).await;
    assert!(
        page.contains("<option value=\"meeting_booked\" selected>Meeting booked</option>"),
        "{page}"
    );
    assert!(page.contains(&format!(
        "<option value=\"{me}\" selected>sales@agency.example</option>"
    )));
    assert!(
        page.contains("wants Tmall &#60;b&#62;first&#60;/b&#62;")
            || page.contains("wants Tmall &lt;b&gt;first&lt;/b&gt;"),
        "the note, escaped: {page}"
    );
    assert!(page.contains("sales@agency.example ·"), "the note's author");

    let ids = |path: &'static str| {
        let (t, cookie) = (&t, cookie.clone());
        async move { listed(&get_page(t, &cookie, path).await.1) }
    };
    assert_eq!(
        ids("/admin/leads?status=meeting_booked").await,
        vec![first.clone()]
    );
    assert_eq!(ids("/admin/leads?status=new").await, vec![second.clone()]);
    assert_eq!(ids("/admin/leads?owner=me").await, vec![first.clone()]);
    assert_eq!(ids("/admin/leads?owner=none").await, vec![second.clone()]);
    assert_eq!(ids("/admin/leads").await.len(), 2);

    // spam follows the status, both ways
    form(
        &t,
        &cookie,
        &format!("/admin/leads/{second}/status"),
        &format!("csrf={csrf}&status=spam"),
    )
    .await;
    assert_eq!(
        ids("/admin/leads").await,
        vec![first.clone()],
        "spam is left out"
    );
    assert_eq!(ids("/admin/leads?spam=only").await, vec![second.clone()]);
    form(
        &t,
        &cookie,
        &format!("/admin/leads/{second}/status"),
        &format!("csrf={csrf}&status=contacted"),
    )
    .await;
    assert_eq!(
        ids("/admin/leads?spam=only").await,
        Vec::<String>::new(),
        "marked not spam"
    );

    let audit = t.state.db.audit_entries().await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|(a, _)| a.as_str()).collect();
    for action in ["status", "owner", "note"] {
        assert!(actions.contains(&action), "{action} audited: {actions:?}");
    }
    assert_eq!(
        actions.iter().filter(|a| **a == "status").count(),
        3,
        "refused changes are not"
    );
    assert!(
        audit.iter().all(|(_, detail)| !detail.contains("Tmall")),
        "no note text in the audit log"
    );
    assert!(
        audit
            .iter()
            .any(|(_, d)| d == &format!("lead {first}: new -> meeting_booked")),
        "{audit:?}"
    );
}

async fn the_list_is_ordered_and_paged_and_its_links_keep_the_filters(db: TestDb) {
    let t = app(&db).await;
    let cookie = signed_in(&t).await;
    let mut ids = Vec::new();
    for n in 0..53 {
        ids.push(store(&t, &format!("key-pipeline-page-{n:04}"), |_| {}).await);
    }
    // received one millisecond apart, the first stored the oldest
    for (n, id) in ids.iter().enumerate() {
        execute(
            &t.config.database_url,
            &format!(
                "UPDATE leads SET received_at_ms = {} WHERE id = '{id}'",
                1_700_000_000_000i64 + n as i64
            ),
        )
        .await;
    }
    let (_, first) = get_page(&t, &cookie, "/admin/leads").await;
    let newest: Vec<String> = ids.iter().rev().take(50).cloned().collect();
    assert_eq!(listed(&first), newest, "newest first, 50 a page");
    assert!(first.contains("53 lead(s) · page 1 of 2"), "{first}");
    assert!(first.contains("href=\"/admin/leads?page=2\" rel=\"next\""));
    let (_, second) = get_page(&t, &cookie, "/admin/leads?page=2").await;
    assert_eq!(
        listed(&second),
        ids[..3].iter().rev().cloned().collect::<Vec<_>>()
    );
    assert!(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));
    let (_, oldest) = get_page(&t, &cookie, "/admin/leads?sort=oldest&grade=&page=1").await;
    assert_eq!(listed(&oldest)[..3], ids[..3]);
    let (_, page) = get_page(&t, &cookie, "/admin/leads?sort=oldest&status=new").await;
    assert!(
        page.contains("href=\"/admin/leads?status=new&#38;sort=oldest&#38;page=2\" rel=\"next\""),
        "the next page keeps the filters and order: {page}"
    );
    let (status, beyond) = get_page(&t, &cookie, "/admin/leads?page=9").await;
    assert_eq!(status, 200);
    assert!(beyond.contains("No lead matches") && beyond.contains("rel=\"prev\""));
    let (status, _) = get_page(&t, &cookie, "/admin/leads?page=-1").await;
    assert_eq!(status, 400, "a page is a number from 1");
}

async fn a_sales_account_works_leads_but_cannot_manage_accounts_audit_or_resend(db: TestDb) {
    let t = app(&db).await;
    let admin = signed_in(&t).await;
    let sales = sales_signed_in(&t).await;
    let accounts = t.state.db.accounts().await.unwrap();
    let roles: Vec<(&str, &str)> = accounts
        .iter()
        .map(|a| (a.email.as_str(), a.role.as_str()))
        .collect();
    assert_eq!(
        roles,
        [
            ("li.wei@agency.example", "sales"),
            ("sales@agency.example", "admin")
        ],
        "the first account is the admin"
    );
    let (admin_id, sales_id) = (&accounts[1].id, &accounts[0].id);
    let id = store(&t, "key-pipeline-roles-01", |_| {}).await;

    let (_, page) = get_page(&t, &sales, &format!("/admin/leads/{id}")).await;
    assert!(
        !page.contains("/admin/accounts"),
        "no link to what sales cannot open"
    );
    let csrf = csrf_of(&page);
    assert_eq!(
        form(
            &t,
            &sales,
            &format!("/admin/leads/{id}/status"),
            &format!("csrf={csrf}&status=contacted")
        )
        .await
        .0,
        303,
        "sales move leads"
    );
    assert_eq!(get_page(&t, &sales, "/admin/accounts").await.0, 403);
    assert_eq!(get_page(&t, &sales, "/admin/audit").await.0, 403);
    assert_eq!(
        get_page(&t, &sales, "/admin/settings").await.0,
        403,
        "nor the settings"
    );
    let (status, _) = form(
        &t,
        &sales,
        &format!("/admin/accounts/{sales_id}/role"),
        &format!("csrf={csrf}&role=admin"),
    )
    .await;
    assert_eq!(status, 403, "sales cannot make themselves admin");
    let (status, _) = form(
        &t,
        &sales,
        &format!("/admin/leads/{id}/notifications/{id}-webhook/resend"),
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(status, 403);

    let (status, settings) = get_page(&t, &admin, "/admin/settings").await;
    assert_eq!(status, 200);
    assert!(
        settings.contains(
            "No routing file: every genuine lead goes to every configured channel: none."
        ),
        "{settings}"
    );
    let (status, page) = get_page(&t, &admin, "/admin/accounts").await;
    assert_eq!(status, 200);
    let admin_csrf = csrf_of(&page);
    assert!(
        get_page(&t, &admin, "/admin/audit")
            .await
            .1
            .contains("li.wei@agency.example"),
        "the audit log names who did it"
    );
    let (status, page) = form(
        &t,
        &admin,
        &format!("/admin/accounts/{admin_id}/role"),
        &format!("csrf={admin_csrf}&role=sales"),
    )
    .await;
    assert_eq!(status, 409, "the last admin stays: {page}");
    assert!(page.contains("The last admin stays an admin"));
    let (status, _) = form(
        &t,
        &admin,
        &format!("/admin/accounts/{sales_id}/role"),
        &format!("csrf={admin_csrf}&role=root"),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = form(
        &t,
        &admin,
        &format!("/admin/accounts/{sales_id}/role"),
        &format!("csrf={admin_csrf}&role=admin"),
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        get_page(&t, &sales, "/admin/accounts").await.0,
        303,
        "a changed role signs the account out"
    );
    let roles: Vec<String> = t
        .state
        .db
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.role)
        .collect();
    assert_eq!(roles, ["admin", "admin"]);
    let audit = t.state.db.audit_entries().await.unwrap();
    assert!(
        audit
            .iter()
            .any(|(a, d)| a == "role" && d == "li.wei@agency.example: sales -> admin"),
        "{audit:?}"
    );
}

async fn a_given_up_webhook_is_resent_once_with_its_event_id_and_its_attempts_shown(db: TestDb) {
    // gone at first, then the receiver is fixed
    let (hook, receiver) = webhook_receiver(&[410, 200]).await;
    let t = app_notifying(&db, Some(&hook), None).await;
    let cookie = signed_in(&t).await;
    let id = store(&t, "key-pipeline-resend-1", |_| {}).await;
    let given_up = || async {
        t.state
            .db
            .notifications(&id)
            .await
            .unwrap()
            .first()
            .is_some_and(|n| n.status == "failed")
    };
    for _ in 0..100 {
        if given_up().await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    let (_, page) = get_page(&t, &cookie, &format!("/admin/leads/{id}")).await;
    let resend = format!("/admin/leads/{id}/notifications/{id}-webhook/resend");
    assert!(
        page.contains(&resend),
        "a failed webhook offers a re-send: {page}"
    );
    assert!(
        page.contains("Attempts (1)") && page.contains(": failed: the webhook answered 410 Gone"),
        "{page}"
    );
    let csrf = csrf_of(&page);
    // two clicks, one re-send
    assert_eq!(
        form(&t, &cookie, &resend, &format!("csrf={csrf}")).await.0,
        303
    );
    assert_eq!(
        form(&t, &cookie, &resend, &format!("csrf={csrf}")).await.0,
        303
    );
    assert!(until(5_000, || receiver.calls.lock().unwrap().len() == 2).await);
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let calls = receiver.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 2, "sent once more, not twice");
    let events: Vec<&str> = calls
        .iter()
        .map(|(h, _)| h["x-event-id"].to_str().unwrap())
        .collect();
    assert_eq!(
        events[0], events[1],
        "the same event id: receivers de-duplicate"
    );
    let (_, page) = get_page(&t, &cookie, &format!("/admin/leads/{id}")).await;
    assert!(
        page.contains("Attempts (2)") && page.contains(": sent</li>"),
        "{page}"
    );
    assert!(!page.contains(&resend), "nothing to re-send once delivered");
    let resent = t
        .state
        .db
        .audit_entries()
        .await
        .unwrap()
        .into_iter()
        .filter(|(a, _)| a == "resend")
        .count();
    assert_eq!(resent, 1, "one re-send audited");
}

async fn a_lead_taken_for_spam_and_marked_genuine_reaches_sales_once(db: TestDb) {
    let (hook, receiver) = webhook_receiver(&[200]).await;
    let t = app_notifying(&db, Some(&hook), None).await;
    let cookie = signed_in(&t).await;
    let id = store(&t, "key-pipeline-genuine1", |b| {
        b["form"]["honeypot"] = serde_json::json!("a password manager filled it")
    })
    .await;
    let lead = format!("/admin/leads/{id}");
    let (_, page) = get_page(&t, &cookie, &lead).await;
    assert!(
        page.contains("<option value=\"spam\" selected>") && page.contains("Spam (honeypot)"),
        "{page}"
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        receiver.calls.lock().unwrap().is_empty(),
        "spam is not notified"
    );
    let csrf = csrf_of(&page);
    for status in ["new", "spam", "contacted"] {
        let (code, _) = form(
            &t,
            &cookie,
            &format!("{lead}/status"),
            &format!("csrf={csrf}&status={status}"),
        )
        .await;
        assert_eq!(code, 303);
    }
    assert!(
        until(5_000, || receiver.calls.lock().unwrap().len() == 1).await,
        "marked genuine: sales hear of it"
    );
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert_eq!(
        receiver.calls.lock().unwrap().len(),
        1,
        "once, however often it is marked"
    );
    let (_, page) = get_page(&t, &cookie, &lead).await;
    assert!(
        !page.contains("Spam (honeypot)"),
        "no spam flag on a genuine lead"
    );
    let (_, page) = get_page(&t, &cookie, "/admin/leads?spam=only").await;
    assert!(!page.contains(&id));
}
