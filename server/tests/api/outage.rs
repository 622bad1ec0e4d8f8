//! PostgreSQL going away mid-run: requests answer 503 quickly, /health says so, and service
//! resumes by itself when the database is back. Uses a throwaway cluster on its own port,
//! never the shared server.

use reqwest::StatusCode;
use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use crate::{helpers::*, process::free_port};

/// A PostgreSQL cluster of our own: initdb'd into a temp dir, run on a free port. When the
/// tests run as root it runs as the `postgres` system user (PostgreSQL refuses root).
struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
}

fn postgres_bin() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL server binaries under /usr/lib/postgresql")
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().expect("an initdb")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false)
}

impl Cluster {
    fn run(&self, tool: &str, args: &[&str]) {
        let program = self.bin.join(tool);
        let mut command = if is_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&program);
            command
        } else {
            Command::new(&program)
        };
        let status = command.args(args).stdout(Stdio::null()).status().unwrap();
        assert!(status.success(), "{tool} {args:?} failed");
    }

    fn create() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "ca_pg_{}",
            ulid::Ulid::new().to_string().to_lowercase()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        if is_root() {
            assert!(Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&dir)
                .status()
                .unwrap()
                .success());
        }
        let cluster = Self {
            bin: postgres_bin(),
            dir,
            port: free_port(),
        };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "-N",
            ],
        );
        cluster.start();
        cluster
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("server.log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        );
    }

    fn stop_immediately(&self) {
        self.run(
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        );
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(if is_root() { "runuser" } else { "true" })
            .args(if is_root() {
                vec!["-u", "postgres", "--"]
            } else {
                vec![]
            })
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .status();
        let _ = std::fs::remove_dir_all(Path::new(&self.dir));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_is_answered_503_and_service_resumes_by_itself() {
    let cluster = Cluster::create();
    let app = TestApp::spawn_on(&cluster.url(), &["--database-acquire-timeout", "1s"]).await;
    let token = app.signed_up(&email("outage")).await;
    let me = || app.get("/store/customers/me").bearer_auth(&token).send();
    assert_eq!(me().await.unwrap().status(), StatusCode::OK);

    cluster.stop_immediately();
    let started = Instant::now();
    let response = me().await.unwrap();
    let answered_in = started.elapsed();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["type"], "service_unavailable");
    assert!(
        answered_in < Duration::from_secs(3),
        "answered after {answered_in:?}"
    );
    let health = app.get("/health").send().await.unwrap();
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);

    cluster.start();
    let back = Instant::now();
    loop {
        if me().await.unwrap().status() == StatusCode::OK {
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(15),
            "service did not resume"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!(
        "outage: 503 answered in {answered_in:?}; service resumed {:?} after the database was back",
        back.elapsed()
    );
    assert_eq!(
        app.get("/health").send().await.unwrap().status(),
        StatusCode::OK
    );
}
