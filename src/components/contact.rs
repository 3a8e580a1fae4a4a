//! The contact form: the core's lead fields with inline errors, an error summary that takes
//! focus and links to the fields, autocomplete hints, a honeypot, and one unticked
//! checkbox per consent purpose.

use readiness::lead::{ContactField, FieldError};
use readiness::ItemId;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::journey::Field;
use crate::ui::use_ui;

/// Props of [`ContactStep`].
#[derive(Properties, PartialEq)]
pub struct ContactProps {
    /// Current field values, in [`ContactField::ALL`] order.
    pub values: Vec<String>,
    /// The honeypot's value.
    pub honeypot: String,
    /// Ticked consents.
    pub consented: Vec<String>,
    /// Errors to show now.
    pub errors: Vec<FieldError>,
    /// Whether sending is under way (the button is busy).
    pub sending: bool,
    /// Country options: (code, name in the visitor's language), sorted.
    pub countries: Vec<(String, String)>,
    /// The privacy notice's address.
    pub privacy_url: String,
    /// The report's headline, shown above the form when the form comes first.
    pub teaser: Option<String>,
    /// A field changed.
    pub on_edit: Callback<(Field, String)>,
    /// A field was left.
    pub on_blur: Callback<Field>,
    /// A consent was toggled.
    pub on_consent: Callback<ItemId>,
    /// Send was pressed.
    pub on_submit: Callback<()>,
    /// Back to the results.
    pub on_back: Callback<()>,
}

fn autocomplete(field: ContactField) -> &'static str {
    match field {
        ContactField::Name => "name",
        ContactField::Email => "email",
        ContactField::Company => "organization",
        ContactField::Country => "country",
        ContactField::Role => "organization-title",
        ContactField::Phone => "tel",
        ContactField::WechatId | ContactField::Message => "off",
    }
}

fn field_id(field: &Field) -> String {
    format!("crw-field-{}", field.key())
}

/// The contact step.
#[function_component]
pub fn ContactStep(props: &ContactProps) -> Html {
    let ui = use_ui();
    let quiz = ui.quiz.clone();
    let message_of = |error: &FieldError| error.message(&quiz, ui.locale.as_str());
    let error_for = |field: &Field| {
        props
            .errors
            .iter()
            .find(|e| Field::of(&e.field).as_ref() == Some(field))
    };
    let onsubmit = {
        let on_submit = props.on_submit.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            on_submit.emit(());
        })
    };
    let back = props.on_back.reform(|_: MouseEvent| ());
    let summary = (!props.errors.is_empty()).then(|| {
        html! {
            <div class="crw-error-summary" role="alert" tabindex="-1" data-crw-focus="" aria-labelledby="crw-error-summary-title">
                <h3 id="crw-error-summary-title" class="crw-subtitle">{ ui.t("error_summary") }</h3>
                <ul>
                    { for props.errors.iter().map(|error| {
                        let target = Field::of(&error.field).map(|f| field_id(&f)).unwrap_or_default();
                        let onclick = Callback::from({
                            let target = target.clone();
                            move |event: MouseEvent| {
                                event.prevent_default();
                                crate::effects::focus_by_id(&event, &target);
                            }
                        });
                        let text = match Field::of(&error.field) {
                            Some(Field::Consent(_)) | None => message_of(error),
                            Some(field) => format!("{}: {}", ui.t(field.key()), message_of(error)),
                        };
                        html! { <li><a href={format!("#{target}")} {onclick}>{ text }</a></li> }
                    }) }
                </ul>
            </div>
        }
    });
    html! {
        <form class="crw-step crw-contact" {onsubmit} novalidate=true>
            <h2 class="crw-title" tabindex="-1" data-crw-focus={props.errors.is_empty().then_some("")}>{ ui.t("contact_title") }</h2>
            if let Some(teaser) = &props.teaser {
                <p class="crw-teaser">{ teaser }</p>
            }
            <p class="crw-lead">{ ui.t("contact_lead") }</p>
            { summary.unwrap_or_default() }
            <div class="crw-fields">
                { for ContactField::ALL.into_iter().enumerate().map(|(i, field)| {
                    let value = props.values.get(i).cloned().unwrap_or_default();
                    let error = error_for(&field.into());
                    render_field(field, value, error.map(&message_of), &ui.t(field.key()), props)
                }) }
            </div>
            <div class="crw-honeypot" aria-hidden="true">
                <label for="crw-field-website">{ "Website" }</label>
                <input id="crw-field-website" type="text" name="website" tabindex="-1" autocomplete="off"
                    value={props.honeypot.clone()}
                    oninput={props.on_edit.reform(|e: InputEvent| (Field::Honeypot, e.target_unchecked_into::<HtmlInputElement>().value()))} />
            </div>
            <fieldset class="crw-consents">
                { for ui.quiz.consents().iter().map(|purpose| {
                    let id = purpose.id.clone();
                    let field = Field::Consent(id.to_string());
                    let checkbox_id = field_id(&field);
                    let error = error_for(&field).map(&message_of);
                    let error_id = format!("{checkbox_id}-error");
                    html! {
                        <div class={classes!("crw-consent", error.is_some().then_some("crw-consent--invalid"))}>
                            <input type="checkbox" id={checkbox_id.clone()}
                                checked={props.consented.contains(&id.to_string())}
                                aria-invalid={error.is_some().then_some("true")}
                                aria-describedby={error.is_some().then(|| error_id.clone())}
                                onchange={props.on_consent.reform(move |_: Event| id.clone())} />
                            <label for={checkbox_id}>
                                { ui.texts().item("consent", purpose.id.as_str(), "text") }
                                if purpose.required { <span class="crw-required" aria-hidden="true">{ " *" }</span> }
                            </label>
                            if let Some(error) = error {
                                <p id={error_id} class="crw-field-error">{ error }</p>
                            }
                        </div>
                    }
                }) }
                <p class="crw-privacy"><a href={props.privacy_url.clone()} target="_blank" rel="noopener">{ ui.t("privacy_notice") }</a></p>
            </fieldset>
            <div class="crw-actions crw-actions--split">
                <button type="button" class="crw-button" onclick={back}>{ ui.t("back") }</button>
                <button type="submit" class="crw-button crw-button--primary" aria-disabled={props.sending.then_some("true")}>
                    { ui.t(if props.sending { "sending" } else { "send" }) }
                </button>
            </div>
        </form>
    }
}

