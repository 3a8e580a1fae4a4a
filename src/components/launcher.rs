//! Launcher mode: a floating button that opens the widget in a modal `<dialog>` (focus is
//! kept inside it and Escape closes it, natively; focus returns to the button).

use web_sys::HtmlDialogElement;
use yew::prelude::*;

use crate::ui::use_ui;

/// Props of [`Launcher`].
#[derive(Properties, PartialEq)]
pub struct LauncherProps {
    /// Open at once (the visitor already clicked the loader's button).
    pub open: bool,
    /// The widget.
    pub children: Html,
}

/// The launcher button and its dialog.
#[function_component]
pub fn Launcher(props: &LauncherProps) -> Html {
    let ui = use_ui();
    let dialog = use_node_ref();
    let show = {
        let dialog = dialog.clone();
        move || {
            if let Some(dialog) = dialog.cast::<HtmlDialogElement>() {
                if !dialog.open() {
                    let _ = dialog.show_modal();
                }
            }
        }
    };
    {
        let show = show.clone();
        use_effect_with(props.open, move |open| {
            if *open {
                show();
            }
        });
    }
    let onclick = Callback::from(move |_: MouseEvent| show());
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(dialog) = dialog.cast::<HtmlDialogElement>() {
                dialog.close();
            }
        })
    };
    html! {
        <>
            <button type="button" class="crw-launcher" {onclick} aria-haspopup="dialog">{ ui.t("launcher") }</button>
            <dialog class="crw-dialog" ref={dialog} aria-label={ui.t("intro_title")}>
                <div class="crw-dialog-bar">
                    <button type="button" class="crw-button crw-dialog-close" onclick={close}>{ ui.t("close") }</button>
                </div>
                { props.children.clone() }
            </dialog>
        </>
    }
}
