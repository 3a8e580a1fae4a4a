//! The visitor's own emails, in their language, through the lead's durable outbox: first a
//! confirmation of the address (double opt-in, a single-use link valid 72 hours), then,
//! after the click, the report: a short summary and the link to its page. HTML (tables and
//! inline styles, no image, no script) and plain text; each says why it was sent and how to
//! have the data erased. Needs the SMTP relay and the intake's public address.

use askama::Template;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncTransport, Message};
use readiness::text::Texts;

use super::smtp::{Relay, Utf8Sent};
use super::{Attempt, Brief};
use crate::benchmark::Board;
use crate::db::NotifyChannel;
use crate::Config;
use std::sync::Arc;

/// The relay, the sender, where links point, and the figures the report compares with.
pub struct VisitorMail {
    relay: Relay,
    from: Mailbox,
    public_url: String,
    benchmarks: Arc<Board>,
}

/// What every visitor email holds besides its content.
struct Frame {
    lang: String,
    subject: String,
    link: String,
    button: String,
    why: String,
    erase: String,
}

#[derive(Template)]
#[template(path = "mail/confirm.html")]
struct ConfirmHtml<'a> {
    frame: &'a Frame,
    body: &'a str,
    ignore: &'a str,
}

#[derive(Template)]
#[template(path = "mail/confirm.txt")]
struct ConfirmText<'a> {
    frame: &'a Frame,
    body: &'a str,
    ignore: &'a str,
}

/// The report in a few lines: readiness and tier, then headed lists (start here,
/// blockers, first steps) of a title and a detail each.
pub struct Summary {
    readiness: u8,
    tier: String,
    tier_detail: String,
    /// "How do you compare?": the line and what it is based on.
    peers: Option<(String, String)>,
    sections: Vec<(String, Vec<(String, String)>)>,
}

#[derive(Template)]
#[template(path = "mail/report.html")]
struct ReportHtml<'a> {
    frame: &'a Frame,
    intro: &'a str,
    summary: Option<&'a Summary>,
}

#[derive(Template)]
#[template(path = "mail/report.txt")]
struct ReportText<'a> {
    frame: &'a Frame,
    intro: &'a str,
    summary: Option<&'a Summary>,
}

impl VisitorMail {
    /// From the configuration: `None` without an SMTP URL or a public address (the links
    /// need one); an error naming the setting.
    pub fn from_config(
        config: &Config,
        benchmarks: Arc<Board>,
    ) -> Result<Option<VisitorMail>, String> {
        let Some(url) = crate::config::given(&config.smtp_url) else {
            return Ok(None);
        };
        let Some(public_url) = crate::config::public_url(config)? else {
            tracing::warn!(
                "INTAKE_PUBLIC_URL is not set: visitors cannot have their report emailed \
                 (its links need the intake's public address)"
            );
            return Ok(None);
        };
        let (relay, from) = super::email::relay_and_sender(config, url)?;
        Ok(Some(VisitorMail {
            relay,
            from,
            public_url,
            benchmarks,
        }))
    }

    /// Sends the confirmation or the report email of `brief`'s lead, with the link's
    /// `secret`; the Message-ID comes from `notification_id`, the same on every attempt.
    pub async fn send(
        &self,
        notification_id: &str,
        channel: NotifyChannel,
        brief: &Brief,
        secret: Option<&str>,
        texts: &Texts<'_>,
    ) -> Attempt {
        let Some(secret) = secret else {
            return Attempt::GiveUp("the email's link is gone (sent or given up before)".into());
        };
        let built = match channel {
            NotifyChannel::ReportConfirm => self.confirmation(secret, texts),
            _ => self.report(secret, brief, texts),
        };
        let (subject, text, html) = match built {
            Ok(parts) => parts,
            Err(error) => return Attempt::GiveUp(format!("cannot render the email: {error}")),
        };
        let (ascii, international) = super::email::reply_address(&brief.lead.email);
        let Some(to) = ascii.clone().or(international) else {
            return Attempt::GiveUp("the visitor's address cannot take email".into());
        };
        let domain = self.from.email.domain().to_owned();
        let message = match Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(subject)
            .message_id(Some(format!("<{notification_id}@{domain}>")))
            .multipart(MultiPart::alternative_plain_html(text, html))
        {
            Ok(message) => message,
            Err(error) => return Attempt::GiveUp(format!("cannot build the email: {error}")),
        };
        if ascii.is_none() {
            return match self
                .relay
                .send_smtputf8(message.envelope(), &message.formatted())
                .await
            {
                Ok(Utf8Sent::Delivered) => Attempt::Delivered,
                Ok(Utf8Sent::NotOffered) => Attempt::GiveUp(
                    "the SMTP relay does not offer SMTPUTF8, which this address needs".into(),
                ),
                Err(error) => Attempt::Retry(error),
            };
        }
        match self.relay.transport.send(message).await {
            Ok(_) => Attempt::Delivered,
            Err(error) => {
                Attempt::Retry(format!("the SMTP server did not take the email: {error}"))
            }
        }
    }

