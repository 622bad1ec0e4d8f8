//! `server create-admin`, run as the real binary: the admin it makes can sign in; a taken
//! email, a weak password or a malformed email is refused with exit code 1, a reason, and
//! no change. `server set-admin-password`: the new password signs in, the old one and the
//! admin's tokens stop working.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    admin_auth::{admin_login, admin_me, Credential, ADMIN_PASSWORD},
    helpers::*,
    process::run_command,
};

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn create_admin(
    url: &str,
    address: &str,
    password: &str,
    first_name: &str,
) -> std::process::Output {
    run_command(
        url,
        &[
            "create-admin",
            "--email",
            address,
            "--password",
            password,
            "--first-name",
            first_name,
            "--last-name",
            "Lovelace",
        ],
    )
}

fn set_admin_password(url: &str, address: &str, password: &str) -> std::process::Output {
    run_command(
        url,
        &[
            "set-admin-password",
            "--email",
            address,
            "--password",
            password,
        ],
    )
}

/// Whether the login works: 200 or 401.
async fn login_status(app: &TestApp, address: &str, password: &str) -> StatusCode {
    app.post_json(
        "/auth/user/emailpass",
        &json!({"email": address, "password": password}),
    )
    .await
    .status()
}

backend_tests! {
    async fn create_admin_makes_an_admin_who_can_sign_in(backend) {
        let db = TestDb::create(backend).await;
        let address = email("cli-admin");
        let output = create_admin(&db.url, &address, ADMIN_PASSWORD, "Ada");
        assert!(output.status.success(), "{}", stderr(&output));
        let printed = stdout(&output);
        let id = printed.strip_suffix('\n').expect("one line");
        assert!(app::shared::UserId::parse(id).is_some(), "the id alone on stdout: {printed:?}");

        let app = TestApp::spawn_on(&db.url, &[]).await;
        let token = admin_login(&app, &address, ADMIN_PASSWORD).await;
        let (status, body) = status_and_json(admin_me(&app, Credential::Bearer(&token)).await).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["user"]["id"], id);
        assert_eq!(body["user"]["email"], address.as_str());
        assert_eq!(body["user"]["first_name"], "Ada");
        assert_eq!(body["user"]["last_name"], "Lovelace");
    }

    async fn create_admin_twice_with_one_email_is_refused_and_changes_nothing(backend) {
        let db = TestDb::create(backend).await;
        let address = email("cli-twice");
        let first = create_admin(&db.url, &address, ADMIN_PASSWORD, "Ada");
        assert!(first.status.success(), "{}", stderr(&first));
        let first_id = stdout(&first).trim().to_owned();

        let again = create_admin(&db.url, &address.to_uppercase(), "another password 2", "Eve");
        assert_eq!(again.status.code(), Some(1));
        assert!(stdout(&again).is_empty(), "{}", stdout(&again));
        assert!(
            stderr(&again).contains(&format!("An admin user with the email {} already exists.", address.to_uppercase())),
            "{}",
            stderr(&again)
        );

        let app = TestApp::spawn_on(&db.url, &[]).await;
        assert_eq!(login_status(&app, &address, "another password 2").await, StatusCode::UNAUTHORIZED);
        assert_eq!(login_status(&app, &address, ADMIN_PASSWORD).await, StatusCode::OK);
        let token = admin_login(&app, &address, ADMIN_PASSWORD).await;
        let (_, body) = status_and_json(admin_me(&app, Credential::Bearer(&token)).await).await;
        assert_eq!(body["user"]["id"], first_id.as_str());
        assert_eq!(body["user"]["first_name"], "Ada", "the first admin is unchanged");
    }

    async fn create_admin_refuses_a_weak_password_or_a_bad_email(backend) {
        let db = TestDb::create(backend).await;
        let address = email("cli-weak");
        let weak = create_admin(&db.url, &address, "short", "Ada");
        assert_eq!(weak.status.code(), Some(1));
        assert!(stdout(&weak).is_empty());
        assert!(stderr(&weak).contains("Password must be at least 8 characters."), "{}", stderr(&weak));

        let bad = create_admin(&db.url, "not-an-email", ADMIN_PASSWORD, "Ada");
        assert_eq!(bad.status.code(), Some(1));
        assert!(stderr(&bad).contains("Enter a valid email address"), "{}", stderr(&bad));

        // Nothing was made: the email is free, and the weak password signs nobody in.
        let app = TestApp::spawn_on(&db.url, &[]).await;
        assert_eq!(login_status(&app, &address, "short").await, StatusCode::UNAUTHORIZED);
        drop(app);
        let fixed = create_admin(&db.url, &address, ADMIN_PASSWORD, "Ada");
        assert!(fixed.status.success(), "{}", stderr(&fixed));
    }

    async fn create_admin_with_a_customer_s_email_leaves_the_customer_alone(backend) {
        let db = TestDb::create(backend).await;
        let address = email("cli-customer");
        {
            let app = TestApp::spawn_on(&db.url, &[]).await;
            app.signed_up(&address).await;
        }
        let output = create_admin(&db.url, &address, ADMIN_PASSWORD, "Ada");
        assert!(output.status.success(), "{}", stderr(&output));
        let app = TestApp::spawn_on(&db.url, &[]).await;
        app.login(&address, PASSWORD).await;
        assert_eq!(login_status(&app, &address, PASSWORD).await, StatusCode::UNAUTHORIZED, "the customer's password is not the admin's");
        assert_eq!(login_status(&app, &address, ADMIN_PASSWORD).await, StatusCode::OK);
    }

    async fn set_admin_password_replaces_the_password_and_ends_the_admin_s_tokens(backend) {
        let db = TestDb::create(backend).await;
        let address = email("cli-forgot");
        let created = create_admin(&db.url, &address, ADMIN_PASSWORD, "Ada");
        assert!(created.status.success(), "{}", stderr(&created));
        let app = TestApp::spawn_on(&db.url, &[]).await;
        app.signed_up(&address).await;
        let token = admin_login(&app, &address, ADMIN_PASSWORD).await;
        // Tokens are compared in whole seconds: one from the second of the change still works.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

        let output = set_admin_password(&db.url, &address.to_uppercase(), "a brand new password");
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(login_status(&app, &address, ADMIN_PASSWORD).await, StatusCode::UNAUTHORIZED);
        assert_eq!(login_status(&app, &address, "a brand new password").await, StatusCode::OK);
        let response = admin_me(&app, Credential::Bearer(&token)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "the old token ended");
        app.login(&address, PASSWORD).await;

        // A weak password or an email no admin has: exit 1, a reason, nothing changes.
        let weak = set_admin_password(&db.url, &address, "short");
        assert_eq!(weak.status.code(), Some(1));
        assert!(stderr(&weak).contains("Password must be at least 8 characters."), "{}", stderr(&weak));
        let unknown = set_admin_password(&db.url, "nobody@example.com", "a brand new password");
        assert_eq!(unknown.status.code(), Some(1));
        assert!(stderr(&unknown).contains("No admin user has the email nobody@example.com."), "{}", stderr(&unknown));
        assert_eq!(login_status(&app, &address, "a brand new password").await, StatusCode::OK);
    }
}
