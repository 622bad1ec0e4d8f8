//! A phone number as the customer wrote it, within sane bounds.

use serde::{Deserialize, Serialize};

use super::validation::IssueKind;

pub const MAX_LEN: usize = 32;

/// Digits and the punctuation people write phone numbers with (`+ - ( ) . /`, spaces), or
/// empty. Letters are allowed for extensions and vanity numbers (`ext. 12`, `0800-FLOWERS`),
/// but a number must contain at least one digit. Medusa stores any string; this refuses only
/// what cannot be dialled or displayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, IssueKind> {
        let value = input.trim();
        if value.is_empty() {
            // Medusa keeps "" as "": an explicitly blank phone.
            return Ok(Self(String::new()));
        }
        if value.chars().count() > MAX_LEN {
            return Err(IssueKind::TooLong { max: MAX_LEN });
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || " +-().#/".contains(c);
        if value.chars().all(allowed) && value.chars().any(|c| c.is_ascii_digit()) {
            Ok(Self(value.to_owned()))
        } else {
            Err(IssueKind::InvalidPhone)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Phone {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|_| "invalid phone number".to_owned())
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> Self {
        phone.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_common_formats() {
        for ok in [
            "+1234567890",
            "+1 (555) 123-4567",
            "0049 30 1234567",
            "555.123.4567 ext. 89",
            "0800-FLOWERS1",
        ] {
            assert_eq!(Phone::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn blank_is_an_empty_phone() {
        assert_eq!(Phone::parse("  ").unwrap().as_str(), "");
    }

    #[test]
    fn rejects_garbage_and_over_long_values() {
        assert_eq!(Phone::parse("call me"), Err(IssueKind::InvalidPhone));
        assert_eq!(Phone::parse("12<script>"), Err(IssueKind::InvalidPhone));
        assert_eq!(Phone::parse("1\u{0}2"), Err(IssueKind::InvalidPhone));
        assert_eq!(
            Phone::parse(&"1".repeat(33)),
            Err(IssueKind::TooLong { max: MAX_LEN })
        );
    }

    proptest! {
        #[test]
        fn accepted_values_are_bounded_and_printable(input in "\\PC{0,64}") {
            if let Ok(phone) = Phone::parse(&input) {
                prop_assert!(phone.as_str().chars().count() <= MAX_LEN);
                prop_assert!(phone.as_str().chars().all(|c| !c.is_control()));
            }
        }

        #[test]
        fn digit_strings_within_the_limit_are_accepted(digits in "[0-9]{1,32}") {
            let phone = Phone::parse(&digits).unwrap();
            prop_assert_eq!(phone.as_str(), digits.as_str());
        }
    }
}
