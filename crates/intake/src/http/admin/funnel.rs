//! The funnel dashboard (`/admin/funnel`) and its CSV (`/admin/funnel.csv`), over a date
//! range (the last 30 days unless asked otherwise), with the same "<5" rule in both.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::export::defused;
use super::{not_rendered, page, pages, unavailable, Staff};
use crate::clock::{day_start_ms, now_ms, utc_day};
use crate::funnel::{rate, shown, Funnel};
use crate::AppState;

/// The dates asked for, `yyyy-mm-dd`, inclusive.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Dates {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl Dates {
    /// The range: the dates given when they are dates, else the last 30 days to today.
    fn range(&self) -> (String, String) {
        let today = now_ms();
        let valid = |d: &str| day_start_ms(d).map(|_| d.to_owned());
        let to = valid(&self.to).unwrap_or_else(|| utc_day(today));
        let from = valid(&self.from).unwrap_or_else(|| utc_day(today - 29 * 86_400_000));
        (from, to)
    }
}

async fn load(state: &AppState, dates: &Dates) -> Result<(Funnel, String, String), sqlx::Error> {
    let (from, to) = dates.range();
    let counts = state.db.funnel_counts(&from, &to).await?;
    Ok((Funnel::of(&counts, &state.quiz), from, to))
}

/// `GET /admin/funnel`.
pub async fn dashboard(
    State(state): State<AppState>,
    Staff(staff): Staff,
    Query(dates): Query<Dates>,
) -> Response {
    match load(&state, &dates).await {
        Ok((funnel, from, to)) => {
            let query =
                serde_urlencoded::to_string([("from", &from), ("to", &to)]).unwrap_or_default();
            page(pages::funnel(
                &staff,
                &funnel,
                &state.quiz,
                (&from, &to),
                query,
            ))
        }
        Err(error) => unavailable(error),
    }
}

/// `GET /admin/funnel.csv`: section, item, journeys (or "<5"), rate.
pub async fn export(
    State(state): State<AppState>,
    Staff(_): Staff,
    Query(dates): Query<Dates>,
) -> Response {
    let (funnel, from, to) = match load(&state, &dates).await {
        Ok(loaded) => loaded,
        Err(error) => return unavailable(error),
    };
    match csv(&funnel) {
        Ok(body) => {
            let disposition = format!("attachment; filename=\"funnel-{from}-{to}.csv\"");
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                body,
            )
                .into_response()
        }
        Err(error) => not_rendered(&error),
    }
}

fn csv(funnel: &Funnel) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(["section", "item", "journeys", "of_journeys_before", "leads"])?;
    let percent = |value: Option<i64>| value.map(|v| v.to_string()).unwrap_or_default();
    for (step, journeys) in [
        ("seen", funnel.seen),
        ("started", funnel.started),
        ("results", funnel.results),
        ("form_opened", funnel.form_opened),
        ("lead_sent", funnel.leads),
        ("report_requested", funnel.report_requested),
        ("booking_clicked", funnel.booking_clicked),
    ] {
        let of_seen = percent(rate(journeys, funnel.seen));
        out.write_record(["step", step, &shown(journeys), &of_seen, ""])?;
    }
    for q in funnel.questions.iter().filter(|q| q.shown > 0) {
        let answered = percent(rate(q.answered, q.shown));
        out.write_record(["question_shown", &q.question, &shown(q.shown), "", ""])?;
        out.write_record([
            "question_answered",
            &q.question,
            &shown(q.answered),
            &answered,
            "",
        ])?;
    }
    for (section, rows) in [
        ("source", &funnel.by_source),
        ("campaign", &funnel.by_campaign),
        ("page", &funnel.by_page),
        ("language", &funnel.by_language),
    ] {
        for row in rows {
            let conversion = percent(rate(row.leads, row.started));
            out.write_record([
                section,
                &defused(&row.value),
                &shown(row.started),
                &conversion,
                &shown(row.leads),
            ])?;
        }
    }
    out.into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))
}
