//! `POST /store/customers`: v2 (with a registration token) and v1 (one step, with a password).

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

db_tests! {
    async fn a_registration_token_creates_the_customer(app) {
        let address = email("two-step");
        let registration = app.register_identity(&address, PASSWORD).await;
        let response = app
            .post("/store/customers")
            .bearer_auth(&registration)
            .json(&json!({
                "email": address,
                "first_name": "John",
                "last_name": "Doe",
                "metadata": {"loyalty_level": "gold", "preferences": {"newsletter": true}}
            }))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let customer = &body["customer"];
        assert!(customer["id"].as_str().unwrap().starts_with("cus_"));
        assert_eq!(customer["email"], address.as_str());
        assert_eq!(customer["has_account"], true);
        assert_eq!(customer["addresses"], json!([]));
        assert_eq!(customer["phone"], serde_json::Value::Null);
        assert_eq!(customer["metadata"]["preferences"]["newsletter"], true);
        let keys: Vec<&str> = customer.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "id", "email", "company_name", "first_name", "last_name", "phone", "metadata",
                "has_account", "deleted_at", "created_at", "updated_at", "addresses"
            ]
        );
        // The next login carries the customer.
        let token = app.login(&address, PASSWORD).await;
        let me = app.get("/store/customers/me").bearer_auth(&token).send().await.unwrap();
        let (_, me) = status_and_json(me).await;
        assert_eq!(me["customer"]["id"], customer["id"]);
    }

    async fn a_login_token_cannot_create_a_second_customer(app) {
        let address = email("again");
        let token = app.signed_up(&address).await;
        let response = app
            .post("/store/customers")
            .bearer_auth(&token)
            .json(&json!({"email": email("other")}))
            .send()
            .await
            .unwrap();
        assert_error(response, 400, "invalid_data", "Request already authenticated as a customer.").await;
    }

    async fn reusing_the_registration_token_is_a_duplicate(app) {
        let address = email("reuse");
        let registration = app.register_identity(&address, PASSWORD).await;
        let create = || {
            app.post("/store/customers")
                .bearer_auth(&registration)
                .json(&json!({"email": address}))
                .send()
        };
        assert_eq!(create().await.unwrap().status(), StatusCode::OK);
        let response = create().await.unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status.as_u16(), 422);
        assert_eq!(
            body,
            json!({
                "code": "invalid_request_error",
                "type": "duplicate_error",
                "message": "Customer with this email already has an account"
            })
        );
    }

    async fn a_registration_token_only_creates_the_customer_it_registered(app) {
        let visitor = email("claimer");
        let victim = email("claimed");
        let registration = app.register_identity(&visitor, PASSWORD).await;
        let response = app
            .post("/store/customers")
            .bearer_auth(&registration)
            .json(&json!({"email": victim}))
            .send()
            .await
            .unwrap();
        assert_error(
            response,
            400,
            "invalid_data",
            "The email must be the one this registration token was issued for",
        )
        .await;
        // The victim can still sign up, and the visitor still can with their own address,
        // written in another case and with spaces around it.
        app.signed_up(&victim).await;
        let response = app
            .post("/store/customers")
            .bearer_auth(&registration)
            .json(&json!({"email": format!("  {}  ", visitor.to_uppercase())}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["email"], visitor.to_uppercase());
    }

    async fn creating_without_any_credential_is_unauthorized(app) {
        let response = app.post_json("/store/customers", &json!({"email": email("anon")})).await;
        assert_error(response, 401, "unauthorized", "Unauthorized").await;
    }

    async fn the_email_is_required_and_must_be_valid(app) {
        let registration = app.register_identity(&email("noemail"), PASSWORD).await;
        let response = app
            .post("/store/customers")
            .bearer_auth(&registration)
            .json(&json!({"first_name": "John"}))
            .send()
            .await
            .unwrap();
        assert_error(response, 400, "invalid_data", "Email is required to create a customer").await;
        let response = app
            .post("/store/customers")
            .bearer_auth(&registration)
            .json(&json!({"email": "nope"}))
            .send()
            .await
            .unwrap();
        assert_error(response, 400, "invalid_data", "Invalid request: Invalid email address").await;
    }

    async fn unknown_fields_and_wrong_types_are_listed(app) {
        let registration = app.register_identity(&email("strict"), PASSWORD).await;
        let response = app
            .post("/store/customers")
            .bearer_auth(&registration)
            .json(&json!({"email": email("strict2"), "first_name": 42, "nickname": "Jo"}))
            .send()
            .await
            .unwrap();
        assert_error(
            response,
            400,
            "invalid_data",
            "Invalid request: Expected type: 'string' for field 'first_name', got: '42'; Unrecognized fields: 'nickname'",
        )
        .await;
    }

    async fn a_v1_sign_up_creates_the_login_and_customer_and_signs_in(app) {
        let address = email("v1");
        let response = app.post_json("/store/customers", &json!({
                "email": address, "password": PASSWORD,
                "first_name": "Jane", "last_name": "Doe", "phone": "+1 555 0100"
            })).await;
        let cookie = session_cookie_of(&response).expect("the v1 sign-up signs in");
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["customer"]["has_account"], true);
        assert_eq!(body["customer"]["phone"], "+1 555 0100");
        assert_eq!(body["customer"]["shipping_addresses"], json!([]));
        assert_eq!(body["customer"]["billing_address"], serde_json::Value::Null);
        let me = app.get_with_cookie("/store/customers/me", &cookie).await;
        assert_eq!(me.status(), StatusCode::OK);
        // …and the password works for a v2 login.
        app.login(&address, PASSWORD).await;
    }

    async fn a_v1_sign_up_with_a_taken_email_is_a_duplicate(app) {
        let address = email("v1dup");
        app.signed_up(&address).await;
        let response = app.post_json("/store/customers", &json!({"email": address.to_uppercase(), "password": PASSWORD, "first_name": "A", "last_name": "B"})).await;
        let (status, body) = status_and_json(response).await;
        assert_eq!(status.as_u16(), 422);
        assert_eq!(body["type"], "duplicate_error");
        assert_eq!(body["message"], "A customer with the given email already has an account. Log in instead");
    }

    async fn a_v1_sign_up_reports_every_bad_field(app) {
        let response = app.post_json("/store/customers", &json!({"email": "bad", "password": "short", "first_name": ""})).await;
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let message = body["message"].as_str().unwrap();
        assert!(message.starts_with("Invalid request: Invalid email address; "), "{message}");
        assert!(message.contains("'password' too small"), "{message}");
        assert!(message.contains("Field 'first_name' is required"), "{message}");
    }
}
