//! Configuration: one typed struct, read once at start-up from the environment (and `.env`).
//! `server --help` lists every variable with its default.

use crate::http::cors::{is_origin, CorsOrigins};
use app::auth::RateLimit;
use clap::{Args, ValueEnum};
use std::{net::SocketAddr, time::Duration};

/// The JWT secret used when none is configured: only for a server that nothing but this
/// machine can reach (loopback address, no https origin); refused otherwise and in
/// production. `./scripts/run.sh` generates a random secret instead.
pub const DEV_JWT_SECRET: &str = "customer-accounts-development-secret-do-not-deploy";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AppEnv {
    Development,
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CookieSecure {
    /// Secure when PUBLIC_ORIGIN is https.
    Auto,
    Always,
    Never,
}

#[derive(Args, Clone)]
pub struct Config {
    /// `production` refuses to start with the built-in development secrets.
    #[arg(long, env = "APP_ENV", value_enum, default_value = "development")]
    pub app_env: AppEnv,

    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// The origin browsers reach the site at (scheme://host[:port]); same-origin checks and
    /// the Secure cookie flag follow it. Defaults to http://<addr>.
    #[arg(long, env = "PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,

    /// Other origins whose pages may call `/store/*` with credentials (a storefront):
    /// comma-separated origins or `/regex/` patterns, as in Medusa. Empty: none.
    #[arg(long, env = "STORE_CORS", default_value = "")]
    pub store_cors: CorsOrigins,

    /// Other origins whose pages may call `/auth/*` with credentials. Empty: none.
    #[arg(long, env = "AUTH_CORS", default_value = "")]
    pub auth_cors: CorsOrigins,

    /// Whether `/store/*` requests must carry a publishable API key (header
    /// `x-publishable-api-key`), as in Medusa 2.x. `false` lets requests without the header
    /// through, for storefronts written for Medusa 1.x; a key that is sent is still checked.
    #[arg(
        long,
        env = "PUBLISHABLE_KEY_REQUIRED",
        default_value_t = true,
        action = clap::ArgAction::Set
    )]
    pub publishable_key_required: bool,

    /// How long a server trusts a publishable-key look-up; a key revoked with
    /// `server revoke-publishable-key` stops working within this time.
    #[arg(long, env = "PUBLISHABLE_KEY_CACHE_TTL", value_parser = parse_duration, default_value = "10s")]
    pub publishable_key_cache_ttl: Duration,

    /// `sqlite://path/to/file.db` (created if missing) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/customer-accounts.db"
    )]
    pub database_url: String,

    /// Connections in the pool.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 16)]
    pub database_max_connections: u32,

    /// How long a request waits for a database connection before it gets 503.
    #[arg(long, env = "DATABASE_ACQUIRE_TIMEOUT", value_parser = parse_duration, default_value = "3s")]
    pub database_acquire_timeout: Duration,

    /// PostgreSQL cancels statements that run longer than this.
    #[arg(long, env = "DATABASE_STATEMENT_TIMEOUT", value_parser = parse_duration, default_value = "5s")]
    pub database_statement_timeout: Duration,

    /// Secret that signs bearer tokens (HS256). At least 32 bytes in production.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Lifetime of a bearer token (e.g. 1d, 12h, 3600s).
    #[arg(long, env = "JWT_EXPIRES_IN", value_parser = parse_duration, default_value = "1d")]
    pub jwt_expires_in: Duration,

    /// A signed-in session ends after this long without a request.
    #[arg(long, env = "SESSION_IDLE_TIMEOUT", value_parser = parse_duration, default_value = "30m")]
    pub session_idle_timeout: Duration,

    /// A signed-in session ends this long after sign-in, however active.
    #[arg(long, env = "SESSION_MAX_AGE", value_parser = parse_duration, default_value = "12h")]
    pub session_max_age: Duration,

    /// Whether the session cookie carries `Secure` (and the `__Host-` name prefix).
    #[arg(long, env = "COOKIE_SECURE", value_enum, default_value = "auto")]
    pub cookie_secure: CookieSecure,

    /// Shortest password accepted at registration.
    #[arg(long, env = "PASSWORD_MIN_LENGTH", default_value_t = app::shared::password::DEFAULT_MIN_LEN)]
    pub password_min_length: usize,

    /// Sign-in and sign-up attempts allowed per account (email): `<burst>/<period>`,
    /// refilled evenly over the period.
    #[arg(long, env = "AUTH_RATE_LIMIT_PER_ACCOUNT", default_value = "10/15m")]
    pub auth_rate_limit_per_account: RateLimit,

    /// Sign-in and sign-up attempts (and password-reset requests) allowed per client
    /// address: `<burst>/<period>`.
    #[arg(long, env = "AUTH_RATE_LIMIT_PER_ADDRESS", default_value = "60/15m")]
    pub auth_rate_limit_per_address: RateLimit,

    /// How long an emailed password-reset link works (e.g. 15m, 1h).
    #[arg(long, env = "PASSWORD_RESET_TTL", value_parser = parse_duration, default_value = "15m")]
    pub password_reset_ttl: Duration,

    /// Password-reset emails that may be asked for per email address: `<burst>/<period>`.
    #[arg(long, env = "PASSWORD_RESET_RATE_LIMIT", default_value = "5/1h")]
    pub password_reset_rate_limit: RateLimit,

    /// Reverse proxies in front of the server that append the client to X-Forwarded-For
    /// (0: use the TCP peer address and ignore the header).
    #[arg(long, env = "TRUSTED_PROXY_HOPS", default_value_t = 0)]
    pub trusted_proxy_hops: usize,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "REQUEST_BODY_LIMIT", default_value_t = 64 * 1024)]
    pub request_body_limit: usize,

    /// A request that takes longer than this is answered 503.
    #[arg(long, env = "REQUEST_TIMEOUT", value_parser = parse_duration, default_value = "30s")]
    pub request_timeout: Duration,

    /// A client that has not sent a complete request head within this time — from when it
    /// connects, or from the end of the last response on a kept-alive connection — is
    /// disconnected. So this also bounds idle keep-alive connections.
    #[arg(long, env = "HEADER_READ_TIMEOUT", value_parser = parse_duration, default_value = "10s")]
    pub header_read_timeout: Duration,

    /// Most connections served at once; more are answered 503 and closed. Keep it below the
    /// process's open-file limit (`ulimit -n`).
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,

    /// The shop's name, shown in emails (and their default sender).
    #[arg(long, env = "SHOP_NAME", default_value = "Customer accounts")]
    pub shop_name: String,

    /// Sender of emails, `"Name" <address>` or `address`. Default: "<SHOP_NAME>"
    /// <no-reply@<host of PUBLIC_ORIGIN>>.
    #[arg(long, env = "MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Deliver email through this SMTP server: `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS), `smtps://user:pass@host:465` (TLS), `smtp://127.0.0.1:25` (plain, for a
    /// local relay). Unset: write each message as a file in OUTBOX_DIR.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Where emails are written, one `.eml` file each, when SMTP_URL is not set. Created if
    /// missing.
    #[arg(long, env = "OUTBOX_DIR", default_value = "data/outbox")]
    pub outbox_dir: std::path::PathBuf,

    /// Directory holding the built site (pkg/ with the wasm, js and css).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Log output format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("app_env", &self.app_env)
            .field("addr", &self.addr)
            .field("public_origin", &self.public_origin())
            .field("database_url", &app::stores::db::redact(&self.database_url))
            .field(
                "jwt_secret",
                &self.jwt_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("jwt_expires_in", &self.jwt_expires_in)
            .field("session_idle_timeout", &self.session_idle_timeout)
            .field("session_max_age", &self.session_max_age)
            .field("cookie_secure", &self.cookie_secure())
            .field("store_cors", &self.store_cors)
            .field("auth_cors", &self.auth_cors)
            .field("publishable_key_required", &self.publishable_key_required)
            .field("shop_name", &self.shop_name)
            .field("mail_from", &self.mail_from)
            .field(
                "smtp_url",
                &self.smtp_url.as_deref().map(app::stores::db::redact),
            )
            .field("outbox_dir", &self.outbox_dir)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "APP_ENV=production needs a JWT_SECRET of at least 32 bytes that is not the development \
         default; generate one with: openssl rand -base64 48"
    )]
    WeakJwtSecret,
    #[error(
        "JWT_SECRET is not set, and the server is reachable as {0}: with the built-in \
         development secret anyone could forge sign-in tokens. Set JWT_SECRET to a random value \
         of at least 32 bytes (generate one with: openssl rand -base64 48), or listen on a \
         loopback address (LEPTOS_SITE_ADDR=127.0.0.1:3000) without an https PUBLIC_ORIGIN"
    )]
    DevJwtSecretExposed(String),
    #[error("PUBLIC_ORIGIN must look like https://shop.example.com (got {0:?})")]
    BadOrigin(String),
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got {0:?})")]
    BadDatabaseUrl(String),
    #[error("MAIL_FROM: {0}")]
    BadMailFrom(String),
}

