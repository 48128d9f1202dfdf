//! `trellis serve`: the web app, on SQLite by default or PostgreSQL.

use crate::versions::{Database, runtime_multi};
use anyhow::Context;
use std::process::ExitCode;

use trellis_store::Store;

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
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
    tracing::info!("shutting down: finishing requests in flight");
}

/// The demo accounts: one per role, with passwords printed at start (it is a demo).
/// Dana leads the organisation, Li manages the Commerce group, Tom is a PM in it.
const DEMO_ACCOUNTS: &[(&str, &str, Option<&str>, &str)] = &[
    (
        "admin@northwind.example",
        "admin",
        None,
        "everything, and the audit log",
    ),
    (
        "dana@northwind.example",
        "leader",
        Some("dana"),
        "all talent records",
    ),
    (
        "li@northwind.example",
        "manager",
        Some("li"),
        "talent records of Commerce only",
    ),
    (
        "tom@northwind.example",
        "member",
        Some("tom"),
        "his own talent page",
    ),
    (
        "viewer@northwind.example",
        "viewer",
        None,
        "the structure, no talent data",
    ),
];

fn demo_password(role: &str) -> String {
    format!("northwind-{role}-demo")
}

/// How `trellis serve` runs: its command-line options.
pub struct Options {
    pub bind: String,
    pub demo: bool,
    pub secure_cookies: bool,
    pub idle_minutes: i64,
    pub shutdown_seconds: u64,
    pub request_timeout_seconds: u64,
    pub sso: SsoArgs,
}

/// Single sign-on with an OpenID Connect provider, next to passwords.
#[derive(clap::Args, Debug, Clone)]
pub struct SsoArgs {
    /// Sign people in with this OpenID Connect provider too (its issuer URL). The client id
    /// and secret come from TRELLIS_OIDC_CLIENT_ID and TRELLIS_OIDC_CLIENT_SECRET.
    #[arg(long, env = "TRELLIS_OIDC_ISSUER", requires = "public_url")]
    pub oidc_issuer: Option<String>,
    /// Where people reach this Trellis (the provider sends them back to
    /// PUBLIC_URL/login/sso/callback, which must be registered with it).
    #[arg(long, env = "TRELLIS_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The provider's name on the sign-in button.
    #[arg(long, env = "TRELLIS_OIDC_NAME", default_value = "single sign-on")]
    pub oidc_name: String,
    /// Scopes to ask for besides openid.
    #[arg(
        long,
        env = "TRELLIS_OIDC_SCOPES",
        value_delimiter = ' ',
        default_value = "email profile"
    )]
    pub oidc_scopes: Vec<String>,
    /// The claim (in the ID token or from the userinfo endpoint) that gives the role.
    #[arg(long, env = "TRELLIS_OIDC_ROLE_CLAIM", default_value = "groups")]
    pub oidc_role_claim: String,
    /// VALUE=ROLE: people whose role claim holds VALUE get ROLE (admin, leader, manager,
    /// member, viewer; the highest wins). Repeat it, or separate with commas. Without any,
    /// the claim holds role words. Anyone whose claim maps to no role is refused.
    #[arg(long = "oidc-role", env = "TRELLIS_OIDC_ROLES", value_delimiter = ',', value_parser = parse_role_mapping)]
    pub oidc_roles: Vec<(String, trellis_web::http::auth::Role)>,
    /// The certificate authorities (a PEM file) to trust for the provider, when its
    /// certificate comes from a company's own authority rather than one of Mozilla's.
    #[arg(long, env = "TRELLIS_OIDC_CA_FILE")]
    pub oidc_ca_file: Option<std::path::PathBuf>,
}

fn parse_role_mapping(text: &str) -> Result<(String, trellis_web::http::auth::Role), String> {
    trellis_web::http::oidc::OidcConfig::parse_mapping(text)
}

