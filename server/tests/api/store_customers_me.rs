//! `GET|POST /store/customers/me`.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;
use app::auth::JwtKeys;

async fn me(app: &TestApp, token: &str) -> Value {
    let response = app
        .get("/store/customers/me")
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["customer"].clone()
}

async fn update(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .post("/store/customers/me")
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    status_and_json(response).await
}

db_tests! {
    async fn the_signed_in_customer_sees_their_profile(app) {
        let address = email("me");
        let token = app.signed_up(&address).await;
        let customer = me(&app, &token).await;
        assert_eq!(customer["email"], address.as_str());
        assert_eq!(customer["first_name"], "John");
        assert_eq!(customer["last_name"], "Doe");
        assert_eq!(customer["has_account"], true);
        assert_eq!(customer["deleted_at"], Value::Null);
        let created = customer["created_at"].as_str().unwrap();
        assert!(created.ends_with('Z') && created.len() == 24, "{created}");
    }

    async fn nobody_signed_in_is_unauthorized(app) {
        let response = app.get("/store/customers/me").send().await.unwrap();
        assert_error(response, 401, "unauthorized", "Unauthorized").await;
        let response = app.post_json("/store/customers/me", &json!({"first_name": "x"})).await;
        assert_error(response, 401, "unauthorized", "Unauthorized").await;
    }

    async fn a_registration_token_is_not_a_login(app) {
        let registration = app.register_identity(&email("regonly"), PASSWORD).await;
        let response = app.get("/store/customers/me").bearer_auth(&registration).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    async fn expired_tampered_foreign_and_unsigned_tokens_are_refused(app) {
        let token = app.signed_up(&email("forged")).await;
        let claims = app.state.jwt.verify(&token).unwrap();

        let mut expired = claims.clone();
        expired.iat -= 7200;
        expired.exp = expired.iat + 60;
        let expired = app.state.jwt.sign(&expired);

        let foreign = JwtKeys::new(b"somebody-else's-secret-of-enough-length", std::time::Duration::from_secs(60))
            .sign(&claims);

        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        let mut other = claims.clone();
        other.actor_id = "cus_01M82363EKDZQQNAMPA3XGMFKF".into();
        parts[1] = app.state.jwt.sign(&other).split('.').nth(1).unwrap().to_owned();
        let tampered = parts.join(".");

        let unsigned = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.", token.split('.').nth(1).unwrap());
        let hs512_header = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9";
        let other_alg = format!("{hs512_header}.{}.{}", parts[1], token.split('.').nth(2).unwrap());

        let mut admin = claims.clone();
        admin.actor_type = "user".into();
        let admin = app.state.jwt.sign(&admin);

        for bad in [expired, foreign, tampered, unsigned, other_alg, admin.clone(), "not.a.jwt".into()] {
            let response = app.get("/store/customers/me").bearer_auth(&bad).send().await.unwrap();
            assert_error(response, 401, "unauthorized", "Unauthorized").await;
        }
        // Another actor type's token does not open a customer session either.
        let response = app.post("/auth/session").bearer_auth(&admin).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let response = app
            .get("/store/customers/me")
            .header("authorization", "Basic abc")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    async fn the_bearer_scheme_is_case_insensitive(app) {
        let token = app.signed_up(&email("scheme")).await;
        let response = app
            .get("/store/customers/me")
            .header("authorization", format!("bearer {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    async fn editing_the_phone_is_kept(app) {
        let token = app.signed_up(&email("phone")).await;
        let (status, body) = update(&app, &token, json!({"phone": "+44 20 7946 0000"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["phone"], "+44 20 7946 0000");
        assert_eq!(body["customer"]["first_name"], "John", "other fields unchanged");
        assert_eq!(me(&app, &token).await["phone"], "+44 20 7946 0000");
    }

    async fn the_session_cookie_can_edit_the_profile(app) {
        let token = app.signed_up(&email("cookieedit")).await;
        let cookie = app.session_cookie(&token).await;
        let response = app
            .post("/store/customers/me")
            .header("cookie", cookie)
            .json(&json!({"company_name": "Acme"}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["company_name"], "Acme");
    }

    async fn null_clears_a_field_and_empty_text_is_kept(app) {
        let token = app.signed_up(&email("clear")).await;
        let (_, body) = update(&app, &token, json!({"first_name": null, "last_name": ""})).await;
        assert_eq!(body["customer"]["first_name"], Value::Null);
        assert_eq!(body["customer"]["last_name"], "");
    }

    async fn company_is_accepted_as_company_name(app) {
        let token = app.signed_up(&email("company")).await;
        let (status, body) = update(&app, &token, json!({"company": "Acme Inc"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["company_name"], "Acme Inc");
    }

    async fn metadata_merges_and_blank_or_null_keys_are_removed(app) {
        let token = app.signed_up(&email("meta")).await;
        let (_, _) = update(&app, &token, json!({"metadata": {"foo": "bar", "bar": "bar", "baz": "baz", "n": 1}})).await;
        let (status, body) = update(
            &app,
            &token,
            json!({"metadata": {"foo": "", "bar": "bar2", "baz2": "baz2", "n": null}}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["customer"]["metadata"], json!({"bar": "bar2", "baz": "baz", "baz2": "baz2"}));
        let (_, body) = update(&app, &token, json!({"metadata": {}})).await;
        assert_eq!(body["customer"]["metadata"], json!({"bar": "bar2", "baz": "baz", "baz2": "baz2"}));
        let (_, body) = update(&app, &token, json!({"metadata": null})).await;
        assert_eq!(body["customer"]["metadata"], Value::Null);
    }

    async fn stored_metadata_is_bounded_however_many_patches_add_to_it(app) {
        let token = app.signed_up(&email("metagrow")).await;
        // Ten patches of ten new keys each fill the record to its 100-key bound.
        for batch in 0..10 {
            let patch: serde_json::Map<String, Value> =
                (0..10).map(|i| (format!("k{batch}_{i}"), json!("v"))).collect();
            let (status, body) = update(&app, &token, json!({ "metadata": patch })).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let before = me(&app, &token).await;
        assert_eq!(before["metadata"].as_object().unwrap().len(), 100);
        let (status, error) = update(&app, &token, json!({"first_name": "Grown", "metadata": {"one_more": "v"}})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(error["type"], "invalid_data");
        assert_eq!(
            error["message"],
            "Invalid request: Metadata may hold at most 100 keys and 16384 bytes in all; with this change it would hold 101 keys and 1116 bytes"
        );
        assert_eq!(me(&app, &token).await, before, "nothing was written, the name included");

        // Bytes are bounded as well as keys: two patches of 9 KiB each do not both fit.
        let (status, _) = update(&app, &token, json!({"metadata": null})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = update(&app, &token, json!({"metadata": {"a": "x".repeat(9 * 1024)}})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, error) = update(&app, &token, json!({"metadata": {"b": "x".repeat(9 * 1024)}})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert!(error["message"].as_str().unwrap().contains("16384 bytes"), "{error}");
        let (status, body) = update(&app, &token, json!({"metadata": {"a": "", "b": "x".repeat(9 * 1024)}})).await;
        assert_eq!(status, StatusCode::OK, "replacing what is there fits: {body}");
    }

    async fn an_empty_update_changes_nothing(app) {
        let token = app.signed_up(&email("empty")).await;
        let before = me(&app, &token).await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let (status, body) = update(&app, &token, json!({})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["customer"], before);
        let response = app.post("/store/customers/me").bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "an empty body is an empty update");
        let (_, body) = update(&app, &token, json!({"first_name": "John"})).await;
        assert_eq!(body["customer"]["updated_at"], before["updated_at"], "same value, no write");
        let (_, body) = update(&app, &token, json!({"first_name": "Johnny"})).await;
        assert_ne!(body["customer"]["updated_at"], before["updated_at"]);
    }

    async fn the_email_is_not_editable_here(app) {
        let token = app.signed_up(&email("noemailedit")).await;
        let (status, body) = update(&app, &token, json!({"email": "new@example.com"})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["message"], "Invalid request: Unrecognized fields: 'email'");
    }

    async fn bad_input_is_refused_and_nothing_is_changed(app) {
        let token = app.signed_up(&email("bad")).await;
        let before = me(&app, &token).await;
        let cases = [
            (json!({"first_name": 42}), "Invalid request: Expected type: 'string' for field 'first_name', got: '42'"),
            (json!({"phone": ["1"]}), "Invalid request: Expected type: 'string' for field 'phone', got: '1'"),
            (json!({"metadata": "x"}), "Invalid request: Expected type: 'record' for field 'metadata', got: 'x'"),
            (json!({"last_name": "x".repeat(256)}), "Invalid request: Value for field 'last_name' too big, expected at most: '255'"),
            (json!({"phone": "call me maybe"}), "Invalid request: Invalid phone number for field 'phone'"),
            (json!({"first_name": "a\u{0}b"}), "Invalid request: Field 'first_name' contains characters that are not allowed"),
            (json!({"first_name": "Ok", "phone": 1, "nickname": 2}), "Invalid request: Expected type: 'string' for field 'phone', got: '1'; Unrecognized fields: 'nickname'"),
            (json!([1, 2]), "Invalid request: Expected type: 'object' for field 'body', got: '1,2'"),
        ];
        for (body, message) in cases {
            let (status, error) = update(&app, &token, body.clone()).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(error["type"], "invalid_data");
            assert_eq!(error["message"], message, "{body}");
        }
        assert_eq!(me(&app, &token).await, before);
    }

    async fn fields_selects_the_keys_of_the_answer(app) {
        let token = app.signed_up(&email("fields")).await;
        let get = |query: &'static str| {
            app.get(&format!("/store/customers/me?{query}")).bearer_auth(&token).send()
        };
        let (_, body) = status_and_json(get("fields=id,email").await.unwrap()).await;
        let keys: Vec<&str> = body["customer"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "email"]);
        let (_, body) = status_and_json(get("fields=metadata").await.unwrap()).await;
        let keys: Vec<&str> = body["customer"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["metadata", "id"]);
        let (_, body) = status_and_json(get("fields=-addresses").await.unwrap()).await;
        assert!(body["customer"].get("addresses").is_none());
        assert!(body["customer"].get("email").is_some());
        let (_, body) = status_and_json(get("fields=nosuchfield").await.unwrap()).await;
        assert_eq!(body["customer"].as_object().unwrap().len(), 1);
        let response = get("foo=bar").await.unwrap();
        assert_error(response, 400, "invalid_data", "Invalid request: Unrecognized fields: 'foo'").await;
    }

    async fn passwords_and_hashes_never_appear_in_answers(app) {
        let address = email("secret");
        let registration = app.post_json("/auth/customer/emailpass/register", &json!({"email": address, "password": PASSWORD})).await
            .text()
            .await
            .unwrap();
        let token = app.signed_up(&email("secret2")).await;
        let profile = app
            .get("/store/customers/me?fields=+password,+password_hash")
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let v1 = app.post_json("/store/customers", &json!({"email": email("secret3"), "password": PASSWORD, "first_name": "A", "last_name": "B"})).await
            .text()
            .await
            .unwrap();
        for body in [registration, profile, v1] {
            assert!(!body.contains(PASSWORD), "{body}");
            assert!(!body.contains("argon2"), "{body}");
            assert!(!body.contains("password"), "{body}");
        }
    }

    async fn each_customer_sees_and_edits_only_themself(app) {
        let a = app.signed_up(&email("a")).await;
        let b = app.signed_up(&email("b")).await;
        let me_a = me(&app, &a).await;
        let me_b = me(&app, &b).await;
        assert_ne!(me_a["id"], me_b["id"]);
        let (_, after) = update(&app, &a, json!({"first_name": "Alice"})).await;
        assert_eq!(after["customer"]["id"], me_a["id"]);
        assert_eq!(me(&app, &b).await["first_name"], "John");
    }
}
