//! The funnel as the dashboard shows it, from the daily counters: journeys per step, each
//! question's reach and drop-off (over the journeys that were shown it, so a question skip
//! logic hid is nobody's drop-off), and conversion from start to lead by source, campaign,
//! page and language. Pure. Small numbers are not shown: a cell of fewer than
//! [`SMALLEST_SHOWN`] journeys reads "<5", and no rate is given over or of one.

use readiness::Quiz;

use crate::db::Count;

/// The fewest journeys a cell shows as a number.
pub const SMALLEST_SHOWN: i64 = 5;

/// A number of journeys as shown: itself, or "<5".
pub fn shown(journeys: i64) -> String {
    if journeys < SMALLEST_SHOWN {
        format!("<{SMALLEST_SHOWN}")
    } else {
        journeys.to_string()
    }
}

/// `part` of `whole` in whole percent, when both are large enough to show.
pub fn rate(part: i64, whole: i64) -> Option<i64> {
    (part >= SMALLEST_SHOWN && whole >= SMALLEST_SHOWN).then(|| (part * 100 + whole / 2) / whole)
}

/// One question: how many journeys were shown it and answered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionReach {
    pub question: String,
    pub shown: i64,
    pub answered: i64,
}

impl QuestionReach {
    /// The share of those shown it who did not answer it, in whole percent (none is
    /// none; a handful, like any small number, is not given).
    pub fn drop_off(&self) -> Option<i64> {
        let dropped = self.shown - self.answered;
        if self.shown >= SMALLEST_SHOWN && dropped == 0 {
            return Some(0);
        }
        rate(dropped, self.shown)
    }
}

/// Conversion of one value of a dimension: journeys started, leads sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    pub value: String,
    pub started: i64,
    pub leads: i64,
}

/// The funnel over a date range.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Funnel {
    pub seen: i64,
    pub started: i64,
    /// In the quiz's order.
    pub questions: Vec<QuestionReach>,
    pub results: i64,
    pub form_opened: i64,
    pub leads: i64,
    pub report_requested: i64,
    pub booking_clicked: i64,
    /// By source, campaign, page and language, each most started first.
    pub by_source: Vec<Conversion>,
    pub by_campaign: Vec<Conversion>,
    pub by_page: Vec<Conversion>,
    pub by_language: Vec<Conversion>,
}

fn total(counts: &[Count], step: &str) -> i64 {
    counts
        .iter()
        .filter(|c| c.step == step)
        .map(|c| c.journeys)
        .sum()
}

fn by(counts: &[Count], value: impl Fn(&Count) -> &str) -> Vec<Conversion> {
    let mut rows: Vec<Conversion> = Vec::new();
    for count in counts
        .iter()
        .filter(|c| c.step == "started" || c.step == "lead_sent")
    {
        let key = value(count);
        let index = match rows.iter().position(|r| r.value == key) {
            Some(index) => index,
            None => {
                rows.push(Conversion {
                    value: key.to_owned(),
                    started: 0,
                    leads: 0,
                });
                rows.len() - 1
            }
        };
        if count.step == "started" {
            rows[index].started += count.journeys;
        } else {
            rows[index].leads += count.journeys;
        }
    }
    rows.sort_by(|a, b| {
        b.started
            .cmp(&a.started)
            .then_with(|| a.value.cmp(&b.value))
    });
    rows
}

impl Funnel {
    /// The funnel of these counters; questions in `quiz`'s order, then any of another
    /// version's.
    pub fn of(counts: &[Count], quiz: &Quiz) -> Funnel {
        let reach = |question: &str| {
            let of = |step: &str| {
                counts
                    .iter()
                    .filter(|c| c.step == step && c.detail == question)
                    .map(|c| c.journeys)
                    .sum()
            };
            QuestionReach {
                question: question.to_owned(),
                shown: of("shown"),
                answered: of("answered"),
            }
        };
        let mut questions: Vec<QuestionReach> = quiz
            .questions()
            .iter()
            .map(|q| reach(q.id.as_str()))
            .collect();
        for count in counts
            .iter()
            .filter(|c| c.step == "shown" || c.step == "answered")
        {
            if !questions.iter().any(|q| q.question == count.detail) {
                questions.push(reach(&count.detail));
            }
        }
        Funnel {
            seen: total(counts, "seen"),
            started: total(counts, "started"),
            questions,
            results: total(counts, "results"),
            form_opened: total(counts, "form_opened"),
            leads: total(counts, "lead_sent"),
            report_requested: total(counts, "report_requested"),
            booking_clicked: total(counts, "booking_clicked"),
            by_source: by(counts, |c| &c.source),
            by_campaign: by(counts, |c| &c.campaign),
            by_page: by(counts, |c| &c.page),
            by_language: by(counts, |c| &c.locale),
        }
    }
}

#[cfg(test)]
mod tests;
