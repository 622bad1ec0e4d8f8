//! The harness: a server per test over its own database, dropped afterwards, and the
//! customer personas tests act as (through the public API only).

use clap::Parser;
use reqwest::{header, Response, StatusCode};
use serde_json::{json, Value};
use std::{path::PathBuf, time::Duration};
use tokio::{sync::oneshot, task::JoinHandle};

use server::{config::Config, startup::Application};

/// Generates one test per database for each `async fn name(app) { … }`; `with [args];`
/// before the `fn` starts that test's server with extra command-line configuration.
macro_rules! db_tests {
    (@args) => { &[] };
    (@args $args:expr) => { $args };
    ($($(#[$meta:meta])* $(with $args:expr;)? async fn $name:ident($app:ident) $body:block)+) => {
        $(
            $(#[$meta])*
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($app: $crate::helpers::TestApp) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let backend = $crate::helpers::Backend::Sqlite;
                    run($crate::helpers::TestApp::spawn_with(backend, db_tests!(@args $($args)?)).await).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let backend = $crate::helpers::Backend::Postgres;
                    run($crate::helpers::TestApp::spawn_with(backend, db_tests!(@args $($args)?)).await).await
                }
            }
        )+
    };
}

/// One test per database for each `async fn name(backend) { … }` that sets itself up.
macro_rules! backend_tests {
    ($($(#[$meta:meta])* async fn $name:ident($backend:ident) $body:block)+) => {
        $(
            $(#[$meta])*
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($backend: $crate::helpers::Backend) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    run($crate::helpers::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    run($crate::helpers::Backend::Postgres).await
                }
            }
        )+
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const PASSWORD: &str = "correct horse battery";

pub const PUBLISHABLE_KEY_HEADER: &str = "x-publishable-api-key";

/// `/store` and everything under it: the paths that need a publishable key.
pub fn is_store_path(path: &str) -> bool {
    path.strip_prefix("/store")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
}

/// A throwaway database: a SQLite file in a temp dir, or a new PostgreSQL database on the
/// server named by `TEST_POSTGRES_URL` (default: the local one). Removed on drop.
pub struct TestDb {
    pub url: String,
    dir: Option<PathBuf>,
    postgres: Option<(String, String)>,
}

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

impl TestDb {
    pub async fn create(backend: Backend) -> Self {
        let name = format!("ca_test_{}", ulid::Ulid::new().to_string().to_lowercase());
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(&name);
                std::fs::create_dir_all(&dir).unwrap();
                Self {
                    url: format!("sqlite://{}/test.db", dir.display()),
                    dir: Some(dir),
                    postgres: None,
                }
            }
            Backend::Postgres => {
                use sqlx::Connection;
                let admin = postgres_admin_url();
                let mut conn = sqlx::PgConnection::connect(&admin)
                    .await
                    .expect("PostgreSQL must be reachable at TEST_POSTGRES_URL (see README)");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                let base = admin
                    .rsplit_once('/')
                    .map_or(admin.as_str(), |(base, _)| base);
                Self {
                    url: format!("{base}/{name}"),
                    dir: None,
                    postgres: Some((admin.clone(), name)),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((admin, name)) = self.postgres.take() {
            // Drop runs inside the test's runtime: do the async clean-up on a thread of its own.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    use sqlx::Connection;
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&mut conn)
                                .await;
                    }
                });
            })
            .join();
        }
    }
}

#[derive(Parser)]
struct TestCli {
    #[command(flatten)]
    config: Config,
}

/// The configuration a test server runs with. Unless `extra` names one, its email goes to a
/// fresh outbox directory of its own (see [`TestApp::outbox_dir`]).
pub fn config(database_url: &str, extra: &[&str]) -> Config {
    let outbox = std::env::temp_dir()
        .join(format!("ca_outbox_{}", ulid::Ulid::new()))
        .display()
        .to_string();
    let mut args = vec![
        "server",
        "--addr",
        "127.0.0.1:0",
        "--database-url",
        database_url,
        "--database-max-connections",
        "5",
        "--site-root",
        "target/site",
        "--jwt-secret",
        "test-secret-test-secret-test-secret!",
    ];
    if !extra.contains(&"--outbox-dir") {
        args.extend(["--outbox-dir", outbox.as_str()]);
    }
    args.extend_from_slice(extra);
    TestCli::try_parse_from(args).unwrap().config
}

pub struct TestApp {
    pub address: String,
    /// A client without a cookie jar: tests pass cookies explicitly. It sends nothing by
    /// itself — `app.client.get(app.url(path))` is the raw request, without the publishable
    /// key that `app.get(path)` and the other helpers add on `/store/*`.
    pub client: reqwest::Client,
    /// A valid publishable API key, created when the app starts; the request helpers send it
    /// on every `/store/*` request.
    pub publishable_key: String,
    pub state: app::state::AppState,
    /// Where the server writes its email when no `--smtp-url` is given (removed on drop
    /// unless the test chose it with `--outbox-dir`).
    pub outbox_dir: PathBuf,
    own_outbox: bool,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    // Declared last: dropped after the server has stopped.
    _db: Option<TestDb>,
}

