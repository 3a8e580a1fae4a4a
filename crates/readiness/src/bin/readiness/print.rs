//! The report in words, as `readiness score` prints it.

use readiness::score::Assessment;
use readiness::{Answers, Quiz, Report};

/// The assessment as text in `lang`: the full report, or what is missing for a verdict.
pub fn assessment(quiz: &Quiz, assessment: &Assessment, answers: &Answers, lang: &str) -> String {
    let texts = quiz.texts(lang);
    let mut lines = vec![texts.get("ui.results_title").to_owned(), String::new()];
    lines.push(texts.sales_summary(assessment, answers));
    match assessment {
        Assessment::Scored(report) => report_lines(quiz, report, lang, &mut lines),
        Assessment::NotEnoughAnswers(_) => {
            lines.push(String::new());
            lines.push(texts.get("ui.not_enough_title").to_owned());
            lines.push(texts.get("ui.not_enough_lead").to_owned());
        }
    }
    lines.push(String::new());
    lines.join("\n")
}

fn report_lines(quiz: &Quiz, report: &Report, lang: &str, lines: &mut Vec<String>) {
    let texts = quiz.texts(lang);
    lines.push(format!(
        "{}{}{}%  {}",
        texts.get("ui.confidence"),
        texts.get("meta.label_separator"),
        report.confidence,
        texts.get(&format!("confidence.{}", report.confidence_level.as_str()))
    ));
    lines.push(format!("\n{}", texts.get("ui.dimensions_title")));
    for dimension in &report.dimensions {
        let name = texts.item("dimension", dimension.id.as_str(), "name");
        let score = dimension.score.map_or_else(
            || texts.get("explain.not_enough").to_owned(),
            |s| format!("{s:>3}"),
        );
        lines.push(format!("  {name:<24} {score}"));
        if dimension.weak {
            for driver in &dimension.drivers {
                lines.push(format!("      {}", texts.driver(driver)));
            }
        }
    }
    channel_lines(quiz, report, lang, lines);
    lines.push(format!("\n{}", texts.get("ui.blockers_title")));
    if report.blockers.is_empty() {
        lines.push(format!("  {}", texts.get("ui.no_blockers")));
    }
    for blocker in &report.blockers {
        lines.push(format!(
            "  - {}{}{}",
            texts.item("blocker", blocker.as_str(), "title"),
            texts.get("meta.label_separator"),
            texts.item("blocker", blocker.as_str(), "detail")
        ));
    }
    lines.push(format!("\n{}", texts.get("ui.next_steps_title")));
    for (i, step) in report.next_steps.iter().enumerate() {
        lines.push(format!(
            "  {}. {}{}{}",
            i + 1,
            texts.item("next_step", step.as_str(), "title"),
            texts.get("meta.label_separator"),
            texts.item("next_step", step.as_str(), "detail")
        ));
    }
}

/// The channels, a mark for "start here" (★) and "later" (…), fit and status, and why for
/// the channels named.
fn channel_lines(quiz: &Quiz, report: &Report, lang: &str, lines: &mut Vec<String>) {
    let texts = quiz.texts(lang);
    lines.push(format!("\n{}", texts.get("ui.channels_title")));
    for channel in &report.channels {
        let mark = match (channel.start_here, channel.later) {
            (true, _) => "★",
            (_, true) => "…",
            _ => " ",
        };
        lines.push(format!(
            "  {mark} {:<28} {:>3}  {}",
            texts.item("channel", channel.id.as_str(), "name"),
            channel.fit,
            texts.channel_status(channel).unwrap_or_default()
        ));
        if channel.start_here || channel.later {
            for driver in &channel.drivers {
                lines.push(format!("      {}", texts.driver(driver)));
            }
        }
    }
}
