//! Idle sockets against a running intake, for `cargo xtask bench`: opens `--sockets` TCP
//! connections that send nothing, then times `GET /healthz` on a new one. Prints one line
//! of JSON. Loopback only.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let port: u16 = value("--port").and_then(|p| p.parse().ok()).unwrap_or(8080);
    let wanted: usize = value("--sockets")
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let mut idle = Vec::with_capacity(wanted);
    for _ in 0..wanted {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(stream) => idle.push(stream),
            Err(_) => break, // this process's own descriptor limit
        }
    }
    // keep a few of this process's own descriptors for the probe
    idle.truncate(idle.len().saturating_sub(16));
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let mut health = TcpStream::connect(("127.0.0.1", port)).unwrap();
    health
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    health
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    let _ = health.read_to_string(&mut answer);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let ok = answer.starts_with("HTTP/1.1 200");
    println!(
        "{{\"sockets_opened\":{},\"healthz_ms\":{ms:.1},\"healthz_ok\":{ok}}}",
        idle.len()
    );
}
