//! A list of channels with why they fit and, where they must wait or start small, why.

use readiness::score::{ChannelFit, ChannelStatus};
use yew::prelude::*;

use crate::ui::use_ui;

/// Props of [`ChannelList`].
#[derive(Properties, PartialEq)]
pub struct ChannelListProps {
    /// The section's id prefix (for its heading's id).
    pub id: AttrValue,
    /// The heading.
    pub title: String,
    /// One sentence under the heading.
    pub lead: String,
    /// What to say when the list is empty; `None` hides an empty section's list.
    pub empty: Option<String>,
    /// The channels, best fit first.
    pub channels: Vec<ChannelFit>,
}

/// A titled list of channels: name, fit, summary, status and the answers behind the fit.
#[function_component]
pub fn ChannelList(props: &ChannelListProps) -> Html {
    let ui = use_ui();
    let texts = ui.texts();
    let heading = format!("{}-title", props.id);
    html! {
        <section class="crw-section" aria-labelledby={heading.clone()}>
            <h3 id={heading} class="crw-subtitle">{ &props.title }</h3>
            if props.channels.is_empty() {
                if let Some(empty) = &props.empty {
                    <p class="crw-status crw-status--queued">{ empty }</p>
                }
            } else {
                <p class="crw-section-lead">{ &props.lead }</p>
                <ol class="crw-channels">
                    { for props.channels.iter().map(|channel| {
                        let status = texts.channel_status(channel);
                        let status_class = match channel.status {
                            ChannelStatus::Now => "crw-channel-status",
                            ChannelStatus::Organic { .. } => "crw-channel-status crw-channel-status--organic",
                            ChannelStatus::Later { .. } => "crw-channel-status crw-channel-status--later",
                        };
                        html! {
                            <li class="crw-channel">
                                <p class="crw-channel-name">
                                    <strong>{ texts.item("channel", channel.id.as_str(), "name") }</strong>
                                    { " · " }{ texts.fill("explain.score_out_of", &[("score", &channel.fit.to_string())]) }
                                </p>
                                if let Some(status) = status {
                                    <p class={status_class}>{ status }</p>
                                }
                                <p class="crw-channel-summary">{ texts.item("channel", channel.id.as_str(), "summary") }</p>
                                <ul class="crw-drivers">
                                    { for channel.drivers.iter().map(|driver| html! {
                                        <li class={if driver.effect >= 0 { "crw-driver crw-driver--up" } else { "crw-driver crw-driver--down" }}>
                                            { texts.driver(driver) }
                                        </li>
                                    }) }
                                </ul>
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}
