//! The lead email to the sales team over a real SMTP listener on loopback: a visitor's
//! awkward or hostile name never becomes a header, and an international address goes into
//! Reply-To only where the relay speaks SMTPUTF8.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use common::receiver::{app_notifying, until};
use common::smtp::{
    decode_quoted_printable, header, smtp_listener, smtp_listener_refusing, smtp_listener_utf8,
};
use common::*;
use serde_json::json;

#[tokio::test]
async fn the_lead_email_keeps_awkward_names_and_fakes_no_headers() {
    let db = TestDb::sqlite();
    let (smtp, mailbox) = smtp_listener_refusing(1).await;
    let t = app_notifying(&db, None, Some(&smtp)).await;
    let mut body = lead(&t.state, "key-awkward-name-0001");
    body["contact"]["name"] = json!("Smith, John (Sales): EMEA");
    body["contact"]["company"] = json!("=?utf-8?B?QmNjOiBhbGxAZXZpbC5leGFtcGxl?=");
    assert_eq!(send(&t.app, post(&body)).await.0, 201);
    assert!(
        until(8_000, || mailbox.lock().unwrap().len() == 2).await,
        "refused once, then sent"
    );
    let mails = mailbox.lock().unwrap().clone();
    let reply_to = header(&mails[1], "Reply-To").expect("a Reply-To for every name");
    assert!(reply_to.ends_with("<emma@teahouse.co.uk>"), "{reply_to}");
    let subject = header(&mails[1], "Subject").unwrap();
    assert!(
        !subject.contains("=?utf-8?B?QmNjOiBhbGxAZXZpbC5leGFtcGxl?="),
        "an encoded word from a visitor stays text: {subject}"
    );
    let ids: Vec<String> = mails
        .iter()
        .map(|m| header(m, "Message-ID").unwrap())
        .collect();
    assert_eq!(ids[0], ids[1], "a retry is the same message");
    assert!(
        ids[0].starts_with('<') && ids[0].ends_with('>'),
        "{}",
        ids[0]
    );
}

#[tokio::test]
async fn an_international_address_never_goes_out_as_raw_8_bit_headers() {
    let db = TestDb::sqlite();
    let (smtp, mailbox) = smtp_listener().await;
    let t = app_notifying(&db, None, Some(&smtp)).await;
    for (key, email) in [
        ("key-idn-domain-000001", "anna@exämple.com"),
        ("key-idn-local-0000001", "józef@exämple.com"),
    ] {
        let mut body = lead(&t.state, key);
        body["contact"]["email"] = json!(email);
        assert_eq!(send(&t.app, post(&body)).await.0, 201);
    }
    assert!(until(5_000, || mailbox.lock().unwrap().len() == 2).await);
    let mails = mailbox.lock().unwrap().clone();
    for mail in &mails {
        let head = mail.split("\n\n").next().unwrap();
        assert!(head.is_ascii(), "headers in ASCII: {head}");
    }
    let replies: Vec<Option<String>> = mails.iter().map(|m| header(m, "Reply-To")).collect();
    assert!(
        replies
            .iter()
            .flatten()
            .any(|r| r.contains("anna@xn--exmple-cua.com")),
        "{replies:?}"
    );
    let bodies: Vec<String> = mails.iter().map(|m| decode_quoted_printable(m)).collect();
    assert!(
        bodies.iter().any(|b| b.contains("józef@exämple.com")),
        "the address is in the text"
    );
}

#[tokio::test]
async fn an_international_address_goes_into_reply_to_when_the_relay_offers_smtputf8() {
    let db = TestDb::sqlite();
    let (smtp, mailbox, mails_from) = smtp_listener_utf8().await;
    let t = app_notifying(&db, None, Some(&smtp)).await;
    // one after the other, so the kept lines are in this order
    for (sent, (key, email)) in [
        ("key-idn-local-0000001", "józef@exämple.com"),
        ("key-ascii-00000000001", "anna@example.com"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = lead(&t.state, key);
        body["contact"]["email"] = json!(email);
        assert_eq!(send(&t.app, post(&body)).await.0, 201);
        assert!(until(5_000, || mailbox.lock().unwrap().len() == sent + 1).await);
    }
    let mails = mailbox.lock().unwrap().clone();
    let froms = mails_from.lock().unwrap().clone();
    assert!(froms[0].contains(" SMTPUTF8"), "declared: {froms:?}");
    assert!(
        !froms[1].contains("SMTPUTF8"),
        "only when needed: {froms:?}"
    );
    assert_eq!(
        header(&mails[0], "Reply-To")
            .as_deref()
            .map(|r| r.ends_with("<józef@xn--exmple-cua.com>")),
        Some(true),
        "{}",
        mails[0]
    );
    assert!(mails[1].split("\n\n").next().unwrap().is_ascii());
}
