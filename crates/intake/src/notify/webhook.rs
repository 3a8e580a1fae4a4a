//! The webhook: the lead as JSON, signed with HMAC-SHA256 over `timestamp.body`, with a
//! stable event id (a retry is the same event); private and link-local targets refused.

use std::net::IpAddr;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use super::{brief_text, Attempt, Brief};
use crate::Config;

/// A configured webhook.
pub struct Webhook {
    url: reqwest::Url,
    secret: String,
    allow_loopback: bool,
    client: reqwest::Client,
}

impl Webhook {
    /// From the configuration: `None` when no URL is set; an error naming the setting.
    pub fn from_config(config: &Config) -> Result<Option<Webhook>, String> {
        let Some(raw) = crate::config::given(&config.webhook_url) else {
            return Ok(None);
        };
        Webhook::new(raw, "INTAKE_WEBHOOK_URL / --webhook-url", config).map(Some)
    }

    /// The webhook at `raw` (`setting` says where it was given), signed with the
    /// configured secret.
    pub fn new(raw: &str, setting: &str, config: &Config) -> Result<Webhook, String> {
        let url = reqwest::Url::parse(raw)
            .map_err(|e| format!("{setting}: `{raw}` is not a URL: {e}"))?;
        if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
            return Err(format!(
                "{setting}: `{raw}` must be an http(s) URL with a host"
            ));
        }
        let secret = config
            .webhook_secret
            .clone()
            .filter(|s| s.len() >= 16)
            .ok_or("INTAKE_WEBHOOK_SECRET / --webhook-secret: required with a webhook URL, at least 16 characters")?;
        let client = client("webhook")?;
        Ok(Webhook {
            url,
            secret,
            allow_loopback: config.webhook_allow_loopback,
            client,
        })
    }

    /// Sends one lead event (the payload is documented in the README, "Webhook payload").
    pub async fn send(
        &self,
        event_id: &str,
        brief: &Brief,
        texts: &readiness::text::Texts<'_>,
    ) -> Attempt {
        if let Err(refusal) = check_target(&self.url, self.allow_loopback).await {
            return Attempt::GiveUp(refusal);
        }
        let body = payload(event_id, brief, texts).to_string();
        let timestamp = crate::clock::now_ms() / 1000;
        let signature = sign(&self.secret, timestamp, &body);
        let response = self
            .client
            .post(self.url.clone())
            .header("Content-Type", "application/json")
            .header("X-Event-Id", event_id)
            .header("X-Timestamp", timestamp.to_string())
            .header("X-Signature", format!("sha256={signature}"))
            .body(body)
            .send()
            .await;
        match response {
            Ok(response) if response.status().is_success() => Attempt::Delivered,
            Ok(response) if response.status() == reqwest::StatusCode::GONE => {
                Attempt::GiveUp("the webhook answered 410 Gone".to_owned())
            }
            Ok(response) => Attempt::Retry(format!("the webhook answered {}", response.status())),
            Err(error) => Attempt::Retry(format!("the webhook could not be reached: {error}")),
        }
    }
}

/// The HTTP client of an outgoing hook: 10 s per request, 5 s to connect, and no
/// redirects (a redirect could lead past the address check).
pub fn client(what: &str) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("cannot build the {what} client: {e}"))
}

/// Refuses private, link-local and (unless allowed) loopback targets, as the host resolves
/// now (a name that resolves somewhere private later is refused then).
pub async fn check_target(url: &reqwest::Url, allow_loopback: bool) -> Result<(), String> {
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| format!("cannot resolve {host}: {e}"))?;
    for address in addresses {
        if let Some(reason) = refused(address.ip(), allow_loopback) {
            return Err(format!(
                "webhook target {host} resolves to {}, {reason}",
                address.ip()
            ));
        }
    }
    Ok(())
}

