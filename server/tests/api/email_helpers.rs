//! Reading the email the server sends: the `.eml` files of its outbox directory, and a real
//! SMTP server on loopback ([`SmtpSink`], Python's `aiosmtpd`, installed by
//! `scripts/test.sh`). Both decode messages with Python's `email` package
//! (`tests/support/smtp_sink.py`), a MIME parser other than the one that wrote them.

use serde::Deserialize;
use std::{
    path::{Path, PathBuf},
    process::Stdio,
    sync::atomic::{AtomicUsize, Ordering},
    time::{Duration, Instant},
};
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, BufReader},
    process::{Child, Command},
};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
const VENV_PYTHON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/py/bin/python3");

/// One message as a mail client would show it.
#[derive(Clone, Debug, Deserialize)]
pub struct ReceivedEmail {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub date: String,
    pub message_id: String,
    /// `multipart/alternative` for ours.
    pub content_type: String,
    /// The decoded `text/plain` part.
    pub text: Option<String>,
    /// The decoded `text/html` part.
    pub html: Option<String>,
    /// SMTP only: the envelope sender and recipients.
    #[serde(default)]
    pub envelope_from: Option<String>,
    #[serde(default)]
    pub envelope_to: Vec<String>,
    /// The message as it came, headers and all.
    #[serde(skip)]
    pub raw: String,
}

impl ReceivedEmail {
    pub fn text(&self) -> &str {
        self.text.as_deref().expect("a text/plain part")
    }

    pub fn html(&self) -> &str {
        self.html.as_deref().expect("a text/html part")
    }

    /// The first link in the plain text that starts with `prefix` (e.g. the reset link).
    pub fn link_starting_with(&self, prefix: &str) -> Option<String> {
        let start = self.text().find(prefix)?;
        let link = &self.text()[start..];
        let end = link
            .find(|c: char| c.is_whitespace() || c == '>' || c == '"')
            .unwrap_or(link.len());
        Some(link[..end].to_owned())
    }
}

/// The interpreter with `aiosmtpd`: `SMTP_TEST_PYTHON`, else the venv `scripts/test.sh`
/// makes in `target/py`.
pub fn smtp_python() -> PathBuf {
    std::env::var_os("SMTP_TEST_PYTHON").map_or_else(|| PathBuf::from(VENV_PYTHON), PathBuf::from)
}

/// Decoding needs only Python's standard library: any `python3` does.
fn decoding_python() -> PathBuf {
    let python = smtp_python();
    if python.exists() || std::env::var_os("SMTP_TEST_PYTHON").is_some() {
        python
    } else {
        PathBuf::from("python3")
    }
}

/// Decodes one `.eml` file.
pub async fn decode_eml(path: &Path) -> ReceivedEmail {
    let output = Command::new(decoding_python())
        .arg(SCRIPT)
        .arg("decode")
        .arg(path)
        .output()
        .await
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "decoding {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut email: ReceivedEmail = serde_json::from_slice(&output.stdout).unwrap();
    email.raw = std::fs::read_to_string(path).unwrap();
    email
}

/// The finished `.eml` files in `dir`, oldest first (their names sort by time).
pub fn outbox_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.ends_with(".eml") && !name.starts_with('.')
        })
        .collect();
    files.sort();
    files
}

/// Waits until `dir` holds at least `count` messages; returns them all, oldest first.
pub async fn wait_for_outbox(dir: &Path, count: usize, timeout: Duration) -> Vec<ReceivedEmail> {
    let deadline = Instant::now() + timeout;
    loop {
        let files = outbox_files(dir);
        if files.len() >= count {
            let mut emails = Vec::with_capacity(files.len());
            for file in &files {
                emails.push(decode_eml(file).await);
            }
            return emails;
        }
        assert!(
            Instant::now() < deadline,
            "{count} email(s) expected in {}, found {}",
            dir.display(),
            files.len()
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// A real SMTP server on a free loopback port, keeping what it receives in a temp directory.
/// Give the app `--smtp-url <sink.url>`. Stopped and removed on drop.
pub struct SmtpSink {
    /// `smtp://127.0.0.1:<port>`: plain SMTP, as for a relay on this machine.
    pub url: String,
    dir: PathBuf,
    taken: AtomicUsize,
    _child: Child,
}

impl SmtpSink {
    /// Starts the server and waits until it answers. Fails (does not skip) when `aiosmtpd`
    /// is missing: `scripts/test.sh` installs it.
    pub async fn start() -> Self {
        let python = smtp_python();
        assert!(
            python.exists() || std::env::var_os("SMTP_TEST_PYTHON").is_some(),
            "no Python with aiosmtpd at {}: run scripts/test.sh (it installs aiosmtpd into \
             target/py), or set SMTP_TEST_PYTHON to an interpreter that has it",
            python.display()
        );
        let port = crate::process::free_port();
        let dir = std::env::temp_dir().join(format!("ca_smtp_{}", ulid::Ulid::new()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut child = Command::new(&python)
            .arg(SCRIPT)
            .arg("serve")
            .arg(port.to_string())
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot run {}: {error}", python.display()));
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let ready = tokio::time::timeout(Duration::from_secs(30), stdout.read_line(&mut line))
            .await
            .is_ok_and(|read| read.is_ok_and(|n| n > 0));
        if !ready || line.trim() != "ready" {
            let _ = child.start_kill();
            let mut stderr = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ =
                    tokio::time::timeout(Duration::from_secs(5), err.read_to_string(&mut stderr))
                        .await;
            }
            let _ = std::fs::remove_dir_all(&dir);
            panic!(
                "the SMTP sink did not start ({}): {line}{stderr}\n\
                 Is aiosmtpd installed? scripts/test.sh installs it (ensure_aiosmtpd).",
                python.display()
            );
        }
        Self {
            url: format!("smtp://127.0.0.1:{port}"),
            dir,
            taken: AtomicUsize::new(0),
            _child: child,
        }
    }

    /// The next message received (the first call returns the first message, and so on),
    /// waiting up to `timeout` for it.
    pub async fn wait_for_message(&self, timeout: Duration) -> ReceivedEmail {
        let number = self.taken.fetch_add(1, Ordering::SeqCst) + 1;
        let base = self.dir.join(format!("{number:06}"));
        let json = base.with_extension("json");
        let deadline = Instant::now() + timeout;
        while !json.exists() {
            assert!(
                Instant::now() < deadline,
                "no message #{number} reached the SMTP sink within {timeout:?}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let mut email: ReceivedEmail =
            serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        email.raw = std::fs::read_to_string(base.with_extension("eml")).unwrap();
        email
    }

    /// How many messages have arrived so far.
    pub fn received_count(&self) -> usize {
        outbox_files(&self.dir).len()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        // The child is killed on drop (kill_on_drop); its files go with the directory.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
