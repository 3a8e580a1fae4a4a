//! The staff area's pages. Pages are askama templates (`templates/admin/`), which escape
//! every value by default, so no page depends on remembering to escape; this module only
//! turns stored rows into the texts a page shows.

use askama::Template;
use readiness::score::ChannelFit;
use readiness::text::Texts;
use readiness::{Assessment, Quiz};

use crate::clock::utc_minute;
use crate::db::{LeadFilter, LeadRow, NotificationRow, StaffSession};

#[derive(Template)]
#[template(path = "admin/login.html")]
struct Login<'a> {
    title: &'a str,
    staff: Option<&'a StaffSession>,
    message: Option<&'a str>,
}

/// The sign-in page, with an optional message.
pub fn login(message: Option<&str>) -> askama::Result<String> {
    Login {
        title: "Sign in",
        staff: None,
        message,
    }
    .render()
}

/// One `<option>` of a filter.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

impl Choice {
    fn new(value: &str, label: &str, current: &str) -> Self {
        Self {
            value: value.to_owned(),
            label: label.to_owned(),
            selected: value == current,
        }
    }
}

/// One row of the lead list.
struct ListRow {
    id: String,
    received: String,
    company: String,
    name: String,
    grade: String,
    readiness: String,
    start_here: String,
    spam: bool,
}

#[derive(Template)]
#[template(path = "admin/list.html")]
struct List<'a> {
    title: &'a str,
    staff: Option<&'a StaffSession>,
    filter: &'a LeadFilter,
    grades: Vec<Choice>,
    channels: Vec<Choice>,
    spam: Vec<Choice>,
    query: String,
    rows: Vec<ListRow>,
    csrf: &'a str,
}

fn channel_names(texts: &Texts<'_>, ids: &str) -> String {
    ids.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| texts.item("channel", c, "name"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The options of the list's filters: grade, start-here channel, spam.
fn choices(filter: &LeadFilter, quiz: &Quiz, texts: &Texts<'_>) -> [Vec<Choice>; 3] {
    let grades = ["", "A", "B", "C", "D"]
        .iter()
        .map(|g| Choice::new(g, if g.is_empty() { "any" } else { g }, &filter.grade))
        .collect();
    let channels = std::iter::once(Choice::new("", "any", &filter.channel))
        .chain(quiz.channels().iter().map(|c| {
            let id = c.id.as_str();
            Choice::new(id, texts.item("channel", id, "name"), &filter.channel)
        }))
        .collect();
    let spam = [
        ("", "leave out"),
        ("include", "include"),
        ("only", "only spam"),
    ]
    .iter()
    .map(|(value, label)| Choice::new(value, label, &filter.spam))
    .collect();
    [grades, channels, spam]
}

/// The lead list with its filters.
pub fn list(
    staff: &StaffSession,
    filter: &LeadFilter,
    leads: &[LeadRow],
    quiz: &Quiz,
) -> askama::Result<String> {
    let texts = quiz.texts("en");
    let query = serde_urlencoded::to_string([
        ("grade", &filter.grade),
        ("channel", &filter.channel),
        ("from", &filter.from),
        ("to", &filter.to),
        ("spam", &filter.spam),
        ("q", &filter.q),
    ])
    .unwrap_or_default();
    let rows = leads
        .iter()
        .map(|lead| ListRow {
            id: lead.id.clone(),
            received: utc_minute(lead.received_at_ms),
            company: lead.company.clone(),
            name: lead.name.clone(),
            grade: lead.grade.clone().unwrap_or_else(|| "–".to_owned()),
            readiness: if lead.verdict == "not_enough_answers" {
                "too few answers".to_owned()
            } else {
                lead.readiness
                    .map_or_else(|| "–".to_owned(), |r| r.to_string())
            },
            start_here: channel_names(&texts, &lead.top_channels),
            spam: lead.spam_reason.is_some(),
        })
        .collect();
    let [grades, channels, spam] = choices(filter, quiz, &texts);
    List {
        title: "Leads",
        staff: Some(staff),
        filter,
        grades,
        channels,
        spam,
        query,
        rows,
        csrf: &staff.csrf_token,
    }
    .render()
}

#[derive(Template)]
#[template(path = "admin/detail.html")]
struct Detail<'a> {
    title: &'a str,
    staff: Option<&'a StaffSession>,
    id: &'a str,
    live_links: i64,
    /// The report by email: asked when, confirmed when.
    by_email: Option<String>,
    flags: Vec<String>,
    facts: Vec<(&'static str, String)>,
    answers: Vec<(String, String)>,
    origin: Vec<(&'static str, String)>,
    notifications: Vec<(String, String)>,
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
    notifications: &[NotificationRow],
    quiz: &Quiz,
    kept: &Kept,
) -> askama::Result<String> {
    let texts = quiz.texts("en");
    let answers: readiness::Answers = serde_json::from_str(&lead.answers_json).unwrap_or_default();
    let assessment = lead
        .report_json
        .as_deref()
        .and_then(crate::notify::stored_assessment);
    let report = assessment.as_ref().and_then(Assessment::report);
    let title = format!("Lead: {}", lead.company);
    Detail {
        title: &title,
        staff: Some(staff),
        id: &lead.id,
        live_links: kept.live_links,
        by_email: kept.by_email.as_ref().map(asked_by_email),
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
        notifications: notifications
            .iter()
            .map(|note| {
                let error = note
                    .last_error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default();
                (
                    note.channel.clone(),
                    format!("{} after {} attempt(s){error}", note.status, note.attempts),
                )
            })
            .collect(),
    }
    .render()
}

#[derive(Template)]
#[template(path = "admin/erased.html")]
struct Erased<'a> {
    title: &'a str,
    staff: Option<&'a StaffSession>,
    count: u64,
}

/// After an erasure.
pub fn erased(staff: &StaffSession, count: u64) -> askama::Result<String> {
    Erased {
        title: "Erased",
        staff: Some(staff),
        count,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_escape_what_visitors_and_staff_typed() {
        let html = login(Some("<script>alert('x')</script> & \"")).unwrap();
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(
            html.contains("alert(&#39;x&#39;)") && !html.contains(" & "),
            "{html}"
        );
    }
}
