//! Contact fields as types: an [`Email`], a [`Phone`], a [`WechatId`] or a [`CountryCode`]
//! exists only if its text passed the check.

use serde::{Deserialize, Serialize};

use super::{limits, Contact, ContactField, ContactInput, ErrorCode, FieldError, FieldPath};

/// A syntactically valid email address, domain in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

/// A phone number normalised to `+` and 8–15 digits, e.g. `+8613800138000`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

/// A WeChat ID: 6–20 letters, digits, `_` or `-`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WechatId(String);

/// An ISO 3166-1 alpha-2 country code, e.g. `DE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCode(String);

/// Every officially assigned ISO 3166-1 alpha-2 code.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

macro_rules! text_accessors {
    ($($name:ident),*) => {$(
        impl $name {
            /// The checked text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
text_accessors!(Email, Phone, WechatId, CountryCode);

impl Email {
    /// Checks an address: one `@`, a sensible local part, a domain of at least two labels.
    ///
    /// ```
    /// use readiness::lead::Email;
    /// assert_eq!(Email::parse(" Anna@Example.CO.uk ").map(|e| e.to_string()), Some("Anna@example.co.uk".into()));
    /// assert!(Email::parse("anna@localhost").is_none());
    /// assert!(Email::parse("anna@exa mple.com").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Email> {
        let text = text.trim();
        if text.chars().count() > limits::EMAIL {
            return None;
        }
        let (local, domain) = text.split_once('@')?;
        let local_ok = (1..=64).contains(&local.len())
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                (1..=63).contains(&label.len())
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| {
                tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
            });
        (local_ok && domain_ok).then(|| Email(format!("{local}@{}", domain.to_lowercase())))
    }
}

impl Phone {
    /// Accepts international numbers with spaces, dots, dashes and brackets, `+` or `00`.
    ///
    /// ```
    /// use readiness::lead::Phone;
    /// assert_eq!(Phone::parse("+86 138 0013 8000").map(|p| p.to_string()), Some("+8613800138000".into()));
    /// assert_eq!(Phone::parse("0049 (30) 1234-5678").map(|p| p.to_string()), Some("+493012345678".into()));
    /// assert!(Phone::parse("030 1234 5678").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Phone> {
        let text = text.trim();
        let rest = text.strip_prefix('+').or_else(|| text.strip_prefix("00"))?;
        let mut digits = String::new();
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return None,
            }
        }
        let ok = (8..=15).contains(&digits.len()) && !digits.starts_with('0');
        ok.then(|| Phone(format!("+{digits}")))
    }
}

impl WechatId {
    /// Checks WeChat's rules for a chosen ID.
    ///
    /// ```
    /// use readiness::lead::WechatId;
    /// assert!(WechatId::parse("anna_mueller-88").is_some());
    /// assert!(WechatId::parse("88anna").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<WechatId> {
        let text = text.trim();
        let ok = (super::limits::WECHAT_ID_MIN..=super::limits::WECHAT_ID).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_alphabetic())
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        ok.then(|| WechatId(text.to_owned()))
    }
}

impl CountryCode {
    /// Accepts an assigned ISO 3166-1 alpha-2 code, in either case.
    ///
    /// ```
    /// use readiness::lead::CountryCode;
    /// assert_eq!(CountryCode::parse("fi").map(|c| c.to_string()), Some("FI".into()));
    /// assert!(CountryCode::parse("XX").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<CountryCode> {
        let code = text.trim().to_ascii_uppercase();
        (code.len() == 2 && COUNTRIES.split(' ').any(|known| known == code))
            .then_some(CountryCode(code))
    }

    /// Every assigned code, for the form's country list.
    pub fn all() -> impl Iterator<Item = &'static str> {
        COUNTRIES.split(' ')
    }
}

/// A required one-line text: trimmed, not empty, bounded, no control characters.
fn line(
    field: ContactField,
    text: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        errors.push(FieldError::new(
            FieldPath::Contact(field),
            ErrorCode::Required,
        ));
        None
    } else if text.chars().count() > max {
        errors.push(FieldError::limit(
            FieldPath::Contact(field),
            ErrorCode::TooLong,
            max,
        ));
        None
    } else if text.chars().any(char::is_control) {
        errors.push(FieldError::new(
            FieldPath::Contact(field),
            ErrorCode::FieldInvalid,
        ));
        None
    } else {
        Some(text.to_owned())
    }
}

/// An optional field: blank means absent; otherwise `check` decides.
fn optional<T>(
    field: ContactField,
    text: Option<&str>,
    max: usize,
    code: ErrorCode,
    check: fn(&str) -> Option<T>,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    if text.chars().count() > max {
        errors.push(FieldError::limit(
            FieldPath::Contact(field),
            ErrorCode::TooLong,
            max,
        ));
        return None;
    }
    let parsed = check(text);
    if parsed.is_none() {
        errors.push(FieldError::new(FieldPath::Contact(field), code));
    }
    parsed
}

/// Checks every contact field; `None` when any is wrong (all errors are pushed).
pub(super) fn parse(input: &ContactInput, errors: &mut Vec<FieldError>) -> Option<Contact> {
    let before = errors.len();
    let name = line(ContactField::Name, &input.name, limits::NAME, errors);
    let email = required(
        ContactField::Email,
        &input.email,
        limits::EMAIL,
        ErrorCode::EmailInvalid,
        Email::parse,
        errors,
    );
    let company = line(
        ContactField::Company,
        &input.company,
        limits::COMPANY,
        errors,
    );
    // no length limit of its own: anything but an assigned code is invalid
    let country = required(
        ContactField::Country,
        &input.country,
        usize::MAX,
        ErrorCode::CountryInvalid,
        CountryCode::parse,
        errors,
    );
    let role = line(ContactField::Role, &input.role, limits::ROLE, errors);
    let phone = optional(
        ContactField::Phone,
        input.phone.as_deref(),
        limits::PHONE,
        ErrorCode::PhoneInvalid,
        Phone::parse,
        errors,
    );
    let wechat_id = optional(
        ContactField::WechatId,
        input.wechat_id.as_deref(),
        limits::WECHAT_ID,
        ErrorCode::WechatInvalid,
        WechatId::parse,
        errors,
    );
    let message = message(input.message.as_deref(), errors);
    if errors.len() > before {
        return None;
    }
    Some(Contact {
        name: name?,
        email: email?,
        company: company?,
        country: country?,
        role: role?,
        phone,
        wechat_id,
        message,
    })
}

/// A required field that must parse: blank is `required`; otherwise as [`optional`].
fn required<T>(
    field: ContactField,
    text: &str,
    max: usize,
    code: ErrorCode,
    check: fn(&str) -> Option<T>,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    if text.trim().is_empty() {
        errors.push(FieldError::new(
            FieldPath::Contact(field),
            ErrorCode::Required,
        ));
        return None;
    }
    optional(field, Some(text), max, code, check, errors)
}

/// The free-text message: line breaks and tabs allowed, other control characters not.
fn message(text: Option<&str>, errors: &mut Vec<FieldError>) -> Option<String> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    if text.chars().count() > limits::MESSAGE {
        errors.push(FieldError::limit(
            FieldPath::Contact(ContactField::Message),
            ErrorCode::TooLong,
            limits::MESSAGE,
        ));
        return None;
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.push(FieldError::new(
            FieldPath::Contact(ContactField::Message),
            ErrorCode::FieldInvalid,
        ));
        return None;
    }
    Some(text.to_owned())
}
