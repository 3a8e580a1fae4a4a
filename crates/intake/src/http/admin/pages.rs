//! The staff area's pages. Pages are askama templates (`templates/admin/`), which escape
//! every value by default, so no page depends on remembering to escape; this module only
//! turns stored rows into the texts a page shows, in the staff member's language
//! ([`Words`], and the quiz's own texts in that language for channels, tiers and answers).

use askama::Template;
use readiness::text::Texts;
use readiness::Quiz;

mod accounts;
mod funnel;
mod lead;

pub use accounts::{accounts, audit, settings, InForce};
pub use funnel::funnel;
pub use lead::{detail, Around, Kept};

use super::words::Words;
use crate::clock::utc_minute;
use crate::db::{Account, LeadFilter, LeadPage, LeadRow, StaffSession, PAGE_SIZE};
use crate::pipeline::Status;

/// The staff languages for the header's choice: tag and name.
pub(super) type Languages = Vec<(&'static str, &'static str)>;

#[derive(Template)]
#[template(path = "admin/login.html")]
struct Login<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    message: Option<&'a str>,
}

/// The sign-in page in `t`'s language, with a message (a key of `login.`) if any.
pub fn login(t: Words, message: Option<&str>) -> askama::Result<String> {
    Login {
        title: t.get("login.title"),
        t,
        languages: Words::languages(),
        staff: None,
        message: message.map(|key| t.get(key)),
    }
    .render()
}

/// One `<option>`.
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

/// The words for a status.
fn status_label(t: Words, status: Status) -> &'static str {
    match status {
        Status::New => t.get("status.new"),
        Status::Contacted => t.get("status.contacted"),
        Status::MeetingBooked => t.get("status.meeting_booked"),
        Status::Qualified => t.get("status.qualified"),
        Status::Won => t.get("status.won"),
        Status::Lost => t.get("status.lost"),
        Status::Spam => t.get("status.spam"),
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
    status_id: &'static str,
    status: &'static str,
    owner: String,
}

/// Where the list is in its pages: the links keep every filter and the order.
struct Pager {
    previous: Option<String>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/list.html")]
struct List<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    filter: &'a LeadFilter,
    selects: Vec<Select>,
    /// The filters and order as a query string (for the export).
    query: String,
    summary: String,
    caption: String,
    rows: Vec<ListRow>,
    pager: Pager,
    csrf: &'a str,
}

/// A `<select>` of the filter form.
struct Select {
    id: &'static str,
    label: &'static str,
    options: Vec<Choice>,
}

fn channel_names(texts: &Texts<'_>, ids: &str) -> String {
    ids.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| texts.item("channel", c, "name"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A select whose options are `(value, key of their words)`, then `more`.
fn select(
    t: Words,
    id: &'static str,
    current: &str,
    options: &[(&str, &str)],
    more: impl Iterator<Item = (String, String)>,
) -> Select {
    let mut choices: Vec<Choice> = options
        .iter()
        .map(|(value, key)| Choice::new(value, t.get(key), current))
        .collect();
    choices.extend(more.map(|(value, label)| Choice::new(&value, &label, current)));
    Select {
        id,
        label: t.get(&format!("list.{id}")),
        options: choices,
    }
}

/// The list's selects: grade, start-here channel, status, owner, spam, order.
fn selects(filter: &LeadFilter, quiz: &Quiz, t: Words, accounts: &[Account]) -> Vec<Select> {
    let texts = quiz.texts(t.locale());
    let channels = quiz.channels().iter().map(|c| {
        let id = c.id.as_str();
        (id.to_owned(), texts.item("channel", id, "name").to_owned())
    });
    let statuses = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), status_label(t, *s).to_owned()));
    let owners = accounts.iter().map(|a| (a.id.clone(), a.email.clone()));
    let grades = ["A", "B", "C", "D"].map(|g| (g.to_owned(), g.to_owned()));
    vec![
        select(
            t,
            "grade",
            &filter.grade,
            &[("", "list.any")],
            grades.into_iter(),
        ),
        select(t, "channel", &filter.channel, &[("", "list.any")], channels),
        select(t, "status", &filter.status, &[("", "list.any")], statuses),
        select(
            t,
            "owner",
            &filter.owner,
            &[
                ("", "list.anyone"),
                ("me", "list.me"),
                ("none", "list.nobody"),
            ],
            owners,
        ),
        select(
            t,
            "spam",
            &filter.spam,
            &[
                ("", "list.spam_out"),
                ("include", "list.spam_include"),
                ("only", "list.spam_only"),
            ],
            std::iter::empty(),
        ),
        select(
            t,
            "order",
            &filter.sort,
            &[
                ("", "list.newest"),
                ("oldest", "list.oldest"),
                ("readiness", "list.by_readiness"),
                ("grade", "list.by_grade"),
            ],
            std::iter::empty(),
        )
        .named("sort"),
    ]
}

