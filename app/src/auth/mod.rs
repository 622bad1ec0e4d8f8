//! Credentials: password hashing, JWTs, the session's auth record, and resolving a request's
//! actor from a session cookie or a bearer token. Shared by the JSON API and the pages.

pub mod actor;
pub mod client;
pub mod cookie;
pub mod device;
pub mod jwt;
pub mod key_cache;
pub mod password;
pub mod reset_cookie;
pub mod session;
pub mod throttle;

pub use actor::{AdminActor, AuthContext, Credential, CustomerActor};
pub use client::{client_address, ClientAddress};
pub use device::DeviceToken;
pub use jwt::{Claims, JwtKeys};
pub use key_cache::PublishableKeyCache;
pub use password::{PasswordHash, PasswordHasher};
pub use session::{AuthSession, SessionPolicy};
pub use throttle::{AccountAllowance, RateLimit, Throttle};

use serde::{Deserialize, Serialize};

/// Who a credential speaks for: a customer, or an admin user (`user`) of the back office.
/// A credential of one never counts as the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    Customer,
    User,
}

impl ActorType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "customer" => Some(Self::Customer),
            "user" => Some(Self::User),
            _ => None,
        }
    }
}
