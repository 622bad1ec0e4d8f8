//! Passwords over the API: asking for a reset link (`/auth/customer/emailpass/reset-password`),
//! setting a new password with it (`…/update`), and changing it while signed in
//! (`/store/customers/me/password`). After a reset or a change, the login's old sessions and
//! bearer tokens stop working, and only the new password signs in.

use reqwest::{header, Response, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::email_helpers::{wait_for_outbox, ReceivedEmail};
use crate::helpers::*;
use app::auth::{jwt::ResetClaims, JwtKeys};

const NEW_PASSWORD: &str = "a brand new passphrase";
const RESET: &str = "/auth/customer/emailpass/reset-password";
const UPDATE: &str = "/auth/customer/emailpass/update";
const CHANGE: &str = "/store/customers/me/password";
/// The background task and the mail worker get this long to write the email.
const MAIL_WAIT: Duration = Duration::from_secs(20);

/// Bearer tokens carry their issue time in whole seconds, and a password change refuses
/// those issued in an earlier second: wait for the next one, so that tokens issued so far
/// are older than the change.
async fn next_second() {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let into_second = Duration::from_nanos(u64::from(since_epoch.subsec_nanos()));
    tokio::time::sleep(Duration::from_secs(1) - into_second + Duration::from_millis(20)).await;
}

async fn ask_for_reset(app: &TestApp, body: Value) -> Response {
    app.post_json(RESET, &body).await
}

/// Asserts Medusa's answer to a reset request: 201, text/plain, `Created`.
async fn assert_created(response: Response) {
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    assert_eq!(response.text().await.unwrap(), "Created");
}

/// The token in a reset email's link.
fn token_in(email: &ReceivedEmail) -> String {
    let link = email
        .link_starting_with("http")
        .filter(|link| link.contains("/account/reset?token="))
        .unwrap_or_else(|| panic!("a reset link in {:?}", email.text()));
    link.split_once("token=").unwrap().1.to_owned()
}

/// Asks for a reset link for `address` and returns the token of the `nth` email in the
/// outbox (1-based), following the link as a customer would.
async fn reset_token(app: &TestApp, address: &str, nth: usize) -> String {
    assert_created(ask_for_reset(app, json!({"identifier": address})).await).await;
    let emails = wait_for_outbox(&app.outbox_dir, nth, MAIL_WAIT).await;
    let email = &emails[nth - 1];
    assert_eq!(email.to, address);
    token_in(email)
}

async fn update_with_bearer(app: &TestApp, token: &str, body: Value) -> Response {
    app.post(UPDATE)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn assert_success(response: Response) {
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"success": true}));
}

async fn assert_invalid_token(response: Response) {
    assert_error(response, 401, "unauthorized", "Invalid token").await;
}

async fn login_status(app: &TestApp, address: &str, password: &str) -> StatusCode {
    app.post_json(
        "/auth/customer/emailpass",
        &json!({"email": address, "password": password}),
    )
    .await
    .status()
}

