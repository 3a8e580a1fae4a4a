//! The call an embed offers after a lead is sent (`data-booking-url`,
//! `data-booking-min-grade`): a scheduler's address with the visitor's details filled in,
//! offered from a grade up.

use crate::model::Quiz;

/// The placeholders a booking address may hold.
pub const PLACEHOLDERS: [&str; 5] = ["name", "email", "company", "lang", "lead_id"];

/// A validated booking address template and the lowest grade it is offered to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    template: String,
    min_grade: String,
}

/// What fills a booking address.
#[derive(Debug, Clone, Copy, Default)]
pub struct Details<'a> {
    /// The visitor's name.
    pub name: &'a str,
    /// Their email.
    pub email: &'a str,
    /// Their company.
    pub company: &'a str,
    /// The widget's language tag.
    pub lang: &'a str,
    /// The lead's id, once the intake has acknowledged it.
    pub lead_id: &'a str,
}

impl Booking {
    /// An https address (any scheduler) with only known `{placeholders}`, offered from
    /// `min_grade` (a letter, `B` when not given) up.
    ///
    /// ```
    /// use readiness::booking::Booking;
    /// assert!(Booking::parse("https://cal.example/agency/30min?name={name}", None).is_ok());
    /// assert!(Booking::parse("javascript:alert(1)//{name}", None).is_err());
    /// assert!(Booking::parse("https://cal.example/{phone}", None).is_err());
    /// ```
    pub fn parse(template: &str, min_grade: Option<&str>) -> Result<Booking, String> {
        let template = template.trim();
        let host_start = template
            .get(..8)
            .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
            .map(|_| &template[8..])
            .ok_or("must be an https:// address")?;
        if host_start.is_empty() || host_start.starts_with(['/', '?', '#', '{', '@', ':']) {
            return Err("has no host after https://".into());
        }
        if let Some(c) = template.chars().find(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
        }) {
            return Err(format!("holds a character an address may not: {c:?}"));
        }
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after.find('}').ok_or("has a `{` without its `}`")?;
            let name = &after[..close];
            if !PLACEHOLDERS.contains(&name) {
                return Err(format!(
                    "has an unknown placeholder {{{name}}} (known: {})",
                    PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                ));
            }
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            return Err("has a `}` without its `{`".into());
        }
        let min_grade = min_grade.map(str::trim).unwrap_or("B");
        if min_grade.len() != 1 || !min_grade.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(format!(
                "minimum grade `{min_grade}` is not a grade letter like B"
            ));
        }
        Ok(Booking {
            template: template.to_owned(),
            min_grade: min_grade.to_owned(),
        })
    }

    /// Whether a lead graded `grade` is offered the call: its grade is `min_grade` or
    /// better in the quiz's grades (a letter the quiz lacks is offered nothing).
    pub fn offered_to(&self, quiz: &Quiz, grade: &str) -> bool {
        let rank = |letter: &str| quiz.grade.bands.iter().position(|band| band.id == letter);
        matches!((rank(grade), rank(&self.min_grade)), (Some(g), Some(min)) if g <= min)
    }

    /// The address with each placeholder replaced by its value, percent-encoded (all but
    /// `A–Z a–z 0–9 - . _ ~`), so a value can end neither the query nor the path.
    ///
    /// ```
    /// use readiness::booking::{Booking, Details};
    /// let booking = Booking::parse("https://cal.example/a?name={name}&email={email}", None).unwrap();
    /// let details = Details { name: "Zoë & Co", email: "z@x.example", ..Details::default() };
    /// assert_eq!(booking.url(&details), "https://cal.example/a?name=Zo%C3%AB%20%26%20Co&email=z%40x.example");
    /// ```
    pub fn url(&self, details: &Details<'_>) -> String {
        let mut url = self.template.clone();
        for (name, value) in [
            ("name", details.name),
            ("email", details.email),
            ("company", details.company),
            ("lang", details.lang),
            ("lead_id", details.lead_id),
        ] {
            url = url.replace(&format!("{{{name}}}"), &encode(value));
        }
        url
    }
}

fn encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_https_address_with_known_placeholders_is_taken() {
        for (template, refusal) in [
            ("http://cal.example/x", "https://"),
            ("JavaScript:alert(document.cookie)", "https://"),
            ("https://", "no host"),
            ("https:///path", "no host"),
            ("https://cal.example/x y", "character"),
            ("https://cal.example/\"onmouseover", "character"),
            ("https://cal.example/{phone}", "unknown placeholder {phone}"),
            ("https://cal.example/{name", "without its `}`"),
            ("https://cal.example/name}", "without its `{`"),
        ] {
            let error = Booking::parse(template, None).expect_err(template);
            assert!(error.contains(refusal), "{template}: {error}");
        }
        assert!(Booking::parse("HTTPS://Cal.example/{lead_id}", Some("A")).is_ok());
        assert!(Booking::parse("https://cal.example/", Some("b")).is_err());
        assert!(Booking::parse("https://cal.example/", Some("AB")).is_err());
    }

    #[test]
    fn the_call_is_offered_from_the_minimum_grade_up() {
        let quiz = crate::testing::quiz();
        let letters: Vec<&str> = quiz.grade.bands.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(letters, ["A", "B", "C", "D"]);
        let from_b = Booking::parse("https://cal.example/", None).expect("valid");
        let offered: Vec<bool> = letters
            .iter()
            .map(|g| from_b.offered_to(&quiz, g))
            .collect();
        assert_eq!(offered, [true, true, false, false]);
        let from_a = Booking::parse("https://cal.example/", Some("A")).expect("valid");
        assert!(from_a.offered_to(&quiz, "A") && !from_a.offered_to(&quiz, "B"));
        let unknown = Booking::parse("https://cal.example/", Some("Z")).expect("a letter");
        assert!(
            !unknown.offered_to(&quiz, "A"),
            "a grade the quiz lacks offers nothing"
        );
    }

    #[test]
    fn every_value_is_encoded_so_it_cannot_leave_its_place() {
        let booking = Booking::parse(
            "https://cal.example/{lead_id}?name={name}&email={email}&company={company}&lang={lang}",
            None,
        )
        .expect("valid");
        let url = booking.url(&Details {
            name: "A&B=1#x/../",
            email: "józef@example.com",
            company: "茶 Ltd?",
            lang: "zh-Hans",
            lead_id: "4f25-ab",
        });
        assert_eq!(
            url,
            "https://cal.example/4f25-ab?name=A%26B%3D1%23x%2F..%2F&email=j%C3%B3zef%40example.com&company=%E8%8C%B6%20Ltd%3F&lang=zh-Hans"
        );
    }
}
