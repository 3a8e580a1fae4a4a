//! Signing in to the staff area as the tests' staff account, fetching its pages, storing
//! leads to look at.

use axum::body::Body;
use axum::http::Request;
use serde_json::Value;

use super::{lead, post, send, TestApp};

pub const PASSWORD: &str = "correct horse battery staple";

pub fn login_request(form: &str) -> Request<Body> {
    Request::post("/admin/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap()
}

/// The staff account the tests sign in with (password `PASSWORD`), made as `intake user
/// add` makes it.
pub async fn add_staff(t: &TestApp) {
    intake::add_staff(&t.state.db, "sales@agency.example", PASSWORD, None, 0)
        .await
        .unwrap();
    let short = intake::add_staff(&t.state.db, "x@agency.example", "short", None, 0).await;
    assert!(short.is_err(), "a password under 12 characters is refused");
}

pub async fn signed_in(t: &TestApp) -> String {
    add_staff(t).await;
    let form = format!(
        "email=sales%40agency.example&password={}",
        PASSWORD.replace(' ', "+")
    );
    let request = login_request(&form);
    let (status, _, response) = send(&t.app, request).await;
    assert_eq!(status, 303, "signed in and redirected");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/admin"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    cookie.split(';').next().unwrap().to_owned()
}

pub async fn get_page(t: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let request = Request::get(path)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    let (status, body, _) = send(&t.app, request).await;
    (
        status,
        body.as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| body.to_string()),
    )
}

pub fn csrf_of(page: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

pub async fn store(t: &TestApp, key: &str, adjust: impl FnOnce(&mut Value)) -> String {
    let mut body = lead(&t.state, key);
    adjust(&mut body);
    let (status, created, _) = send(&t.app, post(&body)).await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().unwrap().to_owned()
}
