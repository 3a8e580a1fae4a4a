#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use super::*;
use crate::db::NotifyChannel;

fn quiz() -> readiness::Quiz {
    readiness::testing::quiz()
}

const EXAMPLE: &str = include_str!("../../../../examples/routing/routing.toml");

fn facts(
    grade: Option<&str>,
    start_here: &[&str],
    language: &str,
    country: &str,
    industry: &str,
) -> Facts {
    Facts {
        grade: grade.map(str::to_owned),
        start_here: start_here.iter().map(|c| (*c).to_owned()).collect(),
        language: language.to_owned(),
        country: country.to_owned(),
        industry: vec![industry.to_owned()],
    }
}

#[test]
fn the_first_rule_that_holds_wins_and_the_default_takes_the_rest() {
    let rules = RuleSet::parse("routing.toml", EXAMPLE, &quiz()).unwrap();
    let beauty = "Beauty and fashion, grade A or B: the consumer desk";
    let tmall = "Cross-border e-commerce now: the Tmall Global team";
    let dach = "German-speaking brands: the DACH team";
    // (facts, the rule it meets)
    let cases = [
        (
            facts(Some("A"), &["xiaohongshu"], "en", "FR", "beauty"),
            beauty,
        ),
        (
            facts(Some("B"), &["cross_border"], "de", "DE", "fashion_luxury"),
            beauty,
        ), // first wins
        (
            facts(Some("C"), &["cross_border"], "de", "DE", "beauty"),
            tmall,
        ), // grade C: not the desk
        (
            facts(
                Some("C"),
                &["douyin", "cross_border"],
                "en",
                "GB",
                "food_beverage",
            ),
            tmall,
        ),
        (
            facts(Some("D"), &["wechat"], "de", "AT", "industrial"),
            dach,
        ),
        (facts(None, &[], "en", "CH", "beauty"), dach), // no verdict: no grade, still a country
        (
            facts(Some("A"), &["wechat"], "en", "US", "software_saas"),
            "default",
        ),
        (facts(None, &[], "zh-Hans", "CN", "other"), "default"),
    ];
    for (facts, rule) in cases {
        assert_eq!(rules.route(&facts).rule, rule, "{facts:?}");
    }
    let desk = rules
        .route(&facts(Some("A"), &[], "en", "FR", "beauty"))
        .owed;
    let owed: Vec<(NotifyChannel, Option<&str>)> = desk
        .iter()
        .map(|o| (o.channel, o.target.as_deref()))
        .collect();
    assert_eq!(
        owed,
        [
            (NotifyChannel::Webhook, Some("crm")),
            (NotifyChannel::Email, Some("consumer-desk@agency.example")),
            (NotifyChannel::Slack, Some("enterprise")),
        ]
    );
}

#[test]
fn without_a_rules_file_every_configured_channel_is_owed_and_no_rule_named() {
    let routing = Routing::Everyone(vec![NotifyChannel::Webhook, NotifyChannel::Teams]);
    let (rule, owed) = routing.route(&Facts::default());
    assert_eq!(rule, None);
    assert!(owed.iter().all(|o| o.target.is_none()) && owed.len() == 2);
    let named = Send {
        webhook: Some(CONFIGURED.to_owned()),
        ..Send::default()
    };
    assert_eq!(
        named.owed()[0].target,
        None,
        "`default` is the environment's webhook"
    );
}

#[test]
fn explain_says_each_condition_and_what_the_lead_says() {
    let rules = RuleSet::parse("routing.toml", EXAMPLE, &quiz()).unwrap();
    let text = rules.explain(&facts(Some("C"), &["cross_border"], "de", "DE", "beauty"));
    assert!(
        text.contains("rule 1 “Beauty and fashion, grade A or B: the consumer desk”:"),
        "{text}"
    );
    assert!(
        text.contains("  grade is A or B: no (the lead: C)"),
        "{text}"
    );
    assert!(
        text.contains("  industry is beauty or fashion_luxury: yes (the lead: beauty)"),
        "{text}"
    );
    assert!(
        text.contains("→ met: email to tmall-team@agency.example; webhook `crm`"),
        "{text}"
    );
    assert!(
        !text.contains("DACH"),
        "rules after the one met are not tried: {text}"
    );
    let text = rules.explain(&facts(Some("A"), &[], "en", "US", "software_saas"));
    assert!(
        text.ends_with("→ no rule met: the default, email to sales@agency.example; webhook `crm`"),
        "{text}"
    );
}

#[test]
fn a_bad_file_gets_every_problem_at_once_each_with_its_place() {
    let bad = r#"
[webhooks]
crm = "ftp://crm.example"
[[rule]]
name = "Typos"
grade = ["E"]
start_here = ["tiktok"]
language = ["es"]
country = ["Germany"]
industry = ["beuty"]
email = ["not-an-address"]
slack = "nowhere"
[[rule]]
name = "Typos"
webhook = "crm"
"#;
    let problems = RuleSet::parse("routing.toml", bad, &quiz()).unwrap_err();
    for expected in [
        "routing.toml: [webhooks] crm: `ftp://crm.example` must be an https URL with a host",
        "routing.toml: rule 1 “Typos”: grade: `E` is not one of A, B, C, D",
        "routing.toml: rule 1 “Typos”: start_here: `tiktok` is not one of wechat,",
        "routing.toml: rule 1 “Typos”: language: `es` is not one of",
        "routing.toml: rule 1 “Typos”: industry: `beuty` is not one of beauty,",
        "routing.toml: rule 1 “Typos”: country: `Germany` is not an ISO 3166-1 alpha-2 code",
        "routing.toml: rule 2 “Typos”: name: another rule has this name",
        "routing.toml: [default]: missing",
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "{expected}\nin {problems:#?}"
        );
    }
    let unknown = RuleSet::parse(
        "routing.toml",
        "[default]\nemail = [\"a@b.example\"]\n[[rule]]\nname = \"x\"\ngrades = [\"A\"]\n",
        &quiz(),
    )
    .unwrap_err();
    assert!(unknown[0].contains("unknown field `grades`"), "{unknown:?}");
    let names = RuleSet::parse(
        "routing.toml",
        "[default]\nemail = [\"x\"]\nslack = \"ops\"\n",
        &quiz(),
    )
    .unwrap_err();
    assert_eq!(
        names,
        [
            "routing.toml: [default]: email: `x` is not an email address",
            "routing.toml: [default]: slack: no [slack] entry named `ops` (nor is it `default`, the environment's)",
        ]
    );
}

#[test]
fn what_the_file_uses_must_be_configured() {
    let rules = RuleSet::parse("routing.toml", EXAMPLE, &quiz()).unwrap();
    let none = Available::default();
    let problems = rules.unavailable(none);
    assert!(
        problems
            .iter()
            .any(|p| p == "[default]: email needs an SMTP relay (INTAKE_SMTP_URL)"),
        "{problems:?}"
    );
    let smtp = Available { smtp: true, ..none };
    assert!(
        rules.unavailable(smtp).is_empty(),
        "named destinations need nothing more"
    );
    let env = RuleSet::parse("routing.toml", "[default]\nteams = \"default\"\n", &quiz()).unwrap();
    assert_eq!(
        env.unavailable(smtp),
        ["[default]: teams `default` needs INTAKE_TEAMS_WEBHOOK_URL"]
    );
    assert!(env
        .unavailable(Available {
            teams: true,
            ..none
        })
        .is_empty());
}
