//! Bearer tokens: HS256 JWTs with Medusa's claims. Only HS256 is accepted (no `none`, no
//! algorithm switch), `exp` is required and checked, and callers check the actor type.
//!
//! Password-reset tokens are signed with the same key but have claims of their own
//! ([`ResetClaims`], `purpose: "reset"`, a `jti`): a reset token never verifies as a login
//! token, nor a login token as a reset token.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::{fmt, time::Duration};

use super::ActorType;
use crate::shared::AuthIdentityId;

/// Clock skew tolerated between the instances that issue and check tokens.
const LEEWAY_SECS: u64 = 5;

/// The claims of a Medusa 2.x auth token, in Medusa's order. `actor_id` is `""` for an
/// identity that is not linked to an actor yet (a registration token).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub actor_id: String,
    pub actor_type: String,
    pub auth_identity_id: String,
    #[serde(default)]
    pub auth_provider: String,
    #[serde(default)]
    pub mfa_enabled: bool,
    #[serde(default)]
    pub mfa_challenge_completed_at: Option<String>,
    #[serde(default)]
    pub app_metadata: Map<String, Value>,
    #[serde(default)]
    pub user_metadata: Map<String, Value>,
    pub iat: i64,
    pub exp: i64,
    /// Set on tokens issued for one purpose only (a password reset); such a token is never a
    /// login. Login tokens have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
}

impl Claims {
    pub fn actor_type(&self) -> Option<ActorType> {
        ActorType::parse(&self.actor_type)
    }
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtKeys")
            .field("secret", &"<redacted>")
            .field("ttl", &self.ttl)
            .finish()
    }
}

/// What a token is issued for.
pub struct Subject<'a> {
    pub actor_type: ActorType,
    /// `None` for a registration token.
    pub actor_id: Option<&'a str>,
    pub auth_identity_id: &'a AuthIdentityId,
    pub auth_provider: &'a str,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.set_required_spec_claims(&["exp"]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
        }
    }

    /// A signed token for `subject`, valid for the configured lifetime.
    pub fn issue(&self, subject: &Subject<'_>) -> String {
        self.sign(&self.claims(subject))
    }

    /// The claims a token for `subject` carries, issued now.
    pub fn claims(&self, subject: &Subject<'_>) -> Claims {
        let now = chrono::Utc::now().timestamp();
        let actor_id = subject.actor_id.unwrap_or_default().to_owned();
        let mut app_metadata = Map::new();
        if !actor_id.is_empty() {
            app_metadata.insert(
                format!("{}_id", subject.actor_type.as_str()),
                Value::String(actor_id.clone()),
            );
        }
        Claims {
            actor_id,
            actor_type: subject.actor_type.as_str().to_owned(),
            auth_identity_id: subject.auth_identity_id.to_string(),
            auth_provider: subject.auth_provider.to_owned(),
            mfa_enabled: false,
            mfa_challenge_completed_at: None,
            app_metadata,
            user_metadata: Map::new(),
            iat: now,
            exp: now + secs(self.ttl),
            purpose: None,
        }
    }

    /// Signs arbitrary claims; also used by tests to forge expired or tampered tokens.
    pub fn sign(&self, claims: &Claims) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .expect("HS256 signing of serializable claims cannot fail")
    }

    /// Signs login claims with `extra` claims beside them (Medusa v1's `customer_id` and
    /// `domain`, for v1 clients that read them). Verifying reads the login claims and
    /// ignores the rest, so such a token is an ordinary login token here; a key already in
    /// `claims` is never overridden.
    pub fn sign_with_extra(&self, claims: &Claims, extra: &Map<String, Value>) -> String {
        let mut all = match serde_json::to_value(claims) {
            Ok(Value::Object(map)) => map,
            _ => unreachable!("claims serialize as an object"),
        };
        for (key, value) in extra {
            all.entry(key.clone()).or_insert_with(|| value.clone());
        }
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &all, &self.encoding)
            .expect("HS256 signing of serializable claims cannot fail")
    }

    /// The claims of a valid login token; `None` for anything else (bad signature, other
    /// algorithm, expired, malformed, a single-purpose token) — a bad token counts as no
    /// token.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        self.decode::<Claims>(token)
            .filter(|claims| claims.purpose.is_none())
    }

    /// A signed password-reset token for `identity`, valid for `ttl`, and its claims.
    pub fn issue_reset(&self, identity: ResetSubject<'_>, ttl: Duration) -> (String, ResetClaims) {
        let now = chrono::Utc::now().timestamp();
        let claims = ResetClaims {
            entity_id: identity.email.to_owned(),
            provider: identity.provider.to_owned(),
            actor_type: identity.actor_type.as_str().to_owned(),
            auth_identity_id: identity.auth_identity_id.to_string(),
            purpose: RESET_PURPOSE.to_owned(),
            jti: identity.jti.to_owned(),
            iat: now,
            exp: now + secs(ttl),
        };
        (self.sign_reset(&claims), claims)
    }

    /// Signs reset claims; also used by tests to forge tokens.
    pub fn sign_reset(&self, claims: &ResetClaims) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .expect("HS256 signing of serializable claims cannot fail")
    }

    /// The claims of a valid password-reset token: signed by us, unexpired, `purpose`
    /// "reset" and a `jti`. Whether it is still outstanding is the database's to say.
    pub fn verify_reset(&self, token: &str) -> Option<ResetClaims> {
        self.decode::<ResetClaims>(token)
            .filter(|claims| claims.purpose == RESET_PURPOSE && !claims.jti.is_empty())
    }

    fn decode<T: serde::de::DeserializeOwned>(&self, token: &str) -> Option<T> {
        match jsonwebtoken::decode::<T>(token, &self.decoding, &self.validation) {
            Ok(data) => Some(data.claims),
            Err(error) => {
                tracing::debug!(reason = %error, "bearer token refused");
                None
            }
        }
    }
}

