//! The language switcher: every language the quiz has, each named in itself.

use readiness::Locale;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::ui::use_ui;

/// Props of [`LanguageSwitcher`].
#[derive(Properties, PartialEq)]
pub struct LanguageProps {
    /// A language was chosen.
    pub on_change: Callback<Locale>,
}

/// A labelled select of the quiz's languages.
#[function_component]
pub fn LanguageSwitcher(props: &LanguageProps) -> Html {
    let ui = use_ui();
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: Event| {
            let tag = event.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(locale) = Locale::new(tag) {
                on_change.emit(locale);
            }
        })
    };
    html! {
        <div class="crw-language">
            <label for="crw-language">{ ui.t("language") }</label>
            <select id="crw-language" {onchange}>
                { for ui.quiz.locales().into_iter().map(|locale| html! {
                    <option value={locale.to_string()} lang={locale.to_string()} selected={*locale == ui.locale}>
                        { ui.quiz.texts(locale.as_str()).get("meta.language_name") }
                    </option>
                }) }
            </select>
        </div>
    }
}
