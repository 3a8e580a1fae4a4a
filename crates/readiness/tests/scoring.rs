//! The scoring rules, one case each.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use readiness::score::{Assessment, ChannelStatus, ConfidenceLevel, Hold};
use readiness::testing::{answers, quiz};
use readiness::{Answers, OptionId, QuestionId, Report};

fn dimension(report: &readiness::Report, id: &str) -> Option<u8> {
    report
        .dimensions
        .iter()
        .find(|d| d.id.as_str() == id)
        .and_then(|d| d.score)
}

/// A complete answer set of a plain consumer brand with foundations half in place.
const BASE: &[(&str, &[&str])] = &[
    ("industry", &["other"]),
    ("business_model", &["b2c"]),
    ("audience_age", &["age_25_34"]),
    ("audience_gender", &["mixed"]),
    ("market", &["premium_urban"]),
    ("goals", &["awareness"]),
    ("trademark", &["pending"]),
    ("chinese_name", &["unregistered"]),
    ("website", &["chinese_fast"]),
    ("compliance", &["not_required"]),
    ("content", &["images"]),
    ("selling", &["direct_shipping"]),
    ("customer_service", &["partner"]),
    ("budget", &["from_5k_to_15k"]),
    ("timeline", &["months_6_to_12"]),
];

/// [`BASE`] with some answers replaced (an empty option list removes the answer).
fn with(changes: &[(&str, &[&str])]) -> Answers {
    let mut given = answers(BASE);
    for (question, options) in changes {
        given.set(
            QuestionId::new(*question).unwrap(),
            options.iter().map(|o| OptionId::new(*o).unwrap()).collect(),
        );
    }
    given
}

/// The report for [`BASE`] with these changes; panics when there is no verdict.
fn report(changes: &[(&str, &[&str])]) -> Report {
    let quiz = quiz();
    quiz.assess(&with(changes))
        .into_report()
        .expect("the base answers are enough for a verdict")
}

fn channel<'a>(report: &'a Report, id: &str) -> &'a readiness::score::ChannelFit {
    report
        .channels
        .iter()
        .find(|c| c.id.as_str() == id)
        .unwrap()
}

#[test]
fn dont_know_scores_as_nothing_never_above_the_lowest_real_answer() {
    let unsure = report(&[("trademark", &["dont_know"])]);
    let none = report(&[("trademark", &["none"])]);
    assert_eq!(dimension(&unsure, "legal"), dimension(&none, "legal"));
    assert!(unsure.readiness <= none.readiness);
    let budget_unknown = report(&[("budget", &["dont_know"])]);
    let lowest = report(&[("budget", &["under_2k"])]);
    assert!(budget_unknown.readiness <= lowest.readiness);
    assert!(budget_unknown.grade.score <= lowest.grade.score);
}

#[test]
fn a_dimension_no_answer_informs_has_no_score_rather_than_zero() {
    let report = report(&[("budget", &[])]);
    assert_eq!(dimension(&report, "resources"), None);
}

#[test]
fn confidence_drops_as_dont_know_and_skipped_answers_grow() {
    let quiz = quiz();
    let full = with(&[]);
    let unsure = with(&[("trademark", &["dont_know"]), ("website", &["dont_know"])]);
    let skipped = with(&[
        ("trademark", &["dont_know"]),
        ("website", &["dont_know"]),
        ("audience_age", &[]),
        ("chinese_name", &[]),
    ]);
    let score = |a: &Answers| quiz.assess(a).into_report().unwrap();
    let (a, b, c) = (score(&full), score(&unsure), score(&skipped));
    assert_eq!(a.confidence, 100);
    assert_eq!(a.confidence_level, ConfidenceLevel::High);
    assert!(
        b.confidence < a.confidence && c.confidence < b.confidence,
        "{} {} {}",
        a.confidence,
        b.confidence,
        c.confidence
    );
    assert_eq!(c.confidence_level, ConfidenceLevel::Medium);
    assert_eq!((c.counts.dont_know, c.counts.skipped), (2, 2));
}

