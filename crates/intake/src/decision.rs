//! The intake decision for one valid lead, apart from HTTP and the clock: the server's own
//! assessment (never the client's score), whether it is spam, whether the widget showed
//! another score, and which notifications it is owed. `decide` is pure: time comes in as
//! an argument, so the rules are tested without a server.

use readiness::lead::{Email, Lead, ReportRequest, REPORT_EMAIL};
use readiness::{Assessment, Quiz};
use sha2::{Digest, Sha256};

use crate::db::{NewLead, NewReportRequest};
use crate::routing::{Facts, Routing};

/// What the deployment decides about every lead.
pub struct Rules<'a> {
    /// A lead sent sooner than this after the quiz started is spam.
    pub min_fill_ms: u64,
    /// Where a genuine lead's notifications go.
    pub routing: &'a Routing,
    /// A fresh secret for the confirmation link a genuine lead gets when it asks for its
    /// report by email (consent `report_email`); `None` when report emails are off.
    pub confirm_secret: Option<&'a str>,
}

/// How long a confirmation link works.
pub const CONFIRM_WINDOW_MS: i64 = 72 * 3_600_000;

/// Why a lead was stored as spam (answered like any other, never notified).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpamReason {
    /// The hidden field a person never fills was filled.
    Honeypot,
    /// Sent sooner after the quiz started than a person can.
    TooFast,
}

impl SpamReason {
    /// The reason for this lead, if it is spam.
    pub fn of(lead: &Lead, min_fill_ms: u64) -> Option<SpamReason> {
        if !lead.form.honeypot.trim().is_empty() {
            Some(SpamReason::Honeypot)
        } else if lead.form.elapsed_ms < min_fill_ms {
            Some(SpamReason::TooFast)
        } else {
            None
        }
    }

    /// As stored (`honeypot`, `too_fast`).
    pub fn as_str(self) -> &'static str {
        match self {
            SpamReason::Honeypot => "honeypot",
            SpamReason::TooFast => "too_fast",
        }
    }
}

/// The row to store: the server's own score (never the client's), spam flags, JSON parts.
/// `content` is the submission as the core read it, written out again: a repeat of a key
/// is recognised by what it says, not by its bytes (key order and spacing may differ).
pub fn decide(quiz: &Quiz, rules: &Rules<'_>, lead: Lead, content: &[u8], now: i64) -> NewLead {
    let assessment = lead
        .quiz_version_known
        .then(|| quiz.assess(&quiz.shown_answers(&lead.answers)));
    let report = assessment.as_ref().and_then(Assessment::report);
    let spam = SpamReason::of(&lead, rules.min_fill_ms);
    let client_readiness = lead.client_score.as_ref().map(|s| i64::from(s.readiness));
    let score_mismatch = match (report, client_readiness) {
        (Some(report), Some(client)) => i64::from(report.readiness) != client,
        _ => false,
    };
    let (route, notify) = if spam.is_none() {
        rules.routing.route(&Facts::of_lead(&lead, report))
    } else {
        (None, Vec::new())
    };
    NewLead {
        idempotency_key: lead.idempotency_key.to_string(),
        quiz_version: lead.quiz_version.clone(),
        quiz_version_known: lead.quiz_version_known,
        locale: lead.locale.to_string(),
        name: lead.contact.name.clone(),
        email: lead.contact.email.to_string(),
        company: lead.contact.company.clone(),
        country: lead.contact.country.to_string(),
        role: lead.contact.role.clone(),
        phone: lead.contact.phone.as_ref().map(ToString::to_string),
        wechat_id: lead.contact.wechat_id.as_ref().map(ToString::to_string),
        message: lead.contact.message.clone(),
        client_readiness,
        score_mismatch,
        spam_reason: spam.map(|reason| reason.as_str().to_owned()),
        answers_json: serde_json::to_string(&lead.answers).unwrap_or_default(),
        consents_json: serde_json::to_string(&lead.consents).unwrap_or_default(),
        attribution_json: serde_json::to_string(&lead.attribution).unwrap_or_default(),
        route,
        notify,
        report_request: rules
            .confirm_secret
            .filter(|_| spam.is_none() && granted(&lead, REPORT_EMAIL))
            .map(|secret| report_request(&lead.contact.email, secret, now)),
        ..assessed(assessment.as_ref(), content, now)
    }
}

