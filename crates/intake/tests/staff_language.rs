//! The staff area in the staff member's language: their browser's until they choose one,
//! then theirs on every page, with the quiz's own words (channels, answers) in it too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::Request;
use common::staff::*;
use common::*;

on_both_backends!(the_staff_area_speaks_the_browsers_language_until_one_is_chosen,);

async fn get_in(t: &TestApp, cookie: &str, path: &str, language: &str) -> String {
    let request = Request::get(path)
        .header("cookie", cookie)
        .header("accept-language", language)
        .body(Body::empty())
        .unwrap();
    let (status, body, _) = send(&t.app, request).await;
    assert_eq!(status, 200, "{path}");
    body.as_str().unwrap().to_owned()
}

async fn the_staff_area_speaks_the_browsers_language_until_one_is_chosen(db: TestDb) {
    let t = app(&db).await;
    let request = Request::get("/admin/login")
        .header("accept-language", "zh-CN,zh;q=0.9,en;q=0.5")
        .body(Body::empty())
        .unwrap();
    let (_, login, _) = send(&t.app, request).await;
    let login = login.as_str().unwrap();
    assert!(
        login.contains("<html lang=\"zh-Hans\">") && login.contains(">登录</button>"),
        "{login}"
    );

    let cookie = signed_in(&t).await;
    let id = store(&t, "key-language-lead-001", |_| {}).await;
    let german = get_in(&t, &cookie, "/admin/leads", "de-DE,de;q=0.9").await;
    assert!(german.contains("<html lang=\"de\">"));
    for words in [
        "Diese Leads als CSV exportieren",
        "Eingegangen (UTC)",
        ">Neu</span>",
        "1 Lead(s) · Seite 1 von 1",
    ] {
        assert!(german.contains(words), "{words}: {german}");
    }
    let lead = get_in(&t, &cookie, &format!("/admin/leads/{id}"), "de").await;
    assert!(
        lead.contains("Vertriebsstand") && lead.contains("Termin vereinbart"),
        "{lead}"
    );

    // the choice outlives the browser's wish, and comes back to the page it was made on
    let csrf = csrf_of(&german);
    let request = Request::post("/admin/language")
        .header("cookie", &cookie)
        .header("referer", format!("http://127.0.0.1/admin/leads/{id}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={csrf}&locale=fr")))
        .unwrap();
    let (status, _, response) = send(&t.app, request).await;
    assert_eq!(status, 303);
    assert_eq!(response.headers()["location"], format!("/admin/leads/{id}"));
    let french = get_in(&t, &cookie, &format!("/admin/leads/{id}"), "de").await;
    assert!(french.contains("<html lang=\"fr\">"), "{french}");
    for words in [
        "Suivi commercial",
        "Rendez-vous pris",
        "Provenance du lead",
        "Réponses",
    ] {
        assert!(french.contains(words), "{words}");
    }
    assert!(!french.contains("⟦missing text⟧"));
    // the audit log names what was done in the reader's language too
    let request = Request::post(format!("/admin/leads/{id}/status"))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={csrf}&status=contacted")))
        .unwrap();
    assert_eq!(send(&t.app, request).await.0, 303);
    get_in(&t, &cookie, "/admin/leads.csv", "de").await;
    let audit = get_in(&t, &cookie, "/admin/audit", "de").await;
    for words in ["Statut modifié", "Prospects exportés (CSV)"] {
        assert!(audit.contains(words), "{words}: {audit}");
    }
    assert!(
        !audit.contains(">status<") && !audit.contains(">export<"),
        "{audit}"
    );

    let request = Request::post("/admin/language")
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={csrf}&locale=es")))
        .unwrap();
    let (status, refusal, _) = send(&t.app, request).await;
    assert_eq!(status, 422, "only a staff language");
    let refusal = refusal.as_str().unwrap();
    assert!(
        refusal.contains("<h1>Non enregistré</h1>")
            && refusal.contains("choisissez l’une de ces langues")
            && refusal.contains("href=\"/admin/leads\""),
        "a page in the staff member's language, with the way back: {refusal}"
    );
    let chinese_request = Request::post("/admin/language")
        .header("cookie", &cookie)
        .header("referer", "https://evil.example/phish")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={csrf}&locale=zh-Hans")))
        .unwrap();
    let (_, _, response) = send(&t.app, chinese_request).await;
    assert_eq!(
        response.headers()["location"],
        "/admin/leads",
        "never back to another site"
    );
    let chinese = get_in(&t, &cookie, "/admin/leads", "en").await;
    assert!(
        chinese.contains("导出为 CSV") && chinese.contains("新线索"),
        "{chinese}"
    );
    let request = Request::get("/admin/leads/no-such-lead")
        .header("cookie", &cookie)
        .body(Body::empty())
        .unwrap();
    let (status, missing, _) = send(&t.app, request).await;
    assert_eq!(status, 404);
    assert!(
        missing.as_str().unwrap().contains("此地址没有对应的线索"),
        "{missing}"
    );
}
