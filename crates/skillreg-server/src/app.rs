//! [`App`]: the router with its layers, bound to a socket, served until a shutdown signal.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use axum::routing::{get, post};
use chrono::NaiveDate;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::Config;
use crate::error::ServerError;
use crate::limit::{Limiter, limit};
use crate::oidc::Provider;
use crate::pages::{manager, person};
use crate::pool::RegistryPool;
use crate::session::Sessions;
use crate::{pages, web};

/// The Content-Security-Policy of every response: nothing inline, nothing from elsewhere.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// What the service needs besides the file: the client secret, and (for tests) a fixed day.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// The OpenID Connect client secret (see [`Options::from_env`]).
    pub client_secret: Option<String>,
    /// The organisation's current day, instead of the clock's (tests).
    pub today: Option<NaiveDate>,
    /// The demo: a sign-in page where anyone chooses who they are, on loopback only
    /// (`skillreg demo --serve`; see [`crate::serve_demo`]).
    pub demo: bool,
}

impl Options {
    /// Reads the client secret from the environment variable the `[oidc]` section names; no
    /// `[oidc]`, no secret.
    pub fn from_env(config: &Config) -> Result<Options, ServerError> {
        let Some(oidc) = &config.oidc else {
            return Ok(Options::default());
        };
        let var = &oidc.client_secret_env;
        match std::env::var(var) {
            Ok(v) if !v.is_empty() => Ok(Options {
                client_secret: Some(v),
                ..Options::default()
            }),
            Ok(_) => Err(ServerError::Secret {
                var: var.clone(),
                reason: "is empty",
            }),
            Err(_) => Err(ServerError::Secret {
                var: var.clone(),
                reason: "is not set",
            }),
        }
    }

    /// These options with `secret` as the client secret.
    pub fn with_client_secret(mut self, secret: impl Into<String>) -> Options {
        self.client_secret = Some(secret.into());
        self
    }

    /// These options with `day` as the organisation's current day.
    pub fn with_today(mut self, day: NaiveDate) -> Options {
        self.today = Some(day);
        self
    }
}

/// What every handler shares.
#[derive(Debug)]
pub struct AppState {
    pub(crate) pool: RegistryPool,
    pub(crate) sessions: Sessions,
    pub(crate) provider: Option<Provider>,
    /// The provider's keys, for API access tokens (with `[oidc]`).
    pub(crate) access_tokens: Option<crate::api::jwt::AccessTokens>,
    /// Refused API access tokens per client address.
    pub(crate) token_failures: crate::api::jwt::FailureLimiter,
    /// The maturity page's framework id (`maturity_framework` in the config).
    pub(crate) maturity_framework: Option<String>,
    /// Service tokens of the API verified in the last few seconds.
    pub(crate) api_tokens: crate::api::auth::TokenCache,
    /// Syncs posted to the API (`[sources]` in the config).
    pub(crate) sources: crate::config::SourcesConfig,
}

/// The web service, bound and ready to serve.
#[derive(Debug)]
pub struct App {
    listener: TcpListener,
    router: Router,
    state: Arc<AppState>,
}

impl App {
    /// Binds `config.listen` and builds the service (see [`App::with_listener`]); the demo
    /// refuses an address that is not loopback before binding it.
    pub async fn bind(config: Config, options: Options) -> Result<App, ServerError> {
        let addr = config.listen;
        if options.demo && !addr.ip().is_loopback() {
            return Err(ServerError::NotLoopback {
                addr: addr.to_string(),
            });
        }
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Listen {
                addr: addr.to_string(),
                source,
            })?;
        App::with_listener(config, options, listener).await
    }

    /// Builds the service on `listener`: starts the registry workers and, with `[oidc]`,
    /// discovers the identity provider (failing if it cannot be reached: a service that
    /// cannot sign anyone in should not look up).
    pub async fn with_listener(
        config: Config,
        options: Options,
        listener: TcpListener,
    ) -> Result<App, ServerError> {
        let pool = RegistryPool::start(&config.registry, config.registry_workers, options.today);
        let provider = match &config.oidc {
            None => None,
            Some(oidc) => {
                let secret = options.client_secret.clone().ok_or(ServerError::Secret {
                    var: oidc.client_secret_env.clone(),
                    reason: "is not set",
                })?;
                Some(Provider::discover(oidc, secret, config.redirect_uri()).await?)
            }
        };
        let access_tokens = match &provider {
            Some(p) => Some(crate::api::jwt::AccessTokens::start(p).await?),
            None => None,
        };
        let limiter = Arc::new(Limiter::new(&config.limits));
        let state = Arc::new(AppState {
            sessions: Sessions::new(config.session.idle(), config.session.absolute()),
            pool,
            provider,
            access_tokens,
            token_failures: crate::api::jwt::FailureLimiter::new(&config.limits),
            maturity_framework: config.maturity_framework.clone(),
            api_tokens: Default::default(),
            sources: config.sources.clone(),
        });
        web::warn_unknown_viewer_units(&state).await;
        if options.demo && !listener.local_addr().is_ok_and(|a| a.ip().is_loopback()) {
            return Err(ServerError::NotLoopback {
                addr: config.listen.to_string(),
            });
        }
        let router = router(Arc::clone(&state), limiter, options.demo);
        Ok(App {
            listener,
            router,
            state,
        })
    }

    /// The address the service listens on.
    pub fn local_addr(&self) -> Result<SocketAddr, ServerError> {
        self.listener
            .local_addr()
            .map_err(|source| ServerError::Listen {
                addr: "the bound socket".to_string(),
                source,
            })
    }

    /// How many sessions are live.
    pub fn n_sessions(&self) -> usize {
        self.state.sessions.count()
    }

    /// Serves until `shutdown` completes, then finishes the requests under way and returns.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let addr = self
            .listener
            .local_addr()
            .map_or_else(|_| "?".to_string(), |a| a.to_string());
        tracing::info!(
            "serving on {addr}, web pages {}",
            if self.state.provider.is_some() {
                "on"
            } else {
                "off (no [oidc])"
            }
        );
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|source| ServerError::Listen { addr, source })?;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown signal received: finishing requests under way");
}

