//! Delivering leads to sales: a worker claims due notifications from the durable outbox
//! table (written with the lead, in its transaction) and sends each by webhook or email,
//! retrying with backoff. One that keeps failing is marked `failed` for staff to see; the
//! lead itself is never touched.

pub mod chat;
pub mod email;
mod named;
pub mod smtp;
pub mod visitor;
pub mod webhook;

use std::sync::Arc;
use std::time::Duration;

use readiness::{Answers, Assessment, Quiz, Report};
use tokio::sync::Notify;

use crate::db::{Claimed, Db, Delivery, LeadRow, NotifyChannel};
use crate::routing::{Available, RuleSet};
use crate::{config, Config};
use named::{pick, Named};

/// Attempts before a notification is given up.
pub const MAX_ATTEMPTS: i64 = 12;

/// What one attempt came to.
#[derive(Debug)]
pub enum Attempt {
    /// Delivered.
    Delivered,
    /// Try again later.
    Retry(String),
    /// Will never work (a webhook answering 410 Gone).
    GiveUp(String),
}

/// The configured channels and what they need.
pub struct Notifier {
    db: Db,
    quiz: Arc<Quiz>,
    locale: String,
    webhook: Option<webhook::Webhook>,
    email: Option<email::Mailer>,
    slack: Option<chat::Chat>,
    teams: Option<chat::Chat>,
    /// The destinations a rules file names.
    named: Named,
    /// The visitor's own emails (the report asked for by email).
    visitor: Option<visitor::VisitorMail>,
    /// The intake's public address (`INTAKE_PUBLIC_URL`), for links to the staff area.
    public_url: Option<String>,
    /// How long a claimed notification is reserved for the worker that claimed it.
    lease_ms: i64,
}

/// A lead as the channels present it.
pub struct Brief {
    /// The stored lead.
    pub lead: LeadRow,
    /// What the core made of the answers; `None` for another quiz version.
    pub assessment: Option<Assessment>,
    pub answers: Answers,
    /// The lead's page and its report page in the staff area (with `INTAKE_PUBLIC_URL`).
    pub links: Option<Links>,
}

/// Where staff open a lead: its page, and its report as the visitor saw it (the same page
/// as the visitor's link, behind the sign-in).
pub struct Links {
    pub lead: String,
    pub report: String,
}

impl Brief {
    /// The report, when the lead was scored.
    pub fn report(&self) -> Option<&Report> {
        self.assessment.as_ref().and_then(Assessment::report)
    }

    /// One line for the sales team (email subject, Slack and Teams headline), with the
    /// company as given (`company`: already made safe for where it goes).
    pub fn headline(&self, texts: &readiness::text::Texts<'_>, company: &str) -> String {
        match &self.assessment {
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
        }
    }

    /// The sales summary in words, or why there is none.
    pub fn summary(&self, texts: &readiness::text::Texts<'_>) -> String {
        match &self.assessment {
            Some(assessment) => texts.sales_summary(assessment, &self.answers),
            None => "Not scored: the lead was answered with another quiz version.".to_owned(),
        }
    }

    /// The contact as label and value pairs, in the sales language; phone and WeChat ID
    /// when given.
    pub fn contact(&self, texts: &readiness::text::Texts<'_>) -> Vec<(String, String)> {
        let lead = &self.lead;
        let mut contact = vec![
            (texts.get("ui.name").to_owned(), lead.name.clone()),
            (texts.get("ui.company").to_owned(), lead.company.clone()),
            (texts.get("ui.role").to_owned(), lead.role.clone()),
            (texts.get("ui.email").to_owned(), lead.email.clone()),
            (texts.get("ui.country").to_owned(), lead.country.clone()),
        ];
        if let Some(phone) = &lead.phone {
            contact.push((texts.get("ui.phone").to_owned(), phone.clone()));
        }
        if let Some(wechat) = &lead.wechat_id {
            contact.push((texts.get("ui.wechat_id").to_owned(), wechat.clone()));
        }
        contact
    }
}

