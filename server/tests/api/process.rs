//! The server as its own process (the built `server` binary), for tests about signals,
//! crashes and restarts.

use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    process::{Child, Command, Output, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

pub struct ServerProcess {
    pub child: Child,
    pub address: String,
    /// What the process has printed on stdout so far, line by line.
    stdout: Arc<Mutex<Vec<String>>>,
}

const JWT_SECRET: &str = "test-secret-test-secret-test-secret!";

/// Runs a one-off command of the server binary (`create-publishable-key`, …) against
/// `database_url` and returns its output.
pub fn run_command(database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("JWT_SECRET", JWT_SECRET)
        .env("RUST_LOG", "info")
        .output()
        .expect("the server binary runs")
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl ServerProcess {
    pub async fn start(database_url: &str, port: u16) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("serve")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", database_url)
            .env("JWT_SECRET", JWT_SECRET)
            .env("RUST_LOG", "warn")
            .env("OUTBOX_DIR", std::env::temp_dir().join("ca_test_outbox"))
            // These tests are about crashes and signals, not throttling.
            .env("AUTH_RATE_LIMIT_PER_ADDRESS", "100000/1m")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let pipe = child.stdout.take().expect("stdout is piped");
        let lines = stdout.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                lines.lock().unwrap().push(line);
            }
        });
        let address = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(response) = client.get(format!("{address}/health")).send().await {
                if response.status().is_success() {
                    break;
                }
            }
            assert!(
                Instant::now() < deadline,
                "the server did not become healthy"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self {
            child,
            address,
            stdout,
        }
    }

    /// The lines printed on stdout so far.
    pub fn stdout_lines(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    /// The development publishable key printed at the first start of a fresh database.
    pub async fn development_key(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(line) = self.stdout_lines().first() {
                return line.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no publishable key was printed at the first start"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// A client that sends `key` as the publishable key on every request and gives up on a
    /// request after `timeout`.
    pub fn client_with_key(key: &str, timeout: Duration) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-publishable-api-key", key.parse().unwrap());
        reqwest::Client::builder()
            .default_headers(headers)
            .timeout(timeout)
            .build()
            .unwrap()
    }

    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to exit, at most `limit`.
    pub async fn wait(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
