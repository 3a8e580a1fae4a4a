//! The lead email over STARTTLS against a real TLS listener on loopback (issue 17, item 5):
//! with `?tls=required` and a test CA, the password and the lead travel only inside TLS; a
//! relay that does not offer STARTTLS gets neither.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use std::sync::{Arc, Mutex};

use common::*;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// What the relay saw.
#[derive(Debug, Default, Clone)]
struct Seen {
    auth_in_clear: bool,
    auth_in_tls: bool,
    mail_in_clear: bool,
    messages: Vec<String>,
}

/// A test CA (written to `dir/ca.pem`) and a TLS acceptor for `localhost` signed by it.
fn test_ca(dir: &std::path::Path) -> TlsAcceptor {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    std::fs::write(dir.join("ca.pem"), ca.pem()).unwrap();
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .unwrap();
    TlsAcceptor::from(Arc::new(config))
}

/// One SMTP conversation; returns true when the client asked for STARTTLS.
async fn converse<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    tls: bool,
    offer_starttls: bool,
    seen: &Mutex<Seen>,
) -> bool {
    let mut lines = BufReader::new(stream);
    if !tls {
        lines
            .get_mut()
            .write_all(b"220 relay ready\r\n")
            .await
            .unwrap();
    }
    let mut data: Option<String> = None;
    let mut line = String::new();
    while lines.read_line(&mut line).await.unwrap_or(0) > 0 {
        let text = std::mem::take(&mut line);
        let text = text.trim_end();
        if let Some(body) = data.as_mut() {
            if text == "." {
                seen.lock().unwrap().messages.push(data.take().unwrap());
                lines.get_mut().write_all(b"250 queued\r\n").await.unwrap();
            } else {
                body.push_str(text);
                body.push('\n');
            }
            continue;
        }
        let verb = text.split_whitespace().next().unwrap_or_default();
        let reply = match step(&verb.to_ascii_uppercase(), tls, offer_starttls, seen) {
            Step::Reply(reply) => reply,
            Step::Data => {
                data = Some(String::new());
                b"354 go on\r\n"
            }
            Step::StartTls => {
                lines
                    .get_mut()
                    .write_all(b"220 go ahead\r\n")
                    .await
                    .unwrap();
                return true;
            }
            Step::Quit => {
                let _ = lines.get_mut().write_all(b"221 bye\r\n").await;
                return false;
            }
        };
        lines.get_mut().write_all(reply).await.unwrap();
    }
    false
}

/// What the relay does with a command.
enum Step {
    Reply(&'static [u8]),
    Data,
    StartTls,
    Quit,
}

fn step(verb: &str, tls: bool, offer_starttls: bool, seen: &Mutex<Seen>) -> Step {
    match verb {
        "EHLO" if offer_starttls && !tls => {
            Step::Reply(b"250-localhost\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n")
        }
        "EHLO" => Step::Reply(b"250-localhost\r\n250 AUTH PLAIN LOGIN\r\n"),
        "STARTTLS" => Step::StartTls,
        "AUTH" => {
            let mut seen = seen.lock().unwrap();
            if tls {
                seen.auth_in_tls = true;
            } else {
                seen.auth_in_clear = true;
            }
            Step::Reply(b"235 ok\r\n")
        }
        "MAIL" => {
            seen.lock().unwrap().mail_in_clear |= !tls;
            Step::Reply(b"250 ok\r\n")
        }
        "DATA" => Step::Data,
        "QUIT" => Step::Quit,
        _ => Step::Reply(b"250 ok\r\n"),
    }
}

/// A relay on loopback; with `offer_starttls`, it upgrades with the test CA's certificate.
async fn relay(acceptor: TlsAcceptor, offer_starttls: bool) -> (u16, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let kept = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (acceptor, seen) = (acceptor.clone(), Arc::clone(&kept));
            tokio::spawn(async move {
                if converse(&mut socket, false, offer_starttls, &seen).await {
                    if let Ok(tls) = acceptor.accept(socket).await {
                        converse(tls, true, offer_starttls, &seen).await;
                    }
                }
            });
        }
    });
    (port, seen)
}

/// An ASCII address (the pooled transport) and an international one (a connection of its
/// own, for SMTPUTF8): both must keep to TLS.
const ADDRESSES: [(&str, &str); 2] = [
    ("key-starttls-ascii-01", "emma@teahouse.co.uk"),
    ("key-starttls-intl-001", "józef@teahouse.co.uk"),
];

async fn app_mailing(db: &TestDb, port: u16, dir: &std::path::Path) -> TestApp {
    let t = app_with(db, |c| {
        c.smtp_url = Some(format!("smtp://leads:s3cret@localhost:{port}?tls=required"));
        c.smtp_ca_file = Some(dir.join("ca.pem"));
        c.mail_to = vec!["sales@agency.example".to_owned()];
    })
    .await;
    t.state.spawn_notifier();
    t
}

#[tokio::test]
async fn with_starttls_the_password_and_the_lead_travel_inside_tls_only() {
    let (db, dir) = (TestDb::sqlite(), tempfile::tempdir().unwrap());
    let (port, seen) = relay(test_ca(dir.path()), true).await;
    let t = app_mailing(&db, port, dir.path()).await;
    // the second goes over a connection of its own (an international address, SMTPUTF8 asked)
    for (key, email) in ADDRESSES {
        let mut body = lead(&t.state, key);
        body["contact"]["email"] = serde_json::json!(email);
        assert_eq!(send(&t.app, post(&body)).await.0, 201);
    }
    for _ in 0..250 {
        if seen.lock().unwrap().messages.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.messages.len(), 2, "{seen:?}");
    assert!(seen.messages.iter().all(|m| m.contains("Teahouse Ltd")));
    assert!(
        seen.auth_in_tls && !seen.auth_in_clear && !seen.mail_in_clear,
        "{seen:?}"
    );
}

#[tokio::test]
async fn a_relay_without_starttls_gets_neither_password_nor_lead() {
    let (db, dir) = (TestDb::sqlite(), tempfile::tempdir().unwrap());
    let (port, seen) = relay(test_ca(dir.path()), false).await;
    let t = app_mailing(&db, port, dir.path()).await;
    for (key, email) in ADDRESSES {
        let mut body = lead(&t.state, key);
        body["contact"]["email"] = serde_json::json!(email);
        let (_, created, _) = send(&t.app, post(&body)).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let mut last_error = None;
        for _ in 0..150 {
            let notes = t.state.db.notifications(&id).await.unwrap();
            last_error = notes.first().and_then(|n| n.last_error.clone());
            if last_error.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(
            last_error.is_some(),
            "{email}: the failure is recorded on the lead"
        );
    }
    let seen = seen.lock().unwrap().clone();
    assert!(
        !seen.auth_in_clear && !seen.mail_in_clear && seen.messages.is_empty(),
        "{seen:?}"
    );
}

#[tokio::test]
async fn a_password_over_plain_smtp_stops_the_server_at_start() {
    let db = TestDb::sqlite();
    let mut config = config_for(&db.url);
    config.smtp_url = Some("smtp://leads:s3cret@localhost:2525".to_owned());
    config.mail_to = vec!["sales@agency.example".to_owned()];
    let error = match intake::AppState::from_config(&config).await {
        Ok(_) => panic!("a password in clear text must not be accepted"),
        Err(error) => error.to_string(),
    };
    assert!(
        error.contains("--smtp-url") && error.contains("tls=required"),
        "{error}"
    );
    config.smtp_allow_plain = true;
    assert!(
        intake::AppState::from_config(&config).await.is_ok(),
        "unless said explicitly"
    );
}
