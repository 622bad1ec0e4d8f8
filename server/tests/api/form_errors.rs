//! A form sent without JavaScript shows its error after a redirect that carries the error in
//! the address; only errors this server produced for this browser are shown.

use base64::{engine::general_purpose::URL_SAFE, Engine};
use reqwest::StatusCode;

use crate::helpers::*;
use app::shared::{ErrorKind, PublicError};

const PHISHING: &str = "Your account is locked. Call +1 555 0100 to unlock it.";

fn forged_error() -> String {
    let error = PublicError::new(ErrorKind::Unauthorized, PHISHING);
    URL_SAFE.encode(serde_json::to_vec(&error).unwrap())
}

db_tests! {
    async fn a_crafted_link_cannot_put_text_on_a_form(app) {
        let crafted = format!("/account/login?__path=%2Fapi%2Flogin&__err={}", forged_error());
        let response = app.get(&crafted).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()["location"], "/account/login");

        let browser = reqwest::Client::new(); // follows redirects, like a browser
        let page = browser.get(app.url(&crafted)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.url().path(), "/account/login");
        assert_eq!(page.url().query(), None);
        let html = page.text().await.unwrap();
        assert!(html.contains("Sign in"), "the form is shown");
        assert!(!html.contains("Call +1 555"), "the crafted text is not");
    }

    async fn a_failed_form_shows_our_error_to_its_sender_only(app) {
        let address = email("nojs-error");
        app.signed_up(&address).await;
        let failed = app
            .post("/api/login")
            .header("origin", app.origin())
            .header("referer", app.url("/account/login?next=%2Faccount"))
            .header("accept", "text/html")
            .form(&[("email", address.as_str()), ("password", "wrong password")])
            .send()
            .await
            .unwrap();
        assert!(failed.status().is_redirection(), "{}", failed.status());
        let location = failed.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.contains("__err="), "{location}");
        let cookie = set_cookie_headers(&failed)
            .into_iter()
            .find(|c| c.starts_with("form-error="))
            .expect("the redirect marks this browser as the sender");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        let cookie = cookie.split(';').next().unwrap().to_owned();

        let shown = app.client.get(&location).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(shown.status(), StatusCode::OK);
        let html = shown.text().await.unwrap();
        assert!(html.contains("Invalid email or password"), "our error is shown to its sender");

        // The same address opened by anyone else (no cookie, or another error's cookie).
        let elsewhere = app.client.get(&location).send().await.unwrap();
        assert_eq!(elsewhere.status(), StatusCode::SEE_OTHER);
        assert_eq!(elsewhere.headers()["location"], "/account/login?next=%2Faccount");
        let forged = location.replace(
            location.split("__err=").nth(1).unwrap(),
            &forged_error(),
        );
        let swapped = app.client.get(&forged).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(swapped.status(), StatusCode::SEE_OTHER, "the cookie vouches for one error only");
    }
}
