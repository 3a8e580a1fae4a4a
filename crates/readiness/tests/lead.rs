//! Lead validation: every field error at once, with stable codes and messages in each
//! language; unknown fields and oversized input rejected.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use readiness::lead::{ErrorCode, FieldError, LeadSubmission};
use readiness::testing::quiz;
use readiness::{Lead, Quiz};
use serde_json::json;

const NOW: i64 = 1_795_000_000_000;

fn submission(quiz: &Quiz) -> serde_json::Value {
    let hash = |purpose: &str| {
        quiz.consents()
            .iter()
            .find(|c| c.id.as_str() == purpose)
            .and_then(|c| c.text_hash("de"))
            .unwrap()
            .to_owned()
    };
    json!({
        "quiz_version": quiz.version(),
        "locale": "de",
        "answers": { "industry": ["industrial"], "business_model": ["b2b"], "trademark": ["none"] },
        "contact": {
            "name": "Anna Müller", "email": "anna.mueller@maschinenbau.de", "company": "Müller Maschinenbau GmbH",
            "country": "de", "role": "Exportleiterin", "phone": "+49 30 1234 5678", "wechat_id": null, "message": "Wir suchen einen Distributor."
        },
        "consents": [
            { "purpose": "contact", "granted": true, "text_hash": hash("contact") },
            { "purpose": "marketing", "granted": false, "text_hash": hash("marketing") }
        ],
        "attribution": { "utm_source": "linkedin", "utm_campaign": "china-2027", "landing_page": "https://agency.example/china" },
        "idempotency_key": "0b7e2a3c-5d4f-4e6a-9b1c-2d3e4f5a6b7c",
        "client_score": { "readiness": 40, "grade": "C" },
        "form": { "honeypot": "", "elapsed_ms": 95000 }
    })
}

fn parse(quiz: &Quiz, value: serde_json::Value) -> Result<Lead, Vec<FieldError>> {
    let submission: LeadSubmission = serde_json::from_value(value).expect("the shape is right");
    Lead::parse(submission, quiz, NOW)
}

fn codes(errors: &[FieldError]) -> Vec<(String, ErrorCode)> {
    errors
        .iter()
        .map(|e| (e.field.to_string(), e.code))
        .collect()
}

fn expect(pairs: &[(&str, ErrorCode)]) -> Vec<(String, ErrorCode)> {
    pairs.iter().map(|(f, c)| ((*f).to_owned(), *c)).collect()
}

#[test]
fn a_good_lead_is_accepted_with_normalised_contact_and_stamped_consents() {
    let quiz = quiz();
    let lead = parse(&quiz, submission(&quiz)).expect("valid");
    assert_eq!(lead.contact.country.as_str(), "DE");
    assert_eq!(
        lead.contact.phone.as_ref().map(|p| p.as_str()),
        Some("+493012345678")
    );
    assert!(lead.quiz_version_known);
    assert_eq!(lead.consents.len(), 2);
    assert!(lead
        .consents
        .iter()
        .all(|c| c.recorded_at_ms == NOW && c.locale.as_str() == "de"));
    assert_eq!(
        lead.answers.get("trademark").map(|o| o[0].as_str()),
        Some("none")
    );
}

#[test]
fn every_field_error_is_returned_at_once() {
    let quiz = quiz();
    let mut value = submission(&quiz);
    value["contact"]["name"] = json!("   ");
    value["contact"]["email"] = json!("anna at maschinenbau");
    value["contact"]["country"] = json!("Germany");
    value["contact"]["phone"] = json!("030 1234 5678");
    value["contact"]["wechat_id"] = json!("1anna");
    value["answers"]["trademark"] = json!(["registered", "none"]);
    let errors = parse(&quiz, value).unwrap_err();
    assert_eq!(
        codes(&errors),
        expect(&[
            ("answers.trademark", ErrorCode::AnswerTooMany),
            ("contact.name", ErrorCode::Required),
            ("contact.email", ErrorCode::EmailInvalid),
            ("contact.country", ErrorCode::CountryInvalid),
            ("contact.phone", ErrorCode::PhoneInvalid),
            ("contact.wechat_id", ErrorCode::WechatInvalid),
        ])
    );
}

#[test]
fn the_contact_consent_is_required_but_marketing_is_not() {
    let quiz = quiz();
    let mut without_contact = submission(&quiz);
    without_contact["consents"][0]["granted"] = json!(false);
    assert_eq!(
        codes(&parse(&quiz, without_contact).unwrap_err()),
        expect(&[("consents.contact", ErrorCode::ConsentRequired)])
    );
    let mut with_marketing = submission(&quiz);
    with_marketing["consents"][1]["granted"] = json!(true);
    assert!(parse(&quiz, with_marketing).is_ok());
}

#[test]
fn consent_to_a_text_the_visitor_was_not_shown_is_refused() {
    let quiz = quiz();
    let mut value = submission(&quiz);
    value["consents"][0]["text_hash"] = json!("0000000000000000");
    assert_eq!(
        codes(&parse(&quiz, value).unwrap_err()),
        expect(&[("consents.contact", ErrorCode::ConsentTextMismatch)])
    );
}

#[test]
fn a_lead_from_another_quiz_version_is_kept_and_flagged() {
    let quiz = quiz();
    let mut value = submission(&quiz);
    value["quiz_version"] = json!("00112233aabbccdd");
    value["answers"]["retired_question"] = json!(["some_option"]);
    let lead = parse(&quiz, value).expect("stored, flagged");
    assert!(!lead.quiz_version_known);
    assert!(lead.answers.get("retired_question").is_some());
}

