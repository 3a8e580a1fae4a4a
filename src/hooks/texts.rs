//! Fetches another language's texts when the journey asks for them (`TextsFetch::Fetching`),
//! from beside the loader, and reports back: arrived (the shared quiz now has them) or failed.

use std::time::Duration;

use readiness::Locale;
use yew::prelude::*;

use crate::effects;
use crate::journey::{Action, Journey, TextsFetch};
use crate::quiz;

/// A language's texts are a few KB: on a line too slow for them in this time, the switch
/// says so and the visitor can choose the language again.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Fetches the texts of the language the visitor chose, beside the loader at `loader_src`.
#[hook]
pub fn use_texts(journey: &UseReducerHandle<Journey>, loader_src: Option<AttrValue>) {
    let wanted = match &journey.texts {
        TextsFetch::Fetching(locale) => Some(locale.clone()),
        TextsFetch::Idle | TextsFetch::Failed(_) => None,
    };
    let journey = journey.clone();
    use_effect_with(wanted, move |wanted| {
        if let Some(locale) = wanted.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                let action = match fetch(loader_src.as_deref(), &locale).await {
                    Some(bytes) => match quiz::add_texts(&bytes) {
                        Ok((quiz, arrived)) => Action::TextsArrived(quiz, arrived),
                        Err(error) => {
                            let message = format!("china-readiness: texts of {locale}: {error}");
                            web_sys::console::warn_1(&message.into());
                            Action::TextsFailed(locale)
                        }
                    },
                    None => Action::TextsFailed(locale),
                };
                journey.dispatch(action);
            });
        }
    });
}

/// The bytes of `texts/<locale>.bin`, or `None` (no loader URL, offline, an error status,
/// too slow).
async fn fetch(loader_src: Option<&str>, locale: &Locale) -> Option<Vec<u8>> {
    let url = quiz::texts_url(loader_src?, locale);
    let response = effects::get_ok(&url, TIMEOUT).await?;
    response.binary().await.ok()
}