impl Notifier {
    /// The notifier the configuration describes, or an error naming the setting.
    /// `rules`: the rules file in use, whose named destinations it builds and whose needs
    /// it checks against what is configured.
    pub fn from_config(
        config: &Config,
        db: Db,
        quiz: Arc<Quiz>,
        rules: Option<&RuleSet>,
        benchmarks: Arc<crate::benchmark::Board>,
    ) -> Result<Notifier, String> {
        let webhook = webhook::Webhook::from_config(config)?;
        let email = email::Mailer::from_config(config, rules.is_some())?;
        let slack = chat::Chat::from_config(config, chat::Platform::Slack)?;
        let teams = chat::Chat::from_config(config, chat::Platform::Teams)?;
        let named = match rules {
            Some(rules) => {
                let missing = rules.unavailable(Available {
                    smtp: email.is_some(),
                    webhook: webhook.is_some(),
                    slack: slack.is_some(),
                    teams: teams.is_some(),
                });
                if !missing.is_empty() {
                    return Err(format!(
                        "the routing rules need more configuration:\n{}",
                        missing.join("\n")
                    ));
                }
                Named::of(config, rules)?
            }
            None => Named::default(),
        };
        let visitor = visitor::VisitorMail::from_config(config, benchmarks)?;
        if !quiz.has_locale(&config.sales_locale) {
            return Err(format!(
                "INTAKE_SALES_LOCALE / --sales-locale: the quiz has no language `{}`",
                config.sales_locale
            ));
        }
        Ok(Notifier {
            db,
            quiz,
            locale: config.sales_locale.clone(),
            webhook,
            email,
            slack,
            teams,
            named,
            visitor,
            public_url: config::public_url(config)?,
            lease_ms: i64::try_from(config.delivery_lease_seconds.max(1))
                .unwrap_or(120)
                .saturating_mul(1000),
        })
    }

    /// The channels each new lead is owed.
    pub fn channels(&self) -> Vec<NotifyChannel> {
        let mut channels = Vec::new();
        if self.webhook.is_some() {
            channels.push(NotifyChannel::Webhook);
        }
        if self.email.is_some() {
            channels.push(NotifyChannel::Email);
        }
        if self.slack.is_some() {
            channels.push(NotifyChannel::Slack);
        }
        if self.teams.is_some() {
            channels.push(NotifyChannel::Teams);
        }
        channels
    }

    /// The language of the sales notifications.
    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// Whether visitors can have their report emailed (an SMTP relay and the intake's public
    /// address are configured).
    pub fn sends_reports(&self) -> bool {
        self.visitor.is_some()
    }

    /// Whether there is anything to deliver: a channel for leads, a destination a rules
    /// file names, or visitors' emails.
    pub fn delivers(&self) -> bool {
        let named = &self.named;
        !self.channels().is_empty()
            || self.sends_reports()
            || !(named.webhooks.is_empty() && named.slack.is_empty() && named.teams.is_empty())
    }