/// Reads the configuration's secret from the environment, binds, and serves until Ctrl-C or
/// SIGTERM, on a runtime of its own (for the command line).
pub fn serve(config: Config) -> Result<(), ServerError> {
    let options = Options::from_env(&config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServerError::Listen {
            addr: config.listen.to_string(),
            source,
        })?;
    runtime.block_on(async {
        let app = App::bind(config, options).await?;
        app.run_until(shutdown_signal()).await
    })
}

/// Middleware: a span per request with a short random id, method and path (no query: it may
/// carry a sign-in code), and at `debug` its status and duration.
async fn trace_request(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use tracing::Instrument as _;
    let mut id = [0u8; 4];
    let _ = getrandom::fill(&mut id);
    let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let span = tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path());
    let started = std::time::Instant::now();
    async move {
        let response = next.run(request).await;
        tracing::debug!(
            status = response.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "answered"
        );
        response
    }
    .instrument(span)
    .await
}

fn router(state: Arc<AppState>, limiter: Arc<Limiter>, demo: bool) -> Router {
    let limited = if demo {
        crate::demo::routes()
    } else {
        Router::new()
            .route("/auth/signin", get(web::sign_in))
            .route("/auth/callback", get(web::callback))
    };
    let limited = limited
        .route("/signout", post(web::sign_out))
        .route("/lang", post(web::choose_lang))
        .route("/me/assess", post(person::assess))
        .route("/people/{no}/talk", post(manager::record_talk))
        .route("/people/{no}/refer", post(manager::refer))
        .route("/rounds", post(pages::hr::open_round))
        .route("/me/rounds/{id}", post(pages::round::answer))
        .layer(middleware::from_fn_with_state(limiter, limit));
    let mut app = Router::new()
        .merge(crate::api::routes())
        .route("/healthz", get(web::healthz))
        .route("/readyz", get(web::readyz))
        .route("/static/skillreg.css", get(web::stylesheet))
        .route(manager::SORT_JS, get(manager::sort_js));
    if state.provider.is_some() || demo {
        app = app
            .route("/", get(web::home))
            .route("/signed-out", get(web::signed_out))
            .route("/me/history", get(person::history))
            .route("/me/talks", get(person::talks))
            .route("/me/assess", get(person::assess_page))
            .route("/me/rounds", get(pages::round::list))
            .route("/me/rounds/{id}", get(pages::round::form_page))
            .route("/team", get(manager::team))
            .route("/team/due", get(manager::due))
            .route("/people/{no}/brief", get(manager::brief))
            .route("/people/{no}/talk", get(manager::talk_page))
            .route("/units/{unit}", get(pages::viewer::unit))
            .route("/progress", get(pages::viewer::progress))
            .route("/rounds", get(pages::hr::rounds))
            .route("/rounds/{id}", get(pages::hr::round_status))
            .route("/rounds/{id}/reminders.csv", get(pages::hr::reminders))
            .route(
                "/subject/{employee}/export.json",
                get(pages::hr::subject_export),
            )
            .route("/audit", get(pages::hr::audit))
            .route("/units", get(pages::aggregates::units))
            .route("/team/overview", get(pages::aggregates::team_overview))
            .route("/demand", get(pages::aggregates::demand))
            .route("/groups", get(pages::aggregates::groups))
            .route("/talks/coverage", get(pages::aggregates::talk_coverage))
            .route("/maturity", get(pages::aggregates::maturity))
            .route("/runs", get(pages::aggregates::runs))
            .merge(limited);
    }
    app = app.fallback(web::not_found);
    if demo {
        app = app.layer(middleware::from_fn(crate::demo::loopback_only));
    }
    app.with_state(state)
        .layer(middleware::from_fn(trace_request))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
}