impl Config {
    /// Refuses configurations that must not run: development secrets in production, an
    /// unusable origin or database URL.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.app_env == AppEnv::Production {
            match &self.jwt_secret {
                Some(secret) if secret.len() >= 32 && secret != DEV_JWT_SECRET => {}
                _ => return Err(ConfigError::WeakJwtSecret),
            }
        }
        let origin = self.public_origin();
        if !is_origin(&origin) {
            return Err(ConfigError::BadOrigin(origin));
        }
        let dev_secret = self
            .jwt_secret
            .as_deref()
            .is_none_or(|secret| secret == DEV_JWT_SECRET);
        if dev_secret {
            if !self.addr.ip().is_loopback() {
                return Err(ConfigError::DevJwtSecretExposed(self.addr.to_string()));
            }
            if origin.starts_with("https://") {
                return Err(ConfigError::DevJwtSecretExposed(origin));
            }
        }
        if app::stores::Backend::from_url(&self.database_url).is_none() {
            return Err(ConfigError::BadDatabaseUrl(app::stores::db::redact(
                &self.database_url,
            )));
        }
        self.mail_from().map_err(ConfigError::BadMailFrom)?;
        Ok(())
    }

    /// `MAIL_FROM`, or the shop's no-reply address at the public origin's host.
    pub fn mail_from(&self) -> Result<app::mail::Mailbox, String> {
        match &self.mail_from {
            Some(from) => app::mail::parse_mailbox(from),
            None => app::mail::default_from(&self.shop_name, &self.public_origin()),
        }
    }

    pub fn public_origin(&self) -> String {
        self.public_origin
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }

    pub fn jwt_secret(&self) -> &str {
        self.jwt_secret.as_deref().unwrap_or(DEV_JWT_SECRET)
    }

    pub fn cookie_secure(&self) -> bool {
        match self.cookie_secure {
            CookieSecure::Always => true,
            CookieSecure::Never => false,
            CookieSecure::Auto => self.public_origin().starts_with("https://"),
        }
    }
}

