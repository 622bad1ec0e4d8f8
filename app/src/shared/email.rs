//! An email address as a customer typed it (trimmed), compared case-insensitively.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::validation::IssueKind;

/// RFC 5321 caps a forward path at 254 characters; nothing longer can receive mail.
pub const MAX_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;

/// A syntactically valid address. The accepted syntax is the one Medusa's validator (zod)
/// accepts, so every address Medusa takes on a strict route is taken here too.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, IssueKind> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(IssueKind::Required);
        }
        if trimmed.chars().count() > MAX_LEN {
            return Err(IssueKind::TooLong { max: MAX_LEN });
        }
        if is_valid(trimmed) {
            Ok(Self(trimmed.to_owned()))
        } else {
            Err(IssueKind::InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key used for uniqueness and look-ups: emails match whatever their case.
    pub fn normalized(&self) -> String {
        normalize(&self.0)
    }
}

/// The uniqueness and look-up key of any email text (valid or not, e.g. a list filter).
pub fn normalize(email: &str) -> String {
    email.to_ascii_lowercase()
}

/// `local@domain`: the local part uses letters, digits and `_ ' + - .`, does not start with a
/// dot, has no `..` and does not end in a dot; the domain is dot-separated labels that start
/// with a letter or digit, and a top-level label of two or more letters.
fn is_valid(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    local_part_is_valid(local) && domain_is_valid(domain)
}

fn local_part_is_valid(local: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_'+-.".contains(c);
    !local.is_empty()
        && local.len() <= MAX_LOCAL_LEN
        && local.chars().all(allowed)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn domain_is_valid(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let Some((tld, hosts)) = labels.split_last() else {
        return false;
    };
    !hosts.is_empty()
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && hosts.iter().all(|label| {
            label.starts_with(|c: char| c.is_ascii_alphanumeric())
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|_| "invalid email address".to_owned())
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_addresses_and_keeps_their_case() {
        for ok in [
            "tony@start.com",
            "James@Bond.com",
            "first.last+tag@sub.example.co.uk",
            "o'brien@example.ie",
            "a_b-c@x-y.io",
        ] {
            assert_eq!(Email::parse(ok).unwrap().as_str(), ok, "{ok}");
        }
    }

    #[test]
    fn trims_surrounding_whitespace() {
        assert_eq!(Email::parse("  a@b.co \n").unwrap().as_str(), "a@b.co");
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "not-an-email",
            "@example.com",
            "a@",
            "a@b",
            "a@b.c",
            ".a@b.co",
            "a.@b.co",
            "a..b@c.co",
            "a b@c.co",
            "a@-b.co",
            "a@b.c0",
            "a@@b.co",
            "a\u{0}@b.co",
        ] {
            assert_eq!(Email::parse(bad), Err(IssueKind::InvalidEmail), "{bad:?}");
        }
        assert_eq!(Email::parse("   "), Err(IssueKind::Required));
    }

    #[test]
    fn rejects_over_long_addresses() {
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(
            Email::parse(&long),
            Err(IssueKind::TooLong { max: MAX_LEN })
        );
    }

    #[test]
    fn normalized_form_ignores_case() {
        let a = Email::parse("Tony@Start.COM").unwrap();
        let b = Email::parse("tony@start.com").unwrap();
        assert_eq!(a.normalized(), b.normalized());
        assert_ne!(a, b);
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_accepted_values_are_trimmed(input in "\\PC{0,300}") {
            if let Ok(email) = Email::parse(&input) {
                prop_assert_eq!(email.as_str(), input.trim());
                prop_assert!(email.as_str().len() <= MAX_LEN);
                prop_assert!(email.as_str().contains('@'));
            }
        }

        #[test]
        fn generated_valid_addresses_are_accepted(
            local in "[a-z0-9][a-z0-9_+-]{0,20}",
            host in "[a-z0-9][a-z0-9-]{0,20}",
            tld in "[a-z]{2,6}",
        ) {
            let address = format!("{local}@{host}.{tld}");
            prop_assert!(Email::parse(&address).is_ok(), "{}", address);
        }
    }
}
