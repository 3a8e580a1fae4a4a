//! The report page's content: what the widget's results step shows (readiness and tier,
//! where to start and what waits with the answers behind each fit, the two bar charts,
//! blockers and next steps), taken from the stored, re-scored report with the core's texts
//! in the visitor's language. Charts are inline SVG with a table beside them, so the page
//! needs no script and prints in black and white.

use askama::Template;
use readiness::benchmark::Comparison;
use readiness::score::{ChannelFit, ChannelStatus};
use readiness::text::Texts;
use readiness::{Assessment, Quiz, Report};

/// A chart's rows are this tall, its drawing this wide (the widget's `charts.rs`).
const ROW: u32 = 34;
const WIDTH: u32 = 320;
const TRACK: u32 = WIDTH - 40;

/// One bar of a chart, placed.
pub struct Bar {
    label: String,
    value: String,
    /// The value in words for the table.
    spoken: String,
    highlight: bool,
    label_y: u32,
    bar_y: u32,
    value_y: u32,
    length: u32,
}

/// A bar chart and its text equivalent.
pub struct Chart {
    title: String,
    value_header: String,
    height: u32,
    bars: Vec<Bar>,
}

/// One channel as listed.
pub struct Channel {
    name: String,
    fit: String,
    /// Why it waits or starts small, if it does.
    status: Option<String>,
    /// `organic` or `later` (a dashed or hatched marker in print), or empty.
    kind: &'static str,
    summary: String,
    /// The answers behind the fit, and whether each counts in favour.
    drivers: Vec<(String, bool)>,
}

/// A titled list of channels.
pub struct ChannelList {
    id: &'static str,
    title: String,
    lead: String,
    empty: Option<String>,
    channels: Vec<Channel>,
}

/// A titled item (blocker, step) with its detail.
pub struct Item {
    title: String,
    detail: String,
}

/// The scored part of the page.
pub struct Scored {
    readiness: u8,
    readiness_label: String,
    tier: String,
    tier_detail: String,
    confidence: String,
    /// "How do you compare?": the line and what it is based on.
    peers: Option<(String, String)>,
    lists: Vec<ChannelList>,
    charts: Vec<Chart>,
    blockers_title: String,
    no_blockers: String,
    blockers: Vec<Item>,
    steps_title: String,
    steps: Vec<Item>,
}

/// The report page.
#[derive(Template)]
#[template(path = "report.html")]
pub struct Page {
    lang: String,
    title: String,
    scored: Option<Scored>,
    /// Why there is no verdict, when there is none.
    no_verdict: Option<(String, String)>,
    note: String,
}

impl Page {
    /// The page of a stored assessment (`None`: answered with another quiz version), in
    /// `locale` when the quiz has it, with where the visitor stands among their industry's
    /// brands when there are enough of them.
    pub fn new(
        quiz: &Quiz,
        locale: &str,
        assessment: Option<&Assessment>,
        peers: Option<Comparison>,
    ) -> Page {
        let texts = quiz.texts(locale);
        let ui = |key: &str| texts.get(&format!("ui.{key}")).to_owned();
        let no_verdict = match assessment {
            Some(Assessment::Scored(_)) => None,
            Some(Assessment::NotEnoughAnswers(shortfall)) => {
                Some((ui("not_enough_title"), texts.shortfall(shortfall)))
            }
            None => Some((
                ui("not_enough_title"),
                texts.get("explain.not_enough").to_owned(),
            )),
        };
        Page {
            lang: texts.locale().as_str().to_owned(),
            title: ui("results_title"),
            scored: assessment
                .and_then(Assessment::report)
                .map(|report| scored(&texts, report, peers)),
            no_verdict,
            note: ui("report_page_note"),
        }
    }
}

