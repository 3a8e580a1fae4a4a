//! The language switcher: every language the quiz has, each named in itself. Choosing one
//! whose texts are not at hand shows that they are loading (or could not be), and the
//! language shown stays until they arrive.

use readiness::Locale;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::journey::TextsFetch;
use crate::ui::use_ui;

/// Props of [`LanguageSwitcher`].
#[derive(Properties, PartialEq)]
pub struct LanguageProps {
    /// A language was chosen.
    pub on_change: Callback<Locale>,
    /// Another language's texts on their way.
    #[prop_or(TextsFetch::Idle)]
    pub fetch: TextsFetch,
}

/// A labelled select of the quiz's languages, and what its last choice is waiting for.
#[function_component]
pub fn LanguageSwitcher(props: &LanguageProps) -> Html {
    let ui = use_ui();
    let select = use_node_ref();
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: Event| {
            let tag = event.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(locale) = Locale::new(tag) {
                on_change.emit(locale);
            }
        })
    };
    // the choice being fetched stays selected; after a failure, the language shown again
    let selected = match &props.fetch {
        TextsFetch::Fetching(locale) => locale.clone(),
        TextsFetch::Idle | TextsFetch::Failed(_) => ui.locale.clone(),
    };
    {
        let (select, selected) = (select.clone(), selected.clone());
        use_effect_with(selected, move |selected| {
            if let Some(select) = select.cast::<HtmlSelectElement>() {
                select.set_value(selected.as_str());
            }
        });
    }
    // the language's name in itself, marked as such inside the sentence (WCAG 3.1.2)
    let status = |key: &str, locale: &Locale| {
        let template = ui.texts().get(key);
        let (before, after) = template.split_once("{language}").unwrap_or((template, ""));
        let name = ui
            .quiz
            .languages()
            .iter()
            .find(|language| &language.locale == locale)
            .map_or_else(|| locale.to_string(), |language| language.name.clone());
        html! { <>{ before }<span lang={locale.to_string()}>{ name }</span>{ after }</> }
    };
    let (status, failed) = match &props.fetch {
        TextsFetch::Idle => (html! {}, false),
        TextsFetch::Fetching(locale) => (status("ui.language_loading", locale), false),
        TextsFetch::Failed(locale) => (status("ui.language_failed", locale), true),
    };
    let busy = matches!(props.fetch, TextsFetch::Fetching(_)).then_some("true");
    html! {
        <div class="crw-language">
            <div class="crw-language-row">
            <label for="crw-language">{ ui.t("language") }</label>
            <select id="crw-language" ref={select} {onchange} aria-busy={busy} aria-describedby="crw-language-status">
                { for ui.quiz.languages().iter().map(|language| html! {
                    <option value={language.locale.to_string()} lang={language.locale.to_string()} selected={language.locale == selected}>
                        { language.name.clone() }
                    </option>
                }) }
            </select>
            </div>
            <span id="crw-language-status" role="status" class={classes!("crw-language-status", failed.then_some("crw-language-status--failed"))}>{ status }</span>
        </div>
    }
}
