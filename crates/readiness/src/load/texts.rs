//! The language files: flattened to dotted keys and checked against the model (every item
//! has its texts) and against the reference language (same keys, same placeholders).

use std::collections::BTreeMap;

use super::problems::{short_hash, Problems};
use crate::ids::Locale;
use crate::lead::ErrorCode;
use crate::model::Catalog;
use crate::model::Quiz;
use crate::text::placeholders;

/// Keys under `[ui]` that the widget shows; every language must have them.
const UI_KEYS: &[&str] = &[
    "intro_title",
    "intro_lead",
    "intro_duration",
    "start",
    "resume",
    "restart",
    "progress",
    "back",
    "next",
    "see_results",
    "choose_one",
    "choose_any",
    "language",
    "results_title",
    "readiness",
    "confidence",
    "peer_compare",
    "peer_compare_lowest",
    "peer_compare_highest",
    "peer_compare_basis",
    "dimensions_title",
    "channels_title",
    "start_here_title",
    "start_here_lead",
    "no_start_here",
    "later_title",
    "later_lead",
    "not_enough_title",
    "not_enough_lead",
    "answer_more",
    "blockers_title",
    "next_steps_title",
    "no_blockers",
    "contact_title",
    "contact_lead",
    "name",
    "email",
    "company",
    "country",
    "role",
    "phone",
    "wechat_id",
    "message",
    "send",
    "sending",
    "sent_title",
    "sent_detail",
    "queued",
    "failed",
    "error_summary",
    "privacy_notice",
    "launcher",
    "close",
    "language_loading",
    "language_failed",
    "book_call",
    "book_call_detail",
    "new_tab",
    "report_link",
    "report_link_detail",
    "report_link_making",
    "report_open",
    "report_copy",
    "report_copied",
    "report_link_failed",
    "report_page_note",
    "email_report_title",
    "email_report_lead",
    "email_report_send",
    "email_report_sent",
    "email_report_failed",
    "email_report_consent_needed",
];

/// Keys the core itself formats with.
const CORE_KEYS: &[&str] = &[
    "meta.language_name",
    "meta.list_separator",
    "meta.item_separator",
    "meta.last_separator",
    "meta.label_separator",
    "meta.thousands_separator",
    "meta.money",
    "explain.raises",
    "explain.lowers",
    "explain.budget_hold",
    "explain.organic",
    "explain.later",
    "explain.score_out_of",
    "explain.not_enough",
    "explain.not_enough_answers",
    "explain.not_enough_answers_missing",
    "confidence.high",
    "confidence.medium",
    "confidence.low",
    "summary.grade",
    "summary.readiness",
    "summary.budget",
    "summary.timeline",
    "summary.start_here",
    "summary.later",
    "summary.channel_with_status",
    "summary.none",
    "summary.no_verdict",
    "summary.blockers",
    "summary.no_blockers",
    "mail.confirm_subject",
    "mail.confirm_body",
    "mail.confirm_button",
    "mail.confirm_ignore",
    "mail.confirm_page_title",
    "mail.confirm_page_lead",
    "mail.link_gone",
    "mail.report_subject",
    "mail.report_intro",
    "mail.report_open",
    "mail.why",
    "mail.erase",
];

/// The `ui.*` keys every language file must define.
pub fn required_ui_keys() -> impl Iterator<Item = String> {
    UI_KEYS.iter().map(|key| format!("ui.{key}"))
}

/// Every key the model and the code need, in the reference language.
fn required_keys(quiz: &Quiz) -> Vec<String> {
    let mut keys: Vec<String> = required_ui_keys().collect();
    keys.extend(CORE_KEYS.iter().map(|key| (*key).to_owned()));
    keys.extend(
        ErrorCode::ALL
            .iter()
            .map(|code| format!("error.{}", code.as_str())),
    );
    keys.extend(
        quiz.consents
            .iter()
            .map(|c| format!("consent.{}.text", c.id)),
    );
    let items = |kind: &str, ids: Vec<&str>, fields: &[&str], keys: &mut Vec<String>| {
        for id in ids {
            keys.extend(fields.iter().map(|field| format!("{kind}.{id}.{field}")));
        }
    };
    items(
        "dimension",
        quiz.dimensions.iter().map(|d| d.id.as_str()).collect(),
        &["name", "description"],
        &mut keys,
    );
    items(
        "channel",
        quiz.channels.iter().map(|c| c.id.as_str()).collect(),
        &["name", "summary"],
        &mut keys,
    );
    items(
        "tier",
        quiz.tiers.iter().map(|t| t.id.as_str()).collect(),
        &["name", "description"],
        &mut keys,
    );
    items(
        "blocker",
        quiz.blockers.iter().map(|b| b.id.as_str()).collect(),
        &["title", "detail", "once"],
        &mut keys,
    );
    items(
        "next_step",
        quiz.next_steps.iter().map(|s| s.id.as_str()).collect(),
        &["title", "detail"],
        &mut keys,
    );
    for question in &quiz.questions {
        keys.push(format!("question.{}.title", question.id));
        keys.push(format!("question.{}.label", question.id));
        keys.extend(
            question
                .options
                .iter()
                .map(|o| format!("question.{}.option.{}", question.id, o.id)),
        );
    }
    keys
}