    fn frame(&self, texts: &Texts<'_>, subject: String, link: String, button: &str) -> Frame {
        Frame {
            lang: texts.locale().as_str().to_owned(),
            subject,
            link,
            button: texts.get(button).to_owned(),
            why: texts.get("mail.why").to_owned(),
            erase: texts.get("mail.erase").to_owned(),
        }
    }

    fn confirmation(
        &self,
        secret: &str,
        texts: &Texts<'_>,
    ) -> askama::Result<(String, String, String)> {
        let link = format!("{}/r/confirm/{secret}", self.public_url);
        let f = self.frame(
            texts,
            texts.get("mail.confirm_subject").to_owned(),
            link,
            "mail.confirm_button",
        );
        let (body, ignore) = (
            texts.get("mail.confirm_body"),
            texts.get("mail.confirm_ignore"),
        );
        let html = ConfirmHtml {
            frame: &f,
            body,
            ignore,
        }
        .render()?;
        let text = ConfirmText {
            frame: &f,
            body,
            ignore,
        }
        .render()?;
        Ok((f.subject, text, html))
    }

    fn report(
        &self,
        secret: &str,
        brief: &Brief,
        texts: &Texts<'_>,
    ) -> askama::Result<(String, String, String)> {
        let link = format!("{}/r/{secret}", self.public_url);
        let summary = brief.report().map(|report| {
            // where the visitor stands among their industry's brands, as the page says it
            let place = readiness::benchmark::industry(&brief.answers).and_then(|industry| {
                let figures = &self.benchmarks.current().figures;
                figures.compare(industry, report.readiness)
            });
            Summary {
                peers: place.map(|place| texts.comparison(place)),
                ..summary(report, texts)
            }
        });
        let score = summary
            .as_ref()
            .map_or_else(|| "–".to_owned(), |s| s.readiness.to_string());
        let subject = texts.fill("mail.report_subject", &[("score", &score)]);
        let f = self.frame(texts, subject, link, "mail.report_open");
        let intro = texts.get("mail.report_intro");
        let summary = summary.as_ref();
        let html = ReportHtml {
            frame: &f,
            intro,
            summary,
        }
        .render()?;
        let text = ReportText {
            frame: &f,
            intro,
            summary,
        }
        .render()?;
        Ok((f.subject, text, html))
    }
}

/// The report's summary for an email: readiness, tier, where to start, what blocks, the
/// first steps.
fn summary(report: &readiness::Report, texts: &Texts<'_>) -> Summary {
    let item = |kind: &str, id: &str, field: &str| texts.item(kind, id, field).to_owned();
    let start: Vec<(String, String)> = report
        .start_here()
        .map(|c| {
            let name = item("channel", c.id.as_str(), "name");
            (name, texts.channel_status(c).unwrap_or_default())
        })
        .collect();
    let listed = |kind: &str, ids: &[readiness::ids::ItemId]| {
        ids.iter()
            .map(|id| {
                (
                    item(kind, id.as_str(), "title"),
                    item(kind, id.as_str(), "detail"),
                )
            })
            .collect::<Vec<_>>()
    };
    let start = if start.is_empty() {
        vec![(texts.get("ui.no_start_here").to_owned(), String::new())]
    } else {
        start
    };
    let blockers = if report.blockers.is_empty() {
        vec![(texts.get("ui.no_blockers").to_owned(), String::new())]
    } else {
        listed("blocker", &report.blockers)
    };
    Summary {
        readiness: report.readiness,
        tier: item("tier", report.tier.as_str(), "name"),
        tier_detail: item("tier", report.tier.as_str(), "description"),
        peers: None,
        sections: vec![
            (texts.get("ui.start_here_title").to_owned(), start),
            (texts.get("ui.blockers_title").to_owned(), blockers),
            (
                texts.get("ui.next_steps_title").to_owned(),
                listed("next_step", &report.next_steps),
            ),
        ],
    }
}
