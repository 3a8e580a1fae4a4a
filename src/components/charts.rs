//! Horizontal bar charts drawn as SVG by the widget itself, each with a table as its text
//! equivalent for screen readers. Sizes are SVG attributes, never style attributes, so a
//! strict Content-Security-Policy holds.

use yew::prelude::*;

/// One bar: its label, its value 0–100 (or none), and whether to highlight it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The label.
    pub label: String,
    /// 0–100, `None` when unknown.
    pub value: Option<u8>,
    /// Drawn in the accent colour.
    pub highlight: bool,
}

/// Props of [`BarChart`].
#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// The chart's title (also its accessible name).
    pub title: String,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// Column header for the values in the text equivalent.
    pub value_header: String,
    /// Shown for an unknown value.
    pub unknown: String,
}

const ROW: u32 = 34;
const WIDTH: u32 = 320;

/// A bar chart with its text equivalent.
#[function_component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let height = ROW * u32::try_from(props.bars.len()).unwrap_or(0);
    // labels sit above the bars, so a bar spans the width less the value column
    let track = WIDTH - 40;
    html! {
        <figure class="crw-chart">
            <figcaption class="crw-chart-title">{ &props.title }</figcaption>
            <svg class="crw-chart-svg" viewBox={format!("0 0 {WIDTH} {height}")} width="100%" aria-hidden="true" focusable="false">
                { for props.bars.iter().enumerate().map(|(i, bar)| {
                    let y = ROW * u32::try_from(i).unwrap_or(0);
                    let length = track * u32::from(bar.value.unwrap_or(0)) / 100;
                    let class = if bar.highlight { "crw-bar crw-bar--highlight" } else { "crw-bar" };
                    html! {
                        <g>
                            <text class="crw-bar-label" x="0" y={(y + 11).to_string()}>{ &bar.label }</text>
                            <rect class="crw-bar-track" x="0" y={(y + 16).to_string()} width={track.to_string()} height="10" rx="5"></rect>
                            <rect class={class} x="0" y={(y + 16).to_string()} width={length.to_string()} height="10" rx="5"></rect>
                            <text class="crw-bar-value" x={(WIDTH - 4).to_string()} y={(y + 25).to_string()} text-anchor="end">
                                { bar.value.map_or_else(|| "–".to_owned(), |v| v.to_string()) }
                            </text>
                        </g>
                    }
                }) }
            </svg>
            <table class="crw-sr-only">
                <caption>{ &props.title }</caption>
                <thead><tr><th scope="col"></th><th scope="col">{ &props.value_header }</th></tr></thead>
                <tbody>
                    { for props.bars.iter().map(|bar| html! {
                        <tr>
                            <th scope="row">{ &bar.label }</th>
                            <td>{ bar.value.map_or_else(|| props.unknown.clone(), |v| format!("{v}/100")) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </figure>
    }
}
