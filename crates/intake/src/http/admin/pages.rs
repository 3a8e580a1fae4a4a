//! The staff area's pages. Pages are askama templates (`templates/admin/`), which escape
//! every value by default, so no page depends on remembering to escape; this module only
//! turns stored rows into the texts a page shows.

use askama::Template;
use readiness::text::Texts;
use readiness::Quiz;

mod accounts;
mod lead;

pub use accounts::{accounts, audit};

use lead::status_label;
pub use lead::{detail, Around, Kept};

use crate::clock::utc_minute;
use crate::db::{Account, LeadFilter, LeadPage, StaffSession, PAGE_SIZE};
use crate::pipeline::Status;

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
    status_id: &'static str,
    status: &'static str,
    owner: String,
}

/// Where the list is in its pages: the links keep every filter and the order.
struct Pager {
    page: i64,
    pages: i64,
    total: i64,
    previous: Option<String>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/list.html")]
struct List<'a> {
    title: &'a str,
    staff: Option<&'a StaffSession>,
    filter: &'a LeadFilter,
    selects: Vec<Select>,
    /// The filters and order as a query string (for the export).
    query: String,
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

fn select(
    id: &'static str,
    label: &'static str,
    current: &str,
    options: &[(&str, &str)],
) -> Select {
    Select {
        id,
        label,
        options: options
            .iter()
            .map(|(value, label)| Choice::new(value, label, current))
            .collect(),
    }
}

/// The list's selects: grade, start-here channel, status, owner, spam, order.
fn selects(
    filter: &LeadFilter,
    quiz: &Quiz,
    texts: &Texts<'_>,
    accounts: &[Account],
) -> Vec<Select> {
    let channels: Vec<(String, String)> = quiz
        .channels()
        .iter()
        .map(|c| {
            let id = c.id.as_str();
            (id.to_owned(), texts.item("channel", id, "name").to_owned())
        })
        .collect();
    let mut channel = select(
        "channel",
        "Start-here channel",
        &filter.channel,
        &[("", "any")],
    );
    channel.options.extend(
        channels
            .iter()
            .map(|(id, name)| Choice::new(id, name, &filter.channel)),
    );
    let mut status = select("status", "Status", &filter.status, &[("", "any")]);
    status.options.extend(
        Status::ALL
            .iter()
            .map(|s| Choice::new(s.as_str(), status_label(*s), &filter.status)),
    );
    let mut owner = select(
        "owner",
        "Owner",
        &filter.owner,
        &[("", "anyone"), ("me", "me"), ("none", "nobody")],
    );
    owner.options.extend(
        accounts
            .iter()
            .map(|a| Choice::new(&a.id, &a.email, &filter.owner)),
    );
    vec![
        select(
            "grade",
            "Grade",
            &filter.grade,
            &[("", "any"), ("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")],
        ),
        channel,
        status,
        owner,
        select(
            "spam",
            "Spam",
            &filter.spam,
            &[
                ("", "leave out"),
                ("include", "include"),
                ("only", "only spam"),
            ],
        ),
        select(
            "sort",
            "Order",
            &filter.sort,
            &[
                ("", "newest first"),
                ("oldest", "oldest first"),
                ("readiness", "readiness"),
                ("grade", "grade"),
                ("status", "status"),
            ],
        ),
    ]
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

fn pager(filter: &LeadFilter, total: i64) -> Pager {
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = filter.page();
    let link = |p: i64| format!("/admin/leads?{}", query_of(filter, Some(p)));
    Pager {
        page,
        pages,
        total,
        previous: (page > 1).then(|| link((page - 1).min(pages))),
        next: (page < pages).then(|| link(page + 1)),
    }
}

fn list_row(lead: &crate::db::LeadRow, texts: &Texts<'_>) -> ListRow {
    ListRow {
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
        start_here: channel_names(texts, &lead.top_channels),
        status_id: Status::parse(&lead.status).map_or("new", Status::as_str),
        status: Status::parse(&lead.status).map_or("?", status_label),
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
    let texts = quiz.texts("en");
    List {
        title: "Leads",
        staff: Some(staff),
        filter,
        selects: selects(filter, quiz, &texts, accounts),
        query: query_of(filter, None),
        rows: leads
            .rows
            .iter()
            .map(|lead| list_row(lead, &texts))
            .collect(),
        pager: pager(filter, leads.total),
        csrf: &staff.csrf_token,
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
