//! The staff area's sessions and sign-in against what production meets (issue 17, item 7):
//! a password change ends every session, "sign out everywhere" does too, a sign-in form
//! posted from another site is refused, an unknown email costs as much time as a wrong
//! password, and no staff response may be stored by a cache or leak its address.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use common::*;

on_both_backends!(
    a_password_change_ends_every_session,
    signing_out_everywhere_ends_every_session,
);

const EMAIL: &str = "sales@agency.example";
const PASSWORD: &str = "correct horse battery staple";

fn login(email: &str, password: &str, origin: Option<&str>) -> Request<Body> {
    let form = serde_urlencoded::to_string([("email", email), ("password", password)]).unwrap();
    let mut request = Request::post("/admin/login")
        .header("host", "intake.example")
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.body(Body::from(form)).unwrap()
}

/// Signs in and returns the session cookie.
async fn session(t: &TestApp) -> String {
    let (status, _, response) = send(&t.app, login(EMAIL, PASSWORD, None)).await;
    assert_eq!(status, 303, "signed in");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

async fn status_of(t: &TestApp, cookie: &str, path: &str) -> u16 {
    let request = Request::get(path)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    send(&t.app, request).await.0
}

async fn with_staff(db: &TestDb) -> TestApp {
    let t = app(db).await;
    intake::add_staff(&t.state.db, EMAIL, PASSWORD, None, 0)
        .await
        .unwrap();
    t
}

async fn a_password_change_ends_every_session(db: TestDb) {
    let t = with_staff(&db).await;
    let (laptop, phone) = (session(&t).await, session(&t).await);
    assert_eq!(status_of(&t, &laptop, "/admin/leads").await, 200);
    intake::add_staff(&t.state.db, EMAIL, "a brand new passphrase", None, 0)
        .await
        .unwrap();
    for cookie in [&laptop, &phone] {
        assert_eq!(
            status_of(&t, cookie, "/admin/leads").await,
            303,
            "the old session leads to the sign-in page"
        );
    }
}

async fn signing_out_everywhere_ends_every_session(db: TestDb) {
    let t = with_staff(&db).await;
    let (laptop, phone) = (session(&t).await, session(&t).await);
    let request = Request::get("/admin/leads")
        .header("cookie", &laptop)
        .body(Body::empty())
        .unwrap();
    let (_, page, _) = send(&t.app, request).await;
    let page = page.as_str().unwrap().to_owned();
    assert!(page.contains("Sign out everywhere"), "{page}");
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let csrf = &page[start..start + page[start..].find('"').unwrap()];
    let request = Request::post("/admin/logout")
        .header("cookie", &laptop)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={csrf}&everywhere=1")))
        .unwrap();
    assert_eq!(send(&t.app, request).await.0, 303);
    assert_eq!(status_of(&t, &phone, "/admin/leads").await, 303);
    assert_eq!(status_of(&t, &laptop, "/admin/leads").await, 303);
}

#[tokio::test]
async fn a_sign_in_posted_from_another_site_is_refused() {
    let db = TestDb::sqlite();
    let t = with_staff(&db).await;
    let forged = login(EMAIL, PASSWORD, Some("https://evil.example"));
    let (status, _, response) = send(&t.app, forged).await;
    assert_eq!(status, 403, "login CSRF");
    assert!(response.headers().get("set-cookie").is_none());
    let same_site = login(EMAIL, PASSWORD, Some("https://intake.example"));
    assert_eq!(send(&t.app, same_site).await.0, 303);
    let mut cross = login(EMAIL, PASSWORD, None);
    cross
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(send(&t.app, cross).await.0, 403);
}

/// The median time of five sign-ins with each email, taken in turn so that both meet the
/// same load on the machine.
async fn median_sign_ins(t: &TestApp, emails: [&str; 2]) -> [Duration; 2] {
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..5 {
        for (email, times) in emails.iter().zip(times.iter_mut()) {
            let started = Instant::now();
            let (status, _, _) = send(&t.app, login(email, "not the password", None)).await;
            assert_eq!(status, 401);
            times.push(started.elapsed());
        }
    }
    times.map(|mut times| {
        times.sort();
        times[2]
    })
}

#[tokio::test]
async fn an_unknown_email_takes_as_long_as_a_wrong_password() {
    let db = TestDb::sqlite();
    let t = with_staff(&db).await;
    let [known, unknown] = median_sign_ins(&t, [EMAIL, "nobody@agency.example"]).await;
    assert!(
        unknown * 3 >= known,
        "an unknown email answers in {unknown:?}, a known one in {known:?}"
    );
}

#[tokio::test]
async fn no_staff_response_is_cached_or_sends_a_referrer() {
    let db = TestDb::sqlite();
    let t = with_staff(&db).await;
    let cookie = session(&t).await;
    for path in [
        "/admin/login",
        "/admin/leads",
        "/admin/leads.csv",
        "/admin/leads/none",
    ] {
        let request = Request::get(path)
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap();
        let (_, _, response) = send(&t.app, request).await;
        let headers = response.headers();
        assert_eq!(headers["cache-control"], "no-store", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
    }
}
