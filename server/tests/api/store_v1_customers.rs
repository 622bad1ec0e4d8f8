//! Medusa v1's customer routes (seeds 001, 002; spec §3.2, §5.10): v1's fields on
//! `POST /store/customers/me` (`billing_address`, `password`), v1's `{address: …}` form of
//! adding an address, the password reset by emailed token, and saved payment methods.

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

use crate::email_helpers::{wait_for_outbox, ReceivedEmail};
use crate::helpers::*;
use crate::store_v1_auth::{v1_sign_in, v1_signed_up};

const ME: &str = "/store/customers/me";
const ADDRESSES: &str = "/store/customers/me/addresses";
const TOKEN: &str = "/store/customers/password-token";
const RESET: &str = "/store/customers/password-reset";
const NEW_PASSWORD: &str = "a brand new passphrase";
const MAIL_WAIT: Duration = Duration::from_secs(20);

async fn post_with_cookie(app: &TestApp, path: &str, cookie: &str, body: Value) -> Response {
    app.post(path)
        .header("cookie", cookie)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn ok_json(response: Response) -> Value {
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// A v1 customer signed in with a cookie: their email and the cookie.
async fn signed_in(app: &TestApp, tag: &str) -> (String, String) {
    let address = email(tag);
    v1_signed_up(app, &address).await;
    let cookie = v1_sign_in(app, &address, PASSWORD).await.0.unwrap();
    (address, cookie)
}

fn street(city: &str) -> Value {
    json!({
        "first_name": "James", "last_name": "Bond", "address_1": "30 Wellington Sq",
        "city": city, "country_code": "GB", "postal_code": "SW3 4NR"
    })
}

/// The token in a reset email's link.
fn reset_link_token(email: &ReceivedEmail) -> String {
    let link = email
        .link_starting_with("http")
        .filter(|link| link.contains("/account/reset?token="))
        .unwrap_or_else(|| panic!("a reset link in {:?}", email.text()));
    link.split_once("token=").unwrap().1.to_owned()
}

/// Waits for the next whole second: bearer tokens issued before it are then older than a
/// password change made after it (issue times are whole seconds).
async fn next_second() {
    use std::time::{SystemTime, UNIX_EPOCH};
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let into_second = Duration::from_nanos(u64::from(since_epoch.subsec_nanos()));
    tokio::time::sleep(Duration::from_secs(1) - into_second + Duration::from_millis(20)).await;
}

db_tests! {
    async fn a_password_change_with_metadata_answers_v1_and_ends_the_old_password(app) {
        let (address, cookie) = signed_in(&app, "pw").await;
        let other_session = v1_sign_in(&app, &address, PASSWORD).await.0.unwrap();
        let old_token = app.login(&address, PASSWORD).await;
        next_second().await;
        let response =
            post_with_cookie(&app, ME, &cookie, json!({"password": NEW_PASSWORD, "metadata": {"key": "value"}})).await;
        // The caller stays signed in, under a new session id.
        let renewed = session_cookie_of(&response).expect("the caller's session is renewed");
        let body = ok_json(response).await;
        assert_eq!(body["customer"]["metadata"], json!({"key": "value"}));
        assert!(body["customer"].get("shipping_addresses").is_some(), "the v1 shape: {body}");
        assert_eq!(v1_sign_in(&app, &address, PASSWORD).await.1.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(v1_sign_in(&app, &address, NEW_PASSWORD).await.1.status(), StatusCode::OK);
        // The caller's session stays; the login's other sessions end.
        assert_eq!(app.get_with_cookie(ME, &renewed).await.status(), StatusCode::OK);
        assert_eq!(app.get_with_cookie(ME, &cookie).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.get_with_cookie(ME, &other_session).await.status(), StatusCode::UNAUTHORIZED);
        // Tokens issued before the change end too.
        let status = app.get(ME).bearer_auth(&old_token).send().await.unwrap().status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    async fn a_weak_password_or_an_email_is_refused_and_changes_nothing(app) {
        let (address, cookie) = signed_in(&app, "weak").await;
        let response = post_with_cookie(&app, ME, &cookie, json!({"password": "short", "first_name": "Changed"})).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Value for field 'password' too small, expected at least: '8'").await;
        let response = post_with_cookie(&app, ME, &cookie, json!({"password": NEW_PASSWORD, "email": "new@example.com"})).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Unrecognized fields: 'email'").await;
        let me = ok_json(app.get_with_cookie(ME, &cookie).await).await;
        assert_eq!(me["customer"]["first_name"], "James");
        assert_eq!(me["customer"]["email"], address);
        assert_eq!(v1_sign_in(&app, &address, PASSWORD).await.1.status(), StatusCode::OK);
    }

    async fn a_billing_address_object_creates_then_updates_the_default_billing_address(app) {
        let (_, cookie) = signed_in(&app, "billing").await;
        let body = ok_json(post_with_cookie(&app, ME, &cookie, json!({"billing_address": street("London")})).await).await;
        let customer = &body["customer"];
        let id = customer["billing_address_id"].clone();
        assert!(id.as_str().unwrap().starts_with("cuaddr_"), "{body}");
        assert_eq!(customer["billing_address"]["id"], id);
        assert_eq!(customer["billing_address"]["city"], "London");
        assert_eq!(customer["billing_address"]["country_code"], "gb");
        assert_eq!(customer["shipping_addresses"].as_array().unwrap().len(), 1);
        // A second object changes the same address in place.
        let body = ok_json(post_with_cookie(&app, ME, &cookie, json!({"billing_address": {"city": "Oxford"}})).await).await;
        let customer = &body["customer"];
        assert_eq!(customer["billing_address_id"], id);
        assert_eq!(customer["billing_address"]["city"], "Oxford");
        assert_eq!(customer["billing_address"]["address_1"], "30 Wellington Sq");
        assert_eq!(customer["shipping_addresses"].as_array().unwrap().len(), 1);
        // v2 sees it as the default billing address.
        let me = ok_json(app.get_with_cookie(ME, &cookie).await).await;
        assert_eq!(me["customer"]["addresses"][0]["is_default_billing"], true);
    }

    async fn a_billing_address_id_picks_an_address_and_null_unsets_it(app) {
        let (_, cookie) = signed_in(&app, "pick").await;
        let added = ok_json(post_with_cookie(&app, ADDRESSES, &cookie, json!({"address": street("Leeds")})).await).await;
        let address_id = added["customer"]["shipping_addresses"][0]["id"].clone();
        let body = ok_json(post_with_cookie(&app, ME, &cookie, json!({"billing_address": address_id})).await).await;
        assert_eq!(body["customer"]["billing_address_id"], address_id);
        assert_eq!(body["customer"]["billing_address"]["city"], "Leeds");
        let body = ok_json(post_with_cookie(&app, ME, &cookie, json!({"billing_address": null})).await).await;
        assert_eq!(body["customer"]["billing_address_id"], Value::Null);
        assert_eq!(body["customer"]["billing_address"], Value::Null);
        assert_eq!(body["customer"]["shipping_addresses"].as_array().unwrap().len(), 1, "the address stays");
    }

    async fn an_unknown_or_foreign_billing_address_id_is_404_and_changes_nothing(app) {
        let (_, cookie) = signed_in(&app, "foreign").await;
        let (_, theirs) = signed_in(&app, "owner").await;
        let added = ok_json(post_with_cookie(&app, ADDRESSES, &theirs, json!({"address": street("York")})).await).await;
        let foreign = added["customer"]["shipping_addresses"][0]["id"].as_str().unwrap().to_owned();
        for id in [foreign.as_str(), "cuaddr_01M82363EKDZQQNAMPA3XGMFKF", "addr_test"] {
            let response = post_with_cookie(&app, ME, &cookie, json!({"billing_address": id, "first_name": "Changed"})).await;
            assert_error(response, 404, "not_found", &format!("Address with id {id} was not found")).await;
        }
        let me = ok_json(app.get_with_cookie(ME, &cookie).await).await;
        assert_eq!(me["customer"]["first_name"], "James");
        let owner = ok_json(app.get_with_cookie(ME, &theirs).await).await;
        assert_eq!(owner["customer"]["addresses"][0]["is_default_billing"], false);
    }

    async fn the_v1_address_form_adds_once_and_needs_v1s_fields(app) {
        let (_, cookie) = signed_in(&app, "addr").await;
        let body = ok_json(post_with_cookie(&app, ADDRESSES, &cookie, json!({"address": street("Bath")})).await).await;
        let addresses = body["customer"]["shipping_addresses"].as_array().unwrap();
        assert_eq!(addresses.len(), 1, "{body}");
        assert_eq!(addresses[0]["country_code"], "gb");
        assert_eq!(addresses[0]["postal_code"], "SW3 4NR");
        assert!(body["customer"].get("addresses").is_none(), "the v1 shape: {body}");
        // The same address again adds nothing.
        let again = ok_json(post_with_cookie(&app, ADDRESSES, &cookie, json!({"address": street("Bath")})).await).await;
        assert_eq!(again["customer"]["shipping_addresses"].as_array().unwrap().len(), 1);
        let mut no_city = street("Bath");
        no_city.as_object_mut().unwrap().remove("city");
        let response = post_with_cookie(&app, ADDRESSES, &cookie, json!({"address": no_city})).await;
        assert_error(response, 400, "invalid_data", "Invalid request: Field 'address.city' is required").await;
        // The flat v2 body keeps working, with the v2 answer.
        let flat = ok_json(post_with_cookie(&app, ADDRESSES, &cookie, json!({"city": "Bath", "country_code": "GB"})).await).await;
        assert_eq!(flat["customer"]["addresses"].as_array().unwrap().len(), 2);
        assert!(flat["customer"].get("shipping_addresses").is_none());
    }

    async fn shared_address_routes_keep_v2s_answers(app) {
        let (_, cookie) = signed_in(&app, "shared").await;
        let body = ok_json(post_with_cookie(&app, ADDRESSES, &cookie, json!({"address": street("Hull")})).await).await;
        let id = body["customer"]["shipping_addresses"][0]["id"].as_str().unwrap().to_owned();
        let path = format!("{ADDRESSES}/{id}");
        let updated = ok_json(post_with_cookie(&app, &path, &cookie, json!({"city": "Derby"})).await).await;
        assert_eq!(updated["customer"]["addresses"][0]["city"], "Derby");
        let deleted = ok_json(app.delete(&path).header("cookie", &cookie).send().await.unwrap()).await;
        assert_eq!(deleted["object"], "address");
        assert_eq!(deleted["deleted"], true);
        let again = app.delete(&path).header("cookie", &cookie).send().await.unwrap();
        assert_error(again, 404, "not_found", &format!("Address with id: {id} was not found")).await;
    }

    async fn a_password_token_is_204_for_any_email_and_checked_in_v1_words(app) {
        let response = app.post_json(TOKEN, &json!({"email": email("nobody")})).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(response.text().await.unwrap(), "");
        let response = app.post_json(TOKEN, &json!({"email": "nope"})).await;
        assert_error(response, 400, "invalid_data", "email must be an email").await;
        let response = app.post_json(TOKEN, &json!({"identifier": "a@b.co"})).await;
        assert_error(response, 400, "invalid_data", "email must be an email, property identifier should not exist").await;
    }

    async fn a_bad_reset_token_is_401_with_v1s_exact_body(app) {
        let address = email("badtoken");
        v1_signed_up(&app, &address).await;
        for (email_sent, token) in [
            (email("nobody"), "not-a-token"),
            (address.clone(), "not-a-token"),
            (address.clone(), "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo"),
        ] {
            let response = app.post_json(RESET, &json!({"email": email_sent, "token": token, "password": NEW_PASSWORD})).await;
            let (status, body) = status_and_json(response).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            assert_eq!(body, json!({"type": "unauthorized", "message": "Invalid or expired password reset token"}));
        }
        let response = app.post_json(RESET, &json!({"email": address, "token": "x"})).await;
        assert_error(response, 400, "invalid_data", "password must be a string").await;
        assert_eq!(v1_sign_in(&app, &address, PASSWORD).await.1.status(), StatusCode::OK);
    }

    async fn the_emailed_token_resets_the_password_once_for_its_email_only(app) {
        let address = email("reset");
        let created = v1_signed_up(&app, &address).await;
        let session = v1_sign_in(&app, &address, PASSWORD).await.0.unwrap();
        let response = app.post_json(TOKEN, &json!({"email": address.to_uppercase()})).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let emails = wait_for_outbox(&app.outbox_dir, 1, MAIL_WAIT).await;
        assert_eq!(emails[0].to, address);
        let token = reset_link_token(&emails[0]);

        let other = email("other");
        v1_signed_up(&app, &other).await;
        let response = app.post_json(RESET, &json!({"email": other, "token": token, "password": NEW_PASSWORD})).await;
        assert_error(response, 401, "unauthorized", "Invalid or expired password reset token").await;
        // A password the policy refuses leaves the token usable.
        let response = app.post_json(RESET, &json!({"email": address, "token": token, "password": "short"})).await;
        assert_error(response, 400, "invalid_data", "password must be longer than or equal to 8 characters").await;

        let response = app.post_json(RESET, &json!({"email": address, "token": token, "password": NEW_PASSWORD})).await;
        assert!(session_cookie_of(&response).is_none(), "v1 does not sign in after a reset");
        let body = ok_json(response).await;
        assert_eq!(body["customer"]["id"], created["id"]);
        assert!(body["customer"].get("shipping_addresses").is_some());
        assert_eq!(v1_sign_in(&app, &address, PASSWORD).await.1.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(v1_sign_in(&app, &address, NEW_PASSWORD).await.1.status(), StatusCode::OK);
        assert_eq!(app.get_with_cookie(ME, &session).await.status(), StatusCode::UNAUTHORIZED);
        let replay = app.post_json(RESET, &json!({"email": address, "token": token, "password": "yet another passphrase"})).await;
        assert_error(replay, 401, "unauthorized", "Invalid or expired password reset token").await;
    }

    async fn payment_methods_are_an_empty_list_for_a_signed_in_customer(app) {
        let (_, cookie) = signed_in(&app, "pay").await;
        let body = ok_json(app.get_with_cookie("/store/customers/me/payment-methods", &cookie).await).await;
        assert_eq!(body, json!({"payment_methods": []}));
        let response = app.get("/store/customers/me/payment-methods").send().await.unwrap();
        assert_error(response, 401, "unauthorized", "Unauthorized").await;
    }

    async fn the_one_step_sign_up_answers_the_v1_customer(app) {
        let customer = v1_signed_up(&app, &email("onestep")).await;
        let keys: Vec<&str> = customer.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "id", "email", "first_name", "last_name", "billing_address_id", "phone",
                "has_account", "created_at", "updated_at", "deleted_at", "metadata",
                "billing_address", "shipping_addresses",
            ]
        );
        assert_eq!(customer["has_account"], true);
    }
}
