#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use super::*;

fn count(source: &str, step: &str, detail: &str, journeys: i64) -> Count {
    Count {
        page: "/china".into(),
        source: source.into(),
        campaign: String::new(),
        locale: "en".into(),
        step: step.into(),
        detail: detail.into(),
        journeys,
    }
}

#[test]
fn small_numbers_read_under_five_and_give_no_rate() {
    assert_eq!(shown(0), "<5");
    assert_eq!(shown(4), "<5");
    assert_eq!(shown(5), "5");
    assert_eq!(rate(4, 100), None, "a rate would tell the small number");
    assert_eq!(rate(50, 4), None);
    assert_eq!(rate(5, 10), Some(50));
    assert_eq!(rate(1, 3 * SMALLEST_SHOWN), None);
}

#[test]
fn a_question_skip_logic_hid_is_nobodys_drop_off() {
    let quiz = readiness::testing::quiz();
    // 40 started; "trademark" is shown to 30 and answered by 24; a question shown only to
    // some (skip logic) is measured over those it was shown to
    let counts = [
        count("newsletter", "started", "", 40),
        count("newsletter", "shown", "industry", 40),
        count("newsletter", "answered", "industry", 40),
        count("newsletter", "shown", "trademark", 30),
        count("newsletter", "answered", "trademark", 24),
        count("newsletter", "shown", "chinese_name", 6),
        count("newsletter", "answered", "chinese_name", 3),
        count("newsletter", "lead_sent", "", 12),
        count("ads", "started", "", 9),
        count("ads", "lead_sent", "", 2),
    ];
    let funnel = Funnel::of(&counts, &quiz);
    let reach = |id: &str| {
        funnel
            .questions
            .iter()
            .find(|q| q.question == id)
            .unwrap()
            .clone()
    };
    assert_eq!(reach("industry").drop_off(), Some(0));
    assert_eq!(
        reach("trademark").drop_off(),
        Some(20),
        "6 of the 30 shown it"
    );
    assert_eq!(
        reach("chinese_name").drop_off(),
        None,
        "3 of 6: too few to tell"
    );
    assert_eq!(reach("budget").shown, 0, "never shown: no drop-off at all");
    assert_eq!(reach("budget").drop_off(), None);
    assert_eq!(
        funnel.questions[0].question, "industry",
        "in the quiz's order"
    );
    assert_eq!((funnel.started, funnel.leads), (49, 14));
    assert_eq!(
        funnel.by_source,
        [
            Conversion {
                value: "newsletter".into(),
                started: 40,
                leads: 12
            },
            Conversion {
                value: "ads".into(),
                started: 9,
                leads: 2
            },
        ]
    );
    assert_eq!(
        rate(funnel.by_source[0].leads, funnel.by_source[0].started),
        Some(30)
    );
    assert_eq!(
        rate(funnel.by_source[1].leads, funnel.by_source[1].started),
        None,
        "2 leads: under 5"
    );
}
