//! Archetypes a China-marketing strategist checks the model against: each a complete
//! answer set and what the strategist expects of the report (the brief's "Rules of thumb",
//! `shared/brief/china-channels.md`). One table row per brand; the test names the row that
//! fails and everything it got wrong.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use readiness::score::Assessment;
use readiness::testing::{answers, quiz};
use readiness::Report;

type Answer = (&'static str, &'static [&'static str]);

/// What a strategist expects of one brand's report.
#[derive(Default)]
struct Expect {
    /// Must be among the "start here" channels.
    start: &'static [&'static str],
    /// Must be among the first two "start here" channels.
    start_top_two: &'static [&'static str],
    /// Must not be a "start here" channel.
    not_start: &'static [&'static str],
    /// Must be able to start now, named among the first or not.
    can_start: &'static [&'static str],
    /// Must be named as "later, once …".
    later: &'static [&'static str],
    /// Blockers that must be found.
    blockers: &'static [&'static str],
    /// Blockers that must not be found.
    no_blockers: &'static [&'static str],
    /// Next steps that must appear.
    steps: &'static [&'static str],
    /// Next steps that must not appear.
    no_steps: &'static [&'static str],
    /// Readiness within this band (inclusive).
    readiness: (u8, u8),
    /// Grade letters acceptable (empty: any).
    grades: &'static [&'static str],
}

/// A brand, its answers and the strategist's expectations; `None` expects no verdict.
struct Archetype {
    name: &'static str,
    answers: &'static [Answer],
    expect: Option<Expect>,
}

const LUXURY: &[Answer] = &[
    ("industry", &["fashion_luxury"]),
    ("business_model", &["b2c"]),
    ("audience_age", &["age_25_34", "age_35_49"]),
    ("audience_gender", &["mostly_women"]),
    ("market", &["luxury"]),
    ("goals", &["retention", "awareness"]),
    ("trademark", &["registered"]),
    ("chinese_name", &["registered"]),
    ("website", &["china_hosted"]),
    ("compliance", &["not_required"]),
    ("content", &["short_video", "images"]),
    ("selling", &["chinese_entity"]),
    ("customer_service", &["chinese_team"]),
    ("budget", &["over_50k"]),
    ("timeline", &["within_3_months"]),
];

/// A beauty brand with its foundations in place, at the budget given.
macro_rules! beauty_at {
    ($budget:literal) => {
        &[
            ("industry", &["beauty"]),
            ("business_model", &["b2c"]),
            ("audience_age", &["age_25_34"]),
            ("audience_gender", &["mostly_women"]),
            ("market", &["premium_urban"]),
            ("goals", &["awareness", "online_sales"]),
            ("trademark", &["registered"]),
            ("chinese_name", &["registered"]),
            ("website", &["chinese_fast"]),
            ("compliance", &["certified"]),
            ("content", &["images", "short_video"]),
            ("selling", &["direct_shipping"]),
            ("customer_service", &["partner"]),
            ("budget", &[$budget]),
            ("timeline", &["months_3_to_6"]),
        ]
    };
}