/// Parses every language file and checks it; the reference language comes first.
pub fn catalogs(
    files: &[(String, String)],
    reference: &Locale,
    quiz: &Quiz,
    problems: &mut Problems,
) -> Vec<Catalog> {
    let mut catalogs = Vec::new();
    for (name, text) in files {
        let file = format!("i18n/{name}.toml");
        let locale = match Locale::new(name.clone()) {
            Ok(locale) => locale,
            Err(error) => {
                problems.add(
                    &file,
                    "",
                    format!("the file name must be a language tag: {error}"),
                );
                continue;
            }
        };
        match text.parse::<toml::Table>() {
            Ok(table) => {
                let mut entries = BTreeMap::new();
                flatten("", &table, &mut entries, &file, problems);
                catalogs.push(Catalog { locale, entries });
            }
            Err(error) => problems.add(&file, "", error.to_string().trim_end().replace('\n', " ")),
        }
    }
    let Some(position) = catalogs.iter().position(|c| &c.locale == reference) else {
        problems.add(
            "model.toml",
            "quiz",
            format!("reference_locale `{reference}` has no file i18n/{reference}.toml"),
        );
        return catalogs;
    };
    catalogs.swap(0, position);
    let reference_file = format!("i18n/{reference}.toml");
    for key in required_keys(quiz) {
        if !catalogs[0].entries.contains_key(&key) {
            problems.add(&reference_file, key, "missing text");
        }
    }
    for catalog in &catalogs[1..] {
        compare(&catalogs[0], catalog, problems);
    }
    catalogs
}

/// Same keys as the reference, and the same placeholders in each text.
fn compare(reference: &Catalog, other: &Catalog, problems: &mut Problems) {
    let file = format!("i18n/{}.toml", other.locale);
    for (key, reference_text) in &reference.entries {
        match other.entries.get(key) {
            None => problems.add(
                &file,
                key,
                format!("missing translation (the {} file has it)", reference.locale),
            ),
            Some(text) if placeholders(text) != placeholders(reference_text) => problems.add(
                &file,
                key,
                format!(
                    "placeholders {:?} differ from the {} text's {:?}",
                    placeholders(text),
                    reference.locale,
                    placeholders(reference_text)
                ),
            ),
            Some(_) => {}
        }
    }
    for key in other
        .entries
        .keys()
        .filter(|key| !reference.entries.contains_key(*key))
    {
        problems.add(
            &file,
            key,
            format!("unknown key (not in the {} file)", reference.locale),
        );
    }
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, String>,
    file: &str,
    problems: &mut Problems,
) {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            // a separator may be a space (French groups thousands with a narrow one)
            toml::Value::String(text)
                if text.is_empty() || text.trim().is_empty() && !key.ends_with("_separator") =>
            {
                problems.add(file, key, "empty text")
            }
            toml::Value::String(text) => {
                out.insert(key, text.clone());
            }
            toml::Value::Table(inner) => flatten(&key, inner, out, file, problems),
            _ => problems.add(file, key, "texts must be strings"),
        }
    }
}

/// Records the hash of each consent text in each language.
pub fn hash_consent_texts(quiz: &mut Quiz) {
    for consent in &mut quiz.consents {
        let key = format!("consent.{}.text", consent.id);
        consent.text_hashes = quiz
            .catalogs
            .iter()
            .filter_map(|catalog| {
                catalog
                    .entries
                    .get(&key)
                    .map(|text| (catalog.locale.clone(), short_hash(text)))
            })
            .collect();
    }
}