impl TestApp {
    /// With extra command-line configuration, e.g. `&["--jwt-expires-in", "1s"]`.
    pub async fn spawn_with(backend: Backend, extra: &[&str]) -> Self {
        let db = TestDb::create(backend).await;
        let mut app = Self::spawn_on(&db.url, extra).await;
        app._db = Some(db);
        app
    }

    /// Over a database that the test manages itself.
    pub async fn spawn_on(database_url: &str, extra: &[&str]) -> Self {
        let config = config(database_url, extra);
        let outbox_dir = config.outbox_dir.clone();
        let own_outbox = !extra.contains(&"--outbox-dir");
        let application = Application::build(&config)
            .await
            .expect("the application starts");
        let address = format!("http://{}", application.local_addr());
        let state = application.state().clone();
        let (shutdown, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            application
                .run_until(async {
                    let _ = stopped.await;
                })
                .await
                .expect("the server runs");
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let publishable_key = app::services::publishable_keys::create(&state.db, "tests")
            .await
            .expect("a publishable key is created")
            .token;
        Self {
            address,
            client,
            publishable_key,
            state,
            outbox_dir,
            own_outbox,
            shutdown: Some(shutdown),
            server: Some(server),
            _db: None,
        }
    }

    /// A client whose connections come from another loopback address (127.0.0.2, …). It
    /// sends the publishable key on every request (harmless outside `/store/*`).
    pub fn client_from(&self, address: &str) -> reqwest::Client {
        let mut headers = header::HeaderMap::new();
        headers.insert(
            PUBLISHABLE_KEY_HEADER,
            self.publishable_key.parse().unwrap(),
        );
        reqwest::Client::builder()
            .local_address(Some(address.parse().unwrap()))
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap()
    }

    /// The origin a browser on this site sends.
    pub fn origin(&self) -> &str {
        &self.address
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// `method path`, with the publishable key when `path` is under `/store`.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let request = self.client.request(method, self.url(path));
        if is_store_path(path) {
            request.header(PUBLISHABLE_KEY_HEADER, &self.publishable_key)
        } else {
            request
        }
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::GET, path)
    }

    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::POST, path)
    }

    pub fn delete(&self, path: &str) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::DELETE, path)
    }

    /// `POST path` with a JSON body and no credentials.
    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.post(path).json(body).send().await.unwrap()
    }

    /// `GET path` carrying a session cookie.
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Response {
        self.get(path)
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    /// `POST /auth/customer/emailpass/register` → the registration token.
    pub async fn register_identity(&self, email: &str, password: &str) -> String {
        let body = json!({"email": email, "password": password});
        token_of(
            self.post_json("/auth/customer/emailpass/register", &body)
                .await,
        )
        .await
    }

    /// `POST /auth/customer/emailpass` → the login token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let body = json!({"email": email, "password": password});
        token_of(self.post_json("/auth/customer/emailpass", &body).await).await
    }

    /// The whole v2 sign-up: register, create the customer, log in. Returns the login token.
    pub async fn signed_up(&self, email: &str) -> String {
        let registration = self.register_identity(email, PASSWORD).await;
        let response = self
            .post("/store/customers")
            .bearer_auth(&registration)
            .json(&json!({"email": email, "first_name": "John", "last_name": "Doe"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{}",
            response.text().await.unwrap()
        );
        self.login(email, PASSWORD).await
    }

    /// Exchanges a bearer token for a session cookie (`name=value`).
    pub async fn session_cookie(&self, token: &str) -> String {
        let response = self
            .post("/auth/session")
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        session_cookie_of(&response).expect("POST /auth/session sets the session cookie")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
        if self.own_outbox {
            let _ = std::fs::remove_dir_all(&self.outbox_dir);
        }
    }
}

pub async fn token_of(response: Response) -> String {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body["token"].as_str().expect("a token").to_owned()
}

/// The `name=value` of the session cookie a response sets, if it sets one with a value.
pub fn session_cookie_of(response: &Response) -> Option<String> {
    set_cookie_headers(response)
        .into_iter()
        .find(|c| c.starts_with("connect.sid=") && !c.starts_with("connect.sid=;"))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

pub fn set_cookie_headers(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// Status and JSON body, for asserting on both.
pub async fn status_and_json(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text:?}"));
    (status, body)
}

/// Asserts a Medusa error body.
pub async fn assert_error(response: Response, status: u16, kind: &str, message: &str) {
    let (actual_status, body) = status_and_json(response).await;
    assert_eq!(actual_status.as_u16(), status, "{body}");
    assert_eq!(body["type"], kind, "{body}");
    assert_eq!(body["message"], message, "{body}");
}

/// A unique email for a test.
pub fn email(tag: &str) -> String {
    format!(
        "{tag}-{}@example.com",
        ulid::Ulid::new().to_string().to_lowercase()
    )
}

/// Runs futures concurrently on the test's runtime and collects their results in order.
pub async fn futures_join_all<F, T>(futures: impl IntoIterator<Item = F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut results = Vec::with_capacity(handles.len());
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    results
}
