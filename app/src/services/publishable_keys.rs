//! Publishable API keys: the `x-publishable-api-key` a storefront sends on every `/store/*`
//! request. Created, listed and revoked from the command line (`server create-publishable-key`
//! …); checked on every store request through a short-lived in-memory cache.

use rand::{rngs::OsRng, RngCore};

use crate::{
    auth::{cookie::hex, PublishableKeyCache},
    error::{Error, Result},
    shared::{IssueKind, PublishableKeyId, Text},
    stores::{self, publishable_keys::PublishableKey, Db},
};

/// Every token starts with this; 64 lower-case hex digits (32 random bytes) follow.
pub const TOKEN_PREFIX: &str = "pk_";
const TOKEN_HEX_LEN: usize = 64;
/// Longest title accepted, in characters.
pub const TITLE_MAX: usize = 255;
/// The title of the key made at the first start of a fresh database.
pub const DEVELOPMENT_KEY_TITLE: &str = "Development";

/// Whether `token` has the shape of a token we issue. Anything else cannot be one of our
/// keys and is refused without a database look-up.
pub fn is_well_formed(token: &str) -> bool {
    token.strip_prefix(TOKEN_PREFIX).is_some_and(|digits| {
        digits.len() == TOKEN_HEX_LEN
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// A new token: 32 bytes from the operating system's CSPRNG.
fn new_token() -> String {
    let mut bytes = [0u8; TOKEN_HEX_LEN / 2];
    OsRng.fill_bytes(&mut bytes);
    format!("{TOKEN_PREFIX}{}", hex(&bytes))
}

/// A title: trimmed, not empty, at most [`TITLE_MAX`] characters, no control characters.
pub fn parse_title(title: &str) -> Result<String> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::invalid_field("title", IssueKind::Required));
    }
    Text::parse(title, TITLE_MAX)
        .map(Text::into_string)
        .map_err(|kind| Error::invalid_field("title", kind))
}

fn new_key(title: String) -> PublishableKey {
    PublishableKey {
        id: PublishableKeyId::generate(),
        title,
        token: new_token(),
        created_at: stores::db::now(),
        revoked_at: None,
    }
}

/// Creates a key titled `title`.
pub async fn create(db: &Db, title: &str) -> Result<PublishableKey> {
    let key = new_key(parse_title(title)?);
    let mut tx = db.begin_write().await?;
    stores::publishable_keys::insert(&mut tx, &key).await?;
    tx.commit().await?;
    Ok(key)
}

/// Creates the development key when the database has never had a key (revoked ones count),
/// so a fresh install can call `/store/*` at once and a later start never adds another.
pub async fn create_first(db: &Db) -> Result<Option<PublishableKey>> {
    let mut tx = db.begin_write().await?;
    if !stores::publishable_keys::none_exist(&mut tx).await? {
        return Ok(None);
    }
    let key = new_key(DEVELOPMENT_KEY_TITLE.to_owned());
    stores::publishable_keys::insert(&mut tx, &key).await?;
    tx.commit().await?;
    Ok(Some(key))
}

/// Every key, revoked ones included, oldest first.
pub async fn list(db: &Db) -> Result<Vec<PublishableKey>> {
    Ok(stores::publishable_keys::list(db).await?)
}

/// What [`revoke`] did.
#[derive(Debug)]
pub enum Revocation {
    /// The key was valid and is now revoked.
    Revoked(PublishableKey),
    /// The key had been revoked before; nothing changed.
    AlreadyRevoked(PublishableKey),
}

/// Revokes a key given by its token or its id. Running servers refuse it once their cache
/// entry expires ([`crate::auth::key_cache::DEFAULT_TTL`]).
pub async fn revoke(db: &Db, id_or_token: &str) -> Result<Revocation> {
    let id_or_token = id_or_token.trim();
    let revoked = stores::publishable_keys::revoke(db, id_or_token, stores::db::now()).await?;
    let key = stores::publishable_keys::find(db, id_or_token)
        .await?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "No publishable API key has the token or id {id_or_token:?}"
            ))
        })?;
    Ok(if revoked {
        Revocation::Revoked(key)
    } else {
        Revocation::AlreadyRevoked(key)
    })
}

/// Whether `token` is a key that exists and is not revoked, answered from `cache` when it
/// has a fresh answer.
pub async fn check(db: &Db, cache: &PublishableKeyCache, token: &str) -> Result<bool> {
    if !is_well_formed(token) {
        return Ok(false);
    }
    if let Some(known) = cache.get(token) {
        return Ok(known);
    }
    let valid = stores::publishable_keys::is_active(db, token).await?;
    cache.put(token, valid);
    Ok(valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_pk_and_64_lower_case_hex_digits() {
        let token = new_token();
        assert!(is_well_formed(&token), "{token}");
        assert_eq!(token.len(), 67);
        assert_ne!(token, new_token());
    }

    #[test]
    fn malformed_tokens_are_told_apart() {
        let good = format!("pk_{}", "0123456789abcdef".repeat(4));
        assert!(is_well_formed(&good));
        for bad in [
            String::new(),
            "pk_".into(),
            good.to_uppercase(),
            good.replace("pk_", "sk_"),
            format!("{good}0"),
            good[..66].to_owned(),
            format!("pk_{}", "g".repeat(64)),
            format!("test1, {good}"),
        ] {
            assert!(!is_well_formed(&bad), "{bad}");
        }
    }

    #[test]
    fn titles_are_trimmed_and_must_say_something() {
        assert_eq!(parse_title("  Web shop ").unwrap(), "Web shop");
        assert!(matches!(parse_title("   "), Err(Error::Validation(_))));
        assert!(matches!(parse_title("a\u{7}b"), Err(Error::Validation(_))));
        assert!(matches!(
            parse_title(&"x".repeat(TITLE_MAX + 1)),
            Err(Error::Validation(_))
        ));
        assert!(parse_title(&"é".repeat(TITLE_MAX)).is_ok());
    }
}
