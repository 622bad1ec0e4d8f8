//! Building the application from its configuration: the database (migrated), the state, the
//! router and the bound listener. `main` and the integration tests both start here.

use leptos::config::LeptosOptions;
use std::{future::Future, net::SocketAddr, time::Duration};
use tokio::net::TcpListener;
use tower_sessions::ExpiredDeletion;

use crate::{
    config::Config,
    http::cors::CorsPolicy,
    routes::{self, RouterSettings},
    serve::{self, ServeOptions},
};
use app::{
    auth::{JwtKeys, PasswordHasher, SessionPolicy, Throttle},
    mail::{Mail, RetryPolicy, Transport, Worker},
    state::{AppState, Inner, Policy},
    stores::{sessions::Sessions, Db, DbOptions},
};

/// The name cargo-leptos gives the site's files (`pkg/<name>.js|wasm|css`).
pub const OUTPUT_NAME: &str = "customer-accounts";
/// In-flight requests get this long to finish after SIGTERM.
const GRACE_PERIOD: Duration = Duration::from_secs(20);
const EXPIRED_SESSION_SWEEP: Duration = Duration::from_secs(15 * 60);
const THROTTLE_SWEEP: Duration = Duration::from_secs(60);
/// After the last request, the mail worker gets this long to finish the delivery under way.
const MAIL_GRACE_PERIOD: Duration = Duration::from_secs(10);

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    state: AppState,
    sessions: Sessions,
    mail_worker: Worker,
    header_read_timeout: Duration,
    max_connections: usize,
}

pub async fn connect_database(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&DbOptions {
        url: config.database_url.clone(),
        max_connections: config.database_max_connections,
        acquire_timeout: config.database_acquire_timeout,
        statement_timeout: config.database_statement_timeout,
    })
    .await?;
    db.migrate().await?;
    Sessions::new(&db).migrate().await?;
    Ok(db)
}

/// The state requests share, from the configuration and the (migrated) database. One-off
/// commands that go through the services (`server seed --demo`) build it too.
pub fn app_state(config: &Config, db: Db) -> AppState {
    let sessions = Sessions::new(&db);
    let leptos_options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    AppState::new(Inner {
        db,
        sessions: sessions.clone(),
        hasher: PasswordHasher::for_this_machine(),
        jwt: JwtKeys::new(config.jwt_secret().as_bytes(), config.jwt_expires_in),
        throttle: Throttle::new(
            config.auth_rate_limit_per_account,
            config.auth_rate_limit_per_address,
            config.password_reset_rate_limit,
        ),
        policy: Policy {
            password_min_len: config.password_min_length,
            session: SessionPolicy {
                idle_timeout: config.session_idle_timeout,
                absolute_timeout: config.session_max_age,
            },
            trusted_proxy_hops: config.trusted_proxy_hops,
            cookie_secure: config.cookie_secure(),
            password_reset_ttl: config.password_reset_ttl,
        },
        mail: Mail::new(config.shop_name.clone(), config.public_origin()),
        leptos_options,
    })
}

impl Application {
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        config.validate()?;
        let mail_from = config.mail_from().map_err(anyhow::Error::msg)?;
        let transport = Transport::new(config.smtp_url.as_deref(), &config.outbox_dir)
            .map_err(anyhow::Error::msg)?;
        let db = connect_database(config).await?;
        let state = app_state(config, db);
        let sessions = state.sessions.clone();
        let mail_worker = Worker::new(state.clone(), transport, mail_from, RetryPolicy::default());
        let router = routes::router(
            state.clone(),
            sessions.clone(),
            &RouterSettings {
                public_origin: config.public_origin(),
                cookie_secure: config.cookie_secure(),
                body_limit: config.request_body_limit,
                request_timeout: config.request_timeout,
                cors: CorsPolicy {
                    store: config.store_cors.clone(),
                    auth: config.auth_cors.clone(),
                },
                publishable_key_required: config.publishable_key_required,
                publishable_key_cache_ttl: config.publishable_key_cache_ttl,
            },
        );
        let listener = TcpListener::bind(config.addr).await?;
        Ok(Self {
            listener,
            router,
            state,
            sessions,
            mail_worker,
            header_read_timeout: config.header_read_timeout,
            max_connections: config.max_connections as usize,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then drains in-flight requests and closes the pool.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> anyhow::Result<()> {
        let sweeper = tokio::spawn(
            self.sessions
                .continuously_delete_expired(EXPIRED_SESSION_SWEEP),
        );
        let mail_worker = self.mail_worker.spawn();
        let state = self.state.clone();
        let forgetter = tokio::spawn(async move {
            let mut every = tokio::time::interval(THROTTLE_SWEEP);
            loop {
                every.tick().await;
                if let Err(error) = state.throttle.forget_idle(&state.db).await {
                    tracing::warn!(%error, "could not sweep idle sign-in counters");
                }
                if let Err(error) = app::services::identities::forget_stale_clients(&state).await {
                    tracing::warn!(%error, "could not sweep stale known clients");
                }
                if let Err(error) =
                    app::services::passwords::forget_expired_reset_tokens(&state).await
                {
                    tracing::warn!(%error, "could not sweep expired password-reset tokens");
                }
            }
        });
        let result = serve::serve(
            self.listener,
            self.router,
            ServeOptions {
                header_read_timeout: self.header_read_timeout,
                max_connections: self.max_connections,
                grace_period: GRACE_PERIOD,
            },
            shutdown,
        )
        .await;
        sweeper.abort();
        forgetter.abort();
        mail_worker.stop(MAIL_GRACE_PERIOD).await;
        self.state.db.close().await;
        Ok(result?)
    }
}
