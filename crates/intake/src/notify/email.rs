//! The lead email to the sales team, over SMTP. Visitor text only ever lands in header
//! values lettre encodes (Subject, Reply-To) or in the body, so no header can be injected.
//! A visitor address that is international before the `@` goes into Reply-To only over
//! SMTPUTF8; a relay that does not offer it gets the email without Reply-To (the address is
//! in the text), so the lead still arrives.

use lettre::message::{header::ContentType, Mailbox};
use lettre::{Address, AsyncTransport, Message};

use super::smtp::{Relay, Utf8Sent};
use super::{brief_text, Attempt, Brief};
use crate::Config;

/// A configured SMTP relay and its addresses.
pub struct Mailer {
    relay: Relay,
    from: Mailbox,
    to: Vec<Mailbox>,
}

impl Mailer {
    /// From the configuration: `None` without an SMTP URL; an error naming the setting.
    /// `routed`: a rules file names the recipients, so `--mail-to` may be empty.
    pub fn from_config(config: &Config, routed: bool) -> Result<Option<Mailer>, String> {
        let Some(url) = crate::config::given(&config.smtp_url) else {
            return Ok(None);
        };
        let (relay, from) = relay_and_sender(config, url)?;
        let to = config
            .mail_to
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .map(|a| {
                a.parse::<Mailbox>()
                    .map_err(|e| format!("INTAKE_MAIL_TO / --mail-to: `{a}`: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if to.is_empty() && !routed {
            return Err("INTAKE_MAIL_TO / --mail-to: required with an SMTP URL".to_owned());
        }
        Ok(Some(Mailer { relay, from, to }))
    }

    /// Sends the lead brief to `target` (addresses comma-separated, from a routing rule) or,
    /// without one, to `--mail-to`. `notification_id` makes the Message-ID, the same on
    /// every attempt, so a copy sent again after a crash is known as the same message.
    pub async fn send(
        &self,
        notification_id: &str,
        brief: &Brief,
        texts: &readiness::text::Texts<'_>,
        target: Option<&str>,
    ) -> Attempt {
        let to = match target {
            None => self.to.clone(),
            Some(list) => match list
                .split(',')
                .map(str::parse)
                .collect::<Result<Vec<Mailbox>, _>>()
            {
                Ok(to) => to,
                Err(error) => {
                    return Attempt::GiveUp(format!("the routed addresses `{list}`: {error}"))
                }
            },
        };
        if to.is_empty() {
            return Attempt::GiveUp("no recipient: set --mail-to or a rule's email".to_owned());
        }
        let build = |reply_to| {
            self.message(notification_id, brief, texts, &to, reply_to)
                .map_err(|error| Attempt::GiveUp(format!("cannot build the email: {error}")))
        };
        let (ascii, international) = reply_address(&brief.lead.email);
        if let Some(address) = international {
            let message = match build(Some(address)) {
                Ok(message) => message,
                Err(given_up) => return given_up,
            };
            match self
                .relay
                .send_smtputf8(message.envelope(), &message.formatted())
                .await
            {
                Ok(Utf8Sent::Delivered) => return Attempt::Delivered,
                Ok(Utf8Sent::NotOffered) => tracing::warn!(
                    notification = notification_id,
                    "the SMTP relay does not offer SMTPUTF8: the lead email goes without \
                     Reply-To (the visitor's international address is in its text)"
                ),
                Err(error) => return Attempt::Retry(error),
            }
        }
        let message = match build(ascii) {
            Ok(message) => message,
            Err(given_up) => return given_up,
        };
        match self.relay.transport.send(message).await {
            Ok(_) => Attempt::Delivered,
            Err(error) if error.is_permanent() => {
                Attempt::Retry(format!("the SMTP server refused the email: {error}"))
            }
            Err(error) => Attempt::Retry(format!("the SMTP server could not be reached: {error}")),
        }
    }

    fn message(
        &self,
        notification_id: &str,
        brief: &Brief,
        texts: &readiness::text::Texts<'_>,
        to: &[Mailbox],
        reply_to: Option<Address>,
    ) -> Result<Message, lettre::error::Error> {
        let lead = &brief.lead;
        let subject = brief.headline(texts, &inert(&lead.company));
        let domain = self.from.email.domain().to_owned();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(subject)
            .message_id(Some(format!("<{notification_id}@{domain}>")));
        for to in to {
            builder = builder.to(to.clone());
        }
        // built from its parts, never formatted and parsed: any name survives, quoted or
        // encoded by lettre
        if let Some(address) = reply_to {
            builder = builder.reply_to(Mailbox::new(Some(lead.name.clone()), address));
        }
        builder
            .header(ContentType::TEXT_PLAIN)
            .body(brief_text(brief, texts))
    }
}

/// The relay at `url` and the sender (`--mail-from`), as the configuration gives them, or
/// an error naming the setting.
pub(super) fn relay_and_sender(config: &Config, url: &str) -> Result<(Relay, Mailbox), String> {
    let relay = Relay::new(url, config.smtp_ca_file.as_deref(), config.smtp_allow_plain)?;
    let from = config
        .mail_from
        .parse()
        .map_err(|e| format!("INTAKE_MAIL_FROM / --mail-from: {e}"))?;
    Ok((relay, from))
}

/// The visitor's address for Reply-To, with an international domain as punycode: first
/// when it is ASCII (every relay takes it), second when the part before the `@` is not
/// (only over SMTPUTF8).
pub(super) fn reply_address(email: &str) -> (Option<Address>, Option<Address>) {
    let Some((user, domain)) = email.rsplit_once('@') else {
        return (None, None);
    };
    let Some(address) = idna::domain_to_ascii(domain)
        .ok()
        .and_then(|domain| Address::new(user, domain).ok())
    else {
        return (None, None);
    };
    if user.is_ascii() {
        (Some(address), None)
    } else {
        (None, Some(address))
    }
}

/// A visitor's text for a header: anything that reads as an RFC 2047 encoded word (`=?`)
/// is broken up, so a mail client shows it as typed instead of decoding it into, say, a
/// fake "Bcc:".
fn inert(text: &str) -> String {
    text.replace("=?", "=\u{2060}?")
}
