//! A lead's page: its verdict and contact, where it stands in the pipeline, its notes, its
//! answers in the quiz's order, where it came from, and its notifications with every
//! attempt.

use askama::Template;
use readiness::score::ChannelFit;
use readiness::text::Texts;
use readiness::{Assessment, Quiz};

use super::{status_label, Choice, Languages, Words};
use crate::clock::utc_minute;
use crate::db::{Account, AttemptRow, LeadRow, NoteRow, NotificationRow, StaffSession};
use crate::pipeline::Status;

#[derive(Template)]
#[template(path = "admin/detail.html")]
struct Detail<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    id: &'a str,
    statuses: Vec<Choice>,
    owners: Vec<Choice>,
    notes: Vec<Note>,
    /// The routing rule that chose its notifications.
    route: Option<&'a str>,
    live_links: i64,
    /// The report by email: asked when, confirmed when.
    by_email: Option<String>,
    flags: Vec<String>,
    facts: Vec<(&'static str, String)>,
    answers: Vec<(String, String)>,
    origin: Vec<(&'static str, String)>,
    notifications: Vec<Notification>,
}

/// A note as the page shows it.
struct Note {
    author: String,
    at: String,
    body: String,
}

/// A notification with its attempts; `resend` when an admin may put it back in the outbox.
struct Notification {
    id: String,
    channel: String,
    state: String,
    attempts: Vec<String>,
    resend: bool,
}

/// A delivery state (`sent`, `failed`…) in words.
fn delivery(t: Words, status: &str) -> &'static str {
    match status {
        "pending" => t.get("delivery.pending"),
        "sending" => t.get("delivery.sending"),
        "retry" => t.get("delivery.retry"),
        "sent" => t.get("delivery.sent"),
        _ => t.get("delivery.failed"),
    }
}

/// A notification's state, and each of its attempts, in words (the errors as the
/// receivers gave them).
fn notification(
    t: Words,
    note: &NotificationRow,
    attempts: &[AttemptRow],
    admin: bool,
) -> Notification {
    let error = |e: &Option<String>| e.as_deref().map(|e| format!(": {e}")).unwrap_or_default();
    let count = note.attempts.to_string();
    let state = t.fill(
        "lead.state",
        &[("status", delivery(t, &note.status)), ("attempts", &count)],
    );
    Notification {
        id: note.id.clone(),
        channel: note.channel.clone(),
        state: format!("{state}{}", error(&note.last_error)),
        attempts: attempts
            .iter()
            .filter(|a| a.notification_id == note.id)
            .map(|a| {
                format!(
                    "{} UTC: {}{}",
                    utc_minute(a.at_ms),
                    delivery(t, &a.outcome),
                    error(&a.error)
                )
            })
            .collect(),
        resend: admin
            && note.status == "failed"
            && matches!(
                note.channel.as_str(),
                "webhook" | "email" | "slack" | "teams"
            ),
    }
}

/// What the lead page shows besides the lead: the accounts it can be given to, its notes,
/// its notifications and their attempts, what the visitor keeps of the report.
pub struct Around<'a> {
    pub accounts: &'a [Account],
    pub notes: &'a [NoteRow],
    pub notifications: &'a [NotificationRow],
    pub attempts: &'a [AttemptRow],
    pub kept: &'a Kept,
}

/// Where the lead came from: the UTM parameters, referrer and page the widget was on, as
/// far as they were sent.
fn origin(t: Words, lead: &LeadRow) -> Vec<(&'static str, String)> {
    let attribution: readiness::lead::Attribution =
        serde_json::from_str(&lead.attribution_json).unwrap_or_default();
    [
        ("lead.utm_source", attribution.utm_source),
        ("lead.utm_medium", attribution.utm_medium),
        ("lead.utm_campaign", attribution.utm_campaign),
        ("lead.utm_term", attribution.utm_term),
        ("lead.utm_content", attribution.utm_content),
        ("lead.referrer", attribution.referrer),
        ("lead.page", attribution.landing_page),
    ]
    .into_iter()
    .filter_map(|(key, value)| Some((t.get(key), value.filter(|v| !v.is_empty())?)))
    .collect()
}

/// "–" without a verdict, "none" for an empty list in a report.
fn listed(
    t: Words,
    report: Option<&readiness::Report>,
    items: impl Fn(&readiness::Report) -> Vec<String>,
) -> String {
    match report.map(items) {
        None => "–".to_owned(),
        Some(items) if items.is_empty() => t.get("lead.none").to_owned(),
        Some(items) => items.join("; "),
    }
}

fn with_status<'a>(
    texts: &Texts<'_>,
    channels: impl Iterator<Item = &'a ChannelFit>,
) -> Vec<String> {
    channels
        .map(|c| {
            let name = texts.item("channel", c.id.as_str(), "name");
            match texts.channel_status(c) {
                Some(status) => format!("{name} ({status})"),
                None => name.to_owned(),
            }
        })
        .collect()
}

