//! `readiness simulate`: random complete answer sets, walked as visitors would, and what the
//! model makes of them: distributions, the start-here channel by industry and business
//! model, and a check that no start-here channel is blocked or over budget.

use std::collections::BTreeMap;

use readiness::model::QuestionKind;
use readiness::score::Assessment;
use readiness::{Answers, Quiz, Report};

/// A small deterministic generator (SplitMix64): the core stays free of randomness.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// A random complete answer set, walking the quiz as a visitor would.
fn random_answers(quiz: &Quiz, rng: &mut SplitMix) -> Answers {
    let mut answers = Answers::new();
    let mut current = quiz.next_question(&answers, None);
    while let Some(index) = current {
        let question = &quiz.questions()[index];
        let picks = match question.kind {
            QuestionKind::Single => 1,
            QuestionKind::Multi => 1 + rng.below(3),
        };
        for _ in 0..picks {
            let option = &question.options[rng.below(question.options.len())];
            if answers
                .get(question.id.as_str())
                .is_some_and(|chosen| chosen.contains(&option.id))
            {
                continue;
            }
            answers = quiz.choose(&answers, &question.id, &option.id);
        }
        current = quiz.next_question(&answers, Some(index));
    }
    answers
}

/// Start-here channels that, read straight from the model and the answers, should not be
/// there: `(blocked, over budget)`. Both must stay at zero.
fn violations(quiz: &Quiz, report: &Report, answers: &Answers) -> (u32, u32) {
    let budget = quiz
        .questions()
        .iter()
        .find(|q| q.options.iter().any(|o| o.monthly_eur.is_some()))
        .and_then(|q| {
            let chosen = answers.get(q.id.as_str())?;
            chosen
                .iter()
                .filter_map(|o| q.option(o.as_str())?.monthly_eur)
                .max()
        })
        .unwrap_or(0);
    let (mut blocked, mut over_budget) = (0, 0);
    for channel in report.start_here() {
        if report
            .blockers
            .iter()
            .any(|b| quiz.blocker_blocks(b.as_str(), channel.id.as_str()))
        {
            blocked += 1;
        }
        let Some(model) = quiz.channel(channel.id.as_str()) else {
            continue;
        };
        if budget < model.min_budget && !model.organic {
            over_budget += 1;
        }
    }
    (blocked, over_budget)
}

#[derive(Default)]
struct Tally {
    readiness: [u32; 10],
    verdicts: BTreeMap<String, u32>,
    tiers: BTreeMap<String, u32>,
    grades: BTreeMap<String, u32>,
    first: BTreeMap<String, u32>,
    start_here_count: BTreeMap<usize, u32>,
    blockers: BTreeMap<String, u32>,
    /// (industry, business model) → first start-here channel → count.
    by_profile: BTreeMap<(String, String), BTreeMap<String, u32>>,
    /// (industry, business model) → best-fitting channel → count.
    fit_by_profile: BTreeMap<(String, String), BTreeMap<String, u32>>,
    start_here_total: u32,
    blocked: u32,
    over_budget: u32,
}

fn first_answer(answers: &Answers, question: &str) -> String {
    answers
        .get(question)
        .and_then(|chosen| chosen.first())
        .map_or_else(|| "-".to_owned(), ToString::to_string)
}

/// Scores `samples` random answer sets and returns the printed summary.
pub fn run(quiz: &Quiz, samples: u32, seed: u64) -> String {
    let mut rng = SplitMix(seed);
    let mut tally = Tally::default();
    for _ in 0..samples {
        let answers = random_answers(quiz, &mut rng);
        let assessment = quiz.assess(&answers);
        *tally
            .verdicts
            .entry(assessment.verdict().to_owned())
            .or_default() += 1;
        let Assessment::Scored(report) = assessment else {
            continue;
        };
        tally.readiness[usize::from(report.readiness.min(99) / 10)] += 1;
        *tally.tiers.entry(report.tier.to_string()).or_default() += 1;
        *tally.grades.entry(report.grade.letter.clone()).or_default() += 1;
        let first = report
            .start_here()
            .next()
            .map_or_else(|| "(none)".to_owned(), |c| c.id.to_string());
        *tally.first.entry(first.clone()).or_default() += 1;
        let profile = (
            first_answer(&answers, "industry"),
            first_answer(&answers, "business_model"),
        );
        if let Some(best) = report.channels.first() {
            *tally
                .fit_by_profile
                .entry(profile.clone())
                .or_default()
                .entry(best.id.to_string())
                .or_default() += 1;
        }
        *tally
            .by_profile
            .entry(profile)
            .or_default()
            .entry(first)
            .or_default() += 1;
        *tally
            .start_here_count
            .entry(report.start_here().count())
            .or_default() += 1;
        for blocker in &report.blockers {
            *tally.blockers.entry(blocker.to_string()).or_default() += 1;
        }
        let (blocked, over_budget) = violations(quiz, &report, &answers);
        tally.start_here_total += u32::try_from(report.start_here().count()).unwrap_or(0);
        tally.blocked += blocked;
        tally.over_budget += over_budget;
    }
    summary(quiz, &tally, samples, seed)
}

