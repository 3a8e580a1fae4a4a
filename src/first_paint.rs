//! `loader.js` paints the widget's place before the WebAssembly arrives: the inline
//! placeholder's height and the launcher button. Those figures are stated twice, in the
//! loader (plain CSS in a string: it has no build step) and in `style/widget.css` (what the
//! widget renders once it takes over), so these tests hold the loader to the stylesheet: a
//! change on one side only fails here instead of making the page jump when the widget
//! arrives. (Issue 16's prerendered first screen removes the loader's copy altogether.)

const LOADER: &str = include_str!("../loader.js");
const WIDGET: &str = include_str!("../style/widget.css");

/// The `property: value` pairs of the block that starts right after `opening` (which
/// ends with `{`), with values normalised: `.75rem` and `0.75rem` are the same.
fn block(css: &str, opening: &str) -> Vec<(String, String)> {
    let start = css
        .find(opening)
        .unwrap_or_else(|| panic!("no `{opening}`"))
        + opening.len();
    let end = start + css[start..].find('}').unwrap_or(0);
    css[start..end]
        .split(';')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(property, value)| {
            let value = format!(" {}", value.trim()).replace(" .", " 0.");
            (property.trim().to_owned(), value.trim().to_owned())
        })
        .collect()
}

fn get<'a>(pairs: &'a [(String, String)], property: &str) -> &'a str {
    pairs
        .iter()
        .find(|(p, _)| p == property)
        .map_or("(not set)", |(_, v)| v.as_str())
}

#[test]
fn the_placeholder_keeps_the_space_the_widget_takes() {
    let wide = block(LOADER, "div{");
    let narrow = block(LOADER, "@media (max-width:480px){div{");
    let widget_wide = block(WIDGET, ".crw-root > .crw {");
    let widget_narrow = block(WIDGET, "@media (max-width: 480px) {\n  .crw-root > .crw {");
    assert_eq!(get(&wide, "min-height"), get(&widget_wide, "min-height"));
    assert_eq!(
        get(&narrow, "min-height"),
        get(&widget_narrow, "min-height")
    );
}

#[test]
fn the_loaders_launcher_looks_like_the_widgets() {
    let loader = block(LOADER, "button{");
    let widget = block(WIDGET, ".crw-launcher {");
    for (loader_property, widget_property) in [
        ("position", "position"),
        ("bottom", "inset-block-end"),
        ("right", "inset-inline-end"),
        ("z-index", "z-index"),
        ("min-height", "min-height"),
        ("padding", "padding"),
        ("border-radius", "border-radius"),
        ("border", "border"),
    ] {
        assert_eq!(
            get(&loader, loader_property),
            get(&widget, widget_property),
            "{loader_property} / {widget_property}"
        );
    }
    let accent = block(WIDGET, ".crw-root {");
    assert_eq!(get(&widget, "background"), "var(--crw-accent)");
    assert_eq!(
        format!("var(--crw-brand-accent, {})", get(&loader, "background")),
        get(&accent, "--crw-accent")
    );
    assert!(get(&widget, "font").starts_with("600 1rem/1.2 system-ui"));
    assert!(get(&loader, "font").starts_with("600 1rem/1.2 system-ui"));
}

#[test]
fn the_loader_offers_the_prerendered_screen_in_the_quiz_s_languages() {
    let quiz = crate::quiz::embedded().expect("the embedded quiz decodes");
    let start = LOADER
        .find("var LOCALES = [")
        .expect("the loader's languages")
        + 15;
    let end = start + LOADER[start..].find(']').unwrap_or(0);
    let loader: Vec<&str> = LOADER[start..end]
        .split(',')
        .map(|tag| tag.trim().trim_matches('"'))
        .collect();
    let quiz_locales: Vec<&str> = quiz.locales().into_iter().map(|l| l.as_str()).collect();
    assert_eq!(loader, quiz_locales, "in the quiz's order");
    assert_eq!(loader[0], quiz.reference_locale().as_str(), "the fallback");
}

/// `\uXXXX` escapes of a JavaScript string literal, decoded.
fn unescape(js: &str) -> String {
    let mut text = String::new();
    let mut rest = js;
    while let Some(at) = rest.find("\\u") {
        text.push_str(&rest[..at]);
        let code = rest
            .get(at + 2..at + 6)
            .and_then(|hex| u32::from_str_radix(hex, 16).ok());
        text.push(code.and_then(char::from_u32).unwrap_or('\u{fffd}'));
        rest = rest.get(at + 6..).unwrap_or_default();
    }
    text + rest
}

#[test]
fn the_loaders_launcher_speaks_the_widget_s_language() {
    let quiz = crate::quiz::embedded().expect("the embedded quiz decodes");
    let start = LOADER.find("var LABELS = {").expect("the loader's labels") + 14;
    let end = start + LOADER[start..].find('}').unwrap_or(0);
    let labels: Vec<(String, String)> = LOADER[start..end]
        .split(", \"")
        .filter_map(|pair| pair.split_once("\": "))
        .map(|(key, value)| {
            let key = key.trim().trim_matches('"').to_owned();
            (key, unescape(value.trim().trim_matches('"')))
        })
        .collect();
    let expected: Vec<(String, String)> = quiz
        .locales()
        .into_iter()
        .map(|l| {
            (
                l.to_string(),
                quiz.texts(l.as_str()).get("ui.launcher").to_string(),
            )
        })
        .collect();
    assert_eq!(labels, expected);
}

#[test]
fn the_loaders_launcher_is_as_compact_on_a_phone_and_steps_aside_as_the_widget_s() {
    let loader = block(LOADER, "@media (max-width:480px){button{");
    let widget = block(WIDGET, "@media (max-width: 480px) {\n  .crw-launcher {");
    for (loader_property, widget_property) in [
        ("bottom", "inset-block-end"),
        ("right", "inset-inline-end"),
        ("min-height", "min-height"),
        ("padding", "padding"),
        ("font-size", "font-size"),
    ] {
        assert_eq!(
            get(&loader, loader_property),
            get(&widget, widget_property),
            "{loader_property} / {widget_property}"
        );
    }
    let hidden = "visibility";
    assert_eq!(
        get(
            &block(LOADER, ":host([data-beside-inline]) button{"),
            hidden
        ),
        "hidden"
    );
    assert_eq!(
        get(
            &block(WIDGET, ":host([data-beside-inline]) .crw-launcher {"),
            hidden
        ),
        "hidden"
    );
}

#[test]
fn the_loader_looks_for_the_saved_journey_where_the_widget_keeps_it() {
    let declared = format!("var DRAFT = \"{}\";", crate::effects::DRAFT_KEY);
    assert!(LOADER.contains(&declared), "{declared}");
}
