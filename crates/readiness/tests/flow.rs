//! The quiz's mechanics apart from scoring: exclusive options, navigation over the shown
//! questions, language negotiation, and the compact bundle the widget embeds.

use readiness::testing::{answers, quiz};
use readiness::{OptionId, QuestionId};

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
        "the three consumer questions drop out; compliance still may come"
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
fn the_bundle_round_trips_and_keeps_the_version() {
    let quiz = quiz();
    let decoded = readiness::bundle::decode(&readiness::bundle::encode(&quiz)).unwrap();
    assert_eq!(decoded.version(), quiz.version());
    assert!(readiness::bundle::decode(&[1, 2, 3]).is_err());
}
