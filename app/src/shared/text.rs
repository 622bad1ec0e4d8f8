//! Short free text (names, company): bounded, and free of control characters.

use serde::{Deserialize, Serialize};

use super::validation::IssueKind;

/// The limit for names and company names.
pub const NAME_MAX: usize = 255;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text(String);

impl Text {
    /// Keeps the value as sent (Medusa stores `""` as `""`), refusing control characters
    /// and anything longer than `max` characters.
    pub fn parse(input: &str, max: usize) -> Result<Self, IssueKind> {
        if input.chars().count() > max {
            return Err(IssueKind::TooLong { max });
        }
        if input.chars().any(char::is_control) {
            return Err(IssueKind::InvalidCharacters);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn name(input: &str) -> Result<Self, IssueKind> {
        Self::parse(input, NAME_MAX)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_unicode_and_spaces() {
        assert_eq!(Text::name("Zoë d'Arc 🙂").unwrap().as_str(), "Zoë d'Arc 🙂");
        assert_eq!(Text::name("").unwrap().as_str(), "");
    }

    #[test]
    fn rejects_control_characters_and_long_values() {
        assert_eq!(Text::name("a\u{0}b"), Err(IssueKind::InvalidCharacters));
        assert_eq!(Text::name("a\nb"), Err(IssueKind::InvalidCharacters));
        assert_eq!(
            Text::name(&"x".repeat(256)),
            Err(IssueKind::TooLong { max: NAME_MAX })
        );
        assert!(Text::name(&"é".repeat(255)).is_ok());
    }

    proptest! {
        #[test]
        fn accepted_text_round_trips(input in "\\PC{0,300}") {
            if let Ok(text) = Text::name(&input) {
                prop_assert_eq!(text.as_str(), input.as_str());
            }
        }
    }
}
