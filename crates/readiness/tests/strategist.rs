//! Archetypes a China-marketing strategist checks the model against: each a complete
//! answer set and what the strategist expects of the report (the brief's "Rules of thumb",
//! `shared/brief/china-channels.md`). The table is data, `strategist/archetypes.toml`: one
//! row per brand; the test names the row that fails and everything it got wrong.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use std::collections::BTreeMap;

use readiness::score::Assessment;
use readiness::testing::quiz;
use readiness::{Answers, Report};
use serde::Deserialize;

/// Question id → chosen option ids.
type AnswerSet = BTreeMap<String, Vec<String>>;

/// What a strategist expects of one brand's report.
#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Expect {
    /// Must be among the "start here" channels.
    start: Vec<String>,
    /// Must be among the first two "start here" channels.
    start_top_two: Vec<String>,
    /// Must not be a "start here" channel.
    not_start: Vec<String>,
    /// Must be able to start now, named among the first or not.
    can_start: Vec<String>,
    /// Must be named as "later, once …".
    later: Vec<String>,
    /// Blockers that must be found.
    blockers: Vec<String>,
    /// Blockers that must not be found.
    no_blockers: Vec<String>,
    /// Next steps that must appear.
    steps: Vec<String>,
    /// Next steps that must not appear.
    no_steps: Vec<String>,
    /// Readiness within this band (inclusive).
    readiness: [u8; 2],
    /// Grade letters acceptable (empty: any).
    grades: Vec<String>,
}

impl Default for Expect {
    fn default() -> Self {
        Self {
            start: Vec::new(),
            start_top_two: Vec::new(),
            not_start: Vec::new(),
            can_start: Vec::new(),
            later: Vec::new(),
            blockers: Vec::new(),
            no_blockers: Vec::new(),
            steps: Vec::new(),
            no_steps: Vec::new(),
            readiness: [0, 100],
            grades: Vec::new(),
        }
    }
}

/// A brand, its answers and the strategist's expectations; no `expect` expects no verdict.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Archetype {
    name: String,
    /// An answer set of the table's `sets` that `answers` adds to or overrides.
    like: Option<String>,
    #[serde(default)]
    answers: AnswerSet,
    expect: Option<Expect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    sets: BTreeMap<String, AnswerSet>,
    archetype: Vec<Archetype>,
}

fn table() -> Table {
    toml::from_str(include_str!("strategist/archetypes.toml")).expect("archetypes.toml")
}

impl Table {
    /// An archetype's complete answers: its set, then its own answers on top.
    fn answers_of(&self, archetype: &Archetype) -> AnswerSet {
        let mut all = archetype.like.as_ref().map_or_else(AnswerSet::new, |set| {
            self.sets.get(set).cloned().expect("a set the table has")
        });
        all.extend(archetype.answers.clone());
        all
    }
}

fn to_answers(set: &AnswerSet) -> Answers {
    let mut answers = Answers::new();
    for (question, options) in set {
        let options = options.iter().map(|o| o.parse().unwrap()).collect();
        answers.set(question.parse().unwrap(), options);
    }
    answers
}

/// The beauty brand of the table at a budget.
fn beauty_at(budget: &str) -> Answers {
    let mut set = table().sets["beauty"].clone();
    set.insert("budget".into(), vec![budget.into()]);
    to_answers(&set)
}

fn ids<'a>(channels: impl Iterator<Item = &'a readiness::score::ChannelFit>) -> Vec<&'a str> {
    channels.map(|c| c.id.as_str()).collect()
}

/// Everything the report gets wrong against the expectations, in words.
fn mismatches(report: &Report, expect: &Expect) -> Vec<String> {
    let start = ids(report.start_here());
    let later = ids(report.later());
    let blockers: Vec<&str> = report.blockers.iter().map(|b| b.as_str()).collect();
    let steps: Vec<&str> = report.next_steps.iter().map(|s| s.as_str()).collect();
    let can_start: Vec<&str> = ids(report.channels.iter().filter(|c| c.status.can_start()));
    let top_two: Vec<&str> = start.iter().take(2).copied().collect();
    // (expected items, the report's list, whether they must be in it, what a miss means)
    let rules: [(&[String], &[&str], bool, &str); 9] = [
        (&expect.start, &start, true, "should start now"),
        (
            &expect.start_top_two,
            &top_two,
            true,
            "should be in the first two",
        ),
        (&expect.not_start, &start, false, "should not start now"),
        (
            &expect.can_start,
            &can_start,
            true,
            "should be able to start",
        ),
        (&expect.later, &later, true, "should be named as later"),
        (&expect.blockers, &blockers, true, "blocker missing"),
        (&expect.no_blockers, &blockers, false, "blocker found"),
        (&expect.steps, &steps, true, "step missing"),
        (&expect.no_steps, &steps, false, "step found"),
    ];
    let mut wrong: Vec<String> = rules
        .iter()
        .flat_map(|(expected, list, inside, what)| {
            expected
                .iter()
                .filter(move |item| list.contains(&item.as_str()) != *inside)
                .map(move |item| format!("{item}: {what}"))
        })
        .collect();
    let [low, high] = expect.readiness;
    if !(low..=high).contains(&report.readiness) {
        wrong.push(format!(
            "readiness {} outside {low}..={high}",
            report.readiness
        ));
    }
    if !expect.grades.is_empty() && !expect.grades.contains(&report.grade.letter) {
        wrong.push(format!(
            "grade {} not in {:?}",
            report.grade.letter, expect.grades
        ));
    }
    if !wrong.is_empty() {
        wrong.push(situation(report));
    }
    wrong
}

