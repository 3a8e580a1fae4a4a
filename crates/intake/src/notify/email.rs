//! The lead email to the sales team, over SMTP. Visitor text only ever lands in header
//! values lettre encodes (Subject, Reply-To) or in the body, so no header can be injected.

use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
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
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("INTAKE_SMTP_URL / --smtp-url: not an SMTP URL ({e})"))?
            .timeout(Some(std::time::Duration::from_secs(15)))
            .build();
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

    /// Sends the lead brief.
    pub async fn send(&self, brief: &Brief, texts: &readiness::text::Texts<'_>) -> Attempt {
        let lead = &brief.lead;
        let subject = match &brief.assessment {
            Some(Assessment::Scored(report)) => format!(
                "Lead {}: {} · {} · {}/100",
                report.grade.letter,
                lead.company,
                texts.item("tier", report.tier.as_str(), "name"),
                report.readiness
            ),
            Some(Assessment::NotEnoughAnswers(_)) => {
                format!("Lead (no verdict, too few answers): {}", lead.company)
            }
            None => format!("Lead (unscored): {}", lead.company),
        };
        let mut builder = Message::builder().from(self.from.clone()).subject(subject);
        for to in &self.to {
            builder = builder.to(to.clone());
        }
        if let Ok(reply_to) = format!(
            "{} <{}>",
            lead.name.replace(['"', '<', '>'], ""),
            lead.email
        )
        .parse::<Mailbox>()
        {
            builder = builder.reply_to(reply_to);
        }
        let message = match builder
            .header(ContentType::TEXT_PLAIN)
            .body(brief_text(brief, texts))
        {
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
}