    /// Runs until the process ends: delivers what is due, then sleeps until woken (a new
    /// lead) or a second passes (retries that came due).
    pub async fn run(self: Arc<Self>, wake: Arc<Notify>) {
        loop {
            let now = crate::clock::now_ms();
            match self.deliver_due(now).await {
                Ok(0) => {
                    let _ = tokio::time::timeout(Duration::from_secs(1), wake.notified()).await;
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "notification worker: database unavailable");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
        }
    }

    /// Delivers every due notification once; returns how many were tried.
    pub async fn deliver_due(&self, now: i64) -> Result<usize, sqlx::Error> {
        let claimed = self.db.claim_due(now, 20, self.lease_ms).await?;
        for notification in &claimed {
            let attempt = match self.db.lead(&notification.lead_id).await? {
                Some(lead) => self.attempt(notification, self.brief(lead)).await,
                None => Attempt::GiveUp("the lead was erased".to_owned()),
            };
            self.record(notification, attempt).await?;
        }
        Ok(claimed.len())
    }

    fn brief(&self, lead: LeadRow) -> Brief {
        let assessment = lead.report_json.as_deref().and_then(stored_assessment);
        let answers = serde_json::from_str(&lead.answers_json).unwrap_or_default();
        let links = self.public_url.as_ref().map(|base| Links {
            lead: format!("{base}/admin/leads/{}", lead.id),
            report: format!("{base}/admin/leads/{}/report", lead.id),
        });
        Brief {
            lead,
            assessment,
            answers,
            links,
        }
    }

    async fn attempt(&self, notification: &Claimed, brief: Brief) -> Attempt {
        let texts = self.quiz.texts(&self.locale);
        let target = notification.target.as_deref();
        let named = &self.named;
        // the channel's sender (or the named one a rule chose), if this instance has it
        let attempt = match NotifyChannel::parse(&notification.channel) {
            Some(NotifyChannel::Webhook) => {
                match pick(self.webhook.as_ref(), &named.webhooks, target) {
                    Some(webhook) => Some(webhook.send(&notification.id, &brief, &texts).await),
                    None => None,
                }
            }
            Some(NotifyChannel::Email) => match &self.email {
                Some(mailer) => Some(mailer.send(&notification.id, &brief, &texts, target).await),
                None => None,
            },
            Some(NotifyChannel::Slack) => match pick(self.slack.as_ref(), &named.slack, target) {
                Some(slack) => Some(slack.send(&brief, &texts).await),
                None => None,
            },
            Some(NotifyChannel::Teams) => match pick(self.teams.as_ref(), &named.teams, target) {
                Some(teams) => Some(teams.send(&brief, &texts).await),
                None => None,
            },
            Some(channel @ (NotifyChannel::ReportConfirm | NotifyChannel::ReportEmail)) => {
                match &self.visitor {
                    Some(mail) => {
                        let texts = self.quiz.texts(&brief.lead.locale);
                        let secret = notification.secret.as_deref();
                        Some(
                            mail.send(&notification.id, channel, &brief, secret, &texts)
                                .await,
                        )
                    }
                    None => None,
                }
            }
            None => None,
        };
        attempt.unwrap_or_else(|| {
            let to = target.map(|t| format!(" (`{t}`)")).unwrap_or_default();
            Attempt::Retry(format!(
                "channel `{}`{to} is not configured on this instance",
                notification.channel
            ))
        })
    }

    async fn record(&self, notification: &Claimed, attempt: Attempt) -> Result<(), sqlx::Error> {
        let attempts = notification.attempts + 1;
        let now = crate::clock::now_ms();
        let db = &self.db;
        match attempt {
            Attempt::Delivered => {
                tracing::info!(lead = %notification.lead_id, channel = %notification.channel, "lead delivered");
                db.finish_notification(notification, Delivery::Sent, now, None, now)
                    .await
            }
            Attempt::Retry(error) if attempts < MAX_ATTEMPTS => {
                tracing::warn!(lead = %notification.lead_id, channel = %notification.channel, attempts, %error, "delivery failed; will retry");
                let next = now + backoff_ms(attempts);
                db.finish_notification(notification, Delivery::Retry, next, Some(&error), now)
                    .await
            }
            Attempt::Retry(error) | Attempt::GiveUp(error) => {
                tracing::error!(lead = %notification.lead_id, channel = %notification.channel, attempts, %error, "delivery given up");
                db.finish_notification(notification, Delivery::Failed, now, Some(&error), now)
                    .await
            }
        }
    }
}

/// 1 s, 2 s, 4 s … up to an hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    (1_000i64.saturating_mul(1 << exponent)).min(3_600_000)
}

/// A lead in words for the sales team, in the sales language: summary, contact, answers.
pub fn brief_text(brief: &Brief, texts: &readiness::text::Texts<'_>) -> String {
    let lead = &brief.lead;
    let mut lines = vec![brief.summary(texts), String::new()];
    for (label, value) in brief.contact(texts) {
        lines.push(format!("{label}: {value}"));
    }
    if let Some(message) = &lead.message {
        lines.push(format!("{}:\n{message}", texts.get("ui.message")));
    }
    lines.push(String::new());
    for (question, _) in brief.answers.iter() {
        if let Some(labels) = texts.answer_labels(&brief.answers, question.as_str()) {
            lines.push(format!(
                "{}: {labels}",
                texts.question_label(question.as_str())
            ));
        }
    }
    lines.push(String::new());
    lines.push(format!("Lead {} ({})", lead.id, lead.locale));
    if let Some(links) = &brief.links {
        lines.push(format!("The lead: {}", links.lead));
        lines.push(format!(
            "Its report, as the visitor saw it: {}",
            links.report
        ));
    }
    lines.join("\n")
}

/// A stored assessment; rows written before the verdict existed hold a bare report.
pub fn stored_assessment(json: &str) -> Option<Assessment> {
    serde_json::from_str(json).ok().or_else(|| {
        serde_json::from_str::<Report>(json)
            .ok()
            .map(Assessment::Scored)
    })
}
