//! The publishable-key commands of the `server` binary, and the development key made at the
//! first start. Results a script wants go to stdout (a new token alone on its line, the
//! list); everything else is logged to stderr.

use app::{
    error::Error,
    services::publishable_keys::{self, Revocation},
    stores::{publishable_keys::PublishableKey, Db},
};
use std::time::Duration;

/// `server create-publishable-key --title NAME`: prints the new token, nothing else.
pub async fn create(db: &Db, title: &str) -> anyhow::Result<()> {
    let key = publishable_keys::create(db, title)
        .await
        .map_err(for_operator)?;
    println!("{}", key.token);
    tracing::info!(id = %key.id, title = %key.title, "publishable API key created");
    Ok(())
}

/// `server list-publishable-keys`: one line per key, under a header line.
pub async fn list(db: &Db) -> anyhow::Result<()> {
    let keys = publishable_keys::list(db).await.map_err(for_operator)?;
    print!("{}", table(&keys));
    if keys.is_empty() {
        tracing::info!("no publishable API keys yet: create one with `server create-publishable-key --title NAME`");
    }
    Ok(())
}

/// `server revoke-publishable-key KEY` (a token or an id). An unknown key is an error.
pub async fn revoke(db: &Db, id_or_token: &str, cache_ttl: Duration) -> anyhow::Result<()> {
    match publishable_keys::revoke(db, id_or_token)
        .await
        .map_err(for_operator)?
    {
        Revocation::Revoked(key) => tracing::info!(
            id = %key.id,
            title = %key.title,
            "publishable API key revoked; running servers refuse it within {}s",
            cache_ttl.as_secs()
        ),
        Revocation::AlreadyRevoked(key) => tracing::info!(
            id = %key.id,
            title = %key.title,
            revoked_at = %timestamp(key.revoked_at.as_ref()),
            "publishable API key was already revoked"
        ),
    }
    Ok(())
}

/// At the first start of a fresh database (no key has ever existed): creates a key for
/// development and prints its token, once.
pub async fn create_development_key(db: &Db) -> anyhow::Result<()> {
    if let Some(key) = publishable_keys::create_first(db)
        .await
        .map_err(for_operator)?
    {
        println!("{}", key.token);
        tracing::info!(
            id = %key.id,
            token = %key.token,
            "first start of this database: created the publishable API key {:?} printed above; \
             storefronts send it as `x-publishable-api-key` on /store requests (list keys with \
             `server list-publishable-keys`, revoke with `server revoke-publishable-key`)",
            key.title
        );
    }
    Ok(())
}

fn timestamp(at: Option<&chrono::DateTime<chrono::Utc>>) -> String {
    at.map_or_else(
        || "-".to_owned(),
        |at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

/// Token, title, created, revoked — aligned columns, `-` for a key still valid.
fn table(keys: &[PublishableKey]) -> String {
    let header = ["TOKEN", "TITLE", "CREATED", "REVOKED"];
    let rows: Vec<[String; 4]> = keys
        .iter()
        .map(|key| {
            [
                key.token.clone(),
                key.title.clone(),
                timestamp(Some(&key.created_at)),
                timestamp(key.revoked_at.as_ref()),
            ]
        })
        .collect();
    let mut widths = header.map(|name| name.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 4]| {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let pad = width - cell.chars().count();
                text.push_str(cell);
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3]]);
    }
    out
}

/// The domain error as a sentence for the person at the terminal (also used by the other
/// one-off commands).
pub(crate) fn for_operator(error: Error) -> anyhow::Error {
    match error {
        Error::Validation(issues) => anyhow::anyhow!(issues
            .iter()
            .map(|issue| issue.ui_message())
            .collect::<Vec<_>>()
            .join(" ")),
        Error::NotFound(message) | Error::Duplicate(message) => anyhow::anyhow!(message),
        other => anyhow::Error::new(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::shared::PublishableKeyId;

    #[test]
    fn lists_keys_in_aligned_columns() {
        let created = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05.678Z")
            .unwrap()
            .to_utc();
        let key = |title: &str, revoked| PublishableKey {
            id: PublishableKeyId::generate(),
            title: title.into(),
            token: format!("pk_{}", "a".repeat(64)),
            created_at: created,
            revoked_at: revoked,
        };
        let text = table(&[key("Development", None), key("Web", Some(created))]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("TOKEN "));
        assert!(
            lines[1].contains("  Development  2026-01-02T03:04:05Z  -"),
            "{text}"
        );
        assert!(
            lines[2].ends_with("Web          2026-01-02T03:04:05Z  2026-01-02T03:04:05Z"),
            "{text}"
        );
        assert_eq!(lines[1].find("Development"), lines[0].find("TITLE"));
    }
}
