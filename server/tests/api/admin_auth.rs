//! Admin users signing in (actor `user`): `POST /auth/user/emailpass`, the session routes
//! and token refresh for admins, closed admin registration, the same limits as customers,
//! and customers and admins kept apart — also when one browser is signed in as both.

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

pub const ADMIN_PASSWORD: &str = "admin password 1";
const LOGIN: &str = "/auth/user/emailpass";
const ME: &str = "/admin/users/me";

/// An admin made through the service `server create-admin` calls; returns its id.
pub async fn create_admin(app: &TestApp, address: &str, password: &str) -> String {
    let form = app::services::admin_users::AdminForm {
        email: address,
        password,
        first_name: Some("Ada"),
        last_name: Some("Admin"),
    };
    app::services::admin_users::create(&app.state, form)
        .await
        .expect("the admin is created")
        .id
        .to_string()
}

/// `POST /auth/user/emailpass` → the admin's token.
pub async fn admin_login(app: &TestApp, address: &str, password: &str) -> String {
    let body = json!({"email": address, "password": password});
    token_of(app.post_json(LOGIN, &body).await).await
}

/// The claims of a token (signature checked by the app's own keys).
pub fn claims(app: &TestApp, token: &str) -> app::auth::Claims {
    app.state.jwt.verify(token).expect("a valid login token")
}

pub async fn admin_me(app: &TestApp, credential: Credential<'_>) -> Response {
    credential.apply(app.get(ME)).send().await.unwrap()
}

pub async fn customer_me(app: &TestApp, credential: Credential<'_>) -> Response {
    credential
        .apply(app.get("/store/customers/me"))
        .send()
        .await
        .unwrap()
}

#[derive(Clone, Copy)]
pub enum Credential<'a> {
    Bearer(&'a str),
    Cookie(&'a str),
}

impl Credential<'_> {
    pub fn apply(self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Self::Bearer(token) => request.bearer_auth(token),
            Self::Cookie(cookie) => request.header("cookie", cookie),
        }
    }
}

async fn assert_unauthorized(response: Response) {
    assert_error(response, 401, "unauthorized", "Unauthorized").await;
}

/// `POST /auth/session` with `token`, carrying `cookie` if given → the new session cookie.
async fn session_with(app: &TestApp, token: &str, cookie: Option<&str>) -> (String, Value) {
    let mut request = app.post("/auth/session").bearer_auth(token);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let cookie = session_cookie_of(&response).expect("a session cookie");
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (cookie, body)
}

