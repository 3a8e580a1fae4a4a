//! `cargo xtask demo`: builds the widget with Trunk (release, offline) and serves it with
//! the intake server on 127.0.0.1, one origin for the page, the widget and the API.

use anyhow::{bail, Context};

use crate::cmd;

const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Runs setup, the Trunk build, then the intake server until Ctrl-C.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let listen = match args {
        [] => DEFAULT_LISTEN.to_owned(),
        [flag, address] if flag == "--listen" => address.clone(),
        _ => bail!("usage: cargo xtask demo [--listen 127.0.0.1:PORT]"),
    };
    crate::setup::run()?;
    build_widget()?;
    println!("demo: starting the intake server; open http://{listen}/ (Ctrl-C stops it)");
    let mut server = cmd::command(
        "cargo",
        &[
            "run",
            "--profile",
            "server",
            "--package",
            "intake",
            "--",
            "serve",
            "--listen",
            &listen,
            "--static-dir",
            "dist",
        ],
    );
    cmd::run_from(&mut server).context("the intake server stopped")
}

/// `trunk build --release` into `dist/`, then a brotli copy of each asset beside it.
pub fn build_widget() -> anyhow::Result<()> {
    cmd::run(cmd::command("trunk", &["build", "--release"])).context("the widget build failed")?;
    let mut compress = cmd::command("node", &["xtask/precompress.mjs", "dist"]);
    compress.stdout(std::process::Stdio::null());
    cmd::run(compress).context("compressing dist/ failed")
}
