//! Clients that are slow or silent, with the real binary on loopback (issue 17, item 1):
//! silent and trickling connections are closed, a body that does not arrive gets 408, a
//! flood of idle sockets does not lock out `/healthz`, and a shutdown lets the request in
//! flight finish.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

mod common;

use common::binary::{free_port, request, start_with, Server};

/// A server with these header and body timeouts (seconds) and connection cap.
fn server(header: u64, body: u64, max_connections: usize) -> (Server, u16, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("leads.sqlite").display());
    let port = free_port();
    let (header, body, max) = (
        header.to_string(),
        body.to_string(),
        max_connections.to_string(),
    );
    let flags = [
        "--header-timeout-seconds",
        header.as_str(),
        "--body-timeout-seconds",
        body.as_str(),
        "--max-connections",
        max.as_str(),
    ];
    (start_with(&database, port, &flags), port, dir)
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// How long until the server closes `stream` (reading what it sends meanwhile).
fn closed_after(mut stream: TcpStream) -> (Duration, String) {
    let started = Instant::now();
    let mut seen = Vec::new();
    let _ = stream.read_to_end(&mut seen);
    (
        started.elapsed(),
        String::from_utf8_lossy(&seen).into_owned(),
    )
}

#[test]
fn silent_trickling_and_idle_keep_alive_connections_are_closed() {
    let (_server, port, _dir) = server(1, 1, 1000);
    let silent = connect(port);
    let (waited, _) = closed_after(silent);
    assert!(
        waited < Duration::from_secs(4),
        "a silent connection stayed {waited:?}"
    );

    let mut trickling = connect(port);
    trickling
        .write_all(b"POST /api/v1/leads HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let (waited, _) = closed_after(trickling);
    assert!(
        waited < Duration::from_secs(4),
        "half a header stayed {waited:?}"
    );

    let mut kept = connect(port);
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (waited, answer) = closed_after(kept);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        waited < Duration::from_secs(4),
        "an idle keep-alive stayed {waited:?}"
    );
}

#[test]
fn a_body_that_does_not_arrive_gets_408() {
    let (_server, port, _dir) = server(1, 1, 1000);
    // a lead, and a beacon's batch of journey events
    for (path, media_type) in [
        ("/api/v1/leads", "application/json"),
        ("/api/v1/events", "text/plain"),
    ] {
        let mut slow = connect(port);
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {media_type}\r\nContent-Length: 900\r\n\r\n{{\"quiz"
        );
        slow.write_all(head.as_bytes()).unwrap();
        let (waited, answer) = closed_after(slow);
        assert!(answer.starts_with("HTTP/1.1 408"), "{path}: {answer}");
        assert!(answer.contains("application/problem+json"), "{answer}");
        assert!(waited < Duration::from_secs(4), "{waited:?}");
    }
}

#[test]
fn idle_sockets_over_the_cap_do_not_lock_out_healthz() {
    let (_server, port, _dir) = server(30, 1, 64);
    let idle: Vec<TcpStream> = (0..400).map(|_| connect(port)).collect();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let (status, _) = request(port, "GET", "/healthz", "");
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    drop(idle);
}

#[test]
fn a_shutdown_lets_the_request_in_flight_finish() {
    let (mut server, port, _dir) = server(1, 10, 1000);
    let body = r#"{"not":"a lead"}"#;
    let mut in_flight = connect(port);
    let head = format!(
        "POST /api/v1/leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    in_flight.write_all(head.as_bytes()).unwrap();
    in_flight.write_all(&body.as_bytes()[..4]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let pid = server.0.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    std::thread::sleep(Duration::from_millis(300));
    in_flight.write_all(&body.as_bytes()[4..]).unwrap();
    let (_, answer) = closed_after(in_flight);
    assert!(
        answer.starts_with("HTTP/1.1 400"),
        "the request was answered: {answer}"
    );
    let status = server.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert_eq!(
        request(port, "GET", "/healthz", "").0,
        0,
        "the server is gone"
    );
}