impl SsoArgs {
    /// Reads the provider (blocking), when one is given.
    fn provider(&self) -> anyhow::Result<Option<trellis_web::http::oidc::Oidc>> {
        let Some(issuer) = &self.oidc_issuer else {
            return Ok(None);
        };
        let config = trellis_web::http::oidc::OidcConfig {
            issuer: issuer.clone(),
            client_id: std::env::var("TRELLIS_OIDC_CLIENT_ID").unwrap_or_default(),
            client_secret: std::env::var("TRELLIS_OIDC_CLIENT_SECRET").unwrap_or_default(),
            public_url: self.public_url.clone().unwrap_or_default(),
            name: self.oidc_name.clone(),
            scopes: self.oidc_scopes.clone(),
            role_claim: self.oidc_role_claim.clone(),
            role_map: self.oidc_roles.clone(),
            ca_file: self.oidc_ca_file.clone(),
        };
        trellis_web::http::oidc::Oidc::discover(config)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("single sign-on: {e}"))
    }
}

pub fn run(options: &Options, db: &Database) -> anyhow::Result<ExitCode> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_target(false)
        .try_init();
    let rt = runtime_multi()?;
    rt.block_on(async {
        let url = if options.demo {
            // The demo always starts from a fresh database of its own.
            crate::versions::private_dir(&db.data_dir)?;
            let path = db.data_dir.join("demo.db");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            format!("sqlite://{}?mode=rwc", path.display())
        } else {
            db.url()?
        };
        let sso = &options.sso;
        let oidc = tokio::task::spawn_blocking({
            let sso = sso.clone();
            move || sso.provider()
        })
        .await??;
        let store = Store::open(&url).await?;
        store.check_writable().await?;
        if options.demo {
            let id = trellis_web::load_demo(&store, trellis_web::today()).await?;
            for (email, role, person, _) in DEMO_ACCOUNTS {
                let password = demo_password(role);
                let hash = tokio::task::spawn_blocking(move || {
                    trellis_web::http::auth::hash_password(&password)
                })
                .await?
                .map_err(anyhow::Error::msg)?;
                store.add_user(email, role, *person, &hash).await?;
            }
            trellis_web::load_demo_paths(&store, trellis_web::today()).await?;
            tracing::info!(
                version = id,
                "loaded the Northwind demo organisation and demo accounts"
            );
        }
        let listener = tokio::net::TcpListener::bind(&options.bind)
            .await
            .with_context(|| format!("cannot listen on {}", options.bind))?;
        let addr = listener.local_addr()?;
        crate::out!("Trellis is running at http://{addr}/  (Ctrl-C to stop)");
        if options.demo {
            crate::out!("Demo: the Northwind organisation, 87 people and 12 teams. Sign in as:");
            for (email, role, _, sees) in DEMO_ACCOUNTS {
                crate::out!(
                    "  {email:<28} password {:<24} ({role}: {sees})",
                    demo_password(role)
                );
            }
        }
        if let Some(oidc) = &oidc {
            crate::out!(
                "Single sign-on: {} (sign-in returns to {}/login/sso/callback)",
                oidc.issuer(),
                oidc.config.public_url.trim_end_matches('/')
            );
        }
        let mut state = trellis_web::AppState::new(store.clone())
            .with_secure_cookies(options.secure_cookies)
            .with_idle_timeout(options.idle_minutes)
            .with_request_timeout(std::time::Duration::from_secs(
                options.request_timeout_seconds,
            ));
        if let Some(oidc) = oidc {
            state = state.with_oidc(oidc);
        }
        let app = trellis_web::router(state);
        // On a signal, requests in flight may finish, for at most `shutdown_seconds`.
        let (stop, mut stopping) = tokio::sync::watch::channel(false);
        let server = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            let _ = stop.send(true);
        });
        let deadline = async move {
            let _ = stopping.wait_for(|s| *s).await;
            tokio::time::sleep(std::time::Duration::from_secs(options.shutdown_seconds)).await;
        };
        tokio::select! {
            served = server => served.context("the server stopped")?,
            () = deadline => {
                tracing::warn!(
                    seconds = options.shutdown_seconds,
                    "requests still in flight after the shutdown grace period; stopping anyway"
                );
            }
        }
        store.close().await;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
