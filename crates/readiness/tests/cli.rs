//! The `readiness` command as a shell user meets it.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use std::process::{Command, Stdio};

fn readiness() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_readiness"));
    command.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    command
}

#[test]
fn a_reader_that_closes_the_pipe_early_ends_the_command_quietly() {
    // `readiness score … | head -0`: the reading end is gone before anything is written
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = readiness()
        .args(["score", "crates/readiness/examples/tea-brand.json"])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.status.success(), "{:?}: {stderr}", output.status);
}

#[test]
fn simulate_reports_no_blocked_or_unaffordable_start_here_channel() {
    let output = readiness()
        .args(["simulate", "--samples", "2000", "--seed", "7"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("  blocked:     0\n"), "{text}");
    assert!(text.contains("  over budget: 0 "), "{text}");
    assert!(
        text.contains("best-fitting channel by industry × business model"),
        "{text}"
    );
    assert!(text.contains("games_entertainment"), "{text}");
}

#[test]
fn score_says_when_there_are_too_few_answers_for_a_verdict() {
    let dir = std::env::temp_dir().join(format!("readiness-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let answers = dir.join("few.json");
    std::fs::write(
        &answers,
        r#"{"industry": ["beauty"], "budget": ["over_50k"]}"#,
    )
    .unwrap();
    let output = readiness()
        .args(["score", answers.to_str().unwrap(), "--lang", "zh-Hans"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("暂无结论：有效回答不足"), "{text}");
    assert!(!text.contains("入华成熟度 "), "no score: {text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
