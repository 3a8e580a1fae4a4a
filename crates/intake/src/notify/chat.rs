//! Slack and Microsoft Teams: each new lead as a message in the sales team's channel, in
//! each platform's documented incoming-webhook format (Slack Block Kit, a Teams Adaptive
//! Card), sent through the same durable outbox as the webhook and the email.
//!
//! A visitor's text never becomes markup: Slack gets it as `plain_text` objects (never
//! parsed for links or formatting); Teams renders a Markdown subset in every text, so each
//! ASCII punctuation mark of a visitor's text is backslash-escaped (CommonMark), and
//! `[x](https://…)` stays text.

use serde_json::{json, Value};

use super::webhook::{check_target, client};
use super::{Attempt, Brief};
use crate::Config;

/// Which platform a chat webhook is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Slack incoming webhook.
    Slack,
    /// Microsoft Teams incoming webhook.
    Teams,
}

impl Platform {
    fn name(self) -> &'static str {
        match self {
            Platform::Slack => "Slack",
            Platform::Teams => "Teams",
        }
    }

    fn setting(self) -> &'static str {
        match self {
            Platform::Slack => "INTAKE_SLACK_WEBHOOK_URL / --slack-webhook-url",
            Platform::Teams => "INTAKE_TEAMS_WEBHOOK_URL / --teams-webhook-url",
        }
    }
}

/// A configured Slack or Teams webhook.
pub struct Chat {
    platform: Platform,
    url: reqwest::Url,
    allow_loopback: bool,
    client: reqwest::Client,
}

impl Chat {
    /// From the configuration: `None` when the platform's URL is not set; an error naming
    /// the setting when it is not an https URL (plain http only to loopback, when allowed).
    pub fn from_config(config: &Config, platform: Platform) -> Result<Option<Chat>, String> {
        let raw = match platform {
            Platform::Slack => &config.slack_webhook_url,
            Platform::Teams => &config.teams_webhook_url,
        };
        let Some(raw) = crate::config::given(raw) else {
            return Ok(None);
        };
        Chat::new(platform, raw, platform.setting(), config).map(Some)
    }

    /// The platform's webhook at `raw` (`setting` says where it was given).
    pub fn new(
        platform: Platform,
        raw: &str,
        setting: &str,
        config: &Config,
    ) -> Result<Chat, String> {
        let url = reqwest::Url::parse(raw)
            .map_err(|e| format!("{setting}: the address is not a URL: {e}"))?;
        let loopback_http = url.scheme() == "http"
            && config.webhook_allow_loopback
            && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        if (url.scheme() != "https" && !loopback_http) || url.host_str().is_none() {
            return Err(format!("{setting}: must be an https URL with a host"));
        }
        let client = client(setting)?;
        Ok(Chat {
            platform,
            url,
            allow_loopback: config.webhook_allow_loopback,
            client,
        })
    }

    /// Posts the lead's message. A 2xx is delivered; 400, 403, 404 and 410 mean the message
    /// or the webhook will never be accepted (Slack's `invalid_payload`, `no_service`,
    /// `channel_is_archived`…), so it is given up; anything else is tried again.
    pub async fn send(&self, brief: &Brief, texts: &readiness::text::Texts<'_>) -> Attempt {
        if let Err(refusal) = check_target(&self.url, self.allow_loopback).await {
            return Attempt::GiveUp(refusal);
        }
        let lead_url = brief.links.as_ref().map(|links| links.lead.clone());
        let message = match self.platform {
            Platform::Slack => slack_message(brief, texts, lead_url.as_deref()),
            Platform::Teams => teams_message(brief, texts, lead_url.as_deref()),
        };
        let response = self
            .client
            .post(self.url.clone())
            .header("Content-Type", "application/json")
            .body(message.to_string())
            .send()
            .await;
        let name = self.platform.name();
        match response {
            Ok(response) if response.status().is_success() => Attempt::Delivered,
            Ok(response) => {
                let status = response.status();
                let said: String = response
                    .text()
                    .await
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect();
                let error = format!("{name} answered {status}: {said}");
                if matches!(status.as_u16(), 400 | 403 | 404 | 410) {
                    Attempt::GiveUp(error)
                } else {
                    Attempt::Retry(error)
                }
            }
            Err(error) => Attempt::Retry(format!("{name} could not be reached: {error}")),
        }
    }
}