fn scored(texts: &Texts<'_>, report: &Report, peers: Option<Comparison>) -> Scored {
    let ui = |key: &str| texts.get(&format!("ui.{key}")).to_owned();
    let item = |kind: &str, id: &str, field: &str| texts.item(kind, id, field).to_owned();
    let items = |kind: &str, ids: &[readiness::ids::ItemId]| {
        ids.iter()
            .map(|id| Item {
                title: item(kind, id.as_str(), "title"),
                detail: item(kind, id.as_str(), "detail"),
            })
            .collect()
    };
    let separator = texts.get("meta.label_separator");
    let start: Vec<_> = report.start_here().collect();
    let later: Vec<_> = report.later().collect();
    let mut lists = vec![ChannelList {
        id: "start",
        title: ui("start_here_title"),
        lead: ui("start_here_lead"),
        empty: Some(ui("no_start_here")),
        channels: start.iter().map(|c| channel(texts, c)).collect(),
    }];
    if !later.is_empty() {
        lists.push(ChannelList {
            id: "later",
            title: ui("later_title"),
            lead: ui("later_lead"),
            empty: None,
            channels: later.iter().map(|c| channel(texts, c)).collect(),
        });
    }
    Scored {
        readiness: report.readiness,
        readiness_label: format!("{}{separator}", ui("readiness")),
        tier: item("tier", report.tier.as_str(), "name"),
        tier_detail: item("tier", report.tier.as_str(), "description"),
        confidence: format!(
            "{}{separator}{}",
            ui("confidence"),
            texts.get(&format!("confidence.{}", report.confidence_level.as_str()))
        ),
        peers: peers.map(|place| texts.comparison(place)),
        lists,
        charts: charts(texts, report),
        blockers_title: ui("blockers_title"),
        no_blockers: ui("no_blockers"),
        blockers: items("blocker", &report.blockers),
        steps_title: ui("next_steps_title"),
        steps: items("next_step", &report.next_steps),
    }
}

fn channel(texts: &Texts<'_>, channel: &ChannelFit) -> Channel {
    let id = channel.id.as_str();
    Channel {
        name: texts.item("channel", id, "name").to_owned(),
        fit: texts.fill(
            "explain.score_out_of",
            &[("score", &channel.fit.to_string())],
        ),
        status: texts.channel_status(channel),
        kind: match channel.status {
            ChannelStatus::Now => "",
            ChannelStatus::Organic { .. } => "organic",
            ChannelStatus::Later { .. } => "later",
        },
        summary: texts.item("channel", id, "summary").to_owned(),
        drivers: channel
            .drivers
            .iter()
            .map(|driver| (texts.driver(driver), driver.effect >= 0))
            .collect(),
    }
}

/// Readiness by area and channel fit, as the widget draws them.
fn charts(texts: &Texts<'_>, report: &Report) -> Vec<Chart> {
    let ui = |key: &str| texts.get(&format!("ui.{key}")).to_owned();
    let unknown = texts.get("explain.not_enough");
    let chart = |title: String, value_header: String, bars: Vec<(String, Option<u8>, bool)>| {
        let bars: Vec<Bar> = bars
            .into_iter()
            .zip(0_u32..)
            .map(|((label, value, highlight), i)| Bar {
                label,
                value: value.map_or_else(|| "–".to_owned(), |v| v.to_string()),
                spoken: value.map_or_else(|| unknown.to_owned(), |v| format!("{v}/100")),
                highlight,
                label_y: ROW * i + 11,
                bar_y: ROW * i + 16,
                value_y: ROW * i + 25,
                length: TRACK * u32::from(value.unwrap_or(0)) / 100,
            })
            .collect();
        Chart {
            title,
            value_header,
            height: ROW * u32::try_from(bars.len()).unwrap_or(0),
            bars,
        }
    };
    let dimensions = report
        .dimensions
        .iter()
        .map(|d| {
            let name = texts.item("dimension", d.id.as_str(), "name").to_owned();
            (name, d.score, !d.weak)
        })
        .collect();
    let channels = report
        .channels
        .iter()
        .map(|c| {
            let name = texts.item("channel", c.id.as_str(), "name").to_owned();
            (name, Some(c.fit), c.start_here)
        })
        .collect();
    vec![
        chart(ui("dimensions_title"), ui("readiness"), dimensions),
        chart(ui("channels_title"), ui("channels_title"), channels),
    ]
}
