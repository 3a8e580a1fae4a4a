//! The scoring rules, one case each.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use readiness::score::ConfidenceLevel;
use readiness::testing::{answers, quiz};
use readiness::{OptionId, QuestionId};

fn dimension(report: &readiness::Report, id: &str) -> Option<u8> {
    report
        .dimensions
        .iter()
        .find(|d| d.id.as_str() == id)
        .and_then(|d| d.score)
}

#[test]
fn dont_know_is_left_out_of_the_score_not_counted_as_zero() {
    let quiz = quiz();
    let known = quiz.score(&answers(&[
        ("trademark", &["registered"]),
        ("chinese_name", &["dont_know"]),
    ]));
    let alone = quiz.score(&answers(&[("trademark", &["registered"])]));
    assert_eq!(dimension(&known, "legal"), Some(100));
    assert_eq!(dimension(&known, "legal"), dimension(&alone, "legal"));
}

#[test]
fn a_dimension_no_answer_informs_has_no_score_rather_than_zero() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[("trademark", &["registered"])]));
    assert_eq!(dimension(&report, "content"), None);
    assert_eq!(report.readiness, 100, "only the informed dimension counts");
}

#[test]
fn confidence_drops_as_dont_know_and_skipped_answers_grow() {
    let quiz = quiz();
    let full = answers(&[
        ("industry", &["software_saas"]),
        ("business_model", &["b2b"]),
        ("goals", &["b2b_leads"]),
        ("trademark", &["registered"]),
        ("chinese_name", &["registered"]),
        ("website", &["china_hosted"]),
        ("content", &["articles"]),
        ("selling", &["distributor"]),
        ("customer_service", &["partner"]),
        ("budget", &["from_5k_to_15k"]),
        ("timeline", &["months_3_to_6"]),
    ]);
    let mut unsure = full.clone();
    unsure.set(
        QuestionId::new("trademark").unwrap(),
        vec![OptionId::new("dont_know").unwrap()],
    );
    unsure.set(
        QuestionId::new("website").unwrap(),
        vec![OptionId::new("dont_know").unwrap()],
    );
    let mut skipped = unsure.clone();
    skipped.set(QuestionId::new("budget").unwrap(), vec![]);
    skipped.set(QuestionId::new("timeline").unwrap(), vec![]);
    skipped.set(QuestionId::new("chinese_name").unwrap(), vec![]);
    skipped.set(QuestionId::new("content").unwrap(), vec![]);
    skipped.set(QuestionId::new("selling").unwrap(), vec![]);
    let (a, b, c) = (quiz.score(&full), quiz.score(&unsure), quiz.score(&skipped));
    assert_eq!(a.confidence, 100);
    assert_eq!(a.confidence_level, ConfidenceLevel::High);
    assert!(
        b.confidence < a.confidence && c.confidence < b.confidence,
        "{} {} {}",
        a.confidence,
        b.confidence,
        c.confidence
    );
    assert_eq!(c.confidence_level, ConfidenceLevel::Low);
    assert_eq!((c.counts.dont_know, c.counts.skipped), (2, 5));
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
    let with_hidden = answers(&[
        ("industry", &["software_saas"]),
        ("compliance", &["not_started"]),
    ]);
    let report = quiz.score(&with_hidden);
    assert!(!report
        .blockers
        .iter()
        .any(|b| b.as_str() == "no_compliance"));
    assert_eq!(quiz.shown_answers(&with_hidden).get("compliance"), None);
}

#[test]
fn a_blocker_with_two_conditions_needs_both() {
    let quiz = quiz();
    let has = |pairs: &[(&str, &[&str])]| {
        quiz.score(&answers(pairs))
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
fn blocked_channels_name_their_blocker() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[("website", &["english_only"])]));
    let baidu = report
        .channels
        .iter()
        .find(|c| c.id.as_str() == "baidu")
        .unwrap();
    assert_eq!(
        baidu
            .blocked_by
            .iter()
            .map(|b| b.as_str())
            .collect::<Vec<_>>(),
        ["website_blocked"]
    );
}

#[test]
fn there_are_always_three_next_steps_and_three_recommended_channels() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[]));
    assert_eq!(report.next_steps.len(), 3);
    assert_eq!(report.channels.iter().filter(|c| c.recommended).count(), 3);
}

