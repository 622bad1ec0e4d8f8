//! `server`: the customer-accounts web app and JSON API.

use clap::{Parser, Subcommand};

use server::{config::Config, publishable_keys, startup, telemetry};

/// mimalloc: less time in the allocator and less fragmentation than glibc's under many
/// small, short-lived allocations per request.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "server",
    version,
    about = "customer-accounts: customer sign-up, sign-in and profiles — server-rendered pages \
             and a Medusa-compatible JSON API over SQLite or PostgreSQL.",
    long_about = None,
    after_help = "Every option can also be set through the environment variable shown \
                  (or a .env file in the working directory)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    config: Config,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply database migrations, then exit.
    Migrate,
    /// Create sample data, then exit: registered customers seed-<n>@example.com (e.g. for
    /// benchmarks), with --varied shop-like customers and groups (the admin list at scale),
    /// or with --demo a few customers with addresses and order histories.
    Seed {
        /// How many customers to create (seed-<n>@example.com); 100 unless --demo is given.
        #[arg(long)]
        customers: Option<usize>,
        /// Make the customers varied instead: names, emails, companies and phones of many
        /// countries, 40 % registered (with the password), in the groups Newsletter,
        /// Wholesale, VIP and Staff (made if missing). Additive: each run adds that many,
        /// numbered after the customers already there. Ends with ANALYZE.
        #[arg(long, conflicts_with = "demo")]
        varied: bool,
        /// The password every seeded customer gets.
        #[arg(long, default_value = "seed-password")]
        password: String,
        /// Create the demo customers, addresses and orders, and print how to sign in.
        /// Running it again creates nothing twice.
        #[arg(long)]
        demo: bool,
    },
    /// Import orders from a JSON Lines file (one Medusa order per line; `-` reads standard
    /// input), then exit. Any bad line imports nothing, unless --skip-invalid.
    ImportOrders {
        /// The file, e.g. orders.jsonl.
        file: std::path::PathBuf,
        /// Import the good lines even when some are bad (those are listed and skipped).
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Create a publishable API key and print its token (alone, on stdout), then exit.
    /// Storefronts send it as `x-publishable-api-key` on every /store request.
    CreatePublishableKey {
        /// What the key is for, e.g. the storefront's name.
        #[arg(long)]
        title: String,
    },
    /// Create an admin user (the back office's staff; actor `user`) with an email + password
    /// login, print its id (alone, on stdout), then exit. The password policy applies; an
    /// email another admin has is refused and nothing changes. Admins sign in with
    /// POST /auth/user/emailpass.
    CreateAdmin {
        /// The admin's email, the sign-in name.
        #[arg(long)]
        email: String,
        /// The admin's password (at least PASSWORD_MIN_LENGTH characters). Better given
        /// through ADMIN_PASSWORD, which other users of the machine cannot list.
        #[arg(long, env = "ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long)]
        first_name: Option<String>,
        #[arg(long)]
        last_name: Option<String>,
    },
    /// Set a new password for an admin user (one who forgot theirs), then exit. The password
    /// policy applies; every session and token of that admin ends. An email no admin has is
    /// refused and nothing changes.
    SetAdminPassword {
        /// The admin's email.
        #[arg(long)]
        email: String,
        /// The new password. Better given through ADMIN_PASSWORD, which other users of the
        /// machine cannot list.
        #[arg(long, env = "ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// List the publishable API keys: token, title, created, revoked.
    ListPublishableKeys,
    /// Revoke a publishable API key, given by its token (pk_…) or its id (apk_…). Running
    /// servers refuse it within PUBLISHABLE_KEY_CACHE_TTL.
    RevokePublishableKey {
        /// The key's token or id.
        key: String,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    telemetry::init(cli.config.log_format);
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = startup::Application::build(&config).await?;
            publishable_keys::create_development_key(&app.state().db).await?;
            tracing::info!(
                address = %app.local_addr(),
                public_origin = %config.public_origin(),
                database = %app::stores::db::redact(&config.database_url),
                "listening"
            );
            app.run_until(shutdown_signal()).await
        }
        Command::Migrate => {
            config.validate()?;
            startup::connect_database(&config).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Seed {
            customers,
            password,
            varied,
            demo,
        } => {
            config.validate()?;
            let db = startup::connect_database(&config).await?;
            let count = customers.unwrap_or(if demo { 0 } else { 100 });
            if varied {
                let started = std::time::Instant::now();
                let created = server::seed::varied_customers(&db, count, &password).await?;
                println!(
                    "created {created} varied customers in {:.1} s (registered ones sign in \
                     with {password})",
                    started.elapsed().as_secs_f64()
                );
            } else if count > 0 {
                let created = server::seed::customers(&db, count, &password).await?;
                println!("created {created} customers (seed-<n>@example.com / {password})");
            }
            if demo {
                server::seed::demo(&config, db).await?;
            }
            Ok(())
        }
        Command::ImportOrders { file, skip_invalid } => {
            let db = database(&config).await?;
            server::import_orders::run(&db, &file, skip_invalid).await
        }
        Command::CreatePublishableKey { title } => {
            publishable_keys::create(&database(&config).await?, &title).await
        }
        Command::CreateAdmin {
            email,
            password,
            first_name,
            last_name,
        } => {
            let db = database(&config).await?;
            let input = server::admins::CreateAdmin {
                email,
                password,
                first_name,
                last_name,
            };
            server::admins::create(&config, db, &input).await
        }
        Command::SetAdminPassword { email, password } => {
            let db = database(&config).await?;
            server::admins::set_password(&config, db, &email, &password).await
        }
        Command::ListPublishableKeys => publishable_keys::list(&database(&config).await?).await,
        Command::RevokePublishableKey { key } => {
            let db = database(&config).await?;
            publishable_keys::revoke(&db, &key, config.publishable_key_cache_ttl).await
        }
    }
}

/// The database of a one-off command, migrated.
async fn database(config: &Config) -> anyhow::Result<app::stores::Db> {
    config.validate()?;
    startup::connect_database(config).await
}

/// SIGTERM (service managers) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
