//! The destinations a routing rules file names: its webhooks, Slack and Teams channels,
//! built once at start, and which one a routed notification goes to.

use std::collections::HashMap;

use super::{chat, webhook};
use crate::routing::RuleSet;
use crate::Config;

/// The webhooks, Slack and Teams channels a rules file names, by name.
#[derive(Default)]
pub(super) struct Named {
    pub(super) webhooks: HashMap<String, webhook::Webhook>,
    pub(super) slack: HashMap<String, chat::Chat>,
    pub(super) teams: HashMap<String, chat::Chat>,
}

impl Named {
    pub(super) fn of(config: &Config, rules: &RuleSet) -> Result<Named, String> {
        let setting = |section: &str, name: &str| format!("the routing file's [{section}] {name}");
        let chats =
            |platform, section: &str, named: &std::collections::BTreeMap<String, String>| {
                named
                    .iter()
                    .map(|(name, url)| {
                        chat::Chat::new(platform, url, &setting(section, name), config)
                            .map(|chat| (name.clone(), chat))
                    })
                    .collect::<Result<HashMap<_, _>, String>>()
            };
        Ok(Named {
            webhooks: rules
                .webhooks
                .iter()
                .map(|(name, url)| {
                    webhook::Webhook::new(url, &setting("webhooks", name), config)
                        .map(|hook| (name.clone(), hook))
                })
                .collect::<Result<_, String>>()?,
            slack: chats(chat::Platform::Slack, "slack", &rules.slack)?,
            teams: chats(chat::Platform::Teams, "teams", &rules.teams)?,
        })
    }
}

/// The configured destination, or the named one a rule chose.
pub(super) fn pick<'a, T>(
    configured: Option<&'a T>,
    named: &'a HashMap<String, T>,
    target: Option<&str>,
) -> Option<&'a T> {
    match target {
        None => configured,
        Some(name) => named.get(name),
    }
}