#[test]
fn below_the_minimum_of_real_answers_there_is_no_verdict() {
    let quiz = quiz();
    let needed = usize::from(quiz.verdict_rule().min_known);
    let mut given = answers(&BASE[..needed]);
    assert!(
        quiz.assess(&given).report().is_some(),
        "{needed} real answers give a verdict"
    );
    given.set(
        QuestionId::new(BASE[needed - 1].0).unwrap(),
        vec![OptionId::new("dont_know").unwrap()],
    );
    let Assessment::NotEnoughAnswers(shortfall) = quiz.assess(&given) else {
        panic!("one real answer fewer gives no verdict");
    };
    assert_eq!(usize::from(shortfall.counts.known), needed - 1);
    assert!(shortfall.missing.is_empty());
}

#[test]
fn the_budget_decides_which_paid_channels_can_start_not_how_well_they_fit() {
    let small = report(&[("budget", &["under_2k"])]);
    let large = report(&[("budget", &["over_50k"])]);
    for (small, large) in small.channels.iter().zip(&large.channels) {
        assert_eq!((&small.id, small.fit), (&large.id, large.fit));
    }
    assert_eq!(
        channel(&small, "weibo").status,
        ChannelStatus::Later {
            reasons: vec![Hold::Budget { min_eur: 15000 }]
        }
    );
    assert_eq!(
        channel(&small, "wechat").status,
        ChannelStatus::Organic {
            paid_from_eur: 2000
        }
    );
    assert_eq!(channel(&large, "weibo").status, ChannelStatus::Now);
}

#[test]
fn blocked_channels_wait_and_name_their_blocker_before_the_budget() {
    let report = report(&[("trademark", &["none"]), ("budget", &["under_2k"])]);
    assert_eq!(
        channel(&report, "douyin").status,
        ChannelStatus::Later {
            reasons: vec![
                Hold::Blocker {
                    id: "no_trademark".parse().unwrap()
                },
                Hold::Budget { min_eur: 10000 }
            ]
        }
    );
    assert!(report.start_here().all(|c| c.status.can_start()));
    assert!(report.later().all(|c| !c.status.can_start()));
}

#[test]
fn one_answer_cannot_make_a_channel_a_perfect_fit() {
    let report = report(&[]);
    assert!(report.channels.iter().all(|c| c.fit < 100 && c.fit > 0));
}

#[test]
fn audience_questions_are_shown_only_to_consumer_brands() {
    let quiz = quiz();
    let shown = |model: &str| -> Vec<String> {
        let given = answers(&[("business_model", &[model])]);
        quiz.visible_questions(&given)
            .into_iter()
            .map(|i| quiz.questions()[i].id.to_string())
            .collect()
    };
    assert!(!shown("b2b").contains(&"audience_age".to_owned()));
    assert!(shown("b2c").contains(&"audience_age".to_owned()));
    assert!(shown("both").contains(&"audience_gender".to_owned()));
}

#[test]
fn compliance_is_not_asked_of_software_companies() {
    let quiz = quiz();
    let software = answers(&[("industry", &["software_saas"])]);
    let food = answers(&[("industry", &["food_beverage"])]);
    let compliance = quiz.question_index("compliance").unwrap();
    assert!(!quiz.visible_questions(&software).contains(&compliance));
    assert!(quiz.visible_questions(&food).contains(&compliance));
}

#[test]
fn answers_to_questions_no_longer_shown_do_not_count() {
    let quiz = quiz();
    let with_hidden = with(&[
        ("industry", &["software_saas"]),
        ("compliance", &["not_started"]),
    ]);
    let report = quiz.assess(&with_hidden).into_report().unwrap();
    assert!(!report
        .blockers
        .iter()
        .any(|b| b.as_str().starts_with("no_c")));
    assert_eq!(quiz.shown_answers(&with_hidden).get("compliance"), None);
}

#[test]
fn a_blocker_with_two_conditions_needs_both() {
    let has = |changes: &[(&str, &[&str])]| {
        report(changes)
            .blockers
            .iter()
            .any(|b| b.as_str() == "no_sales_route")
    };
    assert!(!has(&[("selling", &["not_yet"])]));
    assert!(has(&[
        ("selling", &["not_yet"]),
        ("goals", &["online_sales"])
    ]));
}