fn summary(quiz: &Quiz, tally: &Tally, samples: u32, seed: u64) -> String {
    let share = |n: u32, of: u32| f64::from(n) * 100.0 / f64::from(of.max(1));
    let scored = tally.verdicts.get("scored").copied().unwrap_or(0);
    let mut out = vec![format!(
        "{samples} random answer sets, seed {seed}, quiz version {}",
        quiz.version()
    )];
    out.push("\nverdict".to_owned());
    for (name, count) in &tally.verdicts {
        out.push(format!("  {name:<24} {:>6.1}%", share(*count, samples)));
    }
    out.push(format!(
        "\nstart-here channels named: {} in {scored} reports\n  blocked:     {}\n  over budget: {}   (both must be 0)",
        tally.start_here_total, tally.blocked, tally.over_budget
    ));
    out.push("\nreadiness (scored reports)".to_owned());
    for (bucket, count) in tally.readiness.iter().enumerate() {
        let bar = "#".repeat((share(*count, scored) / 2.0).round() as usize);
        out.push(format!(
            "  {:>3}-{:<3} {:>6.1}% {bar}",
            bucket * 10,
            bucket * 10 + 9,
            share(*count, scored)
        ));
    }
    let counts: BTreeMap<String, u32> = tally
        .start_here_count
        .iter()
        .map(|(n, c)| (format!("{n} channel(s)"), *c))
        .collect();
    for (title, counts) in [
        ("tiers", &tally.tiers),
        ("grades", &tally.grades),
        (
            "first start-here channel ((none): no channel fits and can start)",
            &tally.first,
        ),
        ("start-here channels per report", &counts),
        ("blockers (any)", &tally.blockers),
    ] {
        out.push(format!("\n{title}"));
        for (name, count) in counts {
            out.push(format!("  {name:<24} {:>6.1}%", share(*count, scored)));
        }
    }
    for (title, table) in [
        ("best-fitting channel", &tally.fit_by_profile),
        ("first start-here channel", &tally.by_profile),
    ] {
        profile_table(&mut out, title, table);
    }
    out.push(String::new());
    out.join("\n")
}

/// One row per industry, one column per business model: the most frequent channel and its
/// share of that cell's reports.
fn profile_table(
    out: &mut Vec<String>,
    title: &str,
    table: &BTreeMap<(String, String), BTreeMap<String, u32>>,
) {
    let models = ["b2c", "b2b", "both"];
    out.push(format!(
        "\n{title} by industry × business model (the two most frequent, share of the cell)"
    ));
    out.push(format!(
        "  {:<20} {:<24} {:<24} {:<24}",
        "industry", models[0], models[1], models[2]
    ));
    let industries: std::collections::BTreeSet<&String> =
        table.keys().map(|(industry, _)| industry).collect();
    for industry in industries {
        let cells: Vec<String> = models
            .iter()
            .map(|model| {
                table
                    .get(&(industry.clone(), (*model).to_owned()))
                    .map_or_else(
                        || "-".to_owned(),
                        |counts| {
                            let total: u32 = counts.values().sum();
                            let mut ranked: Vec<(&String, &u32)> = counts.iter().collect();
                            ranked.sort_by_key(|(_, count)| std::cmp::Reverse(**count));
                            ranked
                                .iter()
                                .take(2)
                                .map(|(channel, count)| {
                                    format!(
                                        "{} {:.0}%",
                                        short(channel),
                                        f64::from(**count) * 100.0 / f64::from(total.max(1))
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join(" ")
                        },
                    )
            })
            .collect();
        out.push(format!(
            "  {industry:<20} {:<24} {:<24} {:<24}",
            cells[0], cells[1], cells[2]
        ));
    }
}

/// A channel id cut to eight characters, so a table cell holds two.
fn short(channel: &str) -> &str {
    channel.get(..8).unwrap_or(channel)
}
