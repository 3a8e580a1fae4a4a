//! Routing rules with real receivers on loopback, on both databases: each lead reaches the
//! webhook and the addresses of the first rule it meets, and nothing else; staff see which
//! rule routed it. The commands `intake rules check` and `intake rules explain`, and a
//! server that will not start on a file it cannot honour.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use std::process::Command;

use common::receiver::{until, webhook_receiver, PUBLIC_URL, SECRET};
use common::smtp::{header, smtp_listener};
use common::staff::*;
use common::*;
use serde_json::json;

on_both_backends!(each_lead_goes_where_the_first_rule_it_meets_sends_it,);

/// A rules file in a temp folder: German-speaking countries to the DACH webhook and desk,
/// everyone else to the other webhook and sales.
fn rules_file(dach: &str, rest: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("routing.toml");
    let text = format!(
        "[webhooks]\ndach = \"{dach}\"\nrest = \"{rest}\"\n\n\
         [[rule]]\nname = \"DACH desk\"\ncountry = [\"DE\", \"AT\", \"CH\"]\nwebhook = \"dach\"\nemail = [\"dach@agency.example\", \"lead@agency.example\"]\n\n\
         [default]\nwebhook = \"rest\"\nemail = [\"sales@agency.example\"]\n"
    );
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

async fn each_lead_goes_where_the_first_rule_it_meets_sends_it(db: TestDb) {
    let (dach_hook, dach) = webhook_receiver(&[200]).await;
    let (rest_hook, rest) = webhook_receiver(&[200]).await;
    let (smtp, mailbox) = smtp_listener().await;
    let (_dir, path) = rules_file(&dach_hook, &rest_hook);
    let t = app_with(&db, |c| {
        c.routing = Some(path);
        c.webhook_secret = Some(SECRET.to_owned());
        c.webhook_allow_loopback = true;
        c.smtp_url = Some(smtp);
        c.mail_to = Vec::new(); // the rules name every recipient
        c.public_url = Some(PUBLIC_URL.to_owned());
    })
    .await;
    t.state.spawn_notifier();
    let cookie = signed_in(&t).await;
    let german = store(&t, "key-routing-german-01", |b| {
        b["contact"]["country"] = json!("AT")
    })
    .await;
    let british = store(&t, "key-routing-british-1", |_| {}).await;
    assert!(
        until(8_000, || dach.calls.lock().unwrap().len() == 1
            && rest.calls.lock().unwrap().len() == 1
            && mailbox.lock().unwrap().len() == 2)
        .await
    );
    tokio::time::sleep(std::time::Duration::from_millis(800)).await; // nothing more arrives
    let lead_of = |calls: &[(axum::http::HeaderMap, String)]| -> Vec<String> {
        calls
            .iter()
            .map(|(_, body)| {
                serde_json::from_str::<serde_json::Value>(body).unwrap()["lead"]["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(lead_of(&dach.calls.lock().unwrap()), vec![german.clone()]);
    assert_eq!(lead_of(&rest.calls.lock().unwrap()), vec![british.clone()]);
    let mails = mailbox.lock().unwrap().clone();
    let to: Vec<String> = mails.iter().map(|m| header(m, "To").unwrap()).collect();
    assert!(
        to.contains(&"dach@agency.example, lead@agency.example".to_owned()),
        "{to:?}"
    );
    assert!(to.contains(&"sales@agency.example".to_owned()), "{to:?}");
    let (_, page) = get_page(&t, &cookie, &format!("/admin/leads/{german}")).await;
    assert!(page.contains("Routed by the rule “DACH desk”"), "{page}");
    let (_, page) = get_page(&t, &cookie, &format!("/admin/leads/{british}")).await;
    assert!(page.contains("Routed by the rule “default”"), "{page}");
    let (_, settings) = get_page(&t, &cookie, "/admin/settings").await;
    assert!(settings.contains("<td data-label=\"Rule\">DACH desk</td><td data-label=\"When\">country is DE or AT or CH</td><td data-label=\"Sends to\">email to dach@agency.example, lead@agency.example; webhook `dach`</td>"), "{settings}");
    assert!(
        settings.contains("email to sales@agency.example; webhook `rest`"),
        "the default: {settings}"
    );
    assert!(
        !settings.contains(&dach_hook) && !settings.contains(&rest_hook),
        "names, never the secret addresses"
    );
}

#[tokio::test]
async fn a_server_will_not_start_on_rules_it_cannot_honour() {
    let db = TestDb::sqlite();
    let (_dir, path) = rules_file(
        "https://dach.agency.example/hook",
        "https://rest.agency.example/hook",
    );
    let mut config = config_for(&db.url);
    config.routing = Some(path.clone());
    config.webhook_secret = Some(SECRET.to_owned());
    let error = intake::AppState::from_config(&config)
        .await
        .err()
        .expect("no SMTP relay for the rules' email");
    let message = format!("{error:#}");
    assert!(
        message.contains("rule “DACH desk”: email needs an SMTP relay (INTAKE_SMTP_URL)"),
        "{message}"
    );
    std::fs::write(&path, "[[rule]]\nname = \"x\"\ngrade = [\"Z\"]\n").unwrap();
    let error = intake::AppState::from_config(&config)
        .await
        .err()
        .expect("a bad file");
    let message = format!("{error:#}");
    assert!(
        message.contains("grade: `Z` is not one of A, B, C, D")
            && message.contains("[default]: missing"),
        "{message}"
    );
}

fn intake(args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_intake"))
        .args(args)
        .args([
            "--quiz-dir",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz"),
        ])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

#[tokio::test]
async fn rules_check_and_explain_say_what_a_file_does_and_why_a_lead_went_where() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/routing/routing.toml"
    );
    let (ok, text) = intake(&["rules", "check", example]);
    assert!(ok, "{text}");
    assert!(text.contains("3 rule(s) and a default, valid"), "{text}");
    assert!(text.contains("3. “German-speaking brands: the DACH team”: when country is DE or AT or CH: email to dach@agency.example; Teams `dach`"), "{text}");
    assert!(
        text.contains("otherwise: email to sales@agency.example; webhook `crm`"),
        "{text}"
    );

    let (_dir, bad) = rules_file("ftp://nowhere", "https://rest.agency.example/hook");
    let (ok, text) = intake(&["rules", "check", bad.to_str().unwrap()]);
    assert!(!ok, "a bad file fails the check");
    assert!(
        text.contains("[webhooks] dach: `ftp://nowhere` must be an https URL with a host"),
        "{text}"
    );

    // a lead stored by the server, explained by the command on the same database
    let db = TestDb::sqlite();
    let t = app(&db).await;
    let id = store(&t, "key-routing-explain-1", |b| {
        b["contact"]["country"] = json!("CH")
    })
    .await;
    let (ok, text) = intake(&[
        "rules",
        "explain",
        &id,
        "--database-url",
        &db.url,
        "--routing",
        example,
    ]);
    assert!(ok, "{text}");
    assert!(
        text.contains("rule 1 “Beauty and fashion, grade A or B: the consumer desk”:"),
        "{text}"
    );
    assert!(
        text.contains("industry is beauty or fashion_luxury: no (the lead: food_beverage)"),
        "{text}"
    );
    assert!(
        text.contains("country is DE or AT or CH: yes (the lead: CH)"),
        "{text}"
    );
    assert!(
        text.contains("→ met: email to dach@agency.example; Teams `dach`"),
        "{text}"
    );
    let (ok, text) = intake(&[
        "rules",
        "explain",
        "no-such-lead",
        "--database-url",
        &db.url,
        "--routing",
        example,
    ]);
    assert!(
        !ok && text.contains("no lead `no-such-lead` in the database"),
        "{text}"
    );
}
