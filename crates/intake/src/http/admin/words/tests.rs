#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use std::collections::BTreeSet;

use super::*;

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

#[test]
fn every_language_has_the_english_keys_and_placeholders() {
    let english = flatten(LANGUAGES[0].1).unwrap();
    assert!(english.len() > 140, "{} keys", english.len());
    for (tag, text) in LANGUAGES {
        let table = flatten(text).unwrap_or_else(|e| panic!("{tag}: {e}"));
        let missing: Vec<&String> = english.keys().filter(|k| !table.contains_key(*k)).collect();
        let extra: Vec<&String> = table.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{tag}: missing {missing:?}, unknown {extra:?}"
        );
        for (key, text) in &table {
            assert_eq!(
                placeholders(text),
                placeholders(&english[key]),
                "{tag} {key}"
            );
            assert!(!text.trim().is_empty(), "{tag} {key} is empty");
        }
    }
}

/// The keys the staff pages ask for: `get("section.key")` and `fill("section.key"` in
/// the templates and the code.
fn keys_used() -> BTreeSet<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files = Vec::new();
    for dir in ["templates/admin", "src/http/admin", "src/http/admin/pages"] {
        for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "html" || e == "rs")
                && !path.ends_with("words.rs")
            {
                files.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    // the keys made from the pipeline's vocabulary
    let mut keys: BTreeSet<String> = crate::pipeline::Status::ALL
        .iter()
        .map(|s| format!("status.{}", s.as_str()))
        .chain(
            crate::pipeline::AuditAction::ALL
                .iter()
                .map(|a| format!("audit_action.{}", a.as_str())),
        )
        .collect();
    for text in files {
        for call in ["get(\"", "fill(\"", "fill_one(\""] {
            for rest in text.split(call).skip(1) {
                if let Some((key, _)) = rest.split_once('"') {
                    if key.contains('.') && !key.contains(' ') {
                        keys.insert(key.to_owned());
                    }
                }
            }
        }
    }
    keys
}

#[test]
fn every_key_the_pages_use_is_in_english() {
    let english = flatten(LANGUAGES[0].1).unwrap();
    let used = keys_used();
    assert!(
        used.len() > 100,
        "the scan finds the pages' keys: {}",
        used.len()
    );
    let unknown: Vec<&String> = used.iter().filter(|k| !english.contains_key(*k)).collect();
    assert!(
        unknown.is_empty(),
        "used but not in i18n/en.toml: {unknown:?}"
    );
}

#[test]
fn the_browser_language_chooses_by_weight_and_any_chinese_is_simplified() {
    for (header, chosen) in [
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("zh-TW", "zh-Hans"),
        ("es-ES, fr;q=0.5, en;q=0.4", "fr"),
        ("en;q=0.2, fr;q=0.9", "fr"),
        ("fr;q=0, de;q=0.1", "de"),
        ("ja", "en"),
        ("", "en"),
        ("garbage;;;q=x", "en"),
    ] {
        assert_eq!(negotiate(header), chosen, "{header}");
    }
    assert_eq!(Words::of("de").get("status.won"), "Gewonnen");
    assert_eq!(
        Words::of("xx").locale(),
        "en",
        "an unknown choice is English"
    );
    assert_eq!(
        Words::of("fr").fill(
            "list.summary",
            &[("total", "3"), ("page", "1"), ("pages", "1")]
        ),
        "3 lead(s) · page 1 sur 1"
    );
}
