//! Durability with the real binary and a real SQLite file: an acknowledged lead survives the
//! server being killed, and a locked database makes a request wait, not fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::binary::{free_port, request, start};

async fn lead_body(key: &str) -> String {
    let db = common::TestDb::sqlite();
    let t = common::app(&db).await;
    common::lead(&t.state, key).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_acknowledged_lead_survives_the_server_being_killed() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("leads.sqlite").display());
    let port = free_port();
    let body = lead_body("key-survives-kill-001").await;
    {
        let mut server = start(&database, port);
        let (status, answer) = request(port, "POST", "/api/v1/leads", &body);
        assert_eq!(status, 201, "{answer}");
        server.0.kill().unwrap(); // SIGKILL: no graceful shutdown, no flush
        server.0.wait().unwrap();
    }
    let _server = start(&database, port);
    let (status, answer) = request(port, "POST", "/api/v1/leads", &body);
    assert_eq!(status, 201, "the repeat finds the stored lead: {answer}");
    assert_eq!(common::count_leads(&database).await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_sqlite_database_makes_a_request_wait_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leads.sqlite");
    let database = format!("sqlite://{}", path.display());
    let port = free_port();
    let _server = start(&database, port);
    // another writer holds the write lock for a second
    let locker = std::thread::spawn({
        let path = path.clone();
        move || {
            let output = Command::new("python3")
                .args(["-c", &format!(
                    "import sqlite3, time\nc = sqlite3.connect({:?}, isolation_level=None)\nc.execute('BEGIN IMMEDIATE')\nprint('locked', flush=True)\ntime.sleep(1.0)\nc.execute('COMMIT')",
                    path.display().to_string()
                )])
                .stdout(Stdio::piped())
                .spawn()
                .expect("python3");
            output.wait_with_output().expect("locker finished")
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let (status, answer) = request(
        port,
        "POST",
        "/api/v1/leads",
        &lead_body("key-waits-on-lock-001").await,
    );
    let waited = started.elapsed();
    let locker = locker.join().unwrap();
    assert!(
        String::from_utf8_lossy(&locker.stdout).contains("locked"),
        "the lock was taken"
    );
    assert_eq!(status, 201, "{answer}");
    assert!(
        waited >= Duration::from_millis(300),
        "the request waited for the lock ({waited:?})"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_lock_answers_503_in_time_and_nothing_is_lost_or_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leads.sqlite");
    let database = format!("sqlite://{}", path.display());
    let port = free_port();
    let _server = start(&database, port);
    let bodies = [
        lead_body("key-long-lock-000001").await,
        lead_body("key-long-lock-000002").await,
        lead_body("key-long-lock-000003").await,
    ];
    // another process holds the write lock for 14 s
    let locker = Command::new("python3")
        .args(["-c", &format!(
            "import sqlite3, time\nc = sqlite3.connect({:?}, isolation_level=None)\nc.execute('BEGIN IMMEDIATE')\nprint('locked', flush=True)\ntime.sleep(14)\nc.execute('COMMIT')",
            path.display().to_string()
        )])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let answers: Vec<(u16, String)> = std::thread::scope(|scope| {
        let sent: Vec<_> = bodies
            .iter()
            .map(|body| scope.spawn(move || request(port, "POST", "/api/v1/leads", body)))
            .collect();
        sent.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let waited = started.elapsed();
    for (status, answer) in &answers {
        assert_eq!(*status, 503, "{answer}");
    }
    assert!(waited < Duration::from_secs(8), "answered after {waited:?}");
    assert_eq!(
        request(port, "GET", "/readyz", "").0,
        503,
        "not ready while locked"
    );
    let locker = locker.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&locker.stdout).contains("locked"));
    // the widget sends each again after Retry-After: each is stored once
    for body in &bodies {
        let (status, answer) = request(port, "POST", "/api/v1/leads", body);
        assert_eq!(status, 201, "{answer}");
    }
    assert_eq!(request(port, "GET", "/readyz", "").0, 200);
    assert_eq!(common::count_leads(&database).await, 3);
}
