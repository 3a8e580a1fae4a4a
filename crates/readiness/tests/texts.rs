//! Every text exists in every language.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use readiness::testing::quiz;

const LOCALES: [&str; 4] = ["en", "fr", "de", "zh-Hans"];

#[test]
fn the_quiz_ships_english_french_german_and_simplified_chinese() {
    let quiz = quiz();
    let mut locales: Vec<&str> = quiz.locales().into_iter().map(|l| l.as_str()).collect();
    locales.sort_unstable();
    assert_eq!(locales, ["de", "en", "fr", "zh-Hans"]);
}

#[test]
fn every_question_option_and_model_item_has_its_own_text_in_every_language() {
    let quiz = quiz();
    for locale in LOCALES {
        let texts = quiz.texts(locale);
        let english = quiz.texts("en");
        for question in quiz.questions() {
            let id = question.id.as_str();
            assert!(
                !texts.question_title(id).contains("[missing"),
                "{locale} {id}"
            );
            if locale != "en" {
                assert_ne!(
                    texts.question_title(id),
                    english.question_title(id),
                    "{locale}: {id} is not translated"
                );
            }
            for option in &question.options {
                assert!(
                    !texts
                        .option_label(id, option.id.as_str())
                        .contains("[missing"),
                    "{locale} {id}.{}",
                    option.id
                );
            }
        }
        for channel in quiz.channels() {
            assert!(
                !texts
                    .item("channel", channel.id.as_str(), "summary")
                    .contains("[missing"),
                "{locale} {}",
                channel.id
            );
        }
        for key in readiness::load::required_ui_keys() {
            assert!(!texts.get(&key).contains("[missing"), "{locale} {key}");
        }
    }
}

#[test]
fn each_language_has_its_own_consent_text_hash() {
    let quiz = quiz();
    let contact = quiz
        .consents()
        .iter()
        .find(|c| c.id.as_str() == "contact")
        .unwrap();
    let hashes: Vec<&str> = LOCALES
        .iter()
        .filter_map(|l| contact.text_hash(l))
        .collect();
    assert_eq!(hashes.len(), 4);
    assert!(hashes.iter().all(|h| h.len() == 16));
    assert_ne!(hashes[0], hashes[1]);
}
