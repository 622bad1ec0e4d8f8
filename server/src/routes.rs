//! THE route table: every JSON route, the pages, the static files and the fallback, and
//! the layers every request passes through.

use axum::{
    extract::{DefaultBodyLimit, Request, State},
    middleware,
    routing::{get, post},
    Router,
};
use http::{HeaderName, StatusCode, Uri};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::{sync::Arc, time::Duration};
use tower::ServiceBuilder;
use tower_http::timeout::TimeoutLayer;
use tower_http::{
    catch_panic::CatchPanicLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    sensitive_headers::SetSensitiveRequestHeadersLayer,
    trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};

use crate::{
    api,
    http::{
        cors::CorsPolicy, errors, form_errors::FormErrorCookie, middleware::SameOriginPolicy,
        publishable_key::PublishableKeyGate,
    },
};
use app::{auth::PublishableKeyCache, shell, state::AppState, stores::sessions::Sessions, App};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Settings the router needs beyond the application state.
pub struct RouterSettings {
    pub public_origin: String,
    pub cookie_secure: bool,
    pub body_limit: usize,
    pub request_timeout: Duration,
    pub cors: CorsPolicy,
    /// Whether `/store/*` requests without `x-publishable-api-key` are refused.
    pub publishable_key_required: bool,
    /// How long a publishable-key look-up is trusted.
    pub publishable_key_cache_ttl: Duration,
}

/// The session cookie is `connect.sid`, Medusa's name, and `__Host-connect.sid` over HTTPS
/// (the prefix makes the browser refuse it unless Secure, host-only and `Path=/`).
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-connect.sid"
    } else {
        "connect.sid"
    }
}

fn api_routes() -> Router<AppState> {
    use api::{admin, auth, health, store};
    Router::new()
        .route("/health", get(health::check))
        // Medusa v2 auth, customer actor.
        .route("/auth/customer/providers", get(auth::providers))
        .route("/auth/customer/emailpass", post(auth::login_customer))
        .route("/auth/customer/emailpass/register", post(auth::register))
        .route(
            "/auth/customer/emailpass/reset-password",
            post(auth::request_reset),
        )
        .route(
            "/auth/customer/emailpass/update",
            post(auth::update_password),
        )
        // Medusa v2 auth, admin user actor (admins are made by `server create-admin`).
        .route("/auth/user/providers", get(auth::providers))
        .route("/auth/user/emailpass", post(auth::login_user))
        .route("/auth/user/emailpass/register", post(auth::register_user))
        // Both actors: a session has a slot for each.
        .route(
            "/auth/session",
            post(auth::create_session).delete(auth::delete_session),
        )
        .route("/auth/token/refresh", post(auth::refresh_token))
        // Admin API (actor `user`; no publishable key).
        .route("/admin/users/me", get(admin::users::me))
        .route(
            "/admin/customer-groups",
            get(admin::customer_groups::list).post(admin::customer_groups::create),
        )
        .route(
            "/admin/customer-groups/{id}",
            get(admin::customer_groups::get)
                .post(admin::customer_groups::update)
                .delete(admin::customer_groups::delete),
        )
        // Medusa v2's `{add, remove}` and seed 004's `{customer_ids}`, told apart by the body.
        .route(
            "/admin/customer-groups/{id}/customers",
            post(admin::customer_groups::add_or_change_members)
                .delete(admin::customer_groups::remove_members),
        )
        .route(
            "/admin/customers",
            get(admin::customers::list).post(admin::customers::create),
        )
        .route(
            "/admin/customers/export.csv",
            get(admin::customers_export::export),
        )
        .route(
            "/admin/customers/{id}",
            get(admin::customers::get)
                .post(admin::customers::update)
                .delete(admin::customers::delete),
        )
        .route(
            "/admin/customers/{id}/customer-groups",
            post(admin::customers::change_groups),
        )
        .route(
            "/admin/customers/{id}/addresses",
            get(admin::customer_addresses::list).post(admin::customer_addresses::create),
        )
        .route(
            "/admin/customers/{id}/addresses/{address_id}",
            get(admin::customer_addresses::get)
                .post(admin::customer_addresses::update)
                .delete(admin::customer_addresses::delete),
        )
        .route("/admin/orders", get(admin::orders::list))
        .route("/admin/orders/{id}", get(admin::orders::get))
        // Store customers (v2; `POST /store/customers` also takes v1's one-step sign-up).
        .route("/store/customers", post(store::customers::create))
        .route(
            "/store/customers/me",
            get(store::customers::get_me).post(store::customers::update_me),
        )
        .route(
            "/store/customers/me/addresses",
            get(store::addresses::list).post(store::addresses::create),
        )
        .route(
            "/store/customers/me/addresses/{id}",
            get(store::addresses::get)
                .post(store::addresses::update)
                .delete(store::addresses::delete),
        )
        .route(
            "/store/customers/me/password",
            post(store::customers::change_password),
        )
        // The customer's orders: v2, and seed 000's (Medusa v1's) list under /me.
        .route("/store/orders", get(store::orders::list))
        .route("/store/orders/{id}", get(store::orders::get))
        .route("/store/customers/me/orders", get(store::orders::list_mine))
        // Medusa v1's store routes (seeds 001, 002); their v1 forms of the shared routes
        // above are told apart by the body (see `store::v1_customers`).
        .route(
            "/store/auth",
            post(store::v1_auth::sign_in)
                .get(store::v1_auth::current)
                .delete(store::v1_auth::sign_out),
        )
        .route("/store/auth/token", post(store::v1_auth::token))
        .route("/store/auth/{email}", get(store::v1_auth::exists))
        .route(
            "/store/customers/password-token",
            post(store::v1_customers::password_token),
        )
        .route(
            "/store/customers/password-reset",
            post(store::v1_customers::password_reset),
        )
        .route(
            "/store/customers/me/payment-methods",
            get(store::v1_customers::payment_methods),
        )
}

