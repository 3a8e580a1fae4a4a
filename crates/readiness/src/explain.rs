//! Reports in words: drivers, confidence and the sales summary in the visitor's or the
//! sales team's language.

use crate::answers::Answers;
use crate::score::{Driver, Report};
use crate::text::Texts;

impl Texts<'_> {
    /// "“Mostly women” (Audience) counts in favour".
    ///
    /// ```
    /// use readiness::score::Driver;
    /// let quiz = readiness::testing::quiz();
    /// let driver = Driver { question: "trademark".parse().unwrap(), options: vec!["none".parse().unwrap()], effect: -50 };
    /// assert_eq!(quiz.texts("en").driver(&driver), "“No” (Trademark in China) counts against");
    /// ```
    pub fn driver(&self, driver: &Driver) -> String {
        let question = driver.question.as_str();
        let answer: Vec<&str> = driver
            .options
            .iter()
            .map(|o| self.option_label(question, o.as_str()))
            .collect();
        let key = if driver.effect >= 0 {
            "explain.raises"
        } else {
            "explain.lowers"
        };
        self.fill(
            key,
            &[
                ("answer", &answer.join(self.list_separator())),
                ("question", self.question_label(question)),
            ],
        )
    }

    /// The labels of the chosen options of a question, joined.
    pub fn answer_labels(&self, answers: &Answers, question: &str) -> Option<String> {
        let chosen = answers.get(question)?;
        let labels: Vec<&str> = chosen
            .iter()
            .map(|o| self.option_label(question, o.as_str()))
            .collect();
        Some(labels.join(self.list_separator()))
    }

    /// How items of a list are joined in this language (", " or "、").
    pub fn list_separator(&self) -> &str {
        self.get("meta.list_separator")
    }

    /// A few lines for the sales team: grade, readiness, budget, timeline, top channels,
    /// blockers.
    ///
    /// ```
    /// use readiness::testing::{quiz, answers};
    /// let quiz = quiz();
    /// let given = answers(&[("budget", &["from_5k_to_15k"]), ("trademark", &["none"])]);
    /// let summary = quiz.texts("en").sales_summary(&quiz.score(&given), &given);
    /// assert!(summary.contains("Budget: €5,000 to €15,000"));
    /// assert!(summary.contains("Blockers: No trademark registered in China"));
    /// ```
    pub fn sales_summary(&self, report: &Report, answers: &Answers) -> String {
        let tier = self.item("tier", report.tier.as_str(), "name");
        let mut lines = vec![
            self.fill("summary.grade", &[("grade", &report.grade.letter)]),
            self.fill(
                "summary.readiness",
                &[("score", &report.readiness.to_string()), ("tier", tier)],
            ),
        ];
        for (question, key) in [
            ("budget", "summary.budget"),
            ("timeline", "summary.timeline"),
        ] {
            if let Some(labels) = self.answer_labels(answers, question) {
                lines.push(self.fill(key, &[("answer", &labels)]));
            }
        }
        let top: Vec<&str> = report
            .channels
            .iter()
            .filter(|c| c.recommended)
            .map(|c| self.item("channel", c.id.as_str(), "name"))
            .collect();
        lines.push(self.fill(
            "summary.top_channels",
            &[("channels", &top.join(self.list_separator()))],
        ));
        if report.blockers.is_empty() {
            lines.push(self.get("summary.no_blockers").to_owned());
        } else {
            let blockers: Vec<&str> = report
                .blockers
                .iter()
                .map(|b| self.item("blocker", b.as_str(), "title"))
                .collect();
            lines.push(self.fill("summary.blockers", &[("blockers", &blockers.join("; "))]));
        }
        lines.join("\n")
    }
}