fn archetypes() -> Vec<Archetype> {
    vec![
        Archetype {
            name: "luxury house with stores, retention goal and a big budget",
            answers: LUXURY,
            expect: Some(Expect {
                start: &["wechat", "xiaohongshu"],
                start_top_two: &["wechat"],
                not_start: &["kuaishou", "bilibili", "zhihu"],
                no_blockers: &["no_trademark", "no_compliance", "no_chinese_service"],
                no_steps: &[
                    "register_trademark",
                    "fix_website",
                    "chinese_service",
                    "chinese_name",
                ],
                readiness: (80, 100),
                grades: &["A"],
                ..Expect::default()
            }),
        },
        Archetype {
            name: "German machinery maker looking for distributors",
            answers: &[
                ("industry", &["industrial"]),
                ("business_model", &["b2b"]),
                ("goals", &["distributor", "b2b_leads"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["none"]),
                ("website", &["chinese_fast"]),
                ("compliance", &["certified"]),
                ("content", &["articles"]),
                ("selling", &["not_yet"]),
                ("customer_service", &["partner"]),
                ("budget", &["from_5k_to_15k"]),
                ("timeline", &["months_6_to_12"]),
            ],
            expect: Some(Expect {
                start_top_two: &["wechat", "baidu"],
                not_start: &[
                    "xiaohongshu",
                    "douyin",
                    "kuaishou",
                    "zhihu",
                    "bilibili",
                    "cross_border",
                ],
                steps: &["find_distributor", "chinese_name"],
                no_steps: &[
                    "register_trademark",
                    "start_cross_border",
                    "ccc_certification",
                ],
                readiness: (45, 75),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "Finnish B2B SaaS after leads on a small budget",
            answers: &[
                ("industry", &["software_saas"]),
                ("business_model", &["b2b"]),
                ("goals", &["b2b_leads", "reputation"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["unregistered"]),
                ("website", &["chinese_fast"]),
                ("content", &["articles"]),
                ("selling", &["distributor"]),
                ("customer_service", &["partner"]),
                ("budget", &["from_2k_to_5k"]),
                ("timeline", &["months_3_to_6"]),
            ],
            expect: Some(Expect {
                start: &["wechat"],
                not_start: &[
                    "douyin",
                    "xiaohongshu",
                    "kuaishou",
                    "cross_border",
                    "weibo",
                    "baidu",
                ],
                later: &["baidu"],
                steps: &["register_chinese_name"],
                no_steps: &["find_distributor", "register_trademark"],
                readiness: (55, 85),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "Gen Z indie game studio without a publishing licence",
            answers: &[
                ("industry", &["games_entertainment"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["under_25"]),
                ("audience_gender", &["mostly_men"]),
                ("market", &["premium_urban"]),
                ("goals", &["awareness", "online_sales"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["none"]),
                ("website", &["english_only"]),
                ("compliance", &["not_started"]),
                ("content", &["long_video", "short_video"]),
                ("selling", &["not_yet"]),
                ("customer_service", &["english_only"]),
                ("budget", &["from_5k_to_15k"]),
                ("timeline", &["months_6_to_12"]),
            ],
            expect: Some(Expect {
                start_top_two: &["bilibili"],
                not_start: &["douyin", "kuaishou", "weibo", "cross_border", "baidu"],
                blockers: &["no_game_licence", "website_blocked"],
                steps: &["game_licence"],
                readiness: (25, 55),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "game publisher with its licence and a big budget",
            answers: &[
                ("industry", &["games_entertainment"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["under_25", "age_25_34"]),
                ("audience_gender", &["mixed"]),
                ("market", &["mass_market"]),
                ("goals", &["awareness"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["china_hosted"]),
                ("compliance", &["certified"]),
                ("content", &["long_video", "short_video", "livestream"]),
                ("selling", &["chinese_entity"]),
                ("customer_service", &["chinese_team"]),
                ("budget", &["over_50k"]),
                ("timeline", &["within_3_months"]),
            ],
            expect: Some(Expect {
                start: &["bilibili", "douyin"],
                not_start: &["cross_border", "zhihu", "baidu"],
                no_blockers: &["no_game_licence"],
                no_steps: &["game_licence", "finish_compliance"],
                readiness: (85, 100),
                grades: &["A"],
                ..Expect::default()
            }),
        },
        Archetype {
            name: "mass-market snacks for lower-tier cities",
            answers: &[
                ("industry", &["food_beverage"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["age_35_49", "over_50"]),
                ("audience_gender", &["mixed"]),
                ("market", &["mass_market"]),
                ("goals", &["online_sales", "awareness"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["chinese_fast"]),
                ("compliance", &["certified"]),
                ("content", &["short_video", "livestream"]),
                ("selling", &["distributor", "chinese_entity"]),
                ("customer_service", &["chinese_team"]),
                ("budget", &["from_15k_to_50k"]),
                ("timeline", &["months_3_to_6"]),
            ],
            expect: Some(Expect {
                start: &["kuaishou", "douyin"],
                not_start: &["zhihu", "bilibili", "weibo", "xiaohongshu"],
                steps: &["support_distributor"],
                no_steps: &["find_distributor", "gacc_registration"],
                readiness: (75, 100),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "Nordic tourism board",
            answers: &[
                ("industry", &["tourism"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["age_25_34", "age_35_49"]),
                ("audience_gender", &["mixed"]),
                ("market", &["premium_urban"]),
                ("goals", &["awareness", "reputation"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["chinese_fast"]),
                ("content", &["images", "short_video"]),
                ("selling", &["not_yet"]),
                ("customer_service", &["partner"]),
                ("budget", &["from_15k_to_50k"]),
                ("timeline", &["months_3_to_6"]),
            ],
            expect: Some(Expect {
                start: &["xiaohongshu", "douyin", "wechat"],
                not_start: &["cross_border", "kuaishou", "zhihu", "bilibili"],
                steps: &["travel_platforms"],
                no_steps: &["sales_route", "start_cross_border"],
                readiness: (65, 95),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "university recruiting Chinese students",
            answers: &[
                ("industry", &["education"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["under_25", "age_25_34"]),
                ("audience_gender", &["mixed"]),
                ("market", &["premium_urban"]),
                ("goals", &["reputation", "awareness"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["chinese_google"]),
                ("content", &["articles", "long_video"]),
                ("selling", &["not_yet"]),
                ("customer_service", &["partner"]),
                ("budget", &["from_5k_to_15k"]),
                ("timeline", &["months_3_to_6"]),
            ],
            expect: Some(Expect {
                start: &["wechat"],
                not_start: &["kuaishou", "cross_border", "weibo", "baidu"],
                later: &["baidu"],
                blockers: &["website_blocked"],
                steps: &["fix_website"],
                readiness: (50, 85),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "K-beauty style brand selling cross-border before its NMPA filing",
            answers: &[
                ("industry", &["beauty"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["under_25", "age_25_34"]),
                ("audience_gender", &["mostly_women"]),
                ("market", &["premium_urban"]),
                ("goals", &["online_sales", "awareness"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["chinese_fast"]),
                ("compliance", &["not_started"]),
                ("content", &["images", "short_video"]),
                ("selling", &["cross_border_store"]),
                ("customer_service", &["partner"]),
                ("budget", &["from_15k_to_50k"]),
                ("timeline", &["within_3_months"]),
            ],
            expect: Some(Expect {
                start: &["xiaohongshu", "cross_border"],
                blockers: &["no_nmpa"],
                steps: &["nmpa_filing", "grow_store"],
                no_steps: &["start_cross_border", "sales_route"],
                readiness: (55, 85),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "beauty start-up under €2k with nothing in place",
            answers: &[
                ("industry", &["beauty"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["age_25_34"]),
                ("audience_gender", &["mostly_women"]),
                ("market", &["premium_urban"]),
                ("goals", &["online_sales"]),
                ("trademark", &["none"]),
                ("chinese_name", &["none"]),
                ("website", &["english_only"]),
                ("compliance", &["not_started"]),
                ("content", &["images"]),
                ("selling", &["not_yet"]),
                ("customer_service", &["none"]),
                ("budget", &["under_2k"]),
                ("timeline", &["within_3_months"]),
            ],
            expect: Some(Expect {
                not_start: &[
                    "weibo",
                    "cross_border",
                    "douyin",
                    "xiaohongshu",
                    "kuaishou",
                    "wechat",
                ],
                later: &["xiaohongshu"],
                blockers: &["no_trademark", "no_nmpa", "no_chinese_service"],
                steps: &["register_trademark"],
                readiness: (0, 34),
                grades: &["C", "D"],
                ..Expect::default()
            }),
        },
        Archetype {
            name: "supplement brand shipping direct, no blue hat yet",
            answers: &[
                ("industry", &["health_wellness"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["age_35_49", "over_50"]),
                ("audience_gender", &["mostly_women"]),
                ("market", &["premium_urban"]),
                ("goals", &["online_sales"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["unregistered"]),
                ("website", &["chinese_fast"]),
                ("compliance", &["not_started"]),
                ("content", &["images", "articles"]),
                ("selling", &["direct_shipping"]),
                ("customer_service", &["partner"]),
                ("budget", &["from_5k_to_15k"]),
                ("timeline", &["months_3_to_6"]),
            ],
            expect: Some(Expect {
                start: &["wechat", "xiaohongshu"],
                later: &["cross_border"],
                blockers: &["no_blue_hat"],
                steps: &["blue_hat"],
                no_steps: &["register_trademark"],
                readiness: (45, 75),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "consumer electronics brand for young men, CCC not started",
            answers: &[
                ("industry", &["consumer_tech"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["under_25", "age_25_34"]),
                ("audience_gender", &["mostly_men"]),
                ("market", &["premium_urban"]),
                ("goals", &["awareness", "online_sales"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["chinese_fast"]),
                ("compliance", &["not_started"]),
                ("content", &["long_video", "short_video"]),
                ("selling", &["cross_border_store"]),
                ("customer_service", &["chinese_team"]),
                ("budget", &["from_15k_to_50k"]),
                ("timeline", &["months_3_to_6"]),
            ],
            expect: Some(Expect {
                start_top_two: &["bilibili"],
                not_start: &["kuaishou", "zhihu"],
                blockers: &["no_ccc"],
                steps: &["ccc_certification", "grow_store"],
                no_steps: &["start_cross_border"],
                readiness: (60, 90),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "wine exporter looking for an importer, trademark pending",
            answers: &[
                ("industry", &["food_beverage"]),
                ("business_model", &["b2b"]),
                ("goals", &["distributor"]),
                ("trademark", &["pending"]),
                ("chinese_name", &["none"]),
                ("website", &["english_only"]),
                ("compliance", &["in_progress"]),
                ("content", &["none"]),
                ("selling", &["not_yet"]),
                ("customer_service", &["english_only"]),
                ("budget", &["from_2k_to_5k"]),
                ("timeline", &["months_6_to_12"]),
            ],
            expect: Some(Expect {
                start: &["wechat"],
                not_start: &["douyin", "xiaohongshu", "kuaishou", "weibo", "cross_border"],
                no_blockers: &["no_trademark", "trademark_unknown", "no_gacc"],
                steps: &["trademark_pending", "fix_website"],
                no_steps: &["register_trademark", "check_trademark"],
                readiness: (15, 45),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "fashion label with a pending trademark",
            answers: &[
                ("industry", &["fashion_luxury"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["under_25", "age_25_34"]),
                ("audience_gender", &["mostly_women"]),
                ("market", &["premium_urban"]),
                ("goals", &["awareness", "online_sales"]),
                ("trademark", &["pending"]),
                ("chinese_name", &["registered"]),
                ("website", &["chinese_fast"]),
                ("compliance", &["not_required"]),
                ("content", &["images"]),
                ("selling", &["cross_border_store"]),
                ("customer_service", &["partner"]),
                ("budget", &["from_5k_to_15k"]),
                ("timeline", &["months_3_to_6"]),
            ],
            expect: Some(Expect {
                start_top_two: &["xiaohongshu"],
                not_start: &["kuaishou", "zhihu", "weibo", "douyin"],
                no_blockers: &["no_trademark"],
                steps: &["trademark_pending", "grow_store"],
                no_steps: &["register_trademark", "start_cross_border"],
                readiness: (60, 90),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "kitchenware maker selling to consumers and retailers through a distributor",
            answers: &[
                ("industry", &["other"]),
                ("business_model", &["both"]),
                ("audience_age", &["age_25_34", "age_35_49"]),
                ("audience_gender", &["mixed"]),
                ("market", &["premium_urban"]),
                ("goals", &["online_sales", "distributor"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["chinese_fast"]),
                ("compliance", &["not_required"]),
                ("content", &["images", "short_video"]),
                ("selling", &["distributor"]),
                ("customer_service", &["partner"]),
                ("budget", &["from_5k_to_15k"]),
                ("timeline", &["months_6_to_12"]),
            ],
            expect: Some(Expect {
                start: &["wechat"],
                not_start: &["kuaishou", "bilibili", "zhihu", "weibo", "douyin"],
                steps: &["support_distributor"],
                no_steps: &["find_distributor", "product_compliance"],
                readiness: (65, 95),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "fashion label for Gen Z women",
            answers: &[
                ("industry", &["fashion_luxury"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["under_25"]),
                ("audience_gender", &["mostly_women"]),
                ("market", &["premium_urban"]),
                ("goals", &["awareness", "online_sales"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["chinese_fast"]),
                ("compliance", &["not_required"]),
                ("content", &["images", "short_video"]),
                ("selling", &["cross_border_store"]),
                ("customer_service", &["partner"]),
                ("budget", &["from_15k_to_50k"]),
                ("timeline", &["within_3_months"]),
            ],
            expect: Some(Expect {
                start_top_two: &["xiaohongshu"],
                not_start: &["kuaishou", "zhihu", "baidu"],
                steps: &["grow_store"],
                no_steps: &["start_cross_border"],
                readiness: (70, 100),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "B2B ingredients supplier in health",
            answers: &[
                ("industry", &["health_wellness"]),
                ("business_model", &["b2b"]),
                ("goals", &["b2b_leads", "distributor"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["china_hosted"]),
                ("compliance", &["certified"]),
                ("content", &["articles"]),
                ("selling", &["distributor"]),
                ("customer_service", &["chinese_team"]),
                ("budget", &["from_5k_to_15k"]),
                ("timeline", &["months_3_to_6"]),
            ],
            expect: Some(Expect {
                start_top_two: &["wechat", "baidu"],
                not_start: &[
                    "douyin",
                    "xiaohongshu",
                    "kuaishou",
                    "weibo",
                    "cross_border",
                    "bilibili",
                ],
                steps: &["trade_fairs"],
                no_steps: &["blue_hat", "find_distributor", "fix_website"],
                readiness: (75, 100),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "home appliances for older buyers in smaller cities",
            answers: &[
                ("industry", &["consumer_tech"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["age_35_49", "over_50"]),
                ("audience_gender", &["mixed"]),
                ("market", &["mass_market"]),
                ("goals", &["online_sales"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["chinese_fast"]),
                ("compliance", &["certified"]),
                ("content", &["short_video", "livestream"]),
                ("selling", &["chinese_entity"]),
                ("customer_service", &["chinese_team"]),
                ("budget", &["from_15k_to_50k"]),
                ("timeline", &["months_3_to_6"]),
            ],
            expect: Some(Expect {
                start: &["kuaishou", "douyin"],
                not_start: &["xiaohongshu", "zhihu", "weibo"],
                readiness: (80, 100),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "luxury watchmaker nobody answers for in Chinese",
            answers: &[
                ("industry", &["fashion_luxury"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["age_35_49"]),
                ("audience_gender", &["mostly_men"]),
                ("market", &["luxury"]),
                ("goals", &["reputation", "retention"]),
                ("trademark", &["registered"]),
                ("chinese_name", &["registered"]),
                ("website", &["chinese_fast"]),
                ("compliance", &["not_required"]),
                ("content", &["images"]),
                ("selling", &["distributor"]),
                ("customer_service", &["none"]),
                ("budget", &["from_15k_to_50k"]),
                ("timeline", &["months_6_to_12"]),
            ],
            expect: Some(Expect {
                not_start: &["wechat", "kuaishou"],
                later: &["wechat"],
                blockers: &["no_chinese_service"],
                steps: &["chinese_service"],
                readiness: (55, 85),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "unsure beauty brand: budget and trademark unknown",
            answers: &[
                ("industry", &["beauty"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["age_25_34"]),
                ("audience_gender", &["mostly_women"]),
                ("market", &["premium_urban"]),
                ("goals", &["online_sales"]),
                ("trademark", &["dont_know"]),
                ("chinese_name", &["none"]),
                ("website", &["dont_know"]),
                ("compliance", &["dont_know"]),
                ("content", &["images"]),
                ("selling", &["direct_shipping"]),
                ("customer_service", &["partner"]),
                ("budget", &["dont_know"]),
                ("timeline", &["months_6_to_12"]),
            ],
            expect: Some(Expect {
                not_start: &["douyin", "cross_border", "weibo", "xiaohongshu", "kuaishou"],
                blockers: &["trademark_unknown", "no_nmpa", "website_blocked"],
                steps: &["check_trademark"],
                no_steps: &["register_trademark", "fix_website"],
                readiness: (10, 45),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "someone who answers “I don’t know” wherever they can",
            answers: &[
                ("industry", &["beauty"]),
                ("business_model", &["b2c"]),
                ("audience_age", &["dont_know"]),
                ("audience_gender", &["dont_know"]),
                ("market", &["dont_know"]),
                ("goals", &["online_sales"]),
                ("trademark", &["dont_know"]),
                ("chinese_name", &["dont_know"]),
                ("website", &["dont_know"]),
                ("compliance", &["dont_know"]),
                ("content", &["none"]),
                ("selling", &["not_yet"]),
                ("customer_service", &["none"]),
                ("budget", &["dont_know"]),
                ("timeline", &["exploring"]),
            ],
            expect: None,
        },
        Archetype {
            name: "a visitor who answered only the industry and the budget",
            answers: &[("industry", &["beauty"]), ("budget", &["over_50k"])],
            expect: None,
        },
        Archetype {
            name: "no answers at all",
            answers: &[],
            expect: None,
        },
        Archetype {
            name: "beauty brand at under €2,000 a month",
            answers: beauty_at!("under_2k"),
            expect: Some(Expect {
                start: &["xiaohongshu", "wechat"],
                not_start: &[
                    "weibo",
                    "cross_border",
                    "douyin",
                    "kuaishou",
                    "bilibili",
                    "baidu",
                ],
                later: &["douyin", "cross_border"],
                steps: &["budget_plan"],
                readiness: (55, 80),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "beauty brand at €2,000 to €5,000 a month",
            answers: beauty_at!("from_2k_to_5k"),
            expect: Some(Expect {
                start: &["xiaohongshu", "wechat"],
                not_start: &["weibo", "cross_border", "douyin", "kuaishou"],
                later: &["douyin", "cross_border"],
                readiness: (60, 85),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "beauty brand at €5,000 to €15,000 a month",
            answers: beauty_at!("from_5k_to_15k"),
            expect: Some(Expect {
                start_top_two: &["xiaohongshu"],
                not_start: &["weibo", "douyin", "cross_border"],
                later: &["douyin"],
                readiness: (65, 90),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "beauty brand at €15,000 to €50,000 a month",
            answers: beauty_at!("from_15k_to_50k"),
            expect: Some(Expect {
                start: &["xiaohongshu", "douyin"],
                can_start: &["cross_border"],
                no_steps: &["budget_plan"],
                readiness: (70, 95),
                ..Expect::default()
            }),
        },
        Archetype {
            name: "beauty brand at over €50,000 a month",
            answers: beauty_at!("over_50k"),
            expect: Some(Expect {
                start: &["xiaohongshu", "douyin"],
                can_start: &["cross_border", "weibo", "kuaishou"],
                no_steps: &["budget_plan", "set_budget"],
                readiness: (70, 100),
                ..Expect::default()
            }),
        },
    ]
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
    let mut wrong = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            wrong.push(what);
        }
    };
    for c in expect.start {
        check(start.contains(c), format!("{c} should start now"));
    }
    for c in expect.start_top_two {
        check(
            start.iter().take(2).any(|s| s == c),
            format!("{c} should be among the first two to start"),
        );
    }
    for c in expect.not_start {
        check(!start.contains(c), format!("{c} should not start now"));
    }
    for c in expect.can_start {
        let status = report
            .channels
            .iter()
            .find(|f| f.id.as_str() == *c)
            .map(|f| f.status.can_start());
        check(
            status == Some(true),
            format!("{c} should be able to start now"),
        );
    }
    for c in expect.later {
        check(later.contains(c), format!("{c} should be named as later"));
    }
    for b in expect.blockers {
        check(blockers.contains(b), format!("blocker {b} missing"));
    }
    for b in expect.no_blockers {
        check(
            !blockers.contains(b),
            format!("blocker {b} should not be found"),
        );
    }
    for s in expect.steps {
        check(steps.contains(s), format!("step {s} missing"));
    }
    for s in expect.no_steps {
        check(!steps.contains(s), format!("step {s} should not appear"));
    }
    let (low, high) = expect.readiness;
    check(
        (low..=high).contains(&report.readiness),
        format!("readiness {} outside {low}..={high}", report.readiness),
    );
    check(
        expect.grades.is_empty() || expect.grades.contains(&report.grade.letter.as_str()),
        format!("grade {} not in {:?}", report.grade.letter, expect.grades),
    );
    if !wrong.is_empty() {
        let fits: Vec<String> = report
            .channels
            .iter()
            .map(|c| format!("{} {} {}", c.id, c.fit, c.status.as_str()))
            .collect();
        wrong.push(format!(
            "(start {start:?}, later {later:?}, blockers {blockers:?}, steps {steps:?}, fits {fits:?})"
        ));
    }
    wrong
}

#[test]
fn every_archetype_gets_the_report_a_strategist_expects() {
    let quiz = quiz();
    let cases = archetypes();
    assert!(cases.len() >= 25, "the suite covers at least 25 archetypes");
    let mut failures = Vec::new();
    for case in &cases {
        let assessment = quiz.assess(&answers(case.answers));
        match (&case.expect, &assessment) {
            (Some(expect), Assessment::Scored(report)) => {
                let wrong = mismatches(report, expect);
                if !wrong.is_empty() {
                    failures.push(format!("{}:\n    {}", case.name, wrong.join("\n    ")));
                }
            }
            (Some(_), Assessment::NotEnoughAnswers(shortfall)) => failures.push(format!(
                "{}: expected a report, got no verdict ({shortfall:?})",
                case.name
            )),
            (None, Assessment::Scored(report)) => failures.push(format!(
                "{}: expected no verdict, got readiness {} and channels {:?}",
                case.name,
                report.readiness,
                ids(report.start_here())
            )),
            (None, Assessment::NotEnoughAnswers(_)) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} archetypes fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_archetypes_cover_every_industry_business_model_and_budget_band() {
    let quiz = quiz();
    let cases = archetypes();
    for question in ["industry", "business_model", "budget", "market"] {
        let q = quiz.question(&question.parse().unwrap()).unwrap();
        for option in &q.options {
            let covered = cases.iter().any(|case| {
                case.answers
                    .iter()
                    .any(|(id, chosen)| *id == question && chosen.contains(&option.id.as_str()))
            });
            assert!(covered, "no archetype answers {question} = {}", option.id);
        }
    }
}

#[test]
fn too_few_answers_give_no_verdict_and_name_what_is_missing() {
    let quiz = quiz();
    let given = answers(&[("industry", &["beauty"]), ("budget", &["over_50k"])]);
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
    let report = quiz.assess(&answers(beauty_at!("over_50k")));
    let mut unfiled = answers(beauty_at!("over_50k"));
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
