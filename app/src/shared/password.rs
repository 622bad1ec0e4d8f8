//! A password a customer chose, checked against the length policy before it is ever hashed.

use std::fmt;

use super::validation::IssueKind;

/// The default minimum (ASVS 5.0 6.2.1); deployments may raise it with `PASSWORD_MIN_LENGTH`.
pub const DEFAULT_MIN_LEN: usize = 8;
/// Long pass-phrases are welcome, but unbounded input would let one request buy unbounded
/// hashing work (ASVS 2.1.2: at least 64 allowed, more than 128 may be refused).
pub const MAX_LEN: usize = 128;

/// A new password that meets the policy. Any Unicode is allowed, nothing is trimmed or
/// truncated, and `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn parse(input: &str, min_len: usize) -> Result<Self, IssueKind> {
        let length = input.chars().count();
        if length < min_len {
            return Err(IssueKind::TooShort { min: min_len });
        }
        if length > MAX_LEN {
            return Err(IssueKind::TooLong { max: MAX_LEN });
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enforces_length_bounds_in_characters() {
        assert_eq!(
            Password::parse("short", 8),
            Err(IssueKind::TooShort { min: 8 })
        );
        assert!(Password::parse("pa$$word", 8).is_ok());
        assert!(Password::parse("ünïcødé🙂", 8).is_ok());
        assert!(Password::parse(&"x".repeat(128), 8).is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(129), 8),
            Err(IssueKind::TooLong { max: MAX_LEN })
        );
    }

    #[test]
    fn keeps_spaces_and_never_truncates() {
        let long = format!("{} end", "y".repeat(73));
        assert_eq!(Password::parse(&long, 8).unwrap().expose(), long);
        assert_eq!(
            Password::parse("  spaced  ", 8).unwrap().expose(),
            "  spaced  "
        );
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let password = Password::parse("correct horse", 8).unwrap();
        assert!(!format!("{password:?}").contains("horse"));
    }
}