#[test]
fn category_gates_are_named_for_the_category() {
    let gate = |industry: &str| {
        report(&[("industry", &[industry]), ("compliance", &["not_started"])])
            .blockers
            .iter()
            .map(ToString::to_string)
            .find(|b| b.starts_with("no_") && b != "no_trademark")
    };
    assert_eq!(gate("beauty").as_deref(), Some("no_nmpa"));
    assert_eq!(gate("food_beverage").as_deref(), Some("no_gacc"));
    assert_eq!(gate("health_wellness").as_deref(), Some("no_blue_hat"));
    assert_eq!(gate("consumer_tech").as_deref(), Some("no_ccc"));
    assert_eq!(
        gate("games_entertainment").as_deref(),
        Some("no_game_licence")
    );
}

#[test]
fn the_first_start_here_channel_brings_its_own_step() {
    let report = report(&[
        ("industry", &["beauty"]),
        ("audience_gender", &["mostly_women"]),
        ("trademark", &["registered"]),
        ("chinese_name", &["registered"]),
    ]);
    let first = report.start_here().next().unwrap();
    assert_eq!(first.id.as_str(), "xiaohongshu");
    assert!(report
        .next_steps
        .iter()
        .any(|s| s.as_str() == "start_xiaohongshu"));
}

#[test]
fn a_live_store_is_grown_not_opened_again() {
    let report = report(&[
        ("industry", &["beauty"]),
        ("goals", &["online_sales"]),
        ("selling", &["cross_border_store"]),
        ("trademark", &["registered"]),
        ("chinese_name", &["registered"]),
        ("budget", &["over_50k"]),
    ]);
    let steps: Vec<&str> = report.next_steps.iter().map(|s| s.as_str()).collect();
    assert!(steps.contains(&"grow_store"), "{steps:?}");
    assert!(!steps.contains(&"start_cross_border"), "{steps:?}");
}

#[test]
fn channel_explanations_name_the_answers_that_moved_them() {
    let report = report(&[("industry", &["industrial"])]);
    let xhs = channel(&report, "xiaohongshu");
    let industry = xhs
        .drivers
        .iter()
        .find(|d| d.question.as_str() == "industry")
        .unwrap();
    assert!(industry.effect < 0);
    assert_eq!(
        quiz().texts("fr").driver(industry),
        "« Industrie et machines » (Secteur) joue en votre défaveur"
    );
}

#[test]
fn tiers_follow_the_thresholds() {
    let tier = |changes: &[(&str, &[&str])]| report(changes).tier.to_string();
    let weak: &[(&str, &[&str])] = &[
        ("trademark", &["none"]),
        ("chinese_name", &["none"]),
        ("website", &["english_only"]),
        ("content", &["none"]),
        ("selling", &["not_yet"]),
        ("customer_service", &["none"]),
        ("budget", &["under_2k"]),
        ("timeline", &["exploring"]),
    ];
    assert_eq!(tier(weak), "exploring");
    assert_eq!(tier(&[]), "launch_ready");
    let strong: &[(&str, &[&str])] = &[
        ("trademark", &["registered"]),
        ("chinese_name", &["registered"]),
        ("website", &["china_hosted"]),
        ("content", &["images", "short_video"]),
        ("selling", &["chinese_entity"]),
        ("customer_service", &["chinese_team"]),
        ("budget", &["over_50k"]),
        ("timeline", &["within_3_months"]),
    ];
    assert_eq!(tier(strong), "scale_ready");
}

#[test]
fn the_sales_summary_reads_in_chinese_with_chinese_list_separators() {
    let quiz = quiz();
    let given = with(&[
        ("industry", &["beauty"]),
        ("trademark", &["registered"]),
        ("budget", &["over_50k"]),
        ("compliance", &["not_started"]),
        ("website", &["english_only"]),
    ]);
    let summary = quiz
        .texts("zh-Hans")
        .sales_summary(&quiz.assess(&given), &given);
    assert!(summary.contains("预算：每月 50,000 欧元以上"), "{summary}");
    assert!(summary.contains("优先渠道：小红书、"), "{summary}");
    assert!(
        summary.contains("；"),
        "blockers joined the Chinese way: {summary}"
    );
    assert!(!summary.contains("; "), "{summary}");
}
