//! Slack and Microsoft Teams, with loopback receivers that hold each message to its
//! platform's documented structure: one message per lead and platform, the visitor's text
//! inert, a refusal given up, a rate limit retried, bad settings refused at start.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use std::time::Duration;

use common::receiver::{until, webhook_receiver, Receiver};
use common::*;
use intake::notify::chat::{escape_markdown, Chat, Platform};
use serde_json::{json, Value};

on_both_backends!(
    each_lead_reaches_slack_and_teams_once_as_documented_messages,
    a_refused_message_is_given_up_and_a_rate_limit_retried,
);

const PUBLIC: &str = "https://leads.agency.example";

async fn app_chatting(db: &TestDb, slack: &str, teams: &str) -> TestApp {
    let t = app_with(db, |c| {
        c.slack_webhook_url = Some(slack.to_owned());
        c.teams_webhook_url = Some(teams.to_owned());
        c.public_url = Some(format!("{PUBLIC}/"));
        c.webhook_allow_loopback = true;
    })
    .await;
    t.state.spawn_notifier();
    t
}

fn bodies(receiver: &Receiver) -> Vec<Value> {
    let calls = receiver.calls.lock().unwrap();
    calls
        .iter()
        .map(|(headers, body)| {
            assert_eq!(headers["content-type"], "application/json");
            serde_json::from_str(body).unwrap()
        })
        .collect()
}

async fn each_lead_reaches_slack_and_teams_once_as_documented_messages(db: TestDb) {
    let (slack_url, slack) = webhook_receiver(&[200]).await;
    let (teams_url, teams) = webhook_receiver(&[202]).await;
    let t = app_chatting(&db, &slack_url, &teams_url).await;
    let (status, created, _) = send(&t.app, post(&lead(&t.state, "key-chat-both-00001"))).await;
    assert_eq!(status, 201);
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(
        until(8_000, || slack.calls.lock().unwrap().len() == 1
            && teams.calls.lock().unwrap().len() == 1)
        .await
    );
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let (slack, teams) = (bodies(&slack), bodies(&teams));
    assert_eq!((slack.len(), teams.len()), (1, 1), "once each");
    let lead_page = format!("{PUBLIC}/admin/leads/{id}");

    slack_structure(&slack[0]);
    let headline = slack[0]["blocks"][0]["text"]["text"].as_str().unwrap();
    assert!(
        headline.starts_with("Lead ") && headline.contains("Teahouse"),
        "{headline}"
    );
    assert_eq!(slack[0]["text"], slack[0]["blocks"][0]["text"]["text"]);
    let fields: Vec<&str> = slack[0]["blocks"][2]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"Work email: emma@teahouse.co.uk"),
        "{fields:?}"
    );
    let button = slack[0]["blocks"].as_array().unwrap().last().unwrap();
    assert_eq!(button["elements"][0]["url"], lead_page.as_str());

    teams_structure(&teams[0]);
    let card = &teams[0]["attachments"][0]["content"];
    assert!(card["body"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Teahouse"));
    assert!(card["body"][2]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["value"] == escape_markdown("emma@teahouse.co.uk").as_str()));
    assert_eq!(card["actions"][0]["url"], lead_page.as_str());
    let state = t.state.db.notifications(&id).await.unwrap();
    assert_eq!(state.len(), 2);
    assert!(state.iter().all(|n| n.status == "sent"), "{state:?}");
}

