//! The staff area's HTML and CSV. Every text that came from a visitor goes through
//! [`escape`] (HTML) or [`csv_cell`] (CSV, formula injection defused).

use readiness::Quiz;

use crate::db::{LeadFilter, LeadRow, StaffSession};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A CSV cell: quoted, quotes doubled, and a leading `= + - @` (or tab, carriage return)
/// neutralised with an apostrophe so a spreadsheet never runs it as a formula.
pub fn csv_cell(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

fn page(title: &str, staff: Option<&StaffSession>, body: &str) -> String {
    let header = staff.map_or_else(String::new, |s| {
        format!(
            "<header><p>Signed in as {}</p><form method=\"post\" action=\"/admin/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><button>Sign out</button></form></header>",
            escape(&s.email),
            escape(&s.csrf_token)
        )
    });
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Leads</title><link rel=\"stylesheet\" href=\"/admin.css\"></head><body>{header}<main><h1>{}</h1>{body}</main></body></html>",
        escape(title),
        escape(title)
    )
}

/// The sign-in page, with an optional message.
pub fn login(message: Option<&str>) -> String {
    let message = message.map_or_else(String::new, |m| {
        format!("<p role=\"alert\" class=\"error\">{}</p>", escape(m))
    });
    page(
        "Sign in",
        None,
        &format!(
            "{message}<form method=\"post\" action=\"/admin/login\">\
             <label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required>\
             <label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
             <button>Sign in</button></form>"
        ),
    )
}

fn date(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    // civil from days (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let minutes = ms.rem_euclid(86_400_000) / 60_000;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        minutes / 60,
        minutes % 60
    )
}

