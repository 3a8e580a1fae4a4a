//! Helpers of the benchmark: running tools that print one line of JSON figures, reading
//! those figures, and an intake server on loopback for as long as a measurement needs it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::cmd;

pub fn json_of(command: Command) -> anyhow::Result<String> {
    let mut command = command;
    let shown = cmd::display(&command);
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run `{shown}`"))?;
    if !output.status.success() {
        bail!("`{shown}` failed ({})", output.status);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or("{}")
        .to_owned())
}

/// A number field of a flat JSON object (the tools print one line of figures).
pub fn number(json: &str, field: &str) -> Option<f64> {
    let start = json.find(&format!("\"{field}\":"))? + field.len() + 3;
    let rest = json[start..].trim_start();
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

/// A string field (without escapes) of a flat JSON object.
pub fn text<'a>(json: &'a str, field: &str) -> Option<&'a str> {
    let key = format!("\"{field}\":\"");
    let start = json.find(&key)? + key.len();
    json[start..].split('"').next()
}

/// The brotli size of one dist file from precompress.mjs's JSON.
pub fn brotli_of(sizes: &str, file: &str) -> Option<f64> {
    let start = sizes.find(&format!("\"{file}\""))?;
    number(&sizes[start..], "brotli")
}

pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn serve(database: &str, port: u16, rate: &str) -> anyhow::Result<Server> {
    let binary = crate::project_root().join("target/server/intake");
    let child = Command::new(binary)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            database,
            "--rate-per-minute",
            rate,
            "--events-per-minute",
            rate,
        ])
        .current_dir(crate::project_root())
        .env("RUST_LOG", "intake=warn")
        .stdout(Stdio::null())
        .spawn()
        .context("cannot start the intake server")?;
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("the intake server did not come up")
}

pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

pub fn loadgen(port: u16, extra: &[&str]) -> anyhow::Result<String> {
    let mut command = Command::new(crate::project_root().join("target/server/examples/loadgen"));
    command
        .args(["--url", &format!("http://127.0.0.1:{port}")])
        .args(extra);
    json_of(command)
}

/// `cargo run` of an example of `package`, built like the server (speed first), with its
/// output captured for [`json_of`].
pub fn example(package: &str, name: &str) -> Command {
    let mut command = cmd::command(
        "cargo",
        &[
            "run",
            "--quiet",
            "--profile",
            "server",
            "--package",
            package,
            "--example",
            name,
        ],
    );
    command.stdout(Stdio::piped());
    command
}