/// What staff should notice before reading a lead.
fn flags(
    t: Words,
    lead: &LeadRow,
    assessment: Option<&Assessment>,
    texts: &Texts<'_>,
) -> Vec<String> {
    [
        // spam as it stands now: why the intake took it for spam, or that staff marked it
        (lead.status == Status::Spam.as_str()).then(|| {
            let reason = lead
                .spam_reason
                .as_deref()
                .unwrap_or(t.get("lead.marked_by_staff"));
            t.fill("lead.flag_spam", &[("reason", reason)])
        }),
        match assessment {
            Some(Assessment::NotEnoughAnswers(shortfall)) => Some(t.fill(
                "lead.flag_no_verdict",
                &[("why", &texts.shortfall(shortfall))],
            )),
            _ => None,
        },
        (!lead.quiz_version_known).then(|| t.get("lead.flag_unknown_version").to_owned()),
        lead.score_mismatch
            .then(|| t.get("lead.flag_mismatch").to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The lead's facts: its verdict first, then the contact.
fn facts(
    t: Words,
    lead: &LeadRow,
    report: Option<&readiness::Report>,
    texts: &Texts<'_>,
) -> Vec<(&'static str, String)> {
    let optional = |value: &Option<String>| value.clone().unwrap_or_default();
    let readiness = lead.readiness.map_or_else(
        || "–".to_owned(),
        |r| {
            let tier = texts.item("tier", lead.tier.as_deref().unwrap_or(""), "name");
            format!("{r}/100 ({tier})")
        },
    );
    let blockers = |r: &readiness::Report| {
        r.blockers
            .iter()
            .map(|b| texts.item("blocker", b.as_str(), "title").to_owned())
            .collect()
    };
    [
        ("lead.received", utc_minute(lead.received_at_ms)),
        (
            "lead.grade",
            lead.grade.clone().unwrap_or_else(|| "–".to_owned()),
        ),
        ("lead.readiness", readiness),
        (
            "lead.start_here",
            listed(t, report, |r| with_status(texts, r.start_here())),
        ),
        (
            "lead.later",
            listed(t, report, |r| with_status(texts, r.later())),
        ),
        ("lead.blockers", listed(t, report, blockers)),
        ("lead.name", lead.name.clone()),
        ("lead.email", lead.email.clone()),
        ("lead.company", lead.company.clone()),
        ("lead.role", lead.role.clone()),
        ("lead.country", lead.country.clone()),
        (
            "lead.phone_wechat",
            format!("{} {}", optional(&lead.phone), optional(&lead.wechat_id)),
        ),
        ("lead.message", optional(&lead.message)),
        (
            "lead.booking_opened",
            lead.booking_opened_at_ms
                .map_or_else(|| "–".to_owned(), utc_minute),
        ),
    ]
    .into_iter()
    .map(|(key, value)| (t.get(key), value))
    .collect()
}

/// What the visitor keeps of the report: how many links to its page they hold, and the
/// report they asked for by email, if they did.
pub struct Kept {
    pub live_links: i64,
    pub by_email: Option<crate::db::ReportRequestRow>,
}

/// When the report was asked for by email, and when the address was confirmed.
fn asked_by_email(t: Words, request: &crate::db::ReportRequestRow) -> String {
    let confirmed = request.confirmed_at_ms.map_or_else(
        || t.get("lead.not_confirmed").to_owned(),
        |at| t.fill("lead.confirmed", &[("at", &utc_minute(at))]),
    );
    let asked = utc_minute(request.created_at_ms);
    t.fill(
        "lead.by_email",
        &[("asked", &asked), ("confirmed", &confirmed)],
    )
}

/// The answers in the quiz's order, as the visitor was asked them.
fn answers(quiz: &Quiz, texts: &Texts<'_>, lead: &LeadRow) -> Vec<(String, String)> {
    let answers: readiness::Answers = serde_json::from_str(&lead.answers_json).unwrap_or_default();
    quiz.questions()
        .iter()
        .filter_map(|question| {
            let id = question.id.as_str();
            Some((
                texts.question_label(id).to_owned(),
                texts.answer_labels(&answers, id)?,
            ))
        })
        .collect()
}

/// A lead's page.
pub fn detail(
    staff: &StaffSession,
    lead: &LeadRow,
    around: &Around<'_>,
    quiz: &Quiz,
) -> askama::Result<String> {
    let t = Words::of(&staff.locale);
    let texts = quiz.texts(t.locale());
    let assessment = lead
        .report_json
        .as_deref()
        .and_then(crate::notify::stored_assessment);
    let report = assessment.as_ref().and_then(Assessment::report);
    let title = t.fill("lead.title", &[("company", &lead.company)]);
    let owner = lead.owner_id.as_deref().unwrap_or("");
    let status = Status::parse(&lead.status).map_or("new", Status::as_str);
    Detail {
        title: &title,
        t,
        languages: Words::languages(),
        staff: Some(staff),
        id: &lead.id,
        statuses: Status::ALL
            .iter()
            .map(|s| Choice::new(s.as_str(), status_label(t, *s), status))
            .collect(),
        owners: std::iter::once(Choice::new("", t.get("lead.nobody"), owner))
            .chain(
                around
                    .accounts
                    .iter()
                    .map(|a| Choice::new(&a.id, &a.email, owner)),
            )
            .collect(),
        notes: around
            .notes
            .iter()
            .map(|n| Note {
                author: n
                    .author
                    .clone()
                    .unwrap_or_else(|| t.get("lead.removed_account").to_owned()),
                at: utc_minute(n.at_ms),
                body: n.body.clone(),
            })
            .collect(),
        route: lead.route.as_deref(),
        live_links: around.kept.live_links,
        by_email: around.kept.by_email.as_ref().map(|r| asked_by_email(t, r)),
        flags: flags(t, lead, assessment.as_ref(), &texts),
        facts: facts(t, lead, report, &texts),
        answers: answers(quiz, &texts, lead),
        origin: origin(t, lead),
        notifications: around
            .notifications
            .iter()
            .map(|note| notification(t, note, around.attempts, staff.is_admin()))
            .collect(),
    }
    .render()
}