fn secs(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX / 2)
}

/// The `purpose` of a password-reset token.
pub const RESET_PURPOSE: &str = "reset";

/// The claims of a password-reset token, as Medusa's: the login's email (`entity_id`) and
/// provider, the actor type of the route it was asked on, `purpose: "reset"` and a random
/// `jti`, whose SHA-256 is what the database keeps. No `actor_id`: it can never pass for a
/// login token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetClaims {
    pub entity_id: String,
    pub provider: String,
    pub actor_type: String,
    pub auth_identity_id: String,
    pub purpose: String,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
}

impl ResetClaims {
    pub fn actor_type(&self) -> Option<ActorType> {
        ActorType::parse(&self.actor_type)
    }
}

/// Whose password a reset token may set.
pub struct ResetSubject<'a> {
    pub actor_type: ActorType,
    pub auth_identity_id: &'a AuthIdentityId,
    pub email: &'a str,
    pub provider: &'a str,
    pub jti: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &str) -> JwtKeys {
        JwtKeys::new(secret.as_bytes(), Duration::from_secs(3600))
    }

    fn identity() -> AuthIdentityId {
        AuthIdentityId::parse("authid_01M82363EKDZQQNAMPA3XGMFKF").unwrap()
    }

    fn customer_token(keys: &JwtKeys) -> String {
        keys.issue(&Subject {
            actor_type: ActorType::Customer,
            actor_id: Some("cus_01M82363EKDZQQNAMPA3XGMFKF"),
            auth_identity_id: &identity(),
            auth_provider: "emailpass",
        })
    }

    #[test]
    fn issued_tokens_verify_with_medusas_claims() {
        let keys = keys("a-long-test-secret-of-32-bytes!!");
        let claims = keys.verify(&customer_token(&keys)).unwrap();
        assert_eq!(claims.actor_type, "customer");
        assert_eq!(claims.actor_id, "cus_01M82363EKDZQQNAMPA3XGMFKF");
        assert_eq!(
            claims.app_metadata["customer_id"],
            "cus_01M82363EKDZQQNAMPA3XGMFKF"
        );
        assert_eq!(claims.exp - claims.iat, 3600);
    }

    #[test]
    fn extra_claims_ride_along_without_changing_the_login() {
        let keys = keys("a-long-test-secret-of-32-bytes!!");
        let claims = keys.verify(&customer_token(&keys)).unwrap();
        let mut extra = Map::new();
        extra.insert("domain".into(), Value::from("store"));
        extra.insert("actor_id".into(), Value::from("cus_someone_else"));
        let token = keys.sign_with_extra(&claims, &extra);
        assert_eq!(keys.verify(&token), Some(claims));
        let all = keys.decode::<Map<String, Value>>(&token).unwrap();
        assert_eq!(all["domain"], "store");
        assert_eq!(all["actor_id"], "cus_01M82363EKDZQQNAMPA3XGMFKF");
    }

    #[test]
    fn registration_tokens_have_an_empty_actor() {
        let keys = keys("secret");
        let token = keys.issue(&Subject {
            actor_type: ActorType::Customer,
            actor_id: None,
            auth_identity_id: &identity(),
            auth_provider: "emailpass",
        });
        let claims = keys.verify(&token).unwrap();
        assert_eq!(claims.actor_id, "");
        assert!(claims.app_metadata.is_empty());
    }

    #[test]
    fn refuses_foreign_secrets_expired_tampered_and_unsigned_tokens() {
        let ours = keys("ours");
        let theirs = keys("theirs");
        assert!(ours.verify(&customer_token(&theirs)).is_none());

        let mut claims = ours.verify(&customer_token(&ours)).unwrap();
        claims.exp = chrono::Utc::now().timestamp() - 60;
        assert!(ours.verify(&ours.sign(&claims)).is_none());

        let token = customer_token(&ours);
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = parts[1].replace('A', "B");
        assert!(ours.verify(&parts.join(".")).is_none());

        // alg "none": header {"alg":"none","typ":"JWT"}, same payload, no signature.
        let unsigned = format!(
            "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.",
            token.split('.').nth(1).unwrap()
        );
        assert!(ours.verify(&unsigned).is_none());
        assert!(ours.verify("garbage").is_none());
    }

    fn reset_token(keys: &JwtKeys) -> (String, ResetClaims) {
        keys.issue_reset(
            ResetSubject {
                actor_type: ActorType::Customer,
                auth_identity_id: &identity(),
                email: "tony@start.com",
                provider: "emailpass",
                jti: "0123456789abcdef",
            },
            Duration::from_secs(900),
        )
    }

    #[test]
    fn reset_tokens_carry_medusas_claims_and_verify_as_reset_tokens_only() {
        let keys = keys("secret");
        let (token, issued) = reset_token(&keys);
        assert_eq!(issued.exp - issued.iat, 900);
        let claims = keys.verify_reset(&token).unwrap();
        assert_eq!(claims.purpose, "reset");
        assert_eq!(claims.entity_id, "tony@start.com");
        assert_eq!(claims.actor_type(), Some(ActorType::Customer));
        assert!(keys.verify(&token).is_none(), "a reset token is no login");
        assert!(
            keys.verify_reset(&customer_token(&keys)).is_none(),
            "a login token is no reset token"
        );
        let (foreign, _) = reset_token(&self::keys("theirs"));
        assert!(keys.verify_reset(&foreign).is_none());
    }

    #[test]
    fn reset_tokens_need_the_reset_purpose_and_a_jti() {
        let keys = keys("secret");
        let (_, claims) = reset_token(&keys);
        let other_purpose = ResetClaims {
            purpose: "verify".into(),
            ..claims.clone()
        };
        assert!(keys
            .verify_reset(&keys.sign_reset(&other_purpose))
            .is_none());
        let no_jti = ResetClaims {
            jti: String::new(),
            ..claims.clone()
        };
        assert!(keys.verify_reset(&keys.sign_reset(&no_jti)).is_none());
        let expired = ResetClaims {
            exp: chrono::Utc::now().timestamp() - 60,
            ..claims
        };
        assert!(keys.verify_reset(&keys.sign_reset(&expired)).is_none());
    }

    #[test]
    fn login_claims_with_a_purpose_are_refused() {
        let keys = keys("secret");
        let mut claims = keys.verify(&customer_token(&keys)).unwrap();
        claims.purpose = Some("reset".into());
        assert!(keys.verify(&keys.sign(&claims)).is_none());
    }

    #[test]
    fn tokens_without_exp_are_refused() {
        #[derive(Serialize)]
        struct NoExp {
            actor_id: &'static str,
            actor_type: &'static str,
            auth_identity_id: &'static str,
            iat: i64,
        }
        let secret = b"secret";
        let token = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &NoExp {
                actor_id: "cus_01M82363EKDZQQNAMPA3XGMFKF",
                actor_type: "customer",
                auth_identity_id: "authid_01M82363EKDZQQNAMPA3XGMFKF",
                iat: 0,
            },
            &EncodingKey::from_secret(secret),
        )
        .unwrap();
        assert!(JwtKeys::new(secret, Duration::from_secs(60))
            .verify(&token)
            .is_none());
    }
}