db_tests! {
    async fn an_admin_signs_in_and_reads_users_me(app) {
        let address = email("admin");
        let id = create_admin(&app, &address, ADMIN_PASSWORD).await;
        let response = app.post_json(LOGIN, &json!({"email": address, "password": ADMIN_PASSWORD})).await;
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body.as_object().unwrap().len(), 1, "exactly {{token}}: {body}");
        let token = body["token"].as_str().unwrap();
        let claims = claims(&app, token);
        assert_eq!(claims.actor_type, "user");
        assert_eq!(claims.actor_id, id);
        assert_eq!(claims.auth_provider, "emailpass");
        assert_eq!(claims.app_metadata.get("user_id"), Some(&json!(id)));

        let (status, body) = status_and_json(admin_me(&app, Credential::Bearer(token)).await).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let user = &body["user"];
        let keys: Vec<&str> = user.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["id", "email", "first_name", "last_name", "avatar_url", "metadata", "created_at", "updated_at", "deleted_at"]
        );
        assert_eq!(user["id"], id.as_str());
        assert_eq!(user["email"], address.as_str());
        assert_eq!(user["first_name"], "Ada");
        assert_eq!(user["last_name"], "Admin");
        assert_eq!(user["avatar_url"], Value::Null);
        assert_eq!(user["deleted_at"], Value::Null);
        assert_eq!(user["created_at"].as_str().unwrap().len(), "2026-11-22T16:59:44.467Z".len());

        let response = app.get(&format!("{ME}?fields=email")).bearer_auth(token).send().await.unwrap();
        let (_, body) = status_and_json(response).await;
        assert_eq!(body, json!({"user": {"email": address, "id": id}}));
    }

    async fn users_me_needs_an_admin_credential_and_checks_its_query(app) {
        assert_unauthorized(app.get(ME).send().await.unwrap()).await;
        assert_unauthorized(app.get(ME).bearer_auth("not-a-jwt").send().await.unwrap()).await;
        let address = email("admin-query");
        create_admin(&app, &address, ADMIN_PASSWORD).await;
        let token = admin_login(&app, &address, ADMIN_PASSWORD).await;
        let response = app.get(&format!("{ME}?foo=bar")).bearer_auth(&token).send().await.unwrap();
        assert_error(response, 400, "invalid_data", "Invalid request: Unrecognized fields: 'foo'").await;
    }

    async fn an_admin_token_becomes_a_session_cookie(app) {
        let address = email("admin-session");
        let id = create_admin(&app, &address, ADMIN_PASSWORD).await;
        let token = admin_login(&app, &address, ADMIN_PASSWORD).await;
        let (cookie, body) = session_with(&app, &token, None).await;
        assert_eq!(body["user"]["actor_type"], "user");
        assert_eq!(body["user"]["actor_id"], id.as_str());
        let (status, body) = status_and_json(admin_me(&app, Credential::Cookie(&cookie)).await).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["user"]["id"], id.as_str());

        let response = app.delete("/auth/session").header("cookie", &cookie).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(set_cookie_headers(&response).iter().any(|c| c.starts_with("connect.sid=;")));
        assert_unauthorized(admin_me(&app, Credential::Cookie(&cookie)).await).await;
        assert_eq!(admin_me(&app, Credential::Bearer(&token)).await.status(), StatusCode::OK, "bearer tokens stay valid");
    }

    async fn customers_are_nobody_on_admin_routes(app) {
        let address = email("customer");
        let token = app.signed_up(&address).await;
        let cookie = app.session_cookie(&token).await;
        assert_unauthorized(admin_me(&app, Credential::Bearer(&token)).await).await;
        assert_unauthorized(admin_me(&app, Credential::Cookie(&cookie)).await).await;
        // A customer's password is no admin's: there is no admin login with that email.
        let response = app.post_json(LOGIN, &json!({"email": address, "password": PASSWORD})).await;
        assert_error(response, 401, "unauthorized", "Invalid email or password").await;
        // A token claiming to be an admin but naming a customer's login is refused, even
        // signed with our key and naming a real admin.
        let admin_id = create_admin(&app, &email("real-admin"), ADMIN_PASSWORD).await;
        let mut forged = claims(&app, &token);
        forged.actor_type = "user".into();
        forged.actor_id = admin_id;
        let forged = app.state.jwt.sign(&forged);
        assert_unauthorized(admin_me(&app, Credential::Bearer(&forged)).await).await;
        let response = app.post("/auth/session").bearer_auth(&forged).send().await.unwrap();
        assert_unauthorized(response).await;
        // The same cookie is a signed-in customer where customers belong.
        assert_eq!(customer_me(&app, Credential::Cookie(&cookie)).await.status(), StatusCode::OK);
    }

    async fn admins_are_nobody_on_store_routes(app) {
        let address = email("admin-store");
        create_admin(&app, &address, ADMIN_PASSWORD).await;
        let token = admin_login(&app, &address, ADMIN_PASSWORD).await;
        let (cookie, _) = session_with(&app, &token, None).await;
        assert_unauthorized(customer_me(&app, Credential::Bearer(&token)).await).await;
        assert_unauthorized(customer_me(&app, Credential::Cookie(&cookie)).await).await;
        let response = app.get("/store/auth").header("cookie", &cookie).send().await.unwrap();
        assert_unauthorized(response).await;
    }

    async fn one_email_can_be_a_customer_and_an_admin_with_separate_passwords(app) {
        let address = email("both");
        let customer_token = app.signed_up(&address).await;
        create_admin(&app, &address.to_uppercase(), ADMIN_PASSWORD).await;

        let customer_login = |password: &'static str| {
            app.post("/auth/customer/emailpass")
                .json(&json!({"email": address, "password": password}))
                .send()
        };
        let response = customer_login(ADMIN_PASSWORD).await.unwrap();
        assert_error(response, 401, "unauthorized", "Invalid email or password").await;
        let response = app.post_json(LOGIN, &json!({"email": address, "password": PASSWORD})).await;
        assert_error(response, 401, "unauthorized", "Invalid email or password").await;

        let customer = token_of(customer_login(PASSWORD).await.unwrap()).await;
        let admin = admin_login(&app, &address, ADMIN_PASSWORD).await;
        assert_ne!(claims(&app, &customer).auth_identity_id, claims(&app, &admin).auth_identity_id, "two logins");
        assert_eq!(claims(&app, &customer).actor_id, claims(&app, &customer_token).actor_id);
        assert_eq!(customer_me(&app, Credential::Bearer(&customer)).await.status(), StatusCode::OK);
        assert_eq!(admin_me(&app, Credential::Bearer(&admin)).await.status(), StatusCode::OK);
        assert_unauthorized(customer_me(&app, Credential::Bearer(&admin)).await).await;
        assert_unauthorized(admin_me(&app, Credential::Bearer(&customer)).await).await;
    }

    async fn one_browser_is_signed_in_as_customer_and_admin_at_once(app) {
        let address = email("jar");
        let customer = app.signed_up(&address).await;
        create_admin(&app, &address, ADMIN_PASSWORD).await;
        let admin = admin_login(&app, &address, ADMIN_PASSWORD).await;

        let (first, _) = session_with(&app, &customer, None).await;
        let (both, _) = session_with(&app, &admin, Some(&first)).await;
        assert_ne!(both, first, "signing in gives the session a new id");
        assert_unauthorized(customer_me(&app, Credential::Cookie(&first)).await).await;
        let (status, body) = status_and_json(customer_me(&app, Credential::Cookie(&both)).await).await;
        assert_eq!(status, StatusCode::OK, "the customer is still signed in: {body}");
        assert_eq!(body["customer"]["email"], address.as_str());
        let (status, body) = status_and_json(admin_me(&app, Credential::Cookie(&both)).await).await;
        assert_eq!(status, StatusCode::OK, "and so is the admin: {body}");
        assert_eq!(body["user"]["email"], address.as_str());

        // Signing the customer in again keeps the admin.
        let (again, _) = session_with(&app, &customer, Some(&both)).await;
        assert_eq!(admin_me(&app, Credential::Cookie(&again)).await.status(), StatusCode::OK);
        assert_eq!(customer_me(&app, Credential::Cookie(&again)).await.status(), StatusCode::OK);

        // The customer's own sign-out (v1's, as the account pages') leaves the admin signed in.
        let response = app.delete("/store/auth").header("cookie", &again).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let admin_only = session_cookie_of(&response).expect("the session continues under a new id");
        assert_unauthorized(customer_me(&app, Credential::Cookie(&admin_only)).await).await;
        assert_eq!(admin_me(&app, Credential::Cookie(&admin_only)).await.status(), StatusCode::OK);
        assert_unauthorized(admin_me(&app, Credential::Cookie(&again)).await).await;

        // DELETE /auth/session ends the whole session, every actor in it.
        let (both, _) = session_with(&app, &customer, Some(&admin_only)).await;
        let response = app.delete("/auth/session").header("cookie", &both).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_unauthorized(customer_me(&app, Credential::Cookie(&both)).await).await;
        assert_unauthorized(admin_me(&app, Credential::Cookie(&both)).await).await;
        let response = app.delete("/auth/session").header("cookie", &both).send().await.unwrap();
        assert_unauthorized(response).await;
    }

    async fn a_session_records_both_logins_after_each_new_id(app) {
        let address = email("owners");
        let customer = app.signed_up(&address).await;
        create_admin(&app, &address, ADMIN_PASSWORD).await;
        let admin = admin_login(&app, &address, ADMIN_PASSWORD).await;
        let (first, _) = session_with(&app, &admin, None).await;
        let (both, _) = session_with(&app, &customer, Some(&first)).await;
        let session_id = both.split_once('=').unwrap().1.to_owned();
        for token in [&customer, &admin] {
            let identity = app::shared::AuthIdentityId::parse(&claims(&app, token).auth_identity_id).unwrap();
            let sessions = app::stores::session_owners::sessions_of(&app.state.db, &identity).await.unwrap();
            assert_eq!(sessions, vec![session_id.clone()], "{}", claims(&app, token).actor_type);
        }

        // The customer changes the password elsewhere: that login's other sessions end,
        // this one whole (the admin in it signs in again).
        let response = app
            .post("/store/customers/me/password")
            .bearer_auth(&customer)
            .json(&json!({"old_password": PASSWORD, "new_password": "a new password 2"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_unauthorized(customer_me(&app, Credential::Cookie(&both)).await).await;
        assert_unauthorized(admin_me(&app, Credential::Cookie(&both)).await).await;
        assert_eq!(admin_me(&app, Credential::Bearer(&admin)).await.status(), StatusCode::OK, "the admin's tokens are another login's");
    }

    async fn an_admin_token_refreshes_into_an_admin_token(app) {
        let address = email("refresh");
        let id = create_admin(&app, &address, ADMIN_PASSWORD).await;
        let admin = admin_login(&app, &address, ADMIN_PASSWORD).await;
        let refreshed = token_of(app.post("/auth/token/refresh").bearer_auth(&admin).send().await.unwrap()).await;
        let (before, after) = (claims(&app, &admin), claims(&app, &refreshed));
        assert_eq!(after.actor_type, "user");
        assert_eq!(after.actor_id, id);
        assert_eq!(after.auth_identity_id, before.auth_identity_id);
        assert_eq!(after.auth_provider, "emailpass");
        assert!(after.exp >= before.exp);

        // By cookie: a session signed in as both refreshes into the bearer's actor, and
        // without a bearer into the customer's.
        let customer = app.signed_up(&email("refresh-customer")).await;
        let (admin_cookie, _) = session_with(&app, &admin, None).await;
        let (both, _) = session_with(&app, &customer, Some(&admin_cookie)).await;
        let by_bearer = app.post("/auth/token/refresh").header("cookie", &both).bearer_auth(&admin).send().await.unwrap();
        assert_eq!(claims(&app, &token_of(by_bearer).await).actor_type, "user");
        let by_cookie = app.post("/auth/token/refresh").header("cookie", &both).send().await.unwrap();
        assert_eq!(claims(&app, &token_of(by_cookie).await).actor_type, "customer");
    }

    async fn nobody_registers_as_an_admin_over_http(app) {
        let address = email("intruder");
        let response = app
            .post_json("/auth/user/emailpass/register", &json!({"email": address, "password": ADMIN_PASSWORD}))
            .await;
        assert_error(response, 401, "unauthorized", server::api::auth::ADMIN_REGISTRATION_CLOSED).await;
        let response = app.post_json(LOGIN, &json!({"email": address, "password": ADMIN_PASSWORD})).await;
        assert_error(response, 401, "unauthorized", "Invalid email or password").await;
        // The customer's registration is unaffected by the email being tried here.
        app.register_identity(&address, PASSWORD).await;
    }

    async fn the_admin_login_answers_bad_bodies_as_medusa_does(app) {
        let response = app.post_json(LOGIN, &json!({})).await;
        assert_error(response, 401, "unauthorized", "Password should be a string").await;
        let response = app.post_json(LOGIN, &json!({"password": "x"})).await;
        assert_error(response, 401, "unauthorized", "Email should be a string").await;
        let response = app.post_json(LOGIN, &json!({"email": "nobody@example.com", "password": "whatever it is"})).await;
        assert_error(response, 401, "unauthorized", "Invalid email or password").await;
        let response = app
            .post(LOGIN)
            .header("content-type", "application/json")
            .body("{\"email\": ")
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["type"], "invalid_data");
        let response = app.post(LOGIN).header("content-type", "text/plain").body("x").send().await.unwrap();
        assert_error(response, 415, "unsupported_media_type", "Content-Type must be application/json").await;

        let (status, body) = status_and_json(app.get("/auth/user/providers").send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        let (_, customer) = status_and_json(app.get("/auth/customer/providers").send().await.unwrap()).await;
        assert_eq!(body, customer);
    }

    async fn admin_cookie_writes_must_come_from_our_own_pages(app) {
        let address = email("admin-csrf");
        create_admin(&app, &address, ADMIN_PASSWORD).await;
        let token = admin_login(&app, &address, ADMIN_PASSWORD).await;
        let (cookie, _) = session_with(&app, &token, None).await;
        for path in [ME, "/auth/session"] {
            let response = app
                .delete(path)
                .header("cookie", &cookie)
                .header("origin", "https://evil.example")
                .send()
                .await
                .unwrap();
            assert_error(response, 403, "forbidden", "Cross-site requests are not allowed for this session.").await;
        }
        assert_eq!(admin_me(&app, Credential::Cookie(&cookie)).await.status(), StatusCode::OK, "still signed in");
    }
}

const LIMITS: &[&str] = &[
    "--auth-rate-limit-per-account",
    "5/15m",
    "--auth-rate-limit-per-address",
    "50/15m",
];

db_tests! {
    with LIMITS;
    async fn the_admin_login_is_throttled_like_the_customers(app) {
        let address = email("admin-limit");
        create_admin(&app, &address, ADMIN_PASSWORD).await;
        app.signed_up(&address).await;
        let attempt = |from: &'static str, path: &'static str, password: &'static str| {
            app.client_from(from)
                .post(app.url(path))
                .json(&json!({"email": address, "password": password}))
                .send()
        };
        // 127.0.0.4 signs in to the admin login once: it becomes a known client.
        assert_eq!(attempt("127.0.0.4", LOGIN, ADMIN_PASSWORD).await.unwrap().status(), StatusCode::OK);
        for _ in 0..4 {
            let response = attempt("127.0.0.2", LOGIN, "wrong password").await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        }
        let response = attempt("127.0.0.3", LOGIN, ADMIN_PASSWORD).await.unwrap();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "the admin account's allowance is spent");
        assert!(response.headers().contains_key("retry-after"));
        // The known client still gets in with the right password, not with a wrong one.
        assert_eq!(attempt("127.0.0.4", LOGIN, ADMIN_PASSWORD).await.unwrap().status(), StatusCode::OK);
        assert_eq!(attempt("127.0.0.4", LOGIN, "wrong password").await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
        // The customer with the same email is another account, with its own allowance.
        let response = attempt("127.0.0.3", "/auth/customer/emailpass", PASSWORD).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
}
