//! The contact form's state and its checks, which are the core's lead validation itself.

use std::collections::BTreeMap;

use readiness::lead::{
    Attribution, ClientScore, ConsentInput, ContactField, ContactInput, FieldError, FieldPath,
    FormSignals, LeadSubmission,
};
use readiness::{Answers, ItemId, Locale, Quiz};

/// The answers as the wire has them, question id → option ids.
pub fn wire_answers(answers: &Answers) -> BTreeMap<String, Vec<String>> {
    // inserted one by one: `collect` into a map sorts first, with the standard library's
    // sort (several KB of wasm; see `readiness::order`)
    answers.iter().fold(BTreeMap::new(), |mut wire, (q, o)| {
        wire.insert(q.to_string(), o.iter().map(ToString::to_string).collect());
        wire
    })
}

/// A form field, by meaning: the core's contact fields, the honeypot and the consents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// A contact field of the lead.
    Contact(ContactField),
    /// The hidden field people do not see.
    Honeypot,
    /// A consent checkbox, by purpose.
    Consent(String),
}

impl From<ContactField> for Field {
    fn from(field: ContactField) -> Self {
        Field::Contact(field)
    }
}

impl Field {
    /// The field an error is about, if the form has it.
    pub fn of(path: &FieldPath) -> Option<Field> {
        match path {
            FieldPath::Contact(field) => Some(Field::Contact(*field)),
            FieldPath::Consent(purpose) => Some(Field::Consent(purpose.clone())),
            _ => None,
        }
    }

    /// The short name used in ids and text keys (`ui.<key>`).
    pub fn key(&self) -> &str {
        match self {
            Field::Contact(field) => field.key(),
            Field::Honeypot => "website",
            Field::Consent(purpose) => purpose,
        }
    }
}

/// What the visitor typed and ticked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactForm {
    /// The contact fields.
    pub contact: ContactInput,
    /// The honeypot's content.
    pub honeypot: String,
    /// The purposes of the ticked consents. (Short lists: vectors, where sets would bring
    /// their code into the wasm; see issue 16's table.)
    pub consents: Vec<String>,
    /// Fields the visitor has left (their errors show).
    pub touched: Vec<Field>,
    /// Send was pressed once (all errors show).
    pub submitted: bool,
}

impl ContactForm {
    /// The current text of a field.
    pub fn value(&self, field: &Field) -> &str {
        let c = &self.contact;
        match field {
            Field::Contact(ContactField::Name) => &c.name,
            Field::Contact(ContactField::Email) => &c.email,
            Field::Contact(ContactField::Company) => &c.company,
            Field::Contact(ContactField::Country) => &c.country,
            Field::Contact(ContactField::Role) => &c.role,
            Field::Contact(ContactField::Phone) => c.phone.as_deref().unwrap_or_default(),
            Field::Contact(ContactField::WechatId) => c.wechat_id.as_deref().unwrap_or_default(),
            Field::Contact(ContactField::Message) => c.message.as_deref().unwrap_or_default(),
            Field::Honeypot => &self.honeypot,
            Field::Consent(_) => "",
        }
    }

    /// Sets a field's text.
    pub fn set(&mut self, field: Field, value: String) {
        let optional = |value: String| (!value.is_empty()).then_some(value);
        let c = &mut self.contact;
        match field {
            Field::Contact(ContactField::Name) => c.name = value,
            Field::Contact(ContactField::Email) => c.email = value,
            Field::Contact(ContactField::Company) => c.company = value,
            Field::Contact(ContactField::Country) => c.country = value,
            Field::Contact(ContactField::Role) => c.role = value,
            Field::Contact(ContactField::Phone) => c.phone = optional(value),
            Field::Contact(ContactField::WechatId) => c.wechat_id = optional(value),
            Field::Contact(ContactField::Message) => c.message = optional(value),
            Field::Honeypot => self.honeypot = value,
            Field::Consent(_) => {}
        }
    }

    /// Ticks or unticks a consent.
    pub fn toggle_consent(&mut self, purpose: &ItemId) {
        match self.consents.iter().position(|p| p == purpose.as_str()) {
            Some(at) => drop(self.consents.remove(at)),
            None => self.consents.push(purpose.to_string()),
        }
        self.touch(Field::Consent(purpose.to_string()));
    }

    /// Marks a field as left (its errors show from now on).
    pub fn touch(&mut self, field: Field) {
        if !self.touched.contains(&field) {
            self.touched.push(field);
        }
    }

    /// Whether a consent is ticked.
    pub fn consented(&self, purpose: &str) -> bool {
        self.consents.iter().any(|p| p == purpose)
    }

    /// The lead as it would be sent.
    pub fn submission(
        &self,
        quiz: &Quiz,
        locale: &Locale,
        answers: &Answers,
        idempotency_key: String,
        client_score: Option<ClientScore>,
        elapsed_ms: u64,
    ) -> LeadSubmission {
        LeadSubmission {
            quiz_version: quiz.version().to_owned(),
            locale: locale.to_string(),
            answers: wire_answers(answers),
            contact: self.contact.clone(),
            consents: quiz
                .consents()
                .iter()
                .map(|purpose| ConsentInput {
                    purpose: purpose.id.to_string(),
                    granted: self.consented(purpose.id.as_str()),
                    text_hash: purpose
                        .text_hash(locale.as_str())
                        .unwrap_or_default()
                        .to_owned(),
                })
                .collect(),
            attribution: Attribution::default(),
            idempotency_key,
            client_score,
            form: FormSignals {
                honeypot: self.honeypot.clone(),
                elapsed_ms,
            },
        }
    }

    /// The contact and consent errors, from the core's own check of those fields.
    pub fn errors(&self, quiz: &Quiz, locale: &Locale) -> Vec<FieldError> {
        let submission = self.submission(quiz, locale, &Answers::new(), String::new(), None, 0);
        readiness::lead::check_form(&submission, quiz)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consent_ticks_and_unticks_and_each_field_is_touched_once() {
        let mut form = ContactForm::default();
        let contact = ItemId::new("contact").expect("id");
        let marketing = ItemId::new("marketing").expect("id");
        form.toggle_consent(&contact);
        form.toggle_consent(&marketing);
        assert!(form.consented("contact") && form.consented("marketing"));
        form.toggle_consent(&contact);
        assert!(!form.consented("contact"));
        assert!(form.consented("marketing"));
        assert_eq!(form.consents, ["marketing"]);
        assert_eq!(form.touched.len(), 2, "{:?}", form.touched);
    }
}