/// What the report said, for a failure message.
fn situation(report: &Report) -> String {
    let fits: Vec<String> = report
        .channels
        .iter()
        .map(|c| format!("{} {} {}", c.id, c.fit, c.status.as_str()))
        .collect();
    let blockers: Vec<&str> = report.blockers.iter().map(|b| b.as_str()).collect();
    let steps: Vec<&str> = report.next_steps.iter().map(|s| s.as_str()).collect();
    format!(
        "(start {:?}, later {:?}, blockers {blockers:?}, steps {steps:?}, fits {fits:?})",
        ids(report.start_here()),
        ids(report.later())
    )
}

/// What is wrong with one archetype's assessment, if anything.
fn failure(name: &str, expect: Option<&Expect>, assessment: &Assessment) -> Option<String> {
    match (expect, assessment) {
        (Some(expect), Assessment::Scored(report)) => {
            let wrong = mismatches(report, expect);
            (!wrong.is_empty()).then(|| format!("{name}:\n    {}", wrong.join("\n    ")))
        }
        (Some(_), Assessment::NotEnoughAnswers(shortfall)) => Some(format!(
            "{name}: expected a report, got no verdict ({shortfall:?})"
        )),
        (None, Assessment::Scored(report)) => Some(format!(
            "{name}: expected no verdict, got readiness {} and channels {:?}",
            report.readiness,
            ids(report.start_here())
        )),
        (None, Assessment::NotEnoughAnswers(_)) => None,
    }
}

#[test]
fn every_archetype_gets_the_report_a_strategist_expects() {
    let quiz = quiz();
    let table = table();
    assert!(
        table.archetype.len() >= 25,
        "the suite covers at least 25 archetypes"
    );
    let failures: Vec<String> = table
        .archetype
        .iter()
        .filter_map(|case| {
            let assessment = quiz.assess(&to_answers(&table.answers_of(case)));
            failure(&case.name, case.expect.as_ref(), &assessment)
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} archetypes fail:\n{}",
        failures.len(),
        table.archetype.len(),
        failures.join("\n")
    );
}

#[test]
fn the_archetypes_cover_every_industry_business_model_and_budget_band() {
    let quiz = quiz();
    let table = table();
    let sets: Vec<AnswerSet> = table
        .archetype
        .iter()
        .map(|case| table.answers_of(case))
        .collect();
    for question in ["industry", "business_model", "budget", "market"] {
        let q = quiz.question(&question.parse().unwrap()).unwrap();
        for option in &q.options {
            let covered = sets.iter().any(|set| {
                set.get(question)
                    .is_some_and(|chosen| chosen.iter().any(|o| o == option.id.as_str()))
            });
            assert!(covered, "no archetype answers {question} = {}", option.id);
        }
    }
}

#[test]
fn too_few_answers_give_no_verdict_and_name_what_is_missing() {
    let quiz = quiz();
    let given =
        readiness::testing::answers(&[("industry", &["beauty"]), ("budget", &["over_50k"])]);
    let Assessment::NotEnoughAnswers(shortfall) = quiz.assess(&given) else {
        panic!("two answers must not give a verdict");
    };
    let missing: Vec<&str> = shortfall.missing.iter().map(|q| q.as_str()).collect();
    assert_eq!(missing, ["business_model", "goals"]);
    assert_eq!(shortfall.counts.known, 2);
    let text = quiz.texts("en").shortfall(&shortfall);
    assert_eq!(
        text,
        "2 real answers so far; a verdict needs at least 8, including: Business model, Goals."
    );
}

#[test]
fn the_cross_border_store_is_not_blocked_for_cosmetics_without_nmpa_filing() {
    let quiz = quiz();
    let report = quiz.assess(&beauty_at("over_50k"));
    let mut unfiled = beauty_at("over_50k");
    unfiled.set(
        "compliance".parse().unwrap(),
        vec!["not_started".parse().unwrap()],
    );
    let unfiled = quiz.assess(&unfiled);
    let status = |a: &Assessment| {
        a.report()
            .unwrap()
            .channels
            .iter()
            .find(|c| c.id.as_str() == "cross_border")
            .unwrap()
            .status
            .clone()
    };
    assert_eq!(status(&report), status(&unfiled));
    assert!(status(&unfiled).can_start());
}
