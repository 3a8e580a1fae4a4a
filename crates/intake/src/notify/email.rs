//! The lead email to the sales team, over SMTP. Visitor text only ever lands in header
//! values lettre encodes (Subject, Reply-To) or in the body, so no header can be injected.

use lettre::message::{header::ContentType, Mailbox};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use readiness::Assessment;

use super::{brief_text, Attempt, Brief};
use crate::Config;

/// A configured SMTP relay and its addresses.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    to: Vec<Mailbox>,
}

impl Mailer {
    /// From the configuration: `None` without an SMTP URL; an error naming the setting.
    pub fn from_config(config: &Config) -> Result<Option<Mailer>, String> {
        let Some(url) = config
            .smtp_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        else {
            return Ok(None);
        };
        let transport =
            super::smtp::transport(url, config.smtp_ca_file.as_deref(), config.smtp_allow_plain)?;
        let from = config
            .mail_from
            .parse()
            .map_err(|e| format!("INTAKE_MAIL_FROM / --mail-from: {e}"))?;
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
        if to.is_empty() {
            return Err("INTAKE_MAIL_TO / --mail-to: required with an SMTP URL".to_owned());
        }
        Ok(Some(Mailer {
            transport,
            from,
            to,
        }))
    }

    /// Sends the lead brief. `notification_id` makes the Message-ID, the same on every
    /// attempt, so a copy sent again after a crash is known as the same message.
    pub async fn send(
        &self,
        notification_id: &str,
        brief: &Brief,
        texts: &readiness::text::Texts<'_>,
    ) -> Attempt {
        let message = match self.message(notification_id, brief, texts) {
            Ok(message) => message,
            Err(error) => return Attempt::GiveUp(format!("cannot build the email: {error}")),
        };
        match self.transport.send(message).await {
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
    ) -> Result<Message, lettre::error::Error> {
        let lead = &brief.lead;
        let company = inert(&lead.company);
        let subject = match &brief.assessment {
            Some(Assessment::Scored(report)) => format!(
                "Lead {}: {} · {} · {}/100",
                report.grade.letter,
                company,
                texts.item("tier", report.tier.as_str(), "name"),
                report.readiness
            ),
            Some(Assessment::NotEnoughAnswers(_)) => {
                format!("Lead (no verdict, too few answers): {company}")
            }
            None => format!("Lead (unscored): {company}"),
        };
        let domain = self.from.email.domain().to_owned();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(subject)
            .message_id(Some(format!("<{notification_id}@{domain}>")));
        for to in &self.to {
            builder = builder.to(to.clone());
        }
        // built from its parts, never formatted and parsed: any name survives, quoted or
        // encoded by lettre
        if let Some(address) = reply_address(&lead.email) {
            builder = builder.reply_to(Mailbox::new(Some(lead.name.clone()), address));
        }
        builder
            .header(ContentType::TEXT_PLAIN)
            .body(brief_text(brief, texts))
    }
}

/// The visitor's address for Reply-To, in ASCII as every relay takes it: an international
/// domain as punycode; none when the part before the `@` is not ASCII (that needs SMTPUTF8
/// from the relay to every mailbox on the way; the address is in the text either way).
fn reply_address(email: &str) -> Option<Address> {
    let (user, domain) = email.rsplit_once('@')?;
    if !user.is_ascii() {
        return None;
    }
    let domain = idna::domain_to_ascii(domain).ok()?;
    Address::new(user, domain).ok()
}

/// A visitor's text for a header: anything that reads as an RFC 2047 encoded word (`=?`)
/// is broken up, so a mail client shows it as typed instead of decoding it into, say, a
/// fake "Bcc:".
fn inert(text: &str) -> String {
    text.replace("=?", "=\u{2060}?")
}