fn render_field(
    field: ContactField,
    value: String,
    error: Option<String>,
    label: &str,
    props: &ContactProps,
) -> Html {
    let id = field_id(&field.into());
    let error_id = format!("{id}-error");
    let described = error.as_ref().map(|_| error_id.clone());
    let invalid = error.as_ref().map(|_| "true");
    let blur = props.on_blur.reform(move |_: FocusEvent| field.into());
    let control = match field {
        ContactField::Country => {
            let edit = props.on_edit.reform(|e: Event| {
                (
                    ContactField::Country.into(),
                    e.target_unchecked_into::<HtmlSelectElement>().value(),
                )
            });
            html! {
                <select id={id.clone()} name="country" autocomplete="country" required={field.required()} aria-invalid={invalid}
                    aria-describedby={described} onchange={edit} onblur={blur}>
                    <option value="" selected={value.is_empty()}>{ "—" }</option>
                    { for props.countries.iter().map(|(code, name)| html! {
                        <option value={code.clone()} selected={*code == value}>{ name }</option>
                    }) }
                </select>
            }
        }
        ContactField::Message => {
            let edit = props.on_edit.reform(|e: InputEvent| {
                (
                    ContactField::Message.into(),
                    e.target_unchecked_into::<HtmlTextAreaElement>().value(),
                )
            });
            html! {
                <textarea id={id.clone()} name="message" rows="4" maxlength={field.max_len().to_string()}
                    aria-invalid={invalid} aria-describedby={described} value={value} oninput={edit} onblur={blur} />
            }
        }
        _ => {
            let edit = props.on_edit.reform(move |e: InputEvent| {
                (
                    field.into(),
                    e.target_unchecked_into::<HtmlInputElement>().value(),
                )
            });
            let kind = match field {
                ContactField::Email => "email",
                ContactField::Phone => "tel",
                _ => "text",
            };
            html! {
                <input id={id.clone()} type={kind} name={field.key().to_owned()} autocomplete={autocomplete(field)}
                    maxlength={field.max_len().to_string()} required={field.required()} aria-invalid={invalid}
                    aria-describedby={described} value={value} oninput={edit} onblur={blur} />
            }
        }
    };
    html! {
        <div class={classes!("crw-field", error.is_some().then_some("crw-field--invalid"), (field == ContactField::Message).then_some("crw-field--wide"))}>
            <label for={id}>{ label }{ if field.required() { html! { <span class="crw-required" aria-hidden="true">{ " *" }</span> } } else { html! {} } }</label>
            { control }
            if let Some(error) = error {
                <p id={error_id} class="crw-field-error">{ error }</p>
            }
        </div>
    }
}
