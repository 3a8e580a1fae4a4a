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

/// Refuses an SMTP URL that would send credentials and leads in clear text over a network:
/// `smtp://` without `tls=required` is allowed to a loopback relay only (`tls=opportunistic`
/// is not enough: whoever sits on the path can strip the STARTTLS offer).
fn check_transport_security(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url)
        .map_err(|e| format!("INTAKE_SMTP_URL / --smtp-url: not an SMTP URL ({e})"))?;
    let tls = parsed
        .query_pairs()
        .any(|(key, value)| key == "tls" && value == "required");
    // `smtp:` is not a special scheme to the URL standard, so its host stays text
    let host = parsed.host_str().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if parsed.scheme() == "smtp" && !tls && !loopback {
        return Err(format!(
            "INTAKE_SMTP_URL / --smtp-url: `smtp://` without TLS is for a relay on this machine \
             only; use `smtps://` or add `?tls=required` for {}",
            parsed.host_str().unwrap_or("this host")
        ));
    }
    Ok(())
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
        check_transport_security(url)?;
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
        if let Ok(address) = lead.email.parse::<Address>() {
            builder = builder.reply_to(Mailbox::new(Some(lead.name.clone()), address));
        }
        builder
            .header(ContentType::TEXT_PLAIN)
            .body(brief_text(brief, texts))
    }
}

/// A visitor's text for a header: anything that reads as an RFC 2047 encoded word (`=?`)
/// is broken up, so a mail client shows it as typed instead of decoding it into, say, a
/// fake "Bcc:".
fn inert(text: &str) -> String {
    text.replace("=?", "=\u{2060}?")
}

#[cfg(test)]
mod tests {
    use super::check_transport_security;

    #[test]
    fn clear_text_smtp_is_for_loopback_relays_only() {
        for allowed in [
            "smtp://127.0.0.1:2525",
            "smtp://localhost:25",
            "smtp://[::1]:25",
            "smtp://user:pass@mail.example.com:587?tls=required",
            "smtps://user:pass@mail.example.com:465",
        ] {
            assert_eq!(check_transport_security(allowed), Ok(()), "{allowed}");
        }
        for refused in [
            "smtp://user:pass@mail.example.com:587",
            "smtp://user:pass@mail.example.com:587?tls=opportunistic",
            "smtp://10.0.0.5:25",
        ] {
            let error = check_transport_security(refused).unwrap_err();
            assert!(error.contains("?tls=required"), "{refused}: {error}");
        }
    }
}