async fn me_with_bearer(app: &TestApp, token: &str) -> StatusCode {
    app.get("/store/customers/me")
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

async fn me_with_cookie(app: &TestApp, cookie: &str) -> StatusCode {
    app.get_with_cookie("/store/customers/me", cookie)
        .await
        .status()
}

async fn change_with_bearer(app: &TestApp, token: &str, body: Value) -> Response {
    app.post(CHANGE)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// The sessions the database records for the login behind `token`.
async fn owned_sessions(app: &TestApp, token: &str) -> i64 {
    let identity = app.state.jwt.verify(token).unwrap().auth_identity_id;
    let sql = "SELECT COUNT(*) FROM auth_session_owner WHERE auth_identity_id = $1";
    match &app.state.db {
        app::stores::Db::Sqlite(pool) => sqlx::query_scalar(sql)
            .bind(identity)
            .fetch_one(pool)
            .await
            .unwrap(),
        app::stores::Db::Postgres(pool) => sqlx::query_scalar(sql)
            .bind(identity)
            .fetch_one(pool)
            .await
            .unwrap(),
    }
}

db_tests! {
    async fn the_session_sweep_forgets_the_owners_of_sessions_that_are_gone(app) {
        use tower_sessions::ExpiredDeletion;
        let token = app.signed_up(&email("sweep")).await;
        let cookie = app.session_cookie(&token).await;
        let identity = app.state.jwt.verify(&token).unwrap().auth_identity_id;
        let now = app::stores::db::now();
        app::stores::session_owners::record(
            &app.state.db,
            "a-session-the-store-no-longer-has",
            &app::shared::AuthIdentityId::parse(&identity).unwrap(),
            now,
        )
        .await
        .unwrap();
        assert_eq!(owned_sessions(&app, &token).await, 2);
        app.state.sessions.delete_expired().await.unwrap();
        assert_eq!(owned_sessions(&app, &token).await, 1, "only the live session is kept");
        assert_eq!(me_with_cookie(&app, &cookie).await, StatusCode::OK);
    }

    async fn a_reset_request_answers_the_same_for_known_and_unknown_emails(app) {
        let known = email("known");
        app.signed_up(&known).await;
        let unknown = email("unknown");

        assert_created(ask_for_reset(&app, json!({"identifier": unknown})).await).await;
        assert_created(ask_for_reset(&app, json!({"identifier": known, "metadata": {"source": "test"}})).await).await;
        // Seed 000's form.
        assert_created(ask_for_reset(&app, json!({"email": unknown.to_uppercase()})).await).await;

        // Only the known email gets a message.
        let emails = wait_for_outbox(&app.outbox_dir, 1, MAIL_WAIT).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let emails_later = wait_for_outbox(&app.outbox_dir, 1, MAIL_WAIT).await;
        assert_eq!(emails.len(), 1);
        assert_eq!(emails_later.len(), 1, "no message for an unknown email");
        assert_eq!(emails[0].to, known);
    }

    async fn a_reset_request_body_is_validated(app) {
        for (body, message) in [
            (json!({}), "Invalid request: Field 'identifier' is required"),
            (json!({"identifier": 5}), "Invalid request: Expected type: 'string' for field 'identifier', got: '5'"),
            (json!({"identifier": "a@b.co", "nickname": "x"}), "Invalid request: Unrecognized fields: 'nickname'"),
            (json!({"identifier": "not-an-email"}), "Invalid request: Invalid email address"),
            (json!({"identifier": "a@b.co", "metadata": "x"}), "Invalid request: Expected type: 'record' for field 'metadata', got: 'x'"),
        ] {
            let response = ask_for_reset(&app, body.clone()).await;
            assert_error(response, 400, "invalid_data", message).await;
        }
    }

    async fn the_email_names_the_shop_and_carries_a_link_that_expires(app) {
        let address = email("content");
        app.signed_up(&address).await;
        assert_created(ask_for_reset(&app, json!({"identifier": address})).await).await;
        let email = &wait_for_outbox(&app.outbox_dir, 1, MAIL_WAIT).await[0];
        assert_eq!(email.to, address);
        assert!(email.subject.contains("password"), "{}", email.subject);
        for body in [email.text(), email.html()] {
            assert!(body.contains("/account/reset?token="), "{body}");
            assert!(body.contains("expires in 15 minutes"), "{body}");
            assert!(body.contains("If you did not ask for this"), "{body}");
        }
        let claims = app.state.jwt.verify_reset(&token_in(email)).unwrap();
        assert_eq!(claims.purpose, "reset");
        assert_eq!(claims.actor_type, "customer");
        assert_eq!(claims.provider, "emailpass");
        assert_eq!(claims.entity_id, address);
        assert_eq!(claims.exp - claims.iat, 900);
    }

    async fn a_reset_sets_the_password_once_and_ends_every_old_credential(app) {
        let address = email("reset");
        let old_token = app.signed_up(&address).await;
        let old_cookie = app.session_cookie(&old_token).await;
        let token = reset_token(&app, &address, 1).await;
        next_second().await;

        assert_success(update_with_bearer(&app, &token, json!({"password": NEW_PASSWORD})).await).await;

        // Single use: the replay (say, an attacker's) changes nothing.
        assert_invalid_token(update_with_bearer(&app, &token, json!({"password": "attacker's choice"})).await).await;
        assert_eq!(login_status(&app, &address, "attacker's choice").await, StatusCode::UNAUTHORIZED);

        assert_eq!(me_with_bearer(&app, &old_token).await, StatusCode::UNAUTHORIZED);
        assert_eq!(me_with_cookie(&app, &old_cookie).await, StatusCode::UNAUTHORIZED);
        let response = app.post("/auth/session").bearer_auth(&old_token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "a revoked token opens no session");

        assert_eq!(login_status(&app, &address, PASSWORD).await, StatusCode::UNAUTHORIZED);
        let new_token = app.login(&address, NEW_PASSWORD).await;
        assert_eq!(me_with_bearer(&app, &new_token).await, StatusCode::OK);
        let new_cookie = app.session_cookie(&new_token).await;
        assert_eq!(me_with_cookie(&app, &new_cookie).await, StatusCode::OK);
    }

    async fn the_body_form_takes_the_email_the_token_and_the_password(app) {
        let address = email("bodyform");
        app.signed_up(&address).await;
        let token = reset_token(&app, &address, 1).await;

        let wrong_email = json!({"email": email("someone-else"), "token": token, "password": NEW_PASSWORD});
        assert_invalid_token(app.post_json(UPDATE, &wrong_email).await).await;

        let body = json!({"email": address.to_uppercase(), "token": token, "password": NEW_PASSWORD});
        assert_success(app.post_json(UPDATE, &body).await).await;
        assert_eq!(login_status(&app, &address, NEW_PASSWORD).await, StatusCode::OK);
        assert_invalid_token(app.post_json(UPDATE, &body).await).await;
    }

    with &["--password-reset-ttl", "1s"];
    async fn an_expired_link_is_refused(app) {
        let address = email("expired");
        app.signed_up(&address).await;
        let token = reset_token(&app, &address, 1).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_invalid_token(update_with_bearer(&app, &token, json!({"password": NEW_PASSWORD})).await).await;
        assert_eq!(login_status(&app, &address, PASSWORD).await, StatusCode::OK);
    }

    async fn forged_foreign_and_login_tokens_are_refused(app) {
        let address = email("forged");
        let login_token = app.signed_up(&address).await;
        let token = reset_token(&app, &address, 1).await;
        let claims = app.state.jwt.verify_reset(&token).unwrap();

        let user_token = app.state.jwt.sign_reset(&ResetClaims { actor_type: "user".into(), ..claims.clone() });
        let foreign = JwtKeys::new(b"somebody-else's-secret-of-enough-length", Duration::from_secs(60))
            .sign_reset(&claims);
        let unknown_jti = app.state.jwt.sign_reset(&ResetClaims { jti: "0".repeat(32), ..claims.clone() });
        let mut tampered: Vec<String> = token.split('.').map(str::to_owned).collect();
        tampered[2] = tampered[2].chars().rev().collect();
        let tampered = tampered.join(".");

        let password = json!({"password": NEW_PASSWORD});
        for bad in [user_token, foreign, unknown_jti, tampered, login_token.clone(), "garbage".into()] {
            assert_invalid_token(update_with_bearer(&app, &bad, password.clone()).await).await;
        }
        assert_invalid_token(app.post_json(UPDATE, &password).await).await;

        // A reset token is no login either.
        assert_eq!(me_with_bearer(&app, &token).await, StatusCode::UNAUTHORIZED);
        let response = app.post("/auth/session").bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

        // None of that spent the real token.
        assert_success(update_with_bearer(&app, &token, password).await).await;
    }

    async fn a_newer_link_supersedes_an_older_one(app) {
        let address = email("superseded");
        app.signed_up(&address).await;
        let first = reset_token(&app, &address, 1).await;
        let second = reset_token(&app, &address, 2).await;
        assert_ne!(first, second);
        assert_invalid_token(update_with_bearer(&app, &first, json!({"password": NEW_PASSWORD})).await).await;
        assert_success(update_with_bearer(&app, &second, json!({"password": NEW_PASSWORD})).await).await;
    }

    async fn no_password_spends_the_token_as_medusa_does(app) {
        let address = email("nopassword");
        app.signed_up(&address).await;
        let token = reset_token(&app, &address, 1).await;
        let response = update_with_bearer(&app, &token, json!({"password": 12345678})).await;
        assert_error(response, 401, "unauthorized", "Unauthorized").await;
        assert_invalid_token(update_with_bearer(&app, &token, json!({"password": NEW_PASSWORD})).await).await;
        assert_eq!(login_status(&app, &address, PASSWORD).await, StatusCode::OK);
    }

    async fn a_password_that_fails_the_policy_keeps_the_link_usable(app) {
        let address = email("policy");
        app.signed_up(&address).await;
        let token = reset_token(&app, &address, 1).await;
        let response = update_with_bearer(&app, &token, json!({"password": "short"})).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Value for field 'password' too small, expected at least: '8'").await;
        assert_eq!(login_status(&app, &address, PASSWORD).await, StatusCode::OK);
        assert_success(update_with_bearer(&app, &token, json!({"password": NEW_PASSWORD})).await).await;
    }

    with &["--password-reset-rate-limit", "2/1h"];
    async fn reset_requests_are_limited_per_email(app) {
        let address = email("flood");
        app.signed_up(&address).await;
        for _ in 0..2 {
            assert_created(ask_for_reset(&app, json!({"identifier": address})).await).await;
        }
        let response = ask_for_reset(&app, json!({"identifier": address.to_uppercase()})).await;
        assert!(response.headers().contains_key(header::RETRY_AFTER));
        assert_error(response, 429, "too_many_requests", "Too many requests. Please try again later.").await;
        // An unknown email is limited the same way, so the limit tells nothing either.
        let unknown = email("nobody");
        for _ in 0..2 {
            assert_created(ask_for_reset(&app, json!({"identifier": unknown})).await).await;
        }
        assert_eq!(ask_for_reset(&app, json!({"identifier": unknown})).await.status(), StatusCode::TOO_MANY_REQUESTS);
        // Other emails are not affected, and signing in is not limited by resets.
        assert_created(ask_for_reset(&app, json!({"identifier": email("other")})).await).await;
        assert_eq!(login_status(&app, &address, PASSWORD).await, StatusCode::OK);
    }

    with &["--auth-rate-limit-per-account", "4/1h"];
    async fn a_reset_gives_the_account_its_sign_in_allowance_back(app) {
        let address = email("lockedout");
        app.signed_up(&address).await; // register, create, login: three attempts
        let stranger = app.client_from("127.0.0.2");
        let attempt = |password: &'static str| {
            stranger
                .post(app.url("/auth/customer/emailpass"))
                .json(&json!({"email": address, "password": password}))
                .send()
        };
        assert_eq!(attempt("wrong guess 1").await.unwrap().status(), StatusCode::UNAUTHORIZED);
        assert_eq!(attempt("wrong guess 2").await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);

        let token = reset_token(&app, &address, 1).await;
        assert_success(update_with_bearer(&app, &token, json!({"password": NEW_PASSWORD})).await).await;
        assert_eq!(attempt(NEW_PASSWORD).await.unwrap().status(), StatusCode::OK);
    }

    async fn changing_the_password_keeps_this_session_and_ends_the_others(app) {
        let address = email("change");
        let old_token = app.signed_up(&address).await;
        let this_cookie = app.session_cookie(&old_token).await;
        let other_cookie = app.session_cookie(&app.login(&address, PASSWORD).await).await;
        assert_eq!(owned_sessions(&app, &old_token).await, 2);
        next_second().await;

        let response = app
            .post(CHANGE)
            .header("cookie", &this_cookie)
            .json(&json!({"old_password": PASSWORD, "new_password": NEW_PASSWORD}))
            .send()
            .await
            .unwrap();
        // The session carries on under a new id.
        let renewed = session_cookie_of(&response).expect("the session is renewed");
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["email"], address.as_str());

        assert_eq!(me_with_cookie(&app, &renewed).await, StatusCode::OK);
        assert_eq!(me_with_cookie(&app, &other_cookie).await, StatusCode::UNAUTHORIZED);
        assert_eq!(me_with_bearer(&app, &old_token).await, StatusCode::UNAUTHORIZED);
        assert_eq!(login_status(&app, &address, PASSWORD).await, StatusCode::UNAUTHORIZED);
        assert_eq!(login_status(&app, &address, NEW_PASSWORD).await, StatusCode::OK);
        let new_token = app.login(&address, NEW_PASSWORD).await;
        assert_eq!(owned_sessions(&app, &new_token).await, 1, "only the kept session is owned");

        // Signing out forgets the session's owner too.
        let response = app.delete("/auth/session").header("cookie", &renewed).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(owned_sessions(&app, &new_token).await, 0);
    }

    async fn a_bearer_caller_changes_its_password_and_signs_in_again(app) {
        let address = email("bearerchange");
        let old_token = app.signed_up(&address).await;
        next_second().await;
        let response = change_with_bearer(&app, &old_token, json!({"old_password": PASSWORD, "new_password": NEW_PASSWORD})).await;
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["email"], address.as_str());
        assert_eq!(me_with_bearer(&app, &old_token).await, StatusCode::UNAUTHORIZED);
        let new_token = app.login(&address, NEW_PASSWORD).await;
        assert_eq!(me_with_bearer(&app, &new_token).await, StatusCode::OK);
    }

    async fn a_wrong_current_password_changes_nothing(app) {
        let address = email("wrongcurrent");
        let token = app.signed_up(&address).await;
        let cookie = app.session_cookie(&token).await;
        next_second().await;
        let response = change_with_bearer(&app, &token, json!({"old_password": "not my password", "new_password": NEW_PASSWORD})).await;
        assert_error(response, 400, "invalid_data", "The current password is incorrect").await;
        assert_eq!(me_with_bearer(&app, &token).await, StatusCode::OK);
        assert_eq!(me_with_cookie(&app, &cookie).await, StatusCode::OK);
        assert_eq!(login_status(&app, &address, NEW_PASSWORD).await, StatusCode::UNAUTHORIZED);
        assert_eq!(login_status(&app, &address, PASSWORD).await, StatusCode::OK);
    }

    with &["--auth-rate-limit-per-account", "4/1h"];
    async fn wrong_current_passwords_count_as_failed_sign_ins(app) {
        let address = email("oracle");
        let token = app.signed_up(&address).await; // three attempts
        let wrong = json!({"old_password": "guess", "new_password": NEW_PASSWORD});
        let response = change_with_bearer(&app, &token, wrong.clone()).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let response = change_with_bearer(&app, &token, wrong).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(login_status(&app, &address, NEW_PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    }

    async fn a_change_needs_a_signed_in_customer_and_a_strict_body(app) {
        let body = json!({"old_password": PASSWORD, "new_password": NEW_PASSWORD});
        assert_error(app.post_json(CHANGE, &body).await, 401, "unauthorized", "Unauthorized").await;

        let token = app.signed_up(&email("strict")).await;
        for (body, message) in [
            (json!({}), "Invalid request: Field 'old_password' is required; Field 'new_password' is required"),
            (json!({"old_password": PASSWORD, "new_password": 12345678}), "Invalid request: Expected type: 'string' for field 'new_password', got: '12345678'"),
            (json!({"old_password": PASSWORD, "new_password": NEW_PASSWORD, "email": "x@y.co"}), "Invalid request: Unrecognized fields: 'email'"),
            (json!({"old_password": PASSWORD, "new_password": "short"}), "Invalid request: Value for field 'new_password' too small, expected at least: '8'"),
        ] {
            let response = change_with_bearer(&app, &token, body).await;
            assert_error(response, 400, "invalid_data", message).await;
        }
        assert_eq!(me_with_bearer(&app, &token).await, StatusCode::OK);
    }
}

backend_tests! {
    async fn a_reset_link_delivered_over_smtp_works(backend) {
        let sink = crate::email_helpers::SmtpSink::start().await;
        let app = TestApp::spawn_with(backend, &["--smtp-url", &sink.url]).await;
        let address = email("smtp");
        let old_token = app.signed_up(&address).await;
        assert_created(ask_for_reset(&app, json!({"identifier": address})).await).await;
        let message = sink.wait_for_message(MAIL_WAIT).await;
        assert_eq!(message.to, address);
        let token = token_in(&message);
        next_second().await;
        assert_success(update_with_bearer(&app, &token, json!({"password": NEW_PASSWORD})).await).await;
        assert_eq!(me_with_bearer(&app, &old_token).await, StatusCode::UNAUTHORIZED);
        assert_eq!(login_status(&app, &address, NEW_PASSWORD).await, StatusCode::OK);
    }
}