/// `90`, `90s`, `15m`, `12h`, `1d`, `250ms`.
pub fn parse_duration(input: &str) -> Result<Duration, String> {
    let input = input.trim();
    let split = input
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(input.len());
    let (number, unit) = input.split_at(split);
    let value: u64 = number
        .parse()
        .map_err(|_| format!("{input:?} is not a duration like 30s, 15m, 12h or 1d"))?;
    let seconds = match unit {
        "ms" => return Ok(Duration::from_millis(value)),
        "" | "s" => value,
        "m" => value * 60,
        "h" => value * 3600,
        "d" => value * 86_400,
        _ => {
            return Err(format!(
                "unknown unit {unit:?} in {input:?}: use ms, s, m, h or d"
            ))
        }
    };
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        config: Config,
    }

    fn config(args: &[&str]) -> Config {
        let mut argv = vec!["server"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv).unwrap().config
    }

    #[test]
    fn durations_parse_in_common_units() {
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5y").is_err());
    }

    #[test]
    fn production_refuses_the_development_secret() {
        let dev = config(&["--app-env", "production"]);
        assert!(matches!(dev.validate(), Err(ConfigError::WeakJwtSecret)));
        let short = config(&["--app-env", "production", "--jwt-secret", "short"]);
        assert!(matches!(short.validate(), Err(ConfigError::WeakJwtSecret)));
        let good = config(&[
            "--app-env",
            "production",
            "--jwt-secret",
            "0123456789abcdef0123456789abcdef-long-enough",
        ]);
        assert!(good.validate().is_ok());
        assert!(
            config(&[]).validate().is_ok(),
            "development runs with defaults"
        );
    }

    #[test]
    fn the_development_secret_serves_loopback_only() {
        for exposed in [
            &["--addr", "0.0.0.0:3000"][..],
            &["--addr", "192.0.2.10:3000"],
            &["--addr", "[::]:3000"],
            &["--public-origin", "https://shop.example.com"],
            &[
                "--public-origin",
                "https://shop.example.com",
                "--jwt-secret",
                DEV_JWT_SECRET,
            ],
        ] {
            let error = config(exposed).validate().unwrap_err();
            assert!(
                matches!(error, ConfigError::DevJwtSecretExposed(_)),
                "{exposed:?}"
            );
            assert!(error.to_string().contains("openssl rand"), "says how");
        }
        for local in [&["--addr", "127.0.0.1:3000"][..], &["--addr", "[::1]:3000"]] {
            assert!(config(local).validate().is_ok(), "{local:?}");
        }
        let configured = config(&[
            "--addr",
            "0.0.0.0:3000",
            "--public-origin",
            "https://shop.example.com",
            "--jwt-secret",
            "a-secret-that-is-set-by-the-operator",
        ]);
        assert!(configured.validate().is_ok());
    }

    #[test]
    fn secure_cookies_follow_the_public_origin() {
        assert!(!config(&[]).cookie_secure());
        assert!(config(&["--public-origin", "https://shop.example.com"]).cookie_secure());
        assert!(config(&["--cookie-secure", "always"]).cookie_secure());
    }

    #[test]
    fn refuses_unusable_origins_and_database_urls() {
        let origin = config(&["--public-origin", "shop.example.com"]);
        assert!(matches!(origin.validate(), Err(ConfigError::BadOrigin(_))));
        let db = config(&["--database-url", "mysql://x"]);
        assert!(matches!(db.validate(), Err(ConfigError::BadDatabaseUrl(_))));
    }

    #[test]
    fn cors_lists_come_from_their_own_variables() {
        let config = config(&["--store-cors", "http://localhost:8000,/\\.example\\.com$/"]);
        assert!(config.store_cors.allows("http://localhost:8000"));
        assert!(config.store_cors.allows("https://shop.example.com"));
        assert!(config.auth_cors.is_empty(), "nothing by default");
        assert!(Cli::try_parse_from(["server", "--auth-cors", "not an origin"]).is_err());
    }

    #[test]
    fn publishable_keys_are_required_unless_switched_off() {
        assert!(config(&[]).publishable_key_required);
        assert!(!config(&["--publishable-key-required", "false"]).publishable_key_required);
        assert_eq!(
            config(&[]).publishable_key_cache_ttl,
            app::auth::key_cache::DEFAULT_TTL
        );
    }

    #[test]
    fn debug_output_redacts_secrets() {
        let config = config(&[
            "--jwt-secret",
            "super-secret-value",
            "--database-url",
            "postgres://app:pw@db/shop",
            "--smtp-url",
            "smtp://mailer:smtp-pw@mail.example.com:587?tls=required",
        ]);
        let printed = format!("{config:?}");
        assert!(!printed.contains("super-secret-value"));
        assert!(!printed.contains(":pw@"));
        assert!(!printed.contains("smtp-pw"));
        assert!(printed.contains("mail.example.com"));
    }

    #[test]
    fn the_sender_defaults_to_the_shop_at_the_public_host() {
        let default = config(&["--public-origin", "http://shop.example.com:3000"]);
        assert_eq!(
            default.mail_from().unwrap().to_string(),
            "Customer accounts <no-reply@shop.example.com>"
        );
        let named = config(&["--shop-name", "Acme", "--addr", "127.0.0.1:3000"]);
        assert_eq!(
            named.mail_from().unwrap().to_string(),
            "Acme <no-reply@127.0.0.1>"
        );
        let set = config(&["--mail-from", "Shop <shop@example.com>"]);
        assert_eq!(
            set.mail_from().unwrap().email.to_string(),
            "shop@example.com"
        );
        let bad = config(&["--mail-from", "nobody"]);
        assert!(matches!(bad.validate(), Err(ConfigError::BadMailFrom(_))));
    }
}
