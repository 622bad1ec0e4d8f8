//! Typed record ids in Medusa's format: `<prefix>_<ULID>` (26 Crockford base32 characters,
//! time-ordered, so ordering by id is creation order). A `CustomerId` cannot be passed where
//! an `AddressId` is expected, and parsing checks the prefix.

use serde::{Deserialize, Serialize};
use std::fmt;

const ULID_LEN: usize = 26;

fn is_ulid(s: &str) -> bool {
    s.len() == ULID_LEN
        && s
            .bytes()
            .all(|b| b.is_ascii_digit() || (b.is_ascii_uppercase() && !b"ILOU".contains(&b)))
        // The first character carries the top bits of a 48-bit timestamp: at most '7'.
        && s.as_bytes()[0] <= b'7'
}

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            /// A new, unique id.
            #[cfg(feature = "ssr")]
            pub fn generate() -> Self {
                Self(format!("{}_{}", $prefix, ulid::Ulid::new()))
            }

            /// `None` unless `s` is this kind of id.
            pub fn parse(s: &str) -> Option<Self> {
                let rest = s.strip_prefix($prefix)?.strip_prefix('_')?;
                is_ulid(rest).then(|| Self(s.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value).ok_or_else(|| format!("not a {} id: {value}", $prefix))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

typed_id!(
    /// A customer (`cus_…`).
    CustomerId, "cus"
);
typed_id!(
    /// An admin user, the back office's actor (`user_…`).
    UserId, "user"
);
typed_id!(
    /// A customer's address (`cuaddr_…`).
    AddressId, "cuaddr"
);
typed_id!(
    /// A customer group (`cusgroup_…`).
    CustomerGroupId, "cusgroup"
);
typed_id!(
    /// A customer's membership of a customer group (`cusgc_…`).
    CustomerGroupMembershipId, "cusgc"
);
typed_id!(
    /// A login identity: an email and password hash, linked to actors (`authid_…`).
    AuthIdentityId, "authid"
);
typed_id!(
    /// A publishable API key, the credential a storefront sends on `/store/*` (`apk_…`).
    PublishableKeyId, "apk"
);
typed_id!(
    /// An outstanding password-reset token (`authprt_…`).
    PasswordResetTokenId, "authprt"
);
typed_id!(
    /// A message in the email outbox (`email_…`).
    EmailId, "email"
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_only_its_own_prefix() {
        let id = "cus_01M82363EKDZQQNAMPA3XGMFKF";
        assert_eq!(CustomerId::parse(id).unwrap().as_str(), id);
        assert!(AddressId::parse(id).is_none());
        assert!(CustomerId::parse("cuaddr_01M82363EKDZQQNAMPA3XGMFKF").is_none());
        assert!(UserId::parse(id).is_none());
        assert!(CustomerId::parse("user_01M82363EKDZQQNAMPA3XGMFKF").is_none());
        assert!(UserId::parse("user_01M82363EKDZQQNAMPA3XGMFKF").is_some());
    }

    #[test]
    fn rejects_malformed_ulids() {
        for bad in [
            "cus_",
            "cus_01M82363EKDZQQNAMPA3XGMFK",
            "cus_01M82363EKDZQQNAMPA3XGMFKFF",
            "cus_01m82363ekdzqqnampa3xgmfkf",
            "cus_01M82363EKDZQQNAMPA3XGMFKI",
            "cus_81M82363EKDZQQNAMPA3XGMFKF",
            "cus01M82363EKDZQQNAMPA3XGMFKF",
            "does-not-exist",
        ] {
            assert!(CustomerId::parse(bad).is_none(), "{bad}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn generated_ids_parse_and_sort_by_creation() {
        let first = CustomerId::generate();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let second = CustomerId::generate();
        assert_eq!(CustomerId::parse(first.as_str()), Some(first.clone()));
        assert!(first < second);
    }

    proptest! {
        #[test]
        fn parse_never_panics(input in "\\PC{0,40}") {
            let _ = CustomerId::parse(&input);
            let _ = AddressId::parse(&input);
        }

        #[test]
        fn valid_shapes_round_trip(ulid in "[0-7][0-9A-HJKMNP-TV-Z]{25}") {
            let id = format!("cusgroup_{ulid}");
            prop_assert_eq!(CustomerGroupId::parse(&id).map(String::from), Some(id));
        }
    }
}