/// The message's parts, the same on both platforms: a headline, the sales summary, the
/// contact as label and value pairs, the visitor's message, and the lead's id.
struct Parts {
    headline: String,
    summary: String,
    contact: Vec<(String, String)>,
    message: Option<(String, String)>,
    footer: String,
}

fn parts(brief: &Brief, texts: &readiness::text::Texts<'_>) -> Parts {
    let lead = &brief.lead;
    Parts {
        headline: brief.headline(texts, &lead.company),
        summary: brief.summary(texts),
        contact: brief.contact(texts),
        message: lead
            .message
            .as_ref()
            .map(|text| (texts.get("ui.message").to_owned(), text.clone())),
        footer: format!("Lead {} ({})", lead.id, lead.locale),
    }
}

/// A Slack Block Kit message (`text` is the notification's fallback). Everything is
/// `plain_text`, cut to Block Kit's limits (header 150, section 3,000, field 2,000).
pub fn slack_message(
    brief: &Brief,
    texts: &readiness::text::Texts<'_>,
    lead_url: Option<&str>,
) -> Value {
    let parts = parts(brief, texts);
    let plain = |text: &str, limit: usize| json!({ "type": "plain_text", "text": cut(text, limit), "emoji": false });
    let mut blocks = vec![
        json!({ "type": "header", "text": plain(&parts.headline, 150) }),
        json!({ "type": "section", "text": plain(&parts.summary, 3000) }),
        json!({
            "type": "section",
            "fields": parts.contact.iter().take(10)
                .map(|(label, value)| plain(&format!("{label}: {value}"), 2000))
                .collect::<Vec<_>>(),
        }),
    ];
    if let Some((label, text)) = &parts.message {
        blocks
            .push(json!({ "type": "section", "text": plain(&format!("{label}:\n{text}"), 3000) }));
    }
    blocks.push(json!({ "type": "context", "elements": [plain(&parts.footer, 2000)] }));
    if let Some(url) = lead_url {
        blocks.push(json!({
            "type": "actions",
            "elements": [{ "type": "button", "text": plain("Open the lead", 75), "url": url }],
        }));
    }
    json!({ "text": cut(&parts.headline, 3000), "blocks": blocks })
}

/// A Teams message carrying an Adaptive Card (1.4), every visitor's text escaped.
pub fn teams_message(
    brief: &Brief,
    texts: &readiness::text::Texts<'_>,
    lead_url: Option<&str>,
) -> Value {
    let parts = parts(brief, texts);
    let block =
        |text: &str| json!({ "type": "TextBlock", "text": escape_markdown(text), "wrap": true });
    let mut body = vec![
        json!({ "type": "TextBlock", "text": escape_markdown(&parts.headline), "wrap": true,
                "weight": "Bolder", "size": "Medium" }),
        block(&parts.summary),
        json!({
            "type": "FactSet",
            "facts": parts.contact.iter()
                .map(|(label, value)| json!({ "title": escape_markdown(label), "value": escape_markdown(value) }))
                .collect::<Vec<_>>(),
        }),
    ];
    if let Some((label, text)) = &parts.message {
        body.push(block(&format!("{label}:\n{text}")));
    }
    body.push(json!({ "type": "TextBlock", "text": escape_markdown(&parts.footer), "wrap": true, "isSubtle": true, "size": "Small" }));
    let mut card = json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    });
    if let Some(url) = lead_url {
        card["actions"] =
            json!([{ "type": "Action.OpenUrl", "title": "Open the lead", "url": url }]);
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": card,
        }],
    })
}

/// `text` with every ASCII punctuation mark backslash-escaped: CommonMark then shows it as
/// typed (no link, emphasis, list or heading), and `{{DATE(…)}}` is not a function.
pub fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// At most `limit` characters, an ellipsis marking a cut.
fn cut(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut kept: String = text.chars().take(limit.saturating_sub(1)).collect();
    kept.push('…');
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_in_a_visitors_text_stays_text() {
        assert_eq!(
            escape_markdown("[win](https://evil.example) **now** {{DATE(x)}}"),
            "\\[win\\]\\(https\\:\\/\\/evil\\.example\\) \\*\\*now\\*\\* \\{\\{DATE\\(x\\)\\}\\}"
        );
        assert_eq!(escape_markdown("Café Zürich 茶"), "Café Zürich 茶");
    }

    #[test]
    fn long_texts_are_cut_to_the_limit_with_an_ellipsis() {
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut(&"茶".repeat(200), 150).chars().count(), 150);
    }
}
