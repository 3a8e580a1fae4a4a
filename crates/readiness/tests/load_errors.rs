//! A corrupted quiz is reported, naming the file, the item and the problem; never accepted.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use readiness::load::{load_dir, load_sources, LoadError, Sources};

fn shipped() -> Sources {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../quiz");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    Sources {
        model: read("model.toml"),
        questions: read("questions.toml"),
        locales: ["en", "fr", "de", "zh-Hans"]
            .iter()
            .map(|l| (l.to_string(), read(&format!("i18n/{l}.toml"))))
            .collect(),
    }
}

fn errors_of(sources: &Sources) -> Vec<LoadError> {
    match load_sources(sources) {
        Ok(_) => panic!("a corrupted quiz was accepted"),
        Err(errors) => errors.0,
    }
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "test setup: `{from}` not found");
    text.replacen(from, to, 1)
}

fn has(errors: &[LoadError], file: &str, item: &str, problem: &str) -> bool {
    errors
        .iter()
        .any(|e| e.file == file && e.item.contains(item) && e.problem.contains(problem))
}

#[test]
fn the_shipped_quiz_loads() {
    assert!(load_sources(&shipped()).is_ok());
}

#[test]
fn a_duplicate_question_id_is_reported() {
    let mut sources = shipped();
    sources.questions = replace(
        &sources.questions,
        "id = \"chinese_name\"",
        "id = \"trademark\"",
    );
    let errors = errors_of(&sources);
    assert!(
        has(
            &errors,
            "questions.toml",
            "question trademark",
            "duplicate id"
        ),
        "{errors:?}"
    );
}

#[test]
fn an_unknown_channel_in_an_option_is_reported_with_its_question_and_option() {
    let mut sources = shipped();
    sources.questions = replace(
        &sources.questions,
        "{ id = \"beauty\", channels = { xiaohongshu = 5",
        "{ id = \"beauty\", channels = { xiaohongsu = 5",
    );
    let errors = errors_of(&sources);
    assert!(
        has(
            &errors,
            "questions.toml",
            "question industry, option beauty",
            "unknown channel `xiaohongsu`"
        ),
        "{errors:?}"
    );
}

#[test]
fn weights_out_of_range_are_reported() {
    let mut sources = shipped();
    sources.questions = replace(
        &sources.questions,
        "points = { legal = 10 } }",
        "points = { legal = 42 } }",
    );
    let errors = errors_of(&sources);
    assert!(
        has(
            &errors,
            "questions.toml",
            "question trademark, option registered",
            "points.legal = 42 is out of range"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_missing_translation_names_the_language_file_and_key() {
    let mut sources = shipped();
    let de = &mut sources.locales[2].1;
    *de = replace(de, "short_video = \"Kurzvideos\"\n", "");
    let errors = errors_of(&sources);
    assert!(
        has(
            &errors,
            "i18n/de.toml",
            "question.content.option.short_video",
            "missing translation"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_translation_that_drops_a_placeholder_is_reported() {
    let mut sources = shipped();
    let fr = &mut sources.locales[1].1;
    *fr = replace(fr, "Question {current} sur {total}", "Question {current}");
    let errors = errors_of(&sources);
    assert!(
        has(&errors, "i18n/fr.toml", "ui.progress", "placeholders"),
        "{errors:?}"
    );
}

#[test]
fn a_condition_on_a_later_question_is_reported() {
    let mut sources = shipped();
    sources.questions = replace(
        &sources.questions,
        "show_if = { question = \"business_model\", any_of = [\"b2c\", \"both\"] }\nmax_points",
        "show_if = { question = \"timeline\", any_of = [\"exploring\"] }\nmax_points",
    );
    let errors = errors_of(&sources);
    assert!(
        has(
            &errors,
            "questions.toml",
            "question audience_age, show_if",
            "does not come earlier"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_condition_on_an_unknown_question_is_reported() {
    let mut sources = shipped();
    sources.model = replace(
        &sources.model,
        "{ question = \"trademark\", any_of = [\"none\"] }",
        "{ question = \"trade_mark\", any_of = [\"none\"] }",
    );
    let errors = errors_of(&sources);
    assert!(
        has(
            &errors,
            "model.toml",
            "blocker no_trademark",
            "question `trade_mark` is unknown"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_question_that_can_never_be_shown_is_reported() {
    let mut sources = shipped();
    sources.questions = replace(
        &sources.questions,
        "show_if = { question = \"business_model\", any_of = [\"b2c\", \"both\"] }\nmax_points",
        "show_if = { question = \"business_model\", any_of = [] }\nmax_points",
    );
    let errors = errors_of(&sources);
    assert!(
        has(
            &errors,
            "questions.toml",
            "question audience_age, show_if",
            "can never hold"
        ),
        "{errors:?}"
    );
}

#[test]
fn gating_a_question_on_one_that_carries_points_is_reported() {
    let mut sources = shipped();
    sources.questions = replace(&sources.questions, "show_if = { question = \"industry\", any_of = [\"beauty\", \"fashion_luxury\", \"food_beverage\", \"health_wellness\", \"consumer_tech\", \"industrial\", \"games_entertainment\", \"other\"] }", "show_if = { question = \"trademark\", any_of = [\"registered\"] }");
    let errors = errors_of(&sources);
    assert!(
        has(
            &errors,
            "questions.toml",
            "question compliance, show_if",
            "carries readiness points"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_dimension_no_option_feeds_is_reported() {
    let mut sources = shipped();
    sources.model = replace(
        &sources.model,
        "[[dimension]]\nid = \"strategy\"",
        "[[dimension]]\nid = \"branding\"\nweight = 2\n\n[[dimension]]\nid = \"strategy\"",
    );
    let errors = errors_of(&sources);
    assert!(
        has(
            &errors,
            "model.toml",
            "dimension branding",
            "no option gives it points"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_misspelt_field_is_reported_instead_of_ignored() {
    let mut sources = shipped();
    sources.questions = replace(&sources.questions, "lead_weight = 3", "lead_wieght = 3");
    let errors = errors_of(&sources);
    assert!(
        errors
            .iter()
            .any(|e| e.file == "questions.toml" && e.problem.contains("lead_wieght")),
        "{errors:?}"
    );
}

#[test]
fn broken_toml_is_reported_with_its_file() {
    let mut sources = shipped();
    sources.locales[3].1.push_str("\n[ui\n");
    let errors = errors_of(&sources);
    assert!(
        errors.iter().any(|e| e.file == "i18n/zh-Hans.toml"),
        "{errors:?}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut sources = shipped();
    sources.questions = replace(
        &sources.questions,
        "points = { legal = 10 } }",
        "points = { legal = 42 } }",
    );
    let de = &mut sources.locales[2].1;
    *de = replace(de, "short_video = \"Kurzvideos\"\n", "");
    assert!(errors_of(&sources).len() >= 2);
}

#[test]
fn a_missing_folder_is_reported_not_panicked_on() {
    let errors = load_dir("does/not/exist".as_ref()).unwrap_err();
    assert!(
        errors.to_string().contains("model.toml: cannot read"),
        "{errors}"
    );
}

#[test]
fn the_version_changes_with_the_content_but_not_with_comments() {
    let sources = shipped();
    let base = load_sources(&sources).unwrap();
    let mut commented = sources.clone();
    commented.model.push_str("\n# a comment\n");
    assert_eq!(load_sources(&commented).unwrap().version(), base.version());
    let mut changed = sources;
    changed.model = replace(&changed.model, "weight = 6", "weight = 7");
    assert_ne!(load_sources(&changed).unwrap().version(), base.version());
}
