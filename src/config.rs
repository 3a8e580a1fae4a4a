//! The widget's configuration, read from the `data-*` attributes of its script tag or host
//! element. Parsing is pure; `lib.rs` (`data_attributes`) reads them off the DOM.

/// Where the contact form stands relative to the full results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Full results first, then the form (default).
    After,
    /// A short preview, the form, then the full results.
    Before,
}

/// Inline in an element, or a launcher button opening a dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Rendered in place.
    Inline,
    /// A floating button opens the widget in a modal dialog.
    Launcher,
}

/// Light, dark, or the visitor's system setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Everything the agency sets on the embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The intake endpoint leads are POSTed to.
    pub endpoint: String,
    /// Forced language, or `None` to follow the browser.
    pub lang: Option<String>,
    /// The agency's privacy notice, linked from the consents.
    pub privacy_url: String,
    /// Contact form before or after the full results.
    pub gate: Gate,
    /// Inline or launcher.
    pub mode: Mode,
    /// Colour scheme.
    pub theme: Theme,
    /// Also push analytics events to `window.dataLayer`.
    pub data_layer: bool,
    /// The call offered after a lead is sent (`data-booking-url`, `data-booking-min-grade`).
    pub booking: Option<readiness::booking::Booking>,
    /// The journey's steps counted for the agency's funnel (`data-analytics="off"` stops it;
    /// so does the browser's Global Privacy Control).
    pub analytics: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            endpoint: "/api/v1/leads".into(),
            lang: None,
            privacy_url: "/privacy".into(),
            gate: Gate::After,
            mode: Mode::Inline,
            theme: Theme::Auto,
            data_layer: false,
            booking: None,
            analytics: true,
        }
    }
}

/// The settings an embed can give, by attribute name without `data-`.
const NAMES: [&str; 10] = [
    "endpoint",
    "lang",
    "privacy-url",
    "gate",
    "mode",
    "theme",
    "datalayer",
    "booking-url",
    "booking-min-grade",
    "analytics",
];

