//! The funnel dashboard: a bar chart drawn as SVG by the template from numbers computed
//! here, the same numbers as tables (the chart's text equivalent), drop-off by question and
//! conversion by source, campaign, page and language. Small numbers read "<5".

use askama::Template;
use readiness::Quiz;

use super::{Languages, Words};
use crate::db::StaffSession;
use crate::funnel::{rate, shown, Conversion, Funnel};

/// Width of the chart's bars at their longest, in the SVG's units.
const BAR_MAX: f64 = 360.0;
/// Height of one row of the chart (label above, bar below).
const ROW: u32 = 40;

/// One step: its words, its count as shown, its share of those who saw the widget, the
/// bar's length and where its row starts.
struct Bar {
    label: String,
    journeys: String,
    of_seen: String,
    width: u32,
    y: u32,
}

struct QuestionRow {
    label: String,
    shown: String,
    answered: String,
    drop_off: String,
}

struct DimensionRow {
    value: String,
    started: String,
    leads: String,
    rate: String,
}

struct Dimension {
    title: &'static str,
    rows: Vec<DimensionRow>,
}

#[derive(Template)]
#[template(path = "admin/funnel.html")]
struct Dashboard<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    from: &'a str,
    to: &'a str,
    query: String,
    empty: bool,
    caption: String,
    bars: Vec<Bar>,
    height: u32,
    questions: Vec<QuestionRow>,
    dimensions: Vec<Dimension>,
}

/// A share in percent as shown, or "–".
fn percent(value: Option<i64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v}%"))
}

/// The chart's steps in order: seen, started, each question reached and answered, results,
/// form, lead, then the report and booking beside the path.
fn steps(t: Words, funnel: &Funnel, label: &dyn Fn(&str) -> String) -> Vec<(String, i64)> {
    let mut steps = vec![
        (t.get("funnel.seen").to_owned(), funnel.seen),
        (t.get("funnel.started").to_owned(), funnel.started),
    ];
    for q in funnel.questions.iter().filter(|q| q.shown > 0) {
        let name = label(&q.question);
        steps.push((t.fill("funnel.reached", &[("question", &name)]), q.shown));
        steps.push((
            t.fill("funnel.answered", &[("question", &name)]),
            q.answered,
        ));
    }
    steps.extend([
        (t.get("funnel.results").to_owned(), funnel.results),
        (t.get("funnel.form").to_owned(), funnel.form_opened),
        (t.get("funnel.leads").to_owned(), funnel.leads),
        (t.get("funnel.report").to_owned(), funnel.report_requested),
        (t.get("funnel.booking").to_owned(), funnel.booking_clicked),
    ]);
    steps
}

fn bars(steps: Vec<(String, i64)>, seen: i64) -> Vec<Bar> {
    let widest = steps.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    steps
        .into_iter()
        .enumerate()
        .map(|(n, (label, journeys))| Bar {
            label,
            journeys: shown(journeys),
            of_seen: percent(rate(journeys, seen)),
            // a small number draws no bar: its length would tell it
            width: if journeys < crate::funnel::SMALLEST_SHOWN {
                0
            } else {
                (BAR_MAX * journeys as f64 / widest as f64).round() as u32
            },
            y: u32::try_from(n).unwrap_or(0) * ROW,
        })
        .collect()
}

fn dimension(t: Words, title: &'static str, rows: &[Conversion]) -> Dimension {
    Dimension {
        title,
        rows: rows
            .iter()
            .map(|row| DimensionRow {
                value: if row.value.is_empty() {
                    t.get("funnel.none").to_owned()
                } else {
                    row.value.clone()
                },
                started: shown(row.started),
                leads: shown(row.leads),
                rate: percent(rate(row.leads, row.started)),
            })
            .collect(),
    }
}

/// The dashboard over `from`..=`to` (query: the dates for the export link).
pub fn funnel(
    staff: &StaffSession,
    funnel: &Funnel,
    quiz: &Quiz,
    dates: (&str, &str),
    query: String,
) -> askama::Result<String> {
    let t = Words::of(&staff.locale);
    let texts = quiz.texts(t.locale());
    let label = |id: &str| texts.question_label(id).to_owned();
    let bars = bars(steps(t, funnel, &label), funnel.seen);
    let (from, to) = dates;
    Dashboard {
        title: t.get("funnel.title"),
        t,
        languages: Words::languages(),
        staff: Some(staff),
        from,
        to,
        query,
        empty: funnel.seen == 0 && funnel.started == 0,
        caption: t.fill("funnel.chart", &[("from", from), ("to", to)]),
        height: u32::try_from(bars.len()).unwrap_or(0) * ROW,
        bars,
        questions: funnel
            .questions
            .iter()
            .filter(|q| q.shown > 0)
            .map(|q| QuestionRow {
                label: label(&q.question),
                shown: shown(q.shown),
                answered: shown(q.answered),
                drop_off: percent(q.drop_off()),
            })
            .collect(),
        dimensions: vec![
            dimension(t, t.get("funnel.by_source"), &funnel.by_source),
            dimension(t, t.get("funnel.by_campaign"), &funnel.by_campaign),
            dimension(t, t.get("funnel.by_page"), &funnel.by_page),
            dimension(t, t.get("funnel.by_language"), &funnel.by_language),
        ],
    }
    .render()
}