async fn a_refused_message_is_given_up_and_a_rate_limit_retried(db: TestDb) {
    let (slack_url, slack) = webhook_receiver(&[410]).await;
    let (teams_url, teams) = webhook_receiver(&[429, 200]).await;
    let t = app_chatting(&db, &slack_url, &teams_url).await;
    let (_, created, _) = send(&t.app, post(&lead(&t.state, "key-chat-refused-001"))).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let done = |state: &[intake::db::NotificationRow]| {
        state
            .iter()
            .any(|n| n.channel == "slack" && n.status == "failed")
            && state
                .iter()
                .any(|n| n.channel == "teams" && n.status == "sent")
    };
    let mut state = Vec::new();
    for _ in 0..200 {
        state = t.state.db.notifications(&id).await.unwrap();
        if done(&state) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert!(done(&state), "{state:?}");
    let slack_state = state.iter().find(|n| n.channel == "slack").unwrap();
    assert!(slack_state
        .last_error
        .as_deref()
        .unwrap()
        .contains("Slack answered 410"));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(slack.calls.lock().unwrap().len(), 1, "no retry after 410");
    assert_eq!(teams.calls.lock().unwrap().len(), 2, "one retry after 429");
}

#[tokio::test]
async fn a_visitors_text_stays_text_in_slack_and_teams() {
    let db = TestDb::sqlite();
    let (slack_url, slack) = webhook_receiver(&[200]).await;
    let (teams_url, teams) = webhook_receiver(&[200]).await;
    let t = app_chatting(&db, &slack_url, &teams_url).await;
    let hostile =
        "[Win a prize](https://evil.example) <!channel> *bold* {{DATE(2017-02-14T06:00:00Z)}}";
    let mut body = lead(&t.state, "key-chat-hostile-001");
    body["contact"]["company"] = json!(hostile);
    body["contact"]["message"] = json!(format!("Hello\n# {hostile}"));
    assert_eq!(send(&t.app, post(&body)).await.0, 201);
    assert!(
        until(8_000, || slack.calls.lock().unwrap().len() == 1
            && teams.calls.lock().unwrap().len() == 1)
        .await
    );
    let (slack, teams) = (bodies(&slack), bodies(&teams));
    slack_structure(&slack[0]);
    // Slack: every text object is plain_text, so nothing of it is parsed
    let texts = text_objects(&slack[0]);
    assert!(texts.iter().all(|t| t["type"] == "plain_text"), "{texts:?}");
    assert!(texts
        .iter()
        .any(|t| t["text"].as_str().unwrap().contains(hostile)));
    // Teams: every punctuation mark of the visitor's text escaped, so no link or function
    teams_structure(&teams[0]);
    let card = teams[0]["attachments"][0]["content"].to_string();
    assert!(!card.contains("](https://evil.example)"), "{card}");
    assert!(!card.contains("{{DATE("), "{card}");
    assert!(card.contains(&serde_json::to_string(&escape_markdown(hostile)).unwrap()[1..20]));
}

#[tokio::test]
async fn settings_that_would_leak_or_break_are_refused_at_start() {
    let mut config = config_for("sqlite::memory:");
    config.slack_webhook_url = Some("http://hooks.slack.example/services/x".into());
    let error = Chat::from_config(&config, Platform::Slack).err().unwrap();
    assert!(
        error.contains("INTAKE_SLACK_WEBHOOK_URL") && error.contains("https"),
        "{error}"
    );
    config.slack_webhook_url = Some("http://127.0.0.1:9/hook".into());
    assert!(
        Chat::from_config(&config, Platform::Slack).is_err(),
        "loopback http only when allowed"
    );
    config.webhook_allow_loopback = true;
    assert!(Chat::from_config(&config, Platform::Slack)
        .unwrap()
        .is_some());
    config.teams_webhook_url = Some("not a url".into());
    let error = Chat::from_config(&config, Platform::Teams).err().unwrap();
    assert!(error.contains("INTAKE_TEAMS_WEBHOOK_URL"), "{error}");
    config.public_url = Some("leads.agency.example".into());
    let error = intake::config::public_url(&config).err().unwrap();
    assert!(error.contains("INTAKE_PUBLIC_URL"), "{error}");
    let db = TestDb::sqlite();
    config.database_url = db.url.clone();
    config.teams_webhook_url = None;
    let refused = intake::AppState::from_config(&config).await.err().unwrap();
    assert!(
        refused.to_string().contains("INTAKE_PUBLIC_URL"),
        "{refused}"
    );
    config.slack_webhook_url = None;
    assert!(Chat::from_config(&config, Platform::Slack)
        .unwrap()
        .is_none());
}

/// Every text object of a Slack message.
fn text_objects(message: &Value) -> Vec<Value> {
    let mut found = Vec::new();
    for block in message["blocks"].as_array().unwrap() {
        for key in ["text"] {
            if block[key].is_object() {
                found.push(block[key].clone());
            }
        }
        for key in ["fields", "elements"] {
            for item in block[key].as_array().into_iter().flatten() {
                if item["type"] == "button" {
                    found.push(item["text"].clone());
                } else {
                    found.push(item.clone());
                }
            }
        }
    }
    found
}

/// Slack's documented limits for an incoming-webhook message (Block Kit reference).
fn slack_structure(message: &Value) {
    let object = message.as_object().unwrap();
    assert!(
        object.keys().all(|k| k == "text" || k == "blocks"),
        "{object:?}"
    );
    assert!(
        !message["text"].as_str().unwrap().is_empty(),
        "a fallback text"
    );
    let blocks = message["blocks"].as_array().unwrap();
    assert!((1..=50).contains(&blocks.len()));
    let text = |t: &Value, limit: usize| {
        assert!(t["type"] == "plain_text" || t["type"] == "mrkdwn", "{t}");
        let chars = t["text"].as_str().unwrap().chars().count();
        assert!((1..=limit).contains(&chars), "{chars} characters: {t}");
    };
    for block in blocks {
        match block["type"].as_str().unwrap() {
            "header" => {
                assert_eq!(block["text"]["type"], "plain_text");
                text(&block["text"], 150);
            }
            "section" => {
                assert!(
                    block["text"].is_object() || block["fields"].is_array(),
                    "{block}"
                );
                if block["text"].is_object() {
                    text(&block["text"], 3000);
                }
                let fields = block["fields"].as_array().cloned().unwrap_or_default();
                assert!(fields.len() <= 10);
                fields.iter().for_each(|f| text(f, 2000));
            }
            "context" => {
                let elements = block["elements"].as_array().unwrap();
                assert!((1..=10).contains(&elements.len()));
                elements.iter().for_each(|e| text(e, 2000));
            }
            "actions" => {
                let elements = block["elements"].as_array().unwrap();
                assert!((1..=25).contains(&elements.len()));
                for button in elements {
                    assert_eq!(button["type"], "button");
                    assert_eq!(button["text"]["type"], "plain_text");
                    text(&button["text"], 75);
                    assert!(button["url"].as_str().unwrap().len() <= 3000);
                }
            }
            other => panic!("a block type this message should not use: {other}"),
        }
    }
}

/// A Teams incoming-webhook message with one Adaptive Card, as Microsoft documents it.
fn teams_structure(message: &Value) {
    assert_eq!(message["type"], "message");
    let attachments = message["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(
        attachments[0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    let card = &attachments[0]["content"];
    assert_eq!(card["type"], "AdaptiveCard");
    assert_eq!(
        card["$schema"],
        "http://adaptivecards.io/schemas/adaptive-card.json"
    );
    assert!(card["version"].as_str().unwrap().starts_with("1."));
    for element in card["body"].as_array().unwrap() {
        match element["type"].as_str().unwrap() {
            "TextBlock" => assert!(!element["text"].as_str().unwrap().is_empty()),
            "FactSet" => {
                for fact in element["facts"].as_array().unwrap() {
                    assert!(
                        fact["title"].is_string() && fact["value"].is_string(),
                        "{fact}"
                    );
                }
            }
            other => panic!("an element this card should not use: {other}"),
        }
    }
    for action in card["actions"].as_array().into_iter().flatten() {
        assert_eq!(action["type"], "Action.OpenUrl");
        assert!(action["title"].is_string() && action["url"].is_string());
    }
}
