//! Cases a China-marketing strategist would check the model against.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use readiness::testing::{answers, quiz};
use readiness::Report;

fn rank(report: &Report, channel: &str) -> usize {
    report
        .channels
        .iter()
        .position(|c| c.id.as_str() == channel)
        .unwrap_or_else(|| panic!("no channel {channel}"))
}

#[test]
fn british_premium_tea_for_young_urban_women_sees_xiaohongshu_and_douyin_above_zhihu() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[
        ("industry", &["food_beverage"]),
        ("business_model", &["b2c"]),
        ("audience_age", &["under_25", "age_25_34"]),
        ("audience_gender", &["mostly_women"]),
        ("goals", &["awareness", "online_sales"]),
        ("content", &["images", "short_video"]),
    ]));
    assert!(rank(&report, "xiaohongshu") < rank(&report, "zhihu"));
    assert!(rank(&report, "douyin") < rank(&report, "zhihu"));
    let top: Vec<&str> = report
        .channels
        .iter()
        .filter(|c| c.recommended)
        .map(|c| c.id.as_str())
        .collect();
    assert!(top.contains(&"xiaohongshu"), "top three: {top:?}");
}

#[test]
fn finnish_b2b_software_sees_wechat_baidu_or_zhihu_above_bilibili_and_douyin() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[
        ("industry", &["software_saas"]),
        ("business_model", &["b2b"]),
        ("goals", &["b2b_leads"]),
        ("content", &["articles"]),
    ]));
    for professional in ["wechat", "baidu", "zhihu"] {
        for youth in ["bilibili", "douyin"] {
            assert!(
                rank(&report, professional) < rank(&report, youth),
                "{professional} should rank above {youth}"
            );
        }
    }
}

#[test]
fn brand_without_chinese_trademark_is_told_so_as_a_blocker_and_first_step() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[("trademark", &["none"])]));
    assert_eq!(
        report.blockers.first().map(|b| b.as_str()),
        Some("no_trademark")
    );
    assert_eq!(
        report.next_steps.first().map(|s| s.as_str()),
        Some("register_trademark")
    );
    let title = quiz.texts("en").item("blocker", "no_trademark", "title");
    assert_eq!(title, "No trademark registered in China");
}

#[test]
fn german_industrial_machinery_maker_is_pointed_to_baidu_first() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[
        ("industry", &["industrial"]),
        ("business_model", &["b2b"]),
        ("goals", &["distributor", "b2b_leads"]),
        ("website", &["china_hosted"]),
    ]));
    assert_eq!(report.channels[0].id.as_str(), "baidu");
    for consumer in ["xiaohongshu", "douyin", "bilibili"] {
        let fit = report.channels[rank(&report, consumer)].fit;
        assert!(fit < 20, "{consumer} fit {fit} for an industrial B2B brand");
    }
}

#[test]
fn luxury_fashion_with_a_big_budget_sees_weibo_among_its_channels_and_is_a_strong_lead() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[
        ("industry", &["fashion_luxury"]),
        ("business_model", &["b2c"]),
        ("audience_age", &["age_25_34", "age_35_49"]),
        ("audience_gender", &["mostly_women"]),
        ("goals", &["awareness", "reputation"]),
        ("trademark", &["registered"]),
        ("chinese_name", &["registered"]),
        ("website", &["china_hosted"]),
        ("compliance", &["not_required"]),
        ("content", &["short_video", "images"]),
        ("selling", &["chinese_entity"]),
        ("customer_service", &["chinese_team"]),
        ("budget", &["over_50k"]),
        ("timeline", &["within_3_months"]),
    ]));
    assert!(
        rank(&report, "weibo") < 4,
        "weibo ranks {}",
        rank(&report, "weibo")
    );
    assert_eq!(report.grade.letter, "A");
    assert_eq!(report.tier.as_str(), "scale_ready");
    assert!(report.blockers.is_empty());
}

#[test]
fn an_explorer_with_nothing_in_place_is_graded_low_and_told_to_start_with_foundations() {
    let quiz = quiz();
    let report = quiz.score(&answers(&[
        ("industry", &["beauty"]),
        ("business_model", &["b2c"]),
        ("trademark", &["none"]),
        ("chinese_name", &["none"]),
        ("website", &["english_only"]),
        ("compliance", &["not_started"]),
        ("content", &["none"]),
        ("selling", &["not_yet"]),
        ("customer_service", &["none"]),
        ("budget", &["under_2k"]),
        ("timeline", &["exploring"]),
    ]));
    assert_eq!(report.tier.as_str(), "exploring");
    assert_eq!(report.grade.letter, "D");
    let steps: Vec<&str> = report.next_steps.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        steps,
        ["register_trademark", "product_compliance", "fix_website"]
    );
}