/// The row of a report asked for by email without a contact request: the address, the
/// answers and their assessment, the consent; never notified to sales, never listed as a
/// lead (`kind` `report`).
pub fn decide_request(
    quiz: &Quiz,
    confirm_secret: &str,
    request: &ReportRequest,
    content: &[u8],
    now: i64,
) -> NewLead {
    let assessment = quiz.assess(&quiz.shown_answers(&request.answers));
    NewLead {
        kind: "report".to_owned(),
        idempotency_key: request.idempotency_key.to_string(),
        quiz_version: quiz.version().to_owned(),
        quiz_version_known: true,
        locale: request.locale.to_string(),
        email: request.email.to_string(),
        answers_json: serde_json::to_string(&request.answers).unwrap_or_default(),
        consents_json: serde_json::to_string(&[&request.consent]).unwrap_or_default(),
        attribution_json: serde_json::to_string(&request.attribution).unwrap_or_default(),
        report_request: Some(report_request(&request.email, confirm_secret, now)),
        ..assessed(Some(&assessment), content, now)
    }
}

/// What the server's own assessment fills in, with a new id and the content's hash; the
/// rest is for the caller.
fn assessed(assessment: Option<&Assessment>, content: &[u8], now: i64) -> NewLead {
    let report = assessment.and_then(Assessment::report);
    NewLead {
        id: uuid::Uuid::new_v4().to_string(),
        kind: "lead".to_owned(),
        body_hash: Sha256::digest(content)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        received_at_ms: now,
        readiness: report.map(|r| i64::from(r.readiness)),
        tier: report.map(|r| r.tier.to_string()),
        grade: report.map(|r| r.grade.letter.clone()),
        grade_score: report.map(|r| i64::from(r.grade.score)),
        top_channels: report.map(start_here_column).unwrap_or_default(),
        later_channels: report.map(later_column).unwrap_or_default(),
        verdict: assessment
            .map_or("unscored", Assessment::verdict)
            .to_owned(),
        blockers: report.map(blockers_column).unwrap_or_default(),
        report_json: assessment.and_then(|a| serde_json::to_string(a).ok()),
        ..NewLead::default()
    }
}

/// The confirmation owed to `email`, with the link's `secret`.
fn report_request(email: &Email, secret: &str, now: i64) -> NewReportRequest {
    NewReportRequest {
        email: email.to_string().to_lowercase(),
        confirm_secret: secret.to_owned(),
        confirm_hash: crate::secret::digest(secret),
        confirm_expires_at_ms: now + CONFIRM_WINDOW_MS,
    }
}

/// Whether the visitor granted the consent `purpose`.
fn granted(lead: &Lead, purpose: &str) -> bool {
    lead.consents
        .iter()
        .any(|c| c.granted && c.purpose.as_str() == purpose)
}

/// The "start here" channels, as stored: `wechat,xiaohongshu`.
fn start_here_column(report: &readiness::Report) -> String {
    let ids: Vec<&str> = report.start_here().map(|c| c.id.as_str()).collect();
    ids.join(",")
}

/// The blockers, as stored: `no_trademark,website_blocked`.
fn blockers_column(report: &readiness::Report) -> String {
    let ids: Vec<&str> = report.blockers.iter().map(|b| b.as_str()).collect();
    ids.join(",")
}

