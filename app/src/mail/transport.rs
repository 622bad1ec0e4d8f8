//! Where a message goes: an SMTP server when `SMTP_URL` is set, otherwise one `.eml` file per
//! message in `OUTBOX_DIR`, for development and for reading messages in tests.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long one SMTP command may take before the attempt counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

pub enum Transport {
    Smtp {
        mailer: AsyncSmtpTransport<Tokio1Executor>,
        /// The URL with its password hidden, for logs.
        shown: String,
    },
    Files(PathBuf),
}

impl Transport {
    /// SMTP by lettre's URL form — `smtp://user:pass@host:587?tls=required` (STARTTLS),
    /// `smtps://user:pass@host:465` (TLS from the start), `smtp://127.0.0.1:25` (plain, for a
    /// server on this machine) — or files in `outbox_dir`, created if missing.
    pub fn new(smtp_url: Option<&str>, outbox_dir: &Path) -> Result<Self, String> {
        match smtp_url.map(str::trim).filter(|url| !url.is_empty()) {
            Some(url) => {
                let shown = crate::stores::db::redact(url);
                let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|error| format!("SMTP_URL {shown:?} is not usable: {error}"))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build();
                Ok(Self::Smtp { mailer, shown })
            }
            None => {
                std::fs::create_dir_all(outbox_dir).map_err(|error| {
                    format!("cannot create OUTBOX_DIR {}: {error}", outbox_dir.display())
                })?;
                Ok(Self::Files(outbox_dir.to_owned()))
            }
        }
    }

    /// For the start-up log; never shows a password.
    pub fn describe(&self) -> String {
        match self {
            Self::Smtp { shown, .. } => format!("SMTP server {shown}"),
            Self::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }

    /// Hands the message over. `file_name` is used by the file outbox only.
    pub async fn deliver(&self, message: Message, file_name: &str) -> Result<(), String> {
        match self {
            Self::Smtp { mailer, .. } => mailer
                .send(message)
                .await
                .map(drop)
                .map_err(|error| error.to_string()),
            Self::Files(dir) => write_file(dir, file_name, &message.formatted())
                .await
                .map_err(|error| format!("cannot write to {}: {error}", dir.display())),
        }
    }
}

/// Writes under a hidden temporary name, then renames: a reader listing the directory never
/// sees half a message.
async fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let partial = dir.join(format!(".{name}.partial"));
    tokio::fs::write(&partial, bytes).await?;
    if let Err(error) = tokio::fs::rename(&partial, dir.join(name)).await {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(error);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        std::env::temp_dir().join(format!("mail-{tag}-{}", ulid::Ulid::new()))
    }

    #[tokio::test]
    async fn the_file_outbox_is_created_and_holds_whole_files() {
        let dir = temp_dir("outbox").join("nested");
        let transport = Transport::new(None, &dir).unwrap();
        assert!(dir.is_dir(), "created at start-up");
        write_file(&dir, "a.eml", b"hello").await.unwrap();
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["a.eml"], "no temporary file left behind");
        assert_eq!(std::fs::read(dir.join("a.eml")).unwrap(), b"hello");
        assert!(transport.describe().contains("nested"));
        std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }

    #[test]
    fn smtp_urls_are_checked_and_never_shown_with_their_password() {
        let dir = temp_dir("unused");
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://user:pass@mail.example.com:587?tls=required",
            "smtps://user:pass@mail.example.com",
        ] {
            let transport = Transport::new(Some(url), &dir).unwrap();
            assert!(!transport.describe().contains("pass@"), "{url}");
        }
        assert!(!dir.exists(), "SMTP needs no outbox directory");
        let error = Transport::new(Some("imap://user:secret@mail.example.com"), &dir)
            .err()
            .unwrap();
        assert!(!error.contains("secret"), "{error}");
        assert!(Transport::new(
            Some("smtp://user:pass@mail.example.com?tls=sometimes"),
            &dir
        )
        .is_err());
    }
}
