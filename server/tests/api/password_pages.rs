//! The password pages' server side, as a browser without JavaScript uses it: plain form
//! posts to the server functions, answered with redirects (the Playwright suite covers the
//! same stories in a browser, with and without JavaScript).

use reqwest::{header, Response, StatusCode};
use serde_json::json;
use std::time::Duration;

use crate::email_helpers::wait_for_outbox;
use crate::helpers::*;

const NEW_PASSWORD: &str = "a brand new passphrase";

/// A form post from one of our pages, as a browser without JavaScript sends it.
async fn form_post(
    app: &TestApp,
    path: &str,
    from: &str,
    cookie: &str,
    form: &[(&str, &str)],
) -> Response {
    app.post(path)
        .header("origin", app.origin())
        .header("referer", app.url(from))
        .header("accept", "text/html")
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Where a redirect sends the browser, as a path on this site.
fn location(response: &Response) -> String {
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    match location.split_once("://") {
        Some((_, rest)) => rest[rest.find('/').unwrap()..].to_owned(),
        None => location.to_owned(),
    }
}

/// The `name=value` of a cookie a response sets (with a value).
fn cookie_set(response: &Response, name: &str) -> Option<String> {
    set_cookie_headers(response)
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")) && !c.starts_with(&format!("{name}=;")))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

/// A page as a browser gets it, its text without the markers hydration puts between
/// pieces of text.
async fn page(app: &TestApp, path: &str, cookie: &str) -> String {
    let response = app
        .get(path)
        .header("accept", "text/html")
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response
        .text()
        .await
        .unwrap()
        .replace("<!---->", "")
        .replace("<!>", "")
}

/// Asks for a link on the forgot page and follows the emailed link: the reset cookie.
async fn follow_reset_link(app: &TestApp, address: &str, nth: usize) -> String {
    let sent = form_post(
        app,
        "/api/request_password_reset",
        "/account/forgot",
        "",
        &[("email", address)],
    )
    .await;
    assert!(
        location(&sent).starts_with("/account/forgot?sent="),
        "{}",
        location(&sent)
    );
    let emails = wait_for_outbox(&app.outbox_dir, nth, Duration::from_secs(20)).await;
    let link = emails[nth - 1].link_starting_with("http").unwrap();
    let path = &link[link.find("/account/reset").unwrap()..];

    let opened = app
        .get(path)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&opened),
        "/account/reset",
        "the token leaves the address"
    );
    assert_eq!(opened.headers()[header::REFERRER_POLICY], "no-referrer");
    let cookie = set_cookie_headers(&opened)
        .into_iter()
        .find(|c| c.starts_with("reset-token="))
        .expect("the token is kept in a cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Max-Age=900"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_owned()
}

db_tests! {
    async fn the_forgot_page_answers_the_same_for_any_email(app) {
        let known = email("forgot-known");
        app.signed_up(&known).await;
        for address in [known.as_str(), "nobody-here@example.com"] {
            let sent = form_post(&app, "/api/request_password_reset", "/account/forgot", "", &[("email", address)]).await;
            let to = location(&sent);
            let html = page(&app, &to, "").await;
            assert!(html.contains("If an account exists for"), "{html}");
            assert!(html.contains(address), "the address typed is repeated");
            assert!(html.contains("expires in 15 minutes"));
        }
        let invalid = form_post(&app, "/api/request_password_reset", "/account/forgot", "", &[("email", "not an email")]).await;
        assert!(location(&invalid).contains("__err="));
    }

    async fn a_reset_link_sets_a_new_password_and_signs_the_customer_in(app) {
        let address = email("resetpage");
        let old_token = app.signed_up(&address).await;
        let old_cookie = app.session_cookie(&old_token).await;
        let reset = follow_reset_link(&app, &address, 1).await;

        let html = page(&app, "/account/reset", &reset).await;
        assert!(html.contains("Choose a new password"), "{html}");
        assert!(html.contains(&address));

        // A mismatch is shown on the form, and the link still works.
        let mismatch = form_post(&app, "/api/reset_password", "/account/reset", &reset,
            &[("password", NEW_PASSWORD), ("confirm_password", "something else")]).await;
        assert!(location(&mismatch).starts_with("/account/reset?"), "{}", location(&mismatch));

        let done = form_post(&app, "/api/reset_password", "/account/reset", &reset,
            &[("password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)]).await;
        assert_eq!(location(&done), "/account?password_reset=1");
        let session = session_cookie_of(&done).expect("signed in");
        assert!(set_cookie_headers(&done).iter().any(|c| c.starts_with("reset-token=;")), "the link is forgotten");
        let html = page(&app, "/account?password_reset=1", &session).await;
        assert!(html.contains("Your password was reset"), "{html}");

        assert_eq!(app.get_with_cookie("/store/customers/me", &session).await.status(), StatusCode::OK);
        assert_eq!(app.get_with_cookie("/store/customers/me", &old_cookie).await.status(), StatusCode::UNAUTHORIZED);
        assert!(!app.login(&address, NEW_PASSWORD).await.is_empty());

        // The same link again: a clear page, not an error.
        let html = page(&app, "/account/reset", &reset).await;
        assert!(html.contains("This link has expired or was already used"), "{html}");
        assert!(html.contains("/account/forgot"));
    }

    async fn a_forged_or_missing_link_gets_the_clear_page(app) {
        for cookie in ["", "reset-token=not.a.token", "reset-token=eyJhbGciOiJIUzI1NiJ9.e30.x"] {
            let html = page(&app, "/account/reset", cookie).await;
            assert!(html.contains("This link has expired or was already used"), "{cookie}");
        }
        let refused = form_post(&app, "/api/reset_password", "/account/reset", "reset-token=not.a.token",
            &[("password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)]).await;
        assert!(location(&refused).contains("__err="));
    }

    async fn the_password_page_changes_the_password_and_keeps_this_session(app) {
        let address = email("changepage");
        let token = app.signed_up(&address).await;
        let this = app.session_cookie(&token).await;
        let other = app.session_cookie(&app.login(&address, PASSWORD).await).await;
        let html = page(&app, "/account/password", &this).await;
        assert!(html.contains("Change your password") && html.contains("aria-current=\"page\""), "{html}");

        let wrong = form_post(&app, "/api/change_password", "/account/password", &this,
            &[("old_password", "not it"), ("new_password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)]).await;
        let back = location(&wrong);
        let error_cookie = cookie_set(&wrong, "form-error").unwrap();
        let html = page(&app, &back, &format!("{this}; {error_cookie}")).await;
        assert!(html.contains("The current password is incorrect"), "{html}");
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(!app.login(&address, PASSWORD).await.is_empty(), "nothing changed");

        let done = form_post(&app, "/api/change_password", "/account/password", &this,
            &[("old_password", PASSWORD), ("new_password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)]).await;
        assert_eq!(location(&done), "/account/password?changed=1");
        let renewed = session_cookie_of(&done).expect("this session carries on under a new id");
        let html = page(&app, "/account/password?changed=1", &renewed).await;
        assert!(html.contains("Your password was changed"), "{html}");
        assert_eq!(app.get_with_cookie("/store/customers/me", &other).await.status(), StatusCode::UNAUTHORIZED);
        let status = app
            .post_json("/auth/customer/emailpass", &json!({"email": address, "password": PASSWORD}))
            .await
            .status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}