/// The channels that must wait, as stored: `douyin:no_trademark+budget_below_10000,…`.
fn later_column(report: &readiness::Report) -> String {
    report
        .later()
        .map(|channel| {
            let reasons = match &channel.status {
                readiness::score::ChannelStatus::Later { reasons } => reasons
                    .iter()
                    .map(readiness::score::Hold::code)
                    .collect::<Vec<_>>()
                    .join("+"),
                _ => String::new(),
            };
            format!("{}:{reasons}", channel.id)
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a panic is the failure report

    use readiness::lead::LeadSubmission;
    use serde_json::{json, Value};

    use super::*;
    use crate::db::{NotifyChannel, Owed};

    fn quiz() -> Quiz {
        readiness::testing::quiz()
    }

    /// A tea brand's valid submission; `change` edits the JSON first.
    fn lead(quiz: &Quiz, change: impl FnOnce(&mut Value)) -> Lead {
        let hash = quiz.consents()[0].text_hash("en").unwrap();
        let mut body = json!({
            "quiz_version": quiz.version(), "locale": "en",
            "answers": { "industry": ["food_beverage"], "business_model": ["b2c"], "audience_age": ["age_25_34"],
                         "audience_gender": ["mostly_women"], "market": ["premium_urban"], "goals": ["awareness"],
                         "trademark": ["registered"], "chinese_name": ["none"], "website": ["english_only"],
                         "compliance": ["certified"], "content": ["images"], "selling": ["direct_shipping"],
                         "customer_service": ["partner"], "budget": ["from_5k_to_15k"], "timeline": ["months_3_to_6"] },
            "contact": { "name": "Emma Clarke", "email": "emma@teahouse.co.uk", "company": "Teahouse Ltd",
                         "country": "GB", "role": "Export manager" },
            "consents": [ { "purpose": "contact", "granted": true, "text_hash": hash } ],
            "idempotency_key": "key-decision-00000001",
            "client_score": { "readiness": 0, "grade": "C" },
            "form": { "honeypot": "", "elapsed_ms": 120000 }
        });
        change(&mut body);
        let submission: LeadSubmission = serde_json::from_value(body).unwrap();
        Lead::parse(submission, quiz, 1_000).unwrap()
    }

    fn rules(routing: &Routing) -> Rules<'_> {
        Rules {
            min_fill_ms: 15_000,
            routing,
            confirm_secret: None,
        }
    }

    fn everyone(channels: &[NotifyChannel]) -> Routing {
        Routing::Everyone(channels.to_vec())
    }

    fn owed(channels: &[NotifyChannel]) -> Vec<Owed> {
        channels
            .iter()
            .map(|&channel| Owed {
                channel,
                target: None,
            })
            .collect()
    }

    #[test]
    fn a_genuine_lead_is_scored_by_the_server_and_owed_every_channel() {
        let quiz = quiz();
        let channels = vec![NotifyChannel::Webhook, NotifyChannel::Email];
        let row = decide(
            &quiz,
            &rules(&everyone(&channels)),
            lead(&quiz, |_| {}),
            b"{}",
            5,
        );
        assert_eq!(row.verdict, "scored");
        assert!(row.readiness.is_some_and(|r| r > 0));
        assert!(row.score_mismatch, "the client claimed 0");
        assert_eq!(row.spam_reason, None);
        assert_eq!(row.notify, owed(&channels));
        assert_eq!(row.received_at_ms, 5);
    }

    #[test]
    fn spam_is_stored_with_its_reason_and_owed_nothing() {
        let quiz = quiz();
        let channels = vec![NotifyChannel::Webhook];
        let bot = lead(&quiz, |b| {
            b["form"]["honeypot"] = json!("http://spam.example")
        });
        let row = decide(&quiz, &rules(&everyone(&channels)), bot, b"{}", 0);
        assert_eq!(row.spam_reason.as_deref(), Some("honeypot"));
        assert!(row.notify.is_empty());
        let hasty = lead(&quiz, |b| b["form"]["elapsed_ms"] = json!(3_000));
        let row = decide(&quiz, &rules(&everyone(&channels)), hasty, b"{}", 0);
        assert_eq!(row.spam_reason.as_deref(), Some("too_fast"));
        assert!(row.notify.is_empty());
    }

    #[test]
    fn too_few_answers_are_stored_without_a_verdict_but_still_delivered() {
        let quiz = quiz();
        let channels = vec![NotifyChannel::Email];
        let few = lead(
            &quiz,
            |b| b["answers"] = json!({ "industry": ["beauty"], "business_model": ["b2c"], "goals": ["awareness"] }),
        );
        let row = decide(&quiz, &rules(&everyone(&channels)), few, b"{}", 0);
        assert_eq!(row.verdict, "not_enough_answers");
        assert_eq!((row.readiness, row.grade.as_deref()), (None, None));
        assert_eq!(row.top_channels, "");
        assert!(!row.score_mismatch, "nothing to compare");
        assert_eq!(row.notify, owed(&channels));
    }

    #[test]
    fn another_quiz_version_is_stored_unscored() {
        let quiz = quiz();
        let old = lead(&quiz, |b| b["quiz_version"] = json!("0123456789abcdef"));
        let row = decide(&quiz, &rules(&everyone(&[])), old, b"{}", 0);
        assert_eq!(row.verdict, "unscored");
        assert!(!row.quiz_version_known && row.readiness.is_none());
    }
}
