//! The lead export: the filtered list as CSV, audited; written by the `csv` crate, with our
//! one rule on top: a cell that a spreadsheet would run as a formula is defused.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use readiness::lead::ContactField;

use super::{audit, not_rendered, unavailable, Staff};
use crate::clock::utc_minute;
use crate::db::{LeadFilter, LeadRow};
use crate::pipeline::AuditAction;
use crate::AppState;

/// `GET /admin/leads.csv`: the filtered list as CSV, audited.
pub async fn download(
    State(state): State<AppState>,
    Staff(staff): Staff,
    Query(filter): Query<LeadFilter>,
) -> Response {
    let leads = match state
        .db
        .export_leads(&filter, &staff.staff_id, 100_000)
        .await
    {
        Ok(leads) => leads,
        Err(error) => return unavailable(error),
    };
    let detail = format!(
        "{} leads; grade={:?} channel={:?} status={:?} owner={:?} from={:?} to={:?} spam={:?}",
        leads.len(),
        filter.grade,
        filter.channel,
        filter.status,
        filter.owner,
        filter.from,
        filter.to,
        filter.spam
    );
    if let Err(error) = audit(&state, &staff, AuditAction::Export, &detail).await {
        return unavailable(error);
    }
    let body = match csv(&leads) {
        Ok(body) => body,
        Err(error) => return not_rendered(&error),
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"leads.csv\"",
            ),
        ],
        body,
    )
        .into_response()
}

/// A cell a spreadsheet would run as a formula (leading `= + - @`, tab or carriage return)
/// gets a leading apostrophe; anything else is kept as it is.
pub(super) fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The columns: the contact's in the form's order (`ContactField::ALL`), between the
/// lead's own.
fn header() -> Vec<&'static str> {
    let verdict = [
        "locale",
        "verdict",
        "grade",
        "readiness",
        "tier",
        "start_here",
        "later",
        "blockers",
        "spam",
        "attribution",
    ];
    ["id", "received_utc"]
        .into_iter()
        .chain(ContactField::ALL.map(ContactField::key))
        .chain(verdict)
        .collect()
}

/// The leads as CSV: every cell quoted, rows ended by CRLF (RFC 4180), formulas defused.
pub fn csv(leads: &[LeadRow]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(header())?;
    for lead in leads {
        let optional = |value: &Option<String>| value.clone().unwrap_or_default();
        let cells: [String; 20] = [
            lead.id.clone(),
            utc_minute(lead.received_at_ms),
            lead.name.clone(),
            lead.email.clone(),
            lead.company.clone(),
            lead.country.clone(),
            lead.role.clone(),
            optional(&lead.phone),
            optional(&lead.wechat_id),
            optional(&lead.message),
            lead.locale.clone(),
            lead.verdict.clone(),
            optional(&lead.grade),
            lead.readiness.map(|r| r.to_string()).unwrap_or_default(),
            optional(&lead.tier),
            lead.top_channels.clone(),
            lead.later_channels.clone(),
            lead.blockers.clone(),
            optional(&lead.spam_reason),
            lead.attribution_json.clone(),
        ];
        out.write_record(cells.iter().map(|c| defused(c).into_owned()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_a_cell_under_each_column() {
        let lead = crate::db::LeadRow::default();
        let bytes = csv(&[lead]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let columns = reader.headers().unwrap().len();
        assert_eq!(columns, header().len());
        for row in reader.records() {
            assert_eq!(row.unwrap().len(), columns);
        }
    }

    #[test]
    fn csv_formulas_are_defused_and_quotes_doubled() {
        let csv_line = |text: &str| {
            let mut out = csv::WriterBuilder::new()
                .quote_style(csv::QuoteStyle::Always)
                .from_writer(Vec::new());
            out.write_record([defused(text).as_ref()]).unwrap();
            String::from_utf8(out.into_inner().unwrap()).unwrap()
        };
        assert_eq!(
            csv_line("=HYPERLINK(\"http://evil\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\")\"\n"
        );
        assert_eq!(csv_line("+49 30 1234"), "\"'+49 30 1234\"\n");
        assert_eq!(csv_line("Teahouse Ltd"), "\"Teahouse Ltd\"\n");
    }
}