fn channel_names(quiz: &Quiz, ids: &str) -> String {
    let texts = quiz.texts("en");
    ids.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| texts.item("channel", c, "name").to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lead list with its filters.
pub fn list(staff: &StaffSession, filter: &LeadFilter, leads: &[LeadRow], quiz: &Quiz) -> String {
    let option = |value: &str, current: &str, label: &str| {
        format!(
            "<option value=\"{}\"{}>{}</option>",
            escape(value),
            if value == current { " selected" } else { "" },
            escape(label)
        )
    };
    let grades: String = ["", "A", "B", "C", "D"]
        .iter()
        .map(|g| option(g, &filter.grade, if g.is_empty() { "any" } else { g }))
        .collect();
    let channels: String = std::iter::once(option("", &filter.channel, "any"))
        .chain(quiz.channels().iter().map(|c| {
            option(
                c.id.as_str(),
                &filter.channel,
                quiz.texts("en").item("channel", c.id.as_str(), "name"),
            )
        }))
        .collect();
    let spam: String = [
        ("", "leave out"),
        ("include", "include"),
        ("only", "only spam"),
    ]
    .iter()
    .map(|(v, l)| option(v, &filter.spam, l))
    .collect();
    let query = serde_urlencoded::to_string([
        ("grade", &filter.grade),
        ("channel", &filter.channel),
        ("from", &filter.from),
        ("to", &filter.to),
        ("spam", &filter.spam),
    ])
    .unwrap_or_default();
    let rows: String = leads
        .iter()
        .map(|lead| {
            format!(
                "<tr><td>{}</td><td><a href=\"/admin/leads/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                date(lead.received_at_ms),
                escape(&lead.id),
                escape(&lead.company),
                escape(&lead.name),
                escape(lead.grade.as_deref().unwrap_or("–")),
                if lead.verdict == "not_enough_answers" {
                    "too few answers".to_owned()
                } else {
                    lead.readiness.map_or_else(|| "–".to_owned(), |r| r.to_string())
                },
                escape(&channel_names(quiz, &lead.top_channels)),
                if lead.spam_reason.is_some() { " (spam)" } else { "" },
            )
        })
        .collect();
    page(
        "Leads",
        Some(staff),
        &format!(
            "<form method=\"get\" action=\"/admin/leads\" class=\"filters\">\
             <label for=\"grade\">Grade</label><select id=\"grade\" name=\"grade\">{grades}</select>\
             <label for=\"channel\">Start-here channel</label><select id=\"channel\" name=\"channel\">{channels}</select>\
             <label for=\"from\">From</label><input id=\"from\" name=\"from\" type=\"date\" value=\"{}\">\
             <label for=\"to\">To</label><input id=\"to\" name=\"to\" type=\"date\" value=\"{}\">\
             <label for=\"spam\">Spam</label><select id=\"spam\" name=\"spam\">{spam}</select>\
             <button>Filter</button></form>\
             <p><a href=\"/admin/leads.csv?{}\">Export these leads as CSV</a></p>\
             <table><thead><tr><th>Received (UTC)</th><th>Company</th><th>Name</th><th>Grade</th><th>Readiness</th><th>Start here</th></tr></thead>\
             <tbody>{rows}</tbody></table>\
             <h2>Erase a person's data</h2><form method=\"post\" action=\"/admin/erase\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <label for=\"erase-email\">Email</label><input id=\"erase-email\" name=\"email\" type=\"email\" required><button>Erase</button></form>",
            escape(&filter.from),
            escape(&filter.to),
            escape(&query),
            escape(&staff.csrf_token),
        ),
    )
}

/// A lead's page.
pub fn detail(
    staff: &StaffSession,
    lead: &LeadRow,
    notifications: &[crate::db::NotificationRow],
    quiz: &Quiz,
) -> String {
    let texts = quiz.texts("en");
    let answers: readiness::Answers = serde_json::from_str(&lead.answers_json).unwrap_or_default();
    let answer_rows: String = answers
        .iter()
        .map(|(q, _)| {
            format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                escape(texts.question_label(q.as_str())),
                escape(
                    &texts
                        .answer_labels(&answers, q.as_str())
                        .unwrap_or_default()
                )
            )
        })
        .collect();
    let field = |label: &str, value: &str| {
        format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(label),
            escape(value)
        )
    };
    let notes: String = notifications
        .iter()
        .map(|note| {
            field(
                &note.channel,
                &format!(
                    "{} after {} attempt(s){}",
                    note.status,
                    note.attempts,
                    note.last_error
                        .as_deref()
                        .map(|e| format!(": {e}"))
                        .unwrap_or_default()
                ),
            )
        })
        .collect();
    let assessment = lead
        .report_json
        .as_deref()
        .and_then(crate::notify::stored_assessment);
    let report = assessment.as_ref().and_then(readiness::Assessment::report);
    let channels_with_status = |channels: Vec<&readiness::score::ChannelFit>| {
        let named: Vec<String> = channels
            .into_iter()
            .map(|c| {
                let name = texts.item("channel", c.id.as_str(), "name");
                match texts.channel_status(c) {
                    Some(status) => format!("{name} ({status})"),
                    None => name.to_owned(),
                }
            })
            .collect();
        named.join("; ")
    };
    // "–" without a verdict, "none" for an empty list in a report
    let listed = |items: String| {
        if items.is_empty() {
            "none".to_owned()
        } else {
            items
        }
    };
    let start_here = report.map_or_else(
        || "–".to_owned(),
        |r| listed(channels_with_status(r.start_here().collect())),
    );
    let later = report.map_or_else(
        || "–".to_owned(),
        |r| listed(channels_with_status(r.later().collect())),
    );
    let blockers = report.map_or_else(
        || "–".to_owned(),
        |r| {
            let titles: Vec<&str> = r
                .blockers
                .iter()
                .map(|b| texts.item("blocker", b.as_str(), "title"))
                .collect();
            listed(titles.join("; "))
        },
    );
    let flags = [
        lead.spam_reason.as_deref().map(|r| format!("Spam ({r})")),
        match &assessment {
            Some(readiness::Assessment::NotEnoughAnswers(shortfall)) => {
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
    .map(|f| format!("<p class=\"flag\">{}</p>", escape(&f)))
    .collect::<String>();
    page(
        &format!("Lead: {}", lead.company),
        Some(staff),
        &format!(
            "{flags}<table>{}{}{}{}{}{}{}{}{}{}{}{}{}</table><h2>Answers</h2><table>{answer_rows}</table><h2>Notifications</h2><table>{notes}</table>\
             <p><a href=\"/admin/leads\">Back to the list</a></p>",
            field("Received (UTC)", &date(lead.received_at_ms)),
            field("Grade", lead.grade.as_deref().unwrap_or("–")),
            field("Readiness", &lead.readiness.map_or_else(|| "–".to_owned(), |r| format!("{r}/100 ({})", texts.item("tier", lead.tier.as_deref().unwrap_or(""), "name")))),
            field("Start here", &start_here),
            field("Later", &later),
            field("Blockers", &blockers),
            field("Name", &lead.name),
            field("Email", &lead.email),
            field("Company", &lead.company),
            field("Role", &lead.role),
            field("Country", &lead.country),
            field("Phone / WeChat", &format!("{} {}", lead.phone.as_deref().unwrap_or(""), lead.wechat_id.as_deref().unwrap_or(""))),
            field("Message", lead.message.as_deref().unwrap_or("")),
        ),
    )
}

/// After an erasure.
pub fn erased(staff: &StaffSession, count: u64) -> String {
    page(
        "Erased",
        Some(staff),
        &format!(
            "<p>{count} lead(s) erased.</p><p><a href=\"/admin/leads\">Back to the list</a></p>"
        ),
    )
}

/// The leads as CSV.
pub fn csv(leads: &[LeadRow]) -> String {
    let mut out = String::from(
        "id,received_utc,name,email,company,country,role,phone,wechat_id,message,locale,verdict,grade,readiness,tier,start_here,later,blockers,spam,attribution\r\n",
    );
    for lead in leads {
        let cells = [
            lead.id.clone(),
            date(lead.received_at_ms),
            lead.name.clone(),
            lead.email.clone(),
            lead.company.clone(),
            lead.country.clone(),
            lead.role.clone(),
            lead.phone.clone().unwrap_or_default(),
            lead.wechat_id.clone().unwrap_or_default(),
            lead.message.clone().unwrap_or_default(),
            lead.locale.clone(),
            lead.verdict.clone(),
            lead.grade.clone().unwrap_or_default(),
            lead.readiness.map(|r| r.to_string()).unwrap_or_default(),
            lead.tier.clone().unwrap_or_default(),
            lead.top_channels.clone(),
            lead.later_channels.clone(),
            lead.blockers.clone(),
            lead.spam_reason.clone().unwrap_or_default(),
            lead.attribution_json.clone(),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;"
        );
    }

    #[test]
    fn csv_formulas_are_defused_and_quotes_doubled() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://evil\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\")\""
        );
        assert_eq!(csv_cell("+49 30 1234"), "\"'+49 30 1234\"");
        assert_eq!(csv_cell("Teahouse Ltd"), "\"Teahouse Ltd\"");
    }

    #[test]
    fn dates_are_shown_in_utc() {
        assert_eq!(
            date(1_795_478_400_000 + 3_600_000 * 13 + 60_000 * 5),
            "2026-11-24 13:05"
        );
    }
}