#[test]
fn answers_must_name_known_questions_and_options_of_the_current_quiz() {
    let quiz = quiz();
    let mut value = submission(&quiz);
    value["answers"] = json!({ "industry": ["spaceflight"], "horoscope": ["leo"], "content": ["none", "images"], "goals": [] });
    let errors = parse(&quiz, value).unwrap_err();
    assert_eq!(
        codes(&errors),
        expect(&[
            ("answers.content", ErrorCode::AnswerExclusive),
            ("answers.goals", ErrorCode::AnswerEmpty),
            ("answers.horoscope", ErrorCode::AnswerUnknownQuestion),
            ("answers.industry", ErrorCode::AnswerUnknownOption),
        ])
    );
}

#[test]
fn sizes_are_bounded() {
    let quiz = quiz();
    let mut value = submission(&quiz);
    value["contact"]["message"] = json!("x".repeat(2001));
    value["contact"]["company"] = json!("y".repeat(151));
    value["attribution"]["utm_source"] = json!("z".repeat(201));
    let errors = parse(&quiz, value).unwrap_err();
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.field.to_string(), e.max))
            .collect::<Vec<_>>(),
        [
            ("contact.company".to_owned(), Some(150)),
            ("contact.message".to_owned(), Some(2000)),
            ("attribution.utm_source".to_owned(), Some(200))
        ]
    );
}

#[test]
fn unknown_fields_are_rejected() {
    let quiz = quiz();
    let mut value = submission(&quiz);
    value["contact"]["fax"] = json!("+49 30 1");
    let error = serde_json::from_value::<LeadSubmission>(value).unwrap_err();
    assert!(error.to_string().contains("unknown field `fax`"), "{error}");
}

#[test]
fn control_characters_in_one_line_fields_are_refused() {
    let quiz = quiz();
    let mut value = submission(&quiz);
    value["contact"]["name"] = json!("Anna\r\nBcc: everyone@example.com");
    assert_eq!(
        codes(&parse(&quiz, value).unwrap_err()),
        expect(&[("contact.name", ErrorCode::FieldInvalid)])
    );
}

#[test]
fn a_malformed_idempotency_key_or_locale_is_reported() {
    let quiz = quiz();
    let mut value = submission(&quiz);
    value["idempotency_key"] = json!("short");
    value["locale"] = json!("pt");
    let errors = parse(&quiz, value).unwrap_err();
    let fields: Vec<String> = errors.iter().map(|e| e.field.to_string()).collect();
    assert!(
        fields.iter().any(|f| f == "idempotency_key") && fields.iter().any(|f| f == "locale"),
        "{fields:?}"
    );
}

#[test]
fn error_messages_exist_in_every_language() {
    let quiz = quiz();
    let error = FieldError {
        field: "contact.email".into(),
        code: ErrorCode::EmailInvalid,
        max: None,
    };
    assert_eq!(
        error.message(&quiz, "en"),
        "Enter an email address like name@company.com."
    );
    assert_eq!(
        error.message(&quiz, "fr"),
        "Saisissez une adresse e-mail du type nom@entreprise.fr."
    );
    assert_eq!(
        error.message(&quiz, "de"),
        "Geben Sie eine E-Mail-Adresse wie name@firma.de ein."
    );
    assert_eq!(
        error.message(&quiz, "zh-Hans"),
        "请输入有效的邮箱地址，例如 name@company.com。"
    );
    for code in ErrorCode::ALL {
        let error = FieldError {
            field: "x".into(),
            code,
            max: Some(5),
        };
        for locale in ["en", "fr", "de", "zh-Hans"] {
            assert!(
                !error.message(&quiz, locale).contains("[missing"),
                "{locale} {code:?}"
            );
        }
    }
}

#[test]
fn error_codes_serialise_as_stable_snake_case() {
    let error = FieldError {
        field: "contact.phone".into(),
        code: ErrorCode::PhoneInvalid,
        max: None,
    };
    assert_eq!(
        serde_json::to_string(&error).unwrap(),
        r#"{"field":"contact.phone","code":"phone_invalid"}"#
    );
}

#[test]
fn a_chinese_mobile_number_and_wechat_id_are_accepted() {
    let quiz = quiz();
    let mut value = submission(&quiz);
    value["contact"]["phone"] = json!("+86 138-0013-8000");
    value["contact"]["wechat_id"] = json!("wang_lei_1988");
    let lead = parse(&quiz, value).unwrap();
    assert_eq!(lead.contact.phone.unwrap().as_str(), "+8613800138000");
    assert_eq!(lead.contact.wechat_id.unwrap().as_str(), "wang_lei_1988");
}

#[test]
fn a_consent_hash_and_a_quiz_version_must_look_like_what_the_widget_sends() {
    let quiz = quiz();
    // a consent not granted still carries the hash of the text it was shown: a short hex
    // digest, never cut silently
    let mut value = submission(&quiz);
    value["consents"][1]["text_hash"] = json!("z".repeat(100));
    assert_eq!(
        codes(&parse(&quiz, value).unwrap_err()),
        expect(&[("consents.marketing", ErrorCode::FieldInvalid)])
    );
    // an unknown quiz version is stored flagged, but only if it reads as a version
    for version in ["1.2\u{0}", "\u{1b}[31mred", "has space"] {
        let mut value = submission(&quiz);
        value["quiz_version"] = json!(version);
        let errors = parse(&quiz, value).unwrap_err();
        assert!(
            codes(&errors).contains(&("quiz_version".to_owned(), ErrorCode::FieldInvalid)),
            "{version:?}: {errors:?}"
        );
    }
    let mut value = submission(&quiz);
    value["quiz_version"] = json!("2026.11-older_version");
    let lead = parse(&quiz, value).unwrap();
    assert!(!lead.quiz_version_known);
}
