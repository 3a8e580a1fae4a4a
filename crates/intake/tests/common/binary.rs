//! The real `intake` binary on a loopback port, and a minimal HTTP/1.1 client for it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The intake binary, killed when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `intake serve` on `port` with the repository's quiz, and waits for `/healthz`.
pub fn start(database: &str, port: u16) -> Server {
    start_with(database, port, &[])
}

/// [`start`] with more flags.
pub fn start_with(database: &str, port: u16, flags: &[&str]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_intake"))
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            database,
        ])
        .args([
            "--quiz-dir",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz"),
        ])
        .args(flags)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("intake starts");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if request(port, "GET", "/healthz", "").0 == 200 {
            return server;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("intake did not come up on port {port}");
}

/// A minimal HTTP/1.1 client: (status, body). Status 0 when the server cannot be reached.
pub fn request(port: u16, method: &str, path: &str, body: &str) -> (u16, String) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let message = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    if stream.write_all(message.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    (status, body)
}