#[test]
fn the_top_channel_brings_its_own_first_step() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[
        ("industry", &["beauty"]),
        ("business_model", &["b2c"]),
        ("audience_gender", &["mostly_women"]),
    ]));
    assert_eq!(report.channels[0].id.as_str(), "xiaohongshu");
    assert!(report
        .next_steps
        .iter()
        .any(|s| s.as_str() == "start_xiaohongshu"));
}

#[test]
fn channel_explanations_name_the_answers_that_moved_them() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[
        ("industry", &["industrial"]),
        ("business_model", &["b2c"]),
    ]));
    let xhs = report
        .channels
        .iter()
        .find(|c| c.id.as_str() == "xiaohongshu")
        .unwrap();
    let industry = xhs
        .drivers
        .iter()
        .find(|d| d.question.as_str() == "industry")
        .unwrap();
    assert!(industry.effect < 0);
    assert_eq!(
        quiz.texts("fr").driver(industry),
        "« Industrie et machines » (Secteur) joue en votre défaveur"
    );
}

#[test]
fn tiers_follow_the_thresholds() {
    let quiz = quiz();
    let tier = |pairs: &[(&str, &[&str])]| quiz.score(&answers(pairs)).tier.to_string();
    assert_eq!(tier(&[("trademark", &["none"])]), "exploring");
    assert_eq!(tier(&[("trademark", &["pending"])]), "launch_ready");
    assert_eq!(tier(&[("trademark", &["registered"])]), "scale_ready");
}

#[test]
fn choosing_an_exclusive_option_clears_the_others_and_vice_versa() {
    let quiz = quiz();
    let q = QuestionId::new("content").unwrap();
    let pick = |a: &readiness::Answers, o: &str| quiz.choose(a, &q, &OptionId::new(o).unwrap());
    let both = pick(
        &pick(&readiness::Answers::new(), "long_video"),
        "short_video",
    );
    assert_eq!(
        both.get("content").unwrap(),
        &[
            OptionId::new("short_video").unwrap(),
            OptionId::new("long_video").unwrap()
        ]
    );
    let none = pick(&both, "none");
    assert_eq!(
        none.get("content").unwrap(),
        &[OptionId::new("none").unwrap()]
    );
    let again = pick(&none, "images");
    assert_eq!(
        again.get("content").unwrap(),
        &[OptionId::new("images").unwrap()]
    );
    let untoggled = pick(&again, "images");
    assert_eq!(untoggled.get("content"), None);
}

#[test]
fn navigation_walks_the_shown_questions_forward_and_back() {
    let quiz = quiz();
    let b2b = answers(&[("business_model", &["b2b"])]);
    let model = quiz.question_index("business_model").unwrap();
    let goals = quiz.question_index("goals").unwrap();
    assert_eq!(quiz.next_question(&b2b, Some(model)), Some(goals));
    assert_eq!(quiz.previous_question(&b2b, goals), Some(model));
    let progress = quiz.progress(&b2b, goals);
    assert_eq!(progress.current, 3);
    assert_eq!(
        progress.total, 12,
        "audience questions drop out; compliance still may come"
    );
    let start = quiz.progress(&answers(&[]), 0);
    assert_eq!((start.current, start.total), (1, quiz.questions().len()));
}

#[test]
fn locale_negotiation_falls_back_sensibly() {
    let quiz = quiz();
    assert_eq!(quiz.negotiate_locale(&["de-AT"]).as_str(), "de");
    assert_eq!(quiz.negotiate_locale(&["zh-Hans-CN"]).as_str(), "zh-Hans");
    assert_eq!(quiz.negotiate_locale(&[]).as_str(), "en");
}

#[test]
fn the_sales_summary_reads_in_chinese_with_chinese_list_separators() {
    let quiz = quiz();
    let given = answers(&[
        ("industry", &["beauty"]),
        ("business_model", &["b2c"]),
        ("budget", &["over_50k"]),
    ]);
    let summary = quiz
        .texts("zh-Hans")
        .sales_summary(&quiz.score(&given), &given);
    assert!(summary.contains("预算：50,000 欧元以上"), "{summary}");
    assert!(summary.contains("首选渠道：小红书、"), "{summary}");
}

#[test]
fn the_bundle_round_trips_and_keeps_the_version() {
    let quiz = quiz();
    let decoded = readiness::bundle::decode(&readiness::bundle::encode(&quiz)).unwrap();
    assert_eq!(decoded.version(), quiz.version());
    assert!(readiness::bundle::decode(&[1, 2, 3]).is_err());
}