/// Why an address may not receive webhooks, if it may not.
pub fn refused(ip: IpAddr, allow_loopback: bool) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) if v4.is_loopback() && !allow_loopback => Some("a loopback address"),
        IpAddr::V4(v4) if v4.is_private() => Some("a private address"),
        IpAddr::V4(v4) if v4.is_link_local() => Some("a link-local address"),
        IpAddr::V4(v4) if v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast() => {
            Some("not a unicast address")
        }
        IpAddr::V6(v6) if v6.is_loopback() && !allow_loopback => Some("a loopback address"),
        IpAddr::V6(v6) if (v6.segments()[0] & 0xfe00) == 0xfc00 => {
            Some("a private (unique local) address")
        }
        IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80 => Some("a link-local address"),
        IpAddr::V6(v6) if v6.is_unspecified() || v6.is_multicast() => Some("not a unicast address"),
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .and_then(|v4| refused(IpAddr::V4(v4), allow_loopback)),
        IpAddr::V4(_) => None,
    }
}

/// Hex HMAC-SHA256 of `timestamp.body` with the secret.
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(), // HMAC takes keys of any length
    };
    mac.update(format!("{timestamp}.{body}").as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The version of the `lead.created` payload; 2 added `verdict`, `start_here`, `later` and
/// `shortfall`, and `top_channels` became the "start here" channels; 3 added `links` (the
/// lead's page and its report page in the staff area).
pub const SCHEMA_VERSION: u32 = 3;

/// One channel as the payload lists it: id, fit, status and, for a channel that waits,
/// its reasons (`{"kind": "blocker", "id": …}` or `{"kind": "budget", "min_eur": …}`).
fn channel_json(channel: &readiness::score::ChannelFit) -> serde_json::Value {
    json!({
        "channel": channel.id,
        "fit": channel.fit,
        "status": channel.status,
    })
}

/// The event body (schema 3, documented in the README, "Webhook payload").
fn payload(event_id: &str, brief: &Brief, texts: &readiness::text::Texts<'_>) -> serde_json::Value {
    let lead = &brief.lead;
    let report = brief.report();
    json!({
        "schema_version": SCHEMA_VERSION,
        "event_id": event_id,
        "type": "lead.created",
        "lead": {
            "id": lead.id,
            "received_at_ms": lead.received_at_ms,
            "locale": lead.locale,
            "verdict": brief.assessment.as_ref().map_or("unscored", readiness::Assessment::verdict),
            "grade": report.map(|r| r.grade.letter.clone()),
            "readiness": report.map(|r| r.readiness),
            "tier": report.map(|r| r.tier.to_string()),
            "start_here": report.map(|r| r.start_here().map(channel_json).collect::<Vec<_>>()),
            "later": report.map(|r| r.later().map(channel_json).collect::<Vec<_>>()),
            "top_channels": report.map(|r| r.start_here().map(|c| c.id.to_string()).collect::<Vec<_>>()),
            "blockers": report.map(|r| r.blockers.iter().map(ToString::to_string).collect::<Vec<_>>()),
            "shortfall": match &brief.assessment {
                Some(readiness::Assessment::NotEnoughAnswers(shortfall)) => json!({
                    "known": shortfall.counts.known,
                    "needed": shortfall.needed,
                    "missing": shortfall.missing,
                }),
                _ => serde_json::Value::Null,
            },
            "quiz_version_known": lead.quiz_version_known,
            "contact": {
                "name": lead.name, "email": lead.email, "company": lead.company, "country": lead.country,
                "role": lead.role, "phone": lead.phone, "wechat_id": lead.wechat_id, "message": lead.message,
            },
            "answers": brief.answers,
            "summary": brief_text(brief, texts),
            "links": brief.links.as_ref().map(|links| json!({ "lead": links.lead, "report": links.report })),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_link_local_and_loopback_targets_are_refused() {
        for (address, loopback_allowed, refusal) in [
            ("10.1.2.3", false, Some("a private address")),
            ("192.168.0.10", false, Some("a private address")),
            ("169.254.169.254", false, Some("a link-local address")),
            ("127.0.0.1", false, Some("a loopback address")),
            ("127.0.0.1", true, None),
            ("fe80::1", false, Some("a link-local address")),
            ("::ffff:10.0.0.1", false, Some("a private address")),
            ("93.184.216.34", false, None),
        ] {
            assert_eq!(
                refused(address.parse().unwrap(), loopback_allowed),
                refusal,
                "{address}"
            );
        }
    }
}
