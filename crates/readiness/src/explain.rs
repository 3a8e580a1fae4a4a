//! Reports in words: drivers, confidence and the sales summary in the visitor's or the
//! sales team's language.

use crate::answers::{Answers, Progress};
use crate::benchmark::Comparison;
use crate::score::{Assessment, ChannelFit, ChannelStatus, Driver, Hold, Report, Shortfall};
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

    /// How longer items (titles, reasons) are joined in this language ("; " or "；").
    pub fn item_separator(&self) -> &str {
        self.get("meta.item_separator")
    }

    /// A monthly amount in euros as this language writes it: "€10,000", "10 000 €".
    ///
    /// ```
    /// let quiz = readiness::testing::quiz();
    /// assert_eq!(quiz.texts("en").money(15000), "€15,000");
    /// assert_eq!(quiz.texts("de").money(2000), "2.000\u{a0}€");
    /// ```
    pub fn money(&self, eur: u32) -> String {
        let digits = eur.to_string();
        let separator = self.get("meta.thousands_separator");
        let mut grouped = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push_str(separator);
            }
            grouped.push(digit);
        }
        self.fill("meta.money", &[("amount", &grouped)])
    }

    /// Items as a sentence lists them: "A, B and C", "A、B、C".
    ///
    /// ```
    /// let quiz = readiness::testing::quiz();
    /// assert_eq!(quiz.texts("en").join_list(&["A", "B", "C"]), "A, B and C");
    /// assert_eq!(quiz.texts("zh-Hans").join_list(&["甲", "乙"]), "甲、乙");
    /// ```
    pub fn join_list<S: AsRef<str>>(&self, items: &[S]) -> String {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == items.len() {
                    self.get("meta.last_separator")
                } else {
                    self.list_separator()
                });
            }
            out.push_str(item.as_ref());
        }
        out
    }

    /// What a channel waits for, as the condition that lifts it ("your trademark is filed").
    pub fn hold(&self, hold: &Hold) -> String {
        match hold {
            Hold::Blocker { id } => self.item("blocker", id.as_str(), "once").to_owned(),
            Hold::Budget { min_eur } => {
                self.fill("explain.budget_hold", &[("amount", &self.money(*min_eur))])
            }
        }
    }

    /// Whether and how a channel can start, in words: `None` when it can start in full.
    ///
    /// ```
    /// use readiness::score::{ChannelFit, ChannelStatus, Hold};
    /// let quiz = readiness::testing::quiz();
    /// let channel = ChannelFit {
    ///     id: "weibo".parse().unwrap(), fit: 70, start_here: false, later: true, drivers: vec![],
    ///     status: ChannelStatus::Later { reasons: vec![Hold::Budget { min_eur: 15000 }] },
    /// };
    /// assert_eq!(quiz.texts("en").channel_status(&channel).unwrap(),
    ///     "once your budget reaches €15,000 a month");
    /// ```
    pub fn channel_status(&self, channel: &ChannelFit) -> Option<String> {
        match &channel.status {
            ChannelStatus::Now => None,
            ChannelStatus::Organic { paid_from_eur } => Some(self.fill(
                "explain.organic",
                &[("amount", &self.money(*paid_from_eur))],
            )),
            ChannelStatus::Later { reasons } => {
                let reasons: Vec<String> = reasons.iter().map(|r| self.hold(r)).collect();
                Some(self.fill("explain.later", &[("reasons", &self.join_list(&reasons))]))
            }
        }
    }

    /// Channels by name, each with its status where it is not a plain start.
    fn channel_list<'c>(&self, channels: impl Iterator<Item = &'c ChannelFit>) -> String {
        let named: Vec<String> = channels
            .map(|c| {
                let name = self.item("channel", c.id.as_str(), "name");
                match self.channel_status(c) {
                    Some(status) => self.fill(
                        "summary.channel_with_status",
                        &[("channel", name), ("status", &status)],
                    ),
                    None => name.to_owned(),
                }
            })
            .collect();
        if named.is_empty() {
            self.get("summary.none").to_owned()
        } else {
            named.join(self.list_separator())
        }
    }

    /// Why there is no verdict, in words: how many real answers, how many needed, which
    /// questions are missing.
    pub fn shortfall(&self, shortfall: &Shortfall) -> String {
        let known = shortfall.counts.known.to_string();
        let needed = shortfall.needed.to_string();
        if shortfall.missing.is_empty() {
            return self.fill(
                "explain.not_enough_answers",
                &[("known", &known), ("needed", &needed)],
            );
        }
        let missing: Vec<&str> = shortfall
            .missing
            .iter()
            .map(|q| self.question_label(q.as_str()))
            .collect();
        self.fill(
            "explain.not_enough_answers_missing",
            &[
                ("known", &known),
                ("needed", &needed),
                ("questions", &missing.join(self.list_separator())),
            ],
        )
    }

    /// A few lines for the sales team: grade, readiness, budget, timeline, where to start,
    /// what waits and why, blockers; or why there is no verdict.
    ///
    /// ```
    /// use readiness::testing::{quiz, answers};
    /// let quiz = quiz();
    /// let given = answers(&[
    ///     ("industry", &["fashion_luxury"]), ("business_model", &["b2c"]), ("goals", &["awareness"]),
    ///     ("trademark", &["none"]), ("chinese_name", &["none"]), ("website", &["english_only"]),
    ///     ("content", &["images"]), ("budget", &["from_5k_to_15k"]),
    /// ]);
    /// let summary = quiz.texts("en").sales_summary(&quiz.assess(&given), &given);
    /// assert!(summary.contains("Budget: €5,000 to €15,000"));
    /// assert!(summary.contains("Blockers: No trademark registered in China"));
    /// let few = answers(&[("budget", &["over_50k"])]);
    /// assert!(quiz.texts("en").sales_summary(&quiz.assess(&few), &few).starts_with("No verdict"));
    /// ```
    pub fn sales_summary(&self, assessment: &Assessment, answers: &Answers) -> String {
        let mut lines = Vec::new();
        match assessment {
            Assessment::Scored(report) => self.report_lines(report, &mut lines),
            Assessment::NotEnoughAnswers(shortfall) => {
                lines.push(self.get("summary.no_verdict").to_owned());
                lines.push(self.shortfall(shortfall));
            }
        }
        for (question, key) in [
            ("budget", "summary.budget"),
            ("timeline", "summary.timeline"),
        ] {
            if let Some(labels) = self.answer_labels(answers, question) {
                lines.push(self.fill(key, &[("answer", &labels)]));
            }
        }
        if let Assessment::Scored(report) = assessment {
            lines.push(self.fill(
                "summary.start_here",
                &[("channels", &self.channel_list(report.start_here()))],
            ));
            lines.push(self.fill(
                "summary.later",
                &[("channels", &self.channel_list(report.later()))],
            ));
            if report.blockers.is_empty() {
                lines.push(self.get("summary.no_blockers").to_owned());
            } else {
                let blockers: Vec<&str> = report
                    .blockers
                    .iter()
                    .map(|b| self.item("blocker", b.as_str(), "title"))
                    .collect();
                lines.push(self.fill(
                    "summary.blockers",
                    &[("blockers", &blockers.join(self.item_separator()))],
                ));
            }
        }
        lines.join("\n")
    }

    fn report_lines(&self, report: &Report, lines: &mut Vec<String>) {
        lines.push(self.fill("summary.grade", &[("grade", &report.grade.letter)]));
        lines.push(self.readiness_line(report));
    }

    /// "Readiness 62/100 (Ready to launch)".
    pub fn readiness_line(&self, report: &Report) -> String {
        let tier = self.item("tier", report.tier.as_str(), "name");
        self.fill(
            "summary.readiness",
            &[("score", &report.readiness.to_string()), ("tier", tier)],
        )
    }

    /// The outcome in one line, as the widget announces it and shows above a form that
    /// comes first: the readiness line, or that more answers are needed.
    ///
    /// ```
    /// use readiness::testing::{quiz, answers};
    /// let quiz = quiz();
    /// let few = quiz.assess(&answers(&[("industry", &["beauty"])]));
    /// assert_eq!(quiz.texts("en").headline(&few), "We need a few more answers");
    /// ```
    pub fn headline(&self, assessment: &Assessment) -> String {
        match assessment {
            Assessment::Scored(report) => self.readiness_line(report),
            Assessment::NotEnoughAnswers(_) => self.get("ui.not_enough_title").to_owned(),
        }
    }

    /// "How do you compare?" in words: the line, and the brands it is based on. At either
    /// end of the range the line says so in words: "higher than 0%" would read as a verdict,
    /// "higher than 100%" as a slip.
    ///
    /// ```
    /// use readiness::benchmark::Comparison;
    /// let quiz = readiness::testing::quiz();
    /// let texts = quiz.texts("en");
    /// let (line, basis) = texts.comparison(Comparison { percent: 64, leads: 25 });
    /// assert_eq!(line, "Your readiness is higher than 64% of brands in your industry.");
    /// assert!(basis.starts_with("Compared with the 25 brands"));
    /// let (lowest, _) = texts.comparison(Comparison { percent: 0, leads: 25 });
    /// assert_eq!(lowest, "Your readiness is at the start of the range for brands in your industry.");
    /// let (highest, _) = texts.comparison(Comparison { percent: 100, leads: 25 });
    /// assert_eq!(highest, "Your readiness is higher than that of every brand in your industry.");
    /// ```
    pub fn comparison(&self, place: Comparison) -> (String, String) {
        let line = match place.percent {
            0 => self.get("ui.peer_compare_lowest").to_owned(),
            100.. => self.get("ui.peer_compare_highest").to_owned(),
            percent => self.fill("ui.peer_compare", &[("percent", &percent.to_string())]),
        };
        (
            line,
            self.fill(
                "ui.peer_compare_basis",
                &[("count", &place.leads.to_string())],
            ),
        )
    }

    /// "Question 4 of 12".
    ///
    /// ```
    /// let quiz = readiness::testing::quiz();
    /// let progress = readiness::Progress { current: 4, total: 12 };
    /// assert_eq!(quiz.texts("en").progress(progress), "Question 4 of 12");
    /// ```
    pub fn progress(&self, progress: Progress) -> String {
        self.fill(
            "ui.progress",
            &[
                ("current", &progress.current.to_string()),
                ("total", &progress.total.to_string()),
            ],
        )
    }
}
