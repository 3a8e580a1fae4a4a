//! A lead's page: its verdict and contact, where it stands in the pipeline, its notes, its
//! answers in the quiz's order, where it came from, and its notifications with every
//! attempt.

use askama::Template;
use readiness::score::ChannelFit;
use readiness::text::Texts;
use readiness::{Assessment, Quiz};

use super::Choice;
use crate::clock::utc_minute;
use crate::db::{Account, AttemptRow, LeadRow, NoteRow, NotificationRow, StaffSession};
use crate::pipeline::Status;

#[derive(Template)]
#[template(path = "admin/detail.html")]
struct Detail<'a> {
    title: &'a str,
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

/// The words for a status on the staff pages.
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::New => "New",
        Status::Contacted => "Contacted",
        Status::MeetingBooked => "Meeting booked",
        Status::Qualified => "Qualified",
        Status::Won => "Won",
        Status::Lost => "Lost",
        Status::Spam => "Spam",
    }
}

/// A notification's state, and each of its attempts, in words.
fn notification(note: &NotificationRow, attempts: &[AttemptRow], admin: bool) -> Notification {
    let error = note
        .last_error
        .as_deref()
        .map(|e| format!(": {e}"))
        .unwrap_or_default();
    Notification {
        id: note.id.clone(),
        channel: note.channel.clone(),
        state: format!("{} after {} attempt(s){error}", note.status, note.attempts),
        attempts: attempts
            .iter()
            .filter(|a| a.notification_id == note.id)
            .map(|a| {
                let error = a
                    .error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default();
                format!("{} UTC: {}{error}", utc_minute(a.at_ms), a.outcome)
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
fn origin(lead: &LeadRow) -> Vec<(&'static str, String)> {
    let attribution: readiness::lead::Attribution =
        serde_json::from_str(&lead.attribution_json).unwrap_or_default();
    [
        ("Source (utm_source)", attribution.utm_source),
        ("Medium (utm_medium)", attribution.utm_medium),
        ("Campaign (utm_campaign)", attribution.utm_campaign),
        ("Term (utm_term)", attribution.utm_term),
        ("Content (utm_content)", attribution.utm_content),
        ("Referrer", attribution.referrer),
        ("Page", attribution.landing_page),
    ]
    .into_iter()
    .filter_map(|(label, value)| Some((label, value.filter(|v| !v.is_empty())?)))
    .collect()
}

/// "–" without a verdict, "none" for an empty list in a report.
fn listed(
    report: Option<&readiness::Report>,
    items: impl Fn(&readiness::Report) -> Vec<String>,
) -> String {
    match report.map(items) {
        None => "–".to_owned(),
        Some(items) if items.is_empty() => "none".to_owned(),
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
fn flags(lead: &LeadRow, assessment: Option<&Assessment>, texts: &Texts<'_>) -> Vec<String> {
    [
        lead.spam_reason.as_deref().map(|r| format!("Spam ({r})")),
        match assessment {
            Some(Assessment::NotEnoughAnswers(shortfall)) => {
                Some(format!("No verdict: {}", texts.shortfall(shortfall)))
            }
            _ => None,
        },
        (!lead.quiz_version_known)
            .then(|| "Answered with an unknown quiz version: not scored".to_owned()),
        lead.score_mismatch
            .then(|| "The widget showed another score than the server's".to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The lead's facts: its verdict first, then the contact.
fn facts(
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
    vec![
        ("Received (UTC)", utc_minute(lead.received_at_ms)),
        (
            "Grade",
            lead.grade.clone().unwrap_or_else(|| "–".to_owned()),
        ),
        ("Readiness", readiness),
        (
            "Start here",
            listed(report, |r| with_status(texts, r.start_here())),
        ),
        ("Later", listed(report, |r| with_status(texts, r.later()))),
        (
            "Blockers",
            listed(report, |r| {
                r.blockers
                    .iter()
                    .map(|b| texts.item("blocker", b.as_str(), "title").to_owned())
                    .collect()
            }),
        ),
        ("Name", lead.name.clone()),
        ("Email", lead.email.clone()),
        ("Company", lead.company.clone()),
        ("Role", lead.role.clone()),
        ("Country", lead.country.clone()),
        (
            "Phone / WeChat",
            format!("{} {}", optional(&lead.phone), optional(&lead.wechat_id)),
        ),
        ("Message", optional(&lead.message)),
        (
            "Booking page opened (UTC)",
            lead.booking_opened_at_ms
                .map_or_else(|| "–".to_owned(), utc_minute),
        ),
    ]
}

/// What the visitor keeps of the report: how many links to its page they hold, and the
/// report they asked for by email, if they did.
pub struct Kept {
    pub live_links: i64,
    pub by_email: Option<crate::db::ReportRequestRow>,
}

/// When the report was asked for by email, and when the address was confirmed.
fn asked_by_email(request: &crate::db::ReportRequestRow) -> String {
    let confirmed = request.confirmed_at_ms.map_or_else(
        || "not confirmed yet".to_owned(),
        |at| format!("address confirmed {} UTC", utc_minute(at)),
    );
    format!(
        "asked {} UTC; {confirmed}",
        utc_minute(request.created_at_ms)
    )
}

/// A lead's page.
pub fn detail(
    staff: &StaffSession,
    lead: &LeadRow,
    around: &Around<'_>,
    quiz: &Quiz,
) -> askama::Result<String> {
    let texts = quiz.texts("en");
    let answers: readiness::Answers = serde_json::from_str(&lead.answers_json).unwrap_or_default();
    let assessment = lead
        .report_json
        .as_deref()
        .and_then(crate::notify::stored_assessment);
    let report = assessment.as_ref().and_then(Assessment::report);
    let title = format!("Lead: {}", lead.company);
    let owner = lead.owner_id.as_deref().unwrap_or("");
    Detail {
        title: &title,
        staff: Some(staff),
        id: &lead.id,
        statuses: Status::ALL
            .iter()
            .map(|s| Choice::new(s.as_str(), status_label(*s), &lead.status))
            .collect(),
        owners: std::iter::once(Choice::new("", "Nobody", owner))
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
                    .unwrap_or_else(|| "a removed account".to_owned()),
                at: utc_minute(n.at_ms),
                body: n.body.clone(),
            })
            .collect(),
        route: lead.route.as_deref(),
        live_links: around.kept.live_links,
        by_email: around.kept.by_email.as_ref().map(asked_by_email),
        flags: flags(lead, assessment.as_ref(), &texts),
        facts: facts(lead, report, &texts),
        // in the quiz's order, as the visitor answered them
        answers: quiz
            .questions()
            .iter()
            .filter_map(|question| {
                let id = question.id.as_str();
                Some((
                    texts.question_label(id).to_owned(),
                    texts.answer_labels(&answers, id)?,
                ))
            })
            .collect(),
        origin: origin(lead),
        notifications: around
            .notifications
            .iter()
            .map(|note| notification(note, around.attempts, staff.is_admin()))
            .collect(),
    }
    .render()
}
