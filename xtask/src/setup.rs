//! `cargo xtask setup`: installs what builds and tests need, each step only when its tool is
//! missing or at the wrong version, so a second run on a set-up machine takes seconds.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};

use crate::cmd::{self, BINARYEN_PREFIX};

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN_VERSION: &str = "132";
/// `fonts-noto-cjk` gives Chromium Chinese glyphs, so zh-Hans screenshots show text
/// instead of empty boxes.
const APT_PACKAGES: &[&str] = &[
    "chromium",
    "chromium-driver",
    "postgresql",
    "fonts-noto-cjk",
];
const CJK_FONT_DIR: &str = "/usr/share/fonts/opentype/noto";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// One thing the project needs: how to see it is there, and how to install it.
struct Step {
    name: &'static str,
    /// `Ok(description)` when present at the right version, `Err(why)` otherwise.
    check: fn() -> Result<String, String>,
    install: fn() -> Vec<Command>,
}

const STEPS: &[Step] = &[
    Step {
        name: "wasm32 target",
        check: check_wasm_target,
        install: install_wasm_target,
    },
    Step {
        name: "Trunk",
        check: check_trunk,
        install: install_trunk,
    },
    Step {
        name: "wasm-bindgen-cli",
        check: check_wasm_bindgen,
        install: install_wasm_bindgen,
    },
    Step {
        name: "binaryen (wasm-opt)",
        check: check_binaryen,
        install: install_binaryen,
    },
    Step {
        name: "Chromium, chromedriver, PostgreSQL, CJK font",
        check: check_apt,
        install: install_apt,
    },
    Step {
        name: "npm tools (axe-core, playwright-core, terser, pdfjs-dist)",
        check: check_node_tools,
        install: install_node_tools,
    },
];

/// The npm packages the browser tests and the build use, as pinned in `node/package.json`.
const NODE_TOOLS: &[(&str, &str)] = &[
    ("axe-core", "4.11.0"),
    ("playwright-core", "1.57.0"),
    ("terser", "5.51.4"),
    ("pdfjs-dist", "5.4.530"),
];

/// Runs every step; stops at the first failure, naming it and the command to retry.
pub fn run() -> anyhow::Result<()> {
    run_steps(STEPS)
}

fn run_steps(steps: &[Step]) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    for step in steps {
        match (step.check)() {
            Ok(found) => println!("setup: {:<36} present ({found})", step.name),
            Err(why) => {
                println!("setup: {:<36} installing ({why})", step.name);
                for command in (step.install)() {
                    let shown = cmd::display(&command);
                    cmd::run(command).with_context(|| {
                        format!(
                            "setup step '{}' failed; retry with `{shown}` or run `cargo xtask setup` again",
                            step.name
                        )
                    })?;
                }
                match (step.check)() {
                    Ok(found) => println!("setup: {:<36} installed ({found})", step.name),
                    Err(why) => bail!(
                        "setup step '{}' ran but the tool is still not right: {why}",
                        step.name
                    ),
                }
            }
        }
    }
    println!(
        "setup: everything is present ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn check_wasm_target() -> Result<String, String> {
    let installed = cmd::command("rustup", &["target", "list", "--installed"])
        .output()
        .map_err(|error| format!("rustup not runnable: {error}"))?;
    let listed = String::from_utf8_lossy(&installed.stdout);
    if listed
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        Ok("wasm32-unknown-unknown".into())
    } else {
        Err("wasm32-unknown-unknown not installed".into())
    }
}

fn install_wasm_target() -> Vec<Command> {
    vec![cmd::command(
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
    )]
}

fn check_trunk() -> Result<String, String> {
    expect_version("trunk", &["--version"], TRUNK_VERSION)
}

fn install_trunk() -> Vec<Command> {
    vec![cmd::command(
        "cargo",
        &["install", "--locked", "trunk", "--version", TRUNK_VERSION],
    )]
}

fn check_wasm_bindgen() -> Result<String, String> {
    let wanted = locked_wasm_bindgen_version().map_err(|error| format!("{error:#}"))?;
    expect_version("wasm-bindgen", &["--version"], &wanted)?;
    expect_version("wasm-bindgen-test-runner", &["--version"], &wanted)
}

fn install_wasm_bindgen() -> Vec<Command> {
    let version = locked_wasm_bindgen_version().unwrap_or_else(|_| "0.2.130".into());
    // Not `--locked`: its lock file wants a webpki-roots version the registry lacks.
    vec![cmd::command(
        "cargo",
        &[
            "install",
            "--force",
            "wasm-bindgen-cli",
            "--version",
            &version,
        ],
    )]
}

fn check_binaryen() -> Result<String, String> {
    let wasm_opt = format!("{BINARYEN_PREFIX}/bin/wasm-opt");
    expect_version(
        &wasm_opt,
        &["--version"],
        &format!("version {BINARYEN_VERSION}"),
    )
}

fn install_binaryen() -> Vec<Command> {
    let package = format!("binaryen@{BINARYEN_VERSION}.0.0");
    vec![cmd::command(
        "npm",
        &["install", "--global", "--prefix", BINARYEN_PREFIX, &package],
    )]
}

