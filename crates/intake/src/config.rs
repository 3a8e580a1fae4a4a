//! The server's configuration: every setting is a documented flag with an environment
//! variable, and nothing deeper in the server reads the environment.

use std::{net::SocketAddr, path::PathBuf};

/// Settings of `intake serve` (and the database of the other commands).
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "INTAKE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Folder with the built widget and demo page (`trunk build --release` writes `dist`).
    #[arg(long, env = "INTAKE_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Database: `sqlite://FILE` (created on first start) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://intake.sqlite")]
    pub database_url: String,

    /// The quiz folder the server re-scores leads with (the widget's own data).
    #[arg(long, env = "INTAKE_QUIZ_DIR", default_value = "quiz")]
    pub quiz_dir: PathBuf,

    /// Origins allowed to POST leads from a browser (comma-separated, e.g.
    /// `https://www.agency.example`). The server's own origin needs no entry.
    #[arg(
        long,
        env = "INTAKE_ALLOWED_ORIGINS",
        value_delimiter = ',',
        default_value = ""
    )]
    pub allowed_origins: Vec<String>,

    /// Reverse proxies (addresses or CIDR blocks, comma-separated) whose `X-Forwarded-For`
    /// or `Forwarded` header names the client; from anyone else those headers are ignored.
    #[arg(
        long,
        env = "INTAKE_TRUSTED_PROXIES",
        value_delimiter = ',',
        default_value = ""
    )]
    pub trusted_proxies: Vec<String>,

    /// A request's headers must arrive within this many seconds (also the next request's on
    /// a kept-alive connection, so an idle connection is closed after it).
    #[arg(long, env = "INTAKE_HEADER_TIMEOUT_SECONDS", default_value_t = 10)]
    pub header_timeout_seconds: u64,

    /// A request's body must arrive within this many seconds (408 beyond).
    #[arg(long, env = "INTAKE_BODY_TIMEOUT_SECONDS", default_value_t = 15)]
    pub body_timeout_seconds: u64,

    /// Connections held at most; beyond, the oldest is closed for each new one (and a
    /// warning is logged), so idle sockets cannot lock visitors or `/healthz` out.
    #[arg(long, env = "INTAKE_MAX_CONNECTIONS", default_value_t = 10_000)]
    pub max_connections: usize,

    /// A lead submitted sooner than this after the quiz started is treated as spam.
    #[arg(long, env = "INTAKE_MIN_FILL_SECONDS", default_value_t = 15)]
    pub min_fill_seconds: u64,

    /// Lead submissions allowed per client address per minute (burst and refill).
    #[arg(long, env = "INTAKE_RATE_PER_MINUTE", default_value_t = 10)]
    pub rate_per_minute: u32,

    /// Webhook every new lead is POSTed to (JSON, HMAC-signed). Off when empty.
    #[arg(long, env = "INTAKE_WEBHOOK_URL")]
    pub webhook_url: Option<String>,

    /// Secret the webhook's `X-Signature` HMAC-SHA256 is keyed with (required with a URL).
    #[arg(long, env = "INTAKE_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,

    /// Slack incoming webhook (`https://hooks.slack.com/services/…`): every new lead is
    /// posted to its channel as a Block Kit message. Off when empty.
    #[arg(long, env = "INTAKE_SLACK_WEBHOOK_URL", hide_env_values = true)]
    pub slack_webhook_url: Option<String>,

    /// Microsoft Teams incoming webhook (a Workflows "post to a channel when a webhook
    /// request is received" URL, or a classic connector URL): every new lead is posted as an
    /// Adaptive Card. Off when empty.
    #[arg(long, env = "INTAKE_TEAMS_WEBHOOK_URL", hide_env_values = true)]
    pub teams_webhook_url: Option<String>,

    /// Where staff reach this server (`https://leads.agency.example`): Slack and Teams
    /// messages then link the lead's page in the staff area.
    #[arg(long, env = "INTAKE_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Allow a webhook (also Slack's or Teams') on a loopback address over plain HTTP
    /// (development and tests only; private and link-local addresses are always refused).
    #[arg(long, env = "INTAKE_WEBHOOK_ALLOW_LOOPBACK", default_value_t = false)]
    pub webhook_allow_loopback: bool,

    /// SMTP server for the lead email: `smtps://user:password@host:465` (TLS),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS, refused without it), or
    /// `smtp://host:port` without TLS, for a relay on a loopback address without a password
    /// only (see --smtp-allow-plain). Off when empty.
    #[arg(long, env = "INTAKE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Delivery workers: each claims a batch of due notifications and sends it; several
    /// send in parallel (a slow webhook or mail relay does not hold up the rest).
    #[arg(long, env = "INTAKE_DELIVERY_WORKERS", default_value_t = 8)]
    pub delivery_workers: usize,

    /// How long a claimed notification is reserved for its worker: if the instance dies
    /// mid-delivery, another sends it after this (a receiver may then see the same
    /// `X-Event-Id` twice).
    #[arg(long, env = "INTAKE_DELIVERY_LEASE_SECONDS", default_value_t = 120)]
    pub delivery_lease_seconds: u64,

    /// A certificate authority (PEM file) to trust for the SMTP relay's TLS certificate,
    /// besides the usual ones.
    #[arg(long, env = "INTAKE_SMTP_CA_FILE")]
    pub smtp_ca_file: Option<std::path::PathBuf>,

    /// Allow `smtp://` without TLS to another machine or with a password (a network you
    /// control end to end); refused otherwise.
    #[arg(long, env = "INTAKE_SMTP_ALLOW_PLAIN", default_value_t = false)]
    pub smtp_allow_plain: bool,

    /// Sender of the lead email.
    #[arg(
        long,
        env = "INTAKE_MAIL_FROM",
        default_value = "China readiness <leads@localhost>"
    )]
    pub mail_from: String,

    /// Where lead emails go (the sales team), comma-separated.
    #[arg(
        long,
        env = "INTAKE_MAIL_TO",
        value_delimiter = ',',
        default_value = ""
    )]
    pub mail_to: Vec<String>,

    /// Journey event batches (the funnel's) per client per minute; beyond, 429.
    #[arg(long, env = "INTAKE_EVENTS_PER_MINUTE", default_value_t = 600)]
    pub events_per_minute: u32,

    /// Brands (scored, genuine leads) an industry needs before the results screen says how a
    /// visitor's readiness compares with theirs ("higher than N% of brands in your
    /// industry"); at least 10. Below it, the line is absent.
    #[arg(long, env = "INTAKE_BENCHMARK_MIN_LEADS", default_value_t = 20)]
    pub benchmark_min_leads: u32,

    /// How often that comparison's figures are computed anew from the stored leads, in
    /// seconds.
    #[arg(long, env = "INTAKE_BENCHMARK_REFRESH_SECONDS", default_value_t = 3600)]
    pub benchmark_refresh_seconds: u64,

    /// Routing rules (TOML, see the README's "Routing rules"): which leads go to which
    /// email addresses, webhook, Slack or Teams channel. Without it every lead goes to every
    /// configured channel.
    #[arg(long, env = "INTAKE_ROUTING")]
    pub routing: Option<PathBuf>,

    /// Language of the lead emails and summaries.
    #[arg(long, env = "INTAKE_SALES_LOCALE", default_value = "en")]
    pub sales_locale: String,

    /// Leads older than this many days are deleted (hourly while serving, and by
    /// `intake purge`). 0 keeps them forever.
    #[arg(long, env = "INTAKE_RETENTION_DAYS", default_value_t = 730)]
    pub retention_days: u32,
}