pub fn router(state: AppState, sessions: Sessions, settings: &RouterSettings) -> Router {
    let leptos_options = state.leptos_options.clone();
    let pages = Router::new().leptos_routes_with_context(
        &state,
        generate_route_list(App),
        {
            let state = state.clone();
            move || provide_context(state.clone())
        },
        {
            let options = leptos_options.clone();
            move || shell(options.clone())
        },
    );
    let static_files = leptos_axum::file_and_error_handler::<AppState, _>(shell);

    let cookie_name = session_cookie_name(settings.cookie_secure);
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name(cookie_name)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.cookie_secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::seconds(
                i64::try_from(state.policy.session.idle_timeout.as_secs()).unwrap_or(i64::MAX),
            ),
        ));
    let same_origin = SameOriginPolicy {
        origin: Arc::from(settings.public_origin.as_str()),
        cookie_name: Arc::from(cookie_name),
        cors: settings.cors.clone(),
    };
    let publishable_keys = PublishableKeyGate {
        db: state.db.clone(),
        cache: Arc::new(PublishableKeyCache::new(settings.publishable_key_cache_ttl)),
        required: settings.publishable_key_required,
    };

    Router::new()
        .merge(api_routes())
        .merge(pages)
        .fallback(move |uri: Uri, state: State<AppState>, request: Request| {
            let static_files = static_files.clone();
            async move {
                if errors::is_api_path(uri.path()) {
                    return errors::route_not_found(request.method(), &uri);
                }
                static_files(uri, state, request).await
            }
        })
        .method_not_allowed_fallback(|request: Request| async move {
            errors::route_not_found(request.method(), request.uri())
        })
        .layer(
            ServiceBuilder::new()
                .layer(SetSensitiveRequestHeadersLayer::new([
                    http::header::AUTHORIZATION,
                    http::header::COOKIE,
                    http::header::SET_COOKIE,
                ]))
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(request_span))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(middleware::from_fn(crate::http::middleware::uri_limit))
                .layer(middleware::from_fn_with_state(
                    settings.cors.clone(),
                    crate::http::cors::cors,
                ))
                .layer(CatchPanicLayer::custom(errors::panic_response))
                .layer(middleware::from_fn(errors::json_errors))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    settings.request_timeout,
                ))
                .layer(middleware::from_fn(
                    crate::http::middleware::security_headers,
                ))
                // Inside CORS (preflights need no key; refusals carry the CORS headers so
                // a storefront can read them), before the same-origin check, sessions and
                // routing (Medusa checks the key first, unknown store paths included).
                .layer(middleware::from_fn_with_state(
                    publishable_keys,
                    crate::http::publishable_key::require_publishable_key,
                ))
                .layer(middleware::from_fn_with_state(
                    same_origin,
                    crate::http::middleware::same_origin_writes,
                ))
                .layer(middleware::from_fn_with_state(
                    FormErrorCookie {
                        secure: settings.cookie_secure,
                    },
                    crate::http::form_errors::verify_form_errors,
                ))
                .layer(DefaultBodyLimit::max(settings.body_limit))
                .layer(session_layer),
        )
        .with_state(state)
}

/// One span per request, carrying its id; no query string (it may hold tokens) and no
/// credential headers.
fn request_span(request: &Request) -> tracing::Span {
    let request_id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        request_id,
        method = %request.method(),
        path = request.uri().path(),
    )
}