fn check_apt() -> Result<String, String> {
    let chromium = cmd::first_line(CHROMIUM, &["--version"]).ok_or("no Chromium")?;
    let driver = cmd::first_line(CHROMEDRIVER, &["--version"]).ok_or("no chromedriver")?;
    let postgres = postgres_bin_dir().ok_or("no PostgreSQL server binaries")?;
    let cjk = std::fs::read_dir(CJK_FONT_DIR)
        .ok()
        .and_then(|entries| {
            entries
                .filter_map(Result::ok)
                .find(|e| e.file_name().to_string_lossy().starts_with("NotoSansCJK"))
        })
        .ok_or("no CJK font (fonts-noto-cjk)")?;
    Ok(format!(
        "{chromium}; {}; {}; {}",
        short(&driver),
        postgres.display(),
        cjk.file_name().to_string_lossy()
    ))
}

fn install_apt() -> Vec<Command> {
    let mut update = privileged("apt-get");
    update.arg("update");
    let mut install = privileged("apt-get");
    install
        .args(["install", "-y", "--no-install-recommends"])
        .args(APT_PACKAGES);
    install.env("DEBIAN_FRONTEND", "noninteractive");
    vec![update, install]
}

fn check_node_tools() -> Result<String, String> {
    let modules = crate::project_root().join("node/node_modules");
    let mut found = Vec::new();
    for (name, version) in NODE_TOOLS {
        let manifest = std::fs::read_to_string(modules.join(name).join("package.json"))
            .map_err(|_| format!("{name} not installed"))?;
        if !manifest.contains(&format!("\"version\": \"{version}\"")) {
            return Err(format!("{name} is not at {version}"));
        }
        found.push(format!("{name} {version}"));
    }
    Ok(found.join(", "))
}

/// What only `cargo xtask bench` needs, so the test setup does not carry it: Lighthouse
/// (pinned in `bench/lighthouse/package-lock.json`, about 200 packages) and twiggy.
const BENCH_STEPS: &[Step] = &[
    Step {
        name: "Lighthouse (bench only)",
        check: check_lighthouse,
        install: install_lighthouse,
    },
    Step {
        name: "twiggy (bench only)",
        check: check_twiggy,
        install: install_twiggy,
    },
];

const LIGHTHOUSE_VERSION: &str = "12.8.2";
const TWIGGY_VERSION: &str = "0.8.0";

/// Installs what the benchmarks need beyond [`run`], each only when missing.
pub fn bench_tools() -> anyhow::Result<()> {
    run_steps(BENCH_STEPS)
}

fn check_lighthouse() -> Result<String, String> {
    let manifest =
        crate::project_root().join("bench/lighthouse/node_modules/lighthouse/package.json");
    let manifest =
        std::fs::read_to_string(manifest).map_err(|_| "lighthouse not installed".to_owned())?;
    if manifest.contains(&format!("\"version\": \"{LIGHTHOUSE_VERSION}\"")) {
        Ok(format!("lighthouse {LIGHTHOUSE_VERSION}"))
    } else {
        Err(format!("lighthouse is not at {LIGHTHOUSE_VERSION}"))
    }
}

fn install_lighthouse() -> Vec<Command> {
    vec![cmd::command(
        "npm",
        &[
            "ci",
            "--prefix",
            "bench/lighthouse",
            "--no-audit",
            "--no-fund",
        ],
    )]
}

fn check_twiggy() -> Result<String, String> {
    expect_version("twiggy", &["--version"], TWIGGY_VERSION)
}

fn install_twiggy() -> Vec<Command> {
    vec![cmd::command(
        "cargo",
        &["install", "twiggy", "--version", TWIGGY_VERSION, "--locked"],
    )]
}

fn install_node_tools() -> Vec<Command> {
    vec![cmd::command(
        "npm",
        // pdfjs-dist's optional canvas binding is for Node; the tests draw in Chromium
        &[
            "ci",
            "--prefix",
            "node",
            "--no-audit",
            "--no-fund",
            "--omit=optional",
        ],
    )]
}

/// The folder with `initdb` and `postgres` from Debian's packages, if installed.
pub fn postgres_bin_dir() -> Option<std::path::PathBuf> {
    let versions = std::fs::read_dir("/usr/lib/postgresql").ok()?;
    let mut found: Vec<_> = versions
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("postgres").is_file())
        .collect();
    found.sort();
    found.pop()
}

/// A command run as root: directly when we are root, through `sudo` otherwise.
fn privileged(program: &str) -> Command {
    let is_root = cmd::first_line("id", &["-u"]).as_deref() == Some("0");
    if is_root || !Path::new("/usr/bin/sudo").exists() {
        cmd::command(program, &[])
    } else {
        cmd::command("sudo", &[program])
    }
}

fn expect_version(program: &str, args: &[&str], wanted: &str) -> Result<String, String> {
    let line = cmd::first_line(program, args).ok_or_else(|| format!("{program} not found"))?;
    if line.contains(wanted) {
        Ok(short(&line))
    } else {
        Err(format!("found `{line}`, want {wanted}"))
    }
}

fn short(line: &str) -> String {
    line.split(" (").next().unwrap_or(line).to_owned()
}

/// The wasm-bindgen version Cargo.lock resolved: the CLI must match it exactly.
fn locked_wasm_bindgen_version() -> anyhow::Result<String> {
    let lock_path = crate::project_root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .with_context(|| format!("cannot read {}", lock_path.display()))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|next| next.trim().strip_prefix("version = "))
            {
                return Ok(version.trim_matches('"').to_owned());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}