impl Select {
    /// The same select under another form name (its label's key stays).
    fn named(mut self, id: &'static str) -> Select {
        self.id = id;
        self
    }
}

/// The filters and order as a query string, with a page if given.
fn query_of(filter: &LeadFilter, page: Option<i64>) -> String {
    let page = page.map(|p| p.to_string()).unwrap_or_default();
    let pairs = [
        ("q", filter.q.as_str()),
        ("grade", &filter.grade),
        ("channel", &filter.channel),
        ("status", &filter.status),
        ("owner", &filter.owner),
        ("from", &filter.from),
        ("to", &filter.to),
        ("spam", &filter.spam),
        ("sort", &filter.sort),
        ("page", &page),
    ];
    let given: Vec<(&str, &str)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    serde_urlencoded::to_string(given).unwrap_or_default()
}

fn list_row(lead: &LeadRow, t: Words, texts: &Texts<'_>) -> ListRow {
    let status = Status::parse(&lead.status).unwrap_or(Status::New);
    ListRow {
        id: lead.id.clone(),
        received: utc_minute(lead.received_at_ms),
        company: lead.company.clone(),
        name: lead.name.clone(),
        grade: lead.grade.clone().unwrap_or_else(|| "–".to_owned()),
        readiness: if lead.verdict == "not_enough_answers" {
            t.get("list.too_few").to_owned()
        } else {
            lead.readiness
                .map_or_else(|| "–".to_owned(), |r| r.to_string())
        },
        start_here: channel_names(texts, &lead.top_channels),
        status_id: status.as_str(),
        status: status_label(t, status),
        owner: lead.owner_email.clone().unwrap_or_else(|| "–".to_owned()),
    }
}

/// The lead list with its filters, order and pages.
pub fn list(
    staff: &StaffSession,
    filter: &LeadFilter,
    leads: &LeadPage,
    accounts: &[Account],
    quiz: &Quiz,
) -> askama::Result<String> {
    let t = Words::of(&staff.locale);
    let texts = quiz.texts(t.locale());
    let pages = ((leads.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = filter.page();
    let link = |p: i64| format!("/admin/leads?{}", query_of(filter, Some(p)));
    let (total, page_text, pages_text) =
        (leads.total.to_string(), page.to_string(), pages.to_string());
    let numbers = [
        ("total", total.as_str()),
        ("page", &page_text),
        ("pages", &pages_text),
    ];
    List {
        title: t.get("list.title"),
        t,
        languages: Words::languages(),
        staff: Some(staff),
        filter,
        selects: selects(filter, quiz, t, accounts),
        query: query_of(filter, None),
        summary: t.fill("list.summary", &numbers),
        caption: t.fill("list.caption", &numbers),
        rows: leads
            .rows
            .iter()
            .map(|lead| list_row(lead, t, &texts))
            .collect(),
        pager: Pager {
            previous: (page > 1).then(|| link((page - 1).min(pages))),
            next: (page < pages).then(|| link(page + 1)),
        },
        csrf: &staff.csrf_token,
    }
    .render()
}

#[derive(Template)]
#[template(path = "admin/erased.html")]
struct Erased<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    count: u64,
}

/// After an erasure.
pub fn erased(staff: &StaffSession, count: u64) -> askama::Result<String> {
    let t = Words::of(&staff.locale);
    Erased {
        title: t.get("erased.title"),
        t,
        languages: Words::languages(),
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
        let t = Words::of("en");
        let html = Login {
            title: "Sign in",
            t,
            languages: Words::languages(),
            staff: None,
            message: Some("<script>alert('x')</script> & \""),
        }
        .render()
        .unwrap();
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(
            html.contains("alert(&#39;x&#39;)") && !html.contains(" & "),
            "{html}"
        );
    }
}
