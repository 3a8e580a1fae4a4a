//! The `intake` binary: parses the command line and runs the server or a maintenance task.

use anyhow::Context;
use clap::{Parser, Subcommand};
use intake::{AppState, Config};

#[derive(Parser)]
#[command(name = "intake", about = "China-readiness lead intake server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the widget, the demo page and the API.
    Serve(Config),
    /// Create or update the database schema, then exit.
    Migrate(Config),
    /// Staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Delete leads older than the retention period, then exit.
    Purge(Config),
    /// Routing rules: check a file, or say which rule a stored lead meets and why.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Check a rules file against the quiz (`--quiz-dir`) and say what each rule does.
    Check {
        /// The rules file (TOML).
        file: std::path::PathBuf,
        #[command(flatten)]
        config: Config,
    },
    /// Say which rule of `--routing` a stored lead meets, condition by condition.
    Explain {
        /// The lead's id (in its page's address in the staff area).
        lead_id: String,
        #[command(flatten)]
        config: Config,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a staff account, or set a new password: the password is read from
    /// INTAKE_NEW_PASSWORD or, if unset, from the first line of standard input.
    Add {
        /// The staff member's email (their sign-in name).
        email: String,
        /// `admin` (accounts, audit log, re-sending) or `sales` (leads). Without it an
        /// account keeps its role; a new one is admin if it is the first, sales otherwise.
        #[arg(long, value_parser = parse_role)]
        role: Option<intake::pipeline::Role>,
        #[command(flatten)]
        config: Config,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "intake=info,tower_http=warn".into()),
        )
        .init();
    match Cli::parse().command {
        Command::Serve(config) => serve(config).await,
        Command::Migrate(config) => {
            intake::open_database(&config).await?;
            println!("intake: database is up to date");
            Ok(())
        }
        Command::User(UserCommand::Add {
            email,
            role,
            config,
        }) => {
            let db = intake::open_database(&config).await?;
            intake::add_staff(&db, &email, &new_password()?, role, intake::clock::now_ms()).await?;
            println!("intake: staff account {} is ready", email.trim());
            Ok(())
        }
        Command::Rules(RulesCommand::Check { file, config }) => {
            let quiz = intake::load_quiz(&config)?;
            let rules = intake::read_rules(&file, &quiz)?;
            println!(
                "{}: {} rule(s) and a default, valid",
                file.display(),
                rules.rules.len()
            );
            for (n, rule) in rules.rules.iter().enumerate() {
                let when: Vec<String> = rule.when.iter().map(|c| c.describe()).collect();
                let when = if when.is_empty() {
                    "every lead".to_owned()
                } else {
                    when.join(" and ")
                };
                println!(
                    "{}. “{}”: when {when}: {}",
                    n + 1,
                    rule.name,
                    rule.send.describe()
                );
            }
            println!("otherwise: {}", rules.default.describe());
            Ok(())
        }
        Command::Rules(RulesCommand::Explain { lead_id, config }) => {
            let quiz = intake::load_quiz(&config)?;
            let rules = intake::load_rules(&config, &quiz)?
                .context("INTAKE_ROUTING / --routing: name the rules file to explain")?;
            let db = intake::open_database(&config).await?;
            let lead = db
                .lead(lead_id.trim())
                .await?
                .with_context(|| format!("no lead `{}` in the database", lead_id.trim()))?;
            println!("lead {} ({})", lead.id, lead.company);
            println!("{}", rules.explain(&intake::routing::Facts::of_row(&lead)));
            Ok(())
        }
        Command::Purge(config) => {
            let db = intake::open_database(&config).await?;
            let purged = intake::purge_expired(&db, config.retention_days).await?;
            println!(
                "intake: {purged} lead(s) older than {} days deleted",
                config.retention_days
            );
            Ok(())
        }
    }
}

fn parse_role(text: &str) -> Result<intake::pipeline::Role, String> {
    intake::pipeline::Role::parse(text)
        .ok_or_else(|| format!("`{text}` is not a role: admin or sales"))
}

/// The new password: INTAKE_NEW_PASSWORD, or the first line of standard input.
fn new_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("INTAKE_NEW_PASSWORD") {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let state = AppState::from_config(&config).await?;
    state.spawn_notifier();
    intake::spawn_retention(state.db.clone(), config.retention_days);
    intake::benchmark::spawn_refresh(
        std::sync::Arc::clone(&state.benchmarks),
        state.db.clone(),
        std::time::Duration::from_secs(config.benchmark_refresh_seconds),
    );
    let app = intake::app(&config, state)?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} (setting INTAKE_LISTEN / --listen)",
                config.listen
            )
        })?;
    let address = listener.local_addr()?;
    tracing::info!(%address, "intake listening");
    println!("intake: serving on http://{address}/");
    intake::serve::serve(listener, app, config.limits(), shutdown_signal()).await;
    println!("intake: stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}