/// A setting's value, trimmed; `None` when it is not set or blank (an empty variable in
/// `.env` turns the feature off).
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Config {
    /// How the server holds connections.
    pub fn limits(&self) -> crate::serve::Limits {
        crate::serve::Limits {
            header_timeout: std::time::Duration::from_secs(self.header_timeout_seconds.max(1)),
            max_connections: self.max_connections.max(1),
            shutdown_grace: std::time::Duration::from_secs(30),
        }
    }

    /// The allowed origins, blanks dropped; fails naming the setting on a malformed one.
    pub fn origins(&self) -> Result<Vec<String>, String> {
        let mut origins = Vec::new();
        for origin in self
            .allowed_origins
            .iter()
            .map(|o| o.trim())
            .filter(|o| !o.is_empty())
        {
            let well_formed = (origin.starts_with("https://") || origin.starts_with("http://"))
                && !origin.ends_with('/')
                && origin
                    .split("://")
                    .nth(1)
                    .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'));
            if !well_formed || origin == "null" {
                return Err(format!(
                    "INTAKE_ALLOWED_ORIGINS / --allowed-origins: `{origin}` is not an origin like https://www.agency.example"
                ));
            }
            origins.push(origin.to_owned());
        }
        Ok(origins)
    }
}

/// The configured public address, without a trailing slash; an error naming the setting.
pub fn public_url(config: &Config) -> Result<Option<String>, String> {
    let Some(raw) = crate::config::given(&config.public_url) else {
        return Ok(None);
    };
    match reqwest::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "https" | "http") && url.host_str().is_some() => {
            Ok(Some(raw.trim_end_matches('/').to_owned()))
        }
        _ => Err(format!(
            "INTAKE_PUBLIC_URL / --public-url: `{raw}` is not an http(s) address like https://leads.agency.example"
        )),
    }
}
