//! Running external commands with the project's tool paths, and reporting failures by name.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{bail, Context};

/// Where binaryen 132 from npm is installed, kept apart from Debian's older `wasm-opt`.
pub const BINARYEN_PREFIX: &str = "/opt/binaryen";

/// `PATH` with binaryen's and cargo's bin folders first, for Trunk and the test runner.
pub fn tool_path() -> OsString {
    let mut folders = vec![PathBuf::from(BINARYEN_PREFIX).join("bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        folders.push(PathBuf::from(home).join("bin"));
    } else if let Some(home) = std::env::var_os("HOME") {
        folders.push(PathBuf::from(home).join(".cargo/bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        folders.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(folders).unwrap_or_default()
}

/// A command with the project's tool path, run from the project root.
pub fn command(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(crate::project_root())
        .env("PATH", tool_path());
    command
}

/// Shell-like rendering of a command, for messages that say what to retry.
pub fn display(command: &Command) -> String {
    let mut parts = vec![command.get_program().to_string_lossy().into_owned()];
    parts.extend(
        command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned()),
    );
    parts.join(" ")
}

/// Runs a command with inherited output; fails with the command's text and status.
pub fn run(mut command: Command) -> anyhow::Result<()> {
    run_from(&mut command)
}

/// The first line a command prints on stdout, or `None` when it cannot run or fails.
pub fn first_line(program: &str, args: &[&str]) -> Option<String> {
    let output = command(program, args).stderr(Stdio::null()).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .map(|line| line.trim().to_owned())
}

/// Like [`run`], for a command the caller keeps configuring.
pub fn run_from(command: &mut Command) -> anyhow::Result<()> {
    let shown = display(command);
    let status = command
        .status()
        .with_context(|| format!("cannot start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}