impl Config {
    /// Reads the settings from `data-*` attribute values, looked up by name without
    /// `data-`; unknown values fall back to the default and are reported.
    pub fn from_attributes(attribute: &dyn Fn(&str) -> Option<String>) -> (Config, Vec<String>) {
        let mut config = Config::default();
        let mut warnings = Vec::new();
        let values: Vec<(&str, String)> = NAMES
            .iter()
            .filter_map(|&name| Some((name, attribute(name)?)))
            .collect();
        let get = |name: &str| {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        if let Some(endpoint) = get("endpoint") {
            config.endpoint = endpoint.to_owned();
        }
        config.lang = get("lang").map(str::to_owned);
        if let Some(url) = get("privacy-url") {
            config.privacy_url = url.to_owned();
        }
        match get("gate") {
            None | Some("after") => {}
            Some("before") => config.gate = Gate::Before,
            Some(other) => warnings.push(format!(
                "data-gate=\"{other}\" is not `before` or `after`; using `after`"
            )),
        }
        match get("mode") {
            None | Some("inline") => {}
            Some("launcher") => config.mode = Mode::Launcher,
            Some(other) => warnings.push(format!(
                "data-mode=\"{other}\" is not `inline` or `launcher`; using `inline`"
            )),
        }
        match get("theme") {
            None | Some("auto") => {}
            Some("light") => config.theme = Theme::Light,
            Some("dark") => config.theme = Theme::Dark,
            Some(other) => warnings.push(format!(
                "data-theme=\"{other}\" is not `auto`, `light` or `dark`; using `auto`"
            )),
        }
        config.data_layer = matches!(get("datalayer"), Some("true" | "1" | "yes"));
        match get("analytics") {
            None | Some("on") => {}
            Some("off") => config.analytics = false,
            Some(other) => {
                // a wrong value must not count a visitor the host meant to leave alone
                config.analytics = false;
                warnings.push(format!(
                    "data-analytics=\"{other}\" is not `on` or `off`; the funnel is off"
                ));
            }
        }
        if let Some(url) = get("booking-url") {
            match readiness::booking::Booking::parse(url, get("booking-min-grade")) {
                Ok(booking) => config.booking = Some(booking),
                Err(why) => warnings.push(format!(
                    "data-booking-url / data-booking-min-grade {why}; no call is offered"
                )),
            }
        }
        (config, warnings)
    }
}

/// Another resource of the intake, beside the leads endpoint (`…/leads` → `…/events`).
pub fn beside_leads(leads: &str, resource: &str) -> String {
    let leads = leads.trim_end_matches('/');
    match leads.strip_suffix("/leads") {
        Some(base) => format!("{base}/{resource}"),
        None => format!("{leads}/{resource}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes<'a>(pairs: &'a [(&str, &str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let (config, warnings) = Config::from_attributes(&attributes(&[]));
        assert_eq!(config, Config::default());
        assert!(warnings.is_empty());
    }

    #[test]
    fn reads_every_setting() {
        let (config, warnings) = Config::from_attributes(&attributes(&[
            ("endpoint", "https://leads.agency.example/api/v1/leads"),
            ("lang", "zh-Hans"),
            ("gate", "before"),
            ("mode", "launcher"),
            ("theme", "dark"),
            ("datalayer", "true"),
        ]));
        assert!(warnings.is_empty());
        assert_eq!(config.endpoint, "https://leads.agency.example/api/v1/leads");
        assert_eq!(config.lang.as_deref(), Some("zh-Hans"));
        assert_eq!(
            (config.gate, config.mode, config.theme, config.data_layer),
            (Gate::Before, Mode::Launcher, Theme::Dark, true)
        );
    }

    #[test]
    fn a_booking_page_is_taken_only_as_a_safe_address() {
        let (config, warnings) = Config::from_attributes(&attributes(&[(
            "booking-url",
            "https://cal.example/agency/30min?name={name}",
        )]));
        assert!(warnings.is_empty() && config.booking.is_some());
        let (config, warnings) = Config::from_attributes(&attributes(&[
            ("booking-url", "javascript:alert(1)"),
            ("booking-min-grade", "A"),
        ]));
        assert_eq!(config.booking, None);
        assert_eq!(
            warnings,
            ["data-booking-url / data-booking-min-grade must be an https:// address; no call is offered"]
        );
    }

    #[test]
    fn a_wrong_value_falls_back_and_says_so() {
        let (config, warnings) = Config::from_attributes(&attributes(&[("gate", "middle")]));
        assert_eq!(config.gate, Gate::After);
        assert_eq!(
            warnings,
            ["data-gate=\"middle\" is not `before` or `after`; using `after`"]
        );
    }

    #[test]
    fn the_funnel_counts_unless_the_host_says_off_or_anything_unclear() {
        let analytics = |value: Option<&str>| {
            let pairs: Vec<(&str, &str)> = value.map(|v| ("analytics", v)).into_iter().collect();
            let read = Config::from_attributes(&attributes(&pairs));
            read
        };
        assert!(analytics(None).0.analytics);
        assert!(analytics(Some("on")).0.analytics);
        assert!(!analytics(Some("off")).0.analytics);
        let (config, warnings) = analytics(Some("no-thanks"));
        assert!(
            !config.analytics,
            "an unclear value leaves the visitor alone"
        );
        assert_eq!(
            warnings,
            ["data-analytics=\"no-thanks\" is not `on` or `off`; the funnel is off"]
        );
    }

    #[test]
    fn the_intakes_other_resources_are_beside_the_leads() {
        assert_eq!(beside_leads("/api/v1/leads", "events"), "/api/v1/events");
        assert_eq!(
            beside_leads("https://leads.agency.example/api/v1/leads/", "benchmarks"),
            "https://leads.agency.example/api/v1/benchmarks"
        );
        assert_eq!(
            beside_leads("https://x.example/intake", "events"),
            "https://x.example/intake/events"
        );
    }
}
