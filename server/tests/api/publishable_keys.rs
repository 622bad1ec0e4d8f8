//! Publishable API keys: every `/store/*` request needs a valid one in
//! `x-publishable-api-key`, checked before anything else, unknown store paths included;
//! nothing else needs one. The requests here are raw (`app.client`), without the key the
//! helpers add, unless a test adds it.

use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::Duration;

use crate::helpers::*;
use app::services::publishable_keys::{self, Revocation};

const MISSING: &str = "Publishable API key required in the request header: x-publishable-api-key. \
                       You can manage your keys in settings in the dashboard.";
const INVALID: &str = "A valid publishable key is required to proceed with the request";
const STOREFRONT: &str = "http://localhost:8000";

/// Asserts the exact body Medusa sends, keys in its order.
async fn assert_refused(response: reqwest::Response, message: &str) {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert_eq!(
        text,
        json!({"type": "not_allowed", "message": message}).to_string()
    );
}

fn raw(app: &TestApp, method: Method, path: &str) -> reqwest::RequestBuilder {
    app.client.request(method, app.url(path))
}

/// A key of the right shape that was never issued.
fn unknown_key() -> String {
    format!("pk_{}", "0123456789abcdef".repeat(4))
}

db_tests! {
    async fn a_missing_or_empty_key_is_refused_with_medusas_message(app) {
        let token = app.signed_up(&email("nokey")).await;
        for (method, path) in [
            (Method::GET, "/store/customers/me"),
            (Method::POST, "/store/customers/me"),
            (Method::POST, "/store/customers"),
        ] {
            let response = raw(&app, method.clone(), path).bearer_auth(&token).json(&json!({})).send().await.unwrap();
            assert_refused(response, MISSING).await;
            let response = raw(&app, method, path)
                .bearer_auth(&token)
                .header(PUBLISHABLE_KEY_HEADER, "")
                .send()
                .await
                .unwrap();
            assert_refused(response, MISSING).await;
        }
    }

    async fn unknown_malformed_and_repeated_keys_are_refused(app) {
        let token = app.signed_up(&email("badkey")).await;
        let sent = |value: String| {
            raw(&app, Method::GET, "/store/customers/me")
                .bearer_auth(&token)
                .header(PUBLISHABLE_KEY_HEADER, value)
                .send()
        };
        for value in [
            unknown_key(),
            "test1".to_owned(),
            app.publishable_key.to_uppercase(),
            app.publishable_key.replace("pk_", "sk_"),
            format!("test1, {}", app.publishable_key),
        ] {
            assert_refused(sent(value).await.unwrap(), INVALID).await;
        }
        // The same header twice, even with the valid key both times (Medusa joins them).
        for second in ["test2", app.publishable_key.as_str()] {
            let response = raw(&app, Method::GET, "/store/customers/me")
                .bearer_auth(&token)
                .header(PUBLISHABLE_KEY_HEADER, &app.publishable_key)
                .header(PUBLISHABLE_KEY_HEADER, second)
                .send()
                .await
                .unwrap();
            assert_refused(response, INVALID).await;
        }
        let ok = sent(app.publishable_key.clone()).await.unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
    }

    async fn the_key_is_checked_before_credentials_and_validation(app) {
        // No credential, a bad credential, a body with unknown fields: the key speaks first.
        let response = raw(&app, Method::GET, "/store/customers/me").send().await.unwrap();
        assert_refused(response, MISSING).await;
        let response = raw(&app, Method::GET, "/store/customers/me?unknown=1")
            .bearer_auth("garbage")
            .header(PUBLISHABLE_KEY_HEADER, unknown_key())
            .send()
            .await
            .unwrap();
        assert_refused(response, INVALID).await;
        // With the key, the same request gets as far as authentication.
        let response = app.get("/store/customers/me").bearer_auth("garbage").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    async fn an_unknown_store_path_answers_404_only_to_a_valid_key(app) {
        for path in ["/store/nonexistent", "/store", "/store/customers/me/nonexistent"] {
            for method in [Method::GET, Method::POST] {
                let response = raw(&app, method.clone(), path).send().await.unwrap();
                assert_refused(response, MISSING).await;
                let response = raw(&app, method.clone(), path)
                    .header(PUBLISHABLE_KEY_HEADER, unknown_key())
                    .send()
                    .await
                    .unwrap();
                assert_refused(response, INVALID).await;
                let response = app.request(method.clone(), path).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
            }
        }
    }

    async fn auth_health_and_pages_need_no_key(app) {
        let address = email("nokeyneeded");
        let body = json!({"email": address, "password": PASSWORD});
        let response = raw(&app, Method::POST, "/auth/customer/emailpass/register").json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let response = raw(&app, Method::POST, "/auth/customer/emailpass").json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let response = raw(&app, Method::GET, "/auth/customer/providers").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let response = raw(&app, Method::GET, "/health").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let response = raw(&app, Method::GET, "/account/login").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        // Sending one where none is needed is harmless, even a bad one.
        let response = raw(&app, Method::GET, "/health").header(PUBLISHABLE_KEY_HEADER, "test1").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        // /storefront is not under /store.
        let response = raw(&app, Method::GET, "/storefront").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }

    with &["--store-cors", STOREFRONT];
    async fn preflights_need_no_key_and_refusals_are_readable_cross_origin(app) {
        let response = raw(&app, Method::OPTIONS, "/store/customers/me")
            .header("origin", STOREFRONT)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "x-publishable-api-key")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let allowed = |response: &reqwest::Response, name: &str| {
            response.headers().get(name).map(|v| v.to_str().unwrap().to_owned())
        };
        assert_eq!(allowed(&response, "access-control-allow-origin").as_deref(), Some(STOREFRONT));
        assert_eq!(
            allowed(&response, "access-control-allow-headers").as_deref(),
            Some("x-publishable-api-key")
        );
        let refused = raw(&app, Method::GET, "/store/customers/me")
            .header("origin", STOREFRONT)
            .send()
            .await
            .unwrap();
        assert_eq!(allowed(&refused, "access-control-allow-origin").as_deref(), Some(STOREFRONT));
        assert_refused(refused, MISSING).await;
    }

    with &["--publishable-key-cache-ttl", "300ms"];
    async fn a_revoked_key_is_refused_once_the_cache_expires(app) {
        let token = app.signed_up(&email("revoked")).await;
        let key = publishable_keys::create(&app.state.db, "Soon revoked").await.unwrap();
        let me = || {
            raw(&app, Method::GET, "/store/customers/me")
                .bearer_auth(&token)
                .header(PUBLISHABLE_KEY_HEADER, &key.token)
                .send()
        };
        assert_eq!(me().await.unwrap().status(), StatusCode::OK);
        let revocation = publishable_keys::revoke(&app.state.db, &key.token).await.unwrap();
        assert!(matches!(revocation, Revocation::Revoked(ref k) if k.id == key.id), "{revocation:?}");
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_refused(me().await.unwrap(), INVALID).await;
        // Other keys are untouched.
        let other = app.get("/store/customers/me").bearer_auth(&token).send().await.unwrap();
        assert_eq!(other.status(), StatusCode::OK);
    }

    async fn keys_are_created_listed_and_revoked_through_the_service(app) {
        let db = &app.state.db;
        let key = publishable_keys::create(db, "  Web shop ").await.unwrap();
        assert_eq!(key.title, "Web shop");
        assert!(key.id.as_str().starts_with("apk_"));
        assert!(publishable_keys::is_well_formed(&key.token));
        assert!(key.revoked_at.is_none());
        assert!(matches!(
            publishable_keys::create(db, " ").await,
            Err(app::error::Error::Validation(_))
        ));

        let listed = publishable_keys::list(db).await.unwrap();
        assert_eq!(listed.last(), Some(&key), "oldest first");
        assert_eq!(listed.len(), 2, "the harness's key and this one");

        let revoked = publishable_keys::revoke(db, key.id.as_str()).await.unwrap();
        let Revocation::Revoked(revoked) = revoked else { panic!("{revoked:?}") };
        assert!(revoked.revoked_at.is_some());
        let again = publishable_keys::revoke(db, &key.token).await.unwrap();
        assert!(matches!(again, Revocation::AlreadyRevoked(ref k) if k.revoked_at == revoked.revoked_at));
        assert!(matches!(
            publishable_keys::revoke(db, &unknown_key()).await,
            Err(app::error::Error::NotFound(_))
        ));
        // Revoked at once for a process that never saw it valid.
        let response = raw(&app, Method::GET, "/store/customers/me")
            .header(PUBLISHABLE_KEY_HEADER, &key.token)
            .send()
            .await
            .unwrap();
        assert_refused(response, INVALID).await;
        assert!(publishable_keys::create_first(db).await.unwrap().is_none(), "keys exist");
    }

    with &["--publishable-key-required", "false"];
    async fn switched_off_a_missing_key_passes_but_a_bad_one_does_not(app) {
        // v1 one-step sign-up without any key.
        let address = email("v1");
        let response = raw(&app, Method::POST, "/store/customers")
            .json(&json!({"email": address, "password": PASSWORD, "first_name": "V", "last_name": "One"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let response = raw(&app, Method::GET, "/store/customers/me").header(PUBLISHABLE_KEY_HEADER, "").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "past the gate");
        let response = raw(&app, Method::GET, "/store/nonexistent").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        for value in [unknown_key(), "test1".to_owned()] {
            let response = raw(&app, Method::GET, "/store/customers/me").header(PUBLISHABLE_KEY_HEADER, value).send().await.unwrap();
            assert_refused(response, INVALID).await;
        }
        let response = app.get("/store/customers/me").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "a valid key passes");
    }
}

/// The command-line tools, run as the real binary.
mod cli {
    use super::*;
    use crate::process::*;

    fn stdout(output: &std::process::Output) -> String {
        String::from_utf8(output.stdout.clone()).unwrap()
    }

    /// The ids of the keys in the database, oldest first (the list command shows tokens).
    async fn key_ids(url: &str) -> Vec<String> {
        let config = crate::helpers::config(url, &[]);
        let db = server::startup::connect_database(&config).await.unwrap();
        let ids = publishable_keys::list(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|k| k.id.to_string())
            .collect();
        db.close().await;
        ids
    }

    fn stderr(output: &std::process::Output) -> String {
        String::from_utf8_lossy(&output.stderr).into_owned()
    }

    backend_tests! {
        async fn create_list_and_revoke_from_the_command_line(backend) {
            let db = TestDb::create(backend).await;
            let created = run_command(&db.url, &["create-publishable-key", "--title", "Web shop"]);
            assert!(created.status.success(), "{}", stderr(&created));
            let printed = stdout(&created);
            let token = printed.strip_suffix('\n').expect("one line");
            assert!(publishable_keys::is_well_formed(token), "only the token on stdout: {printed:?}");
            let other = run_command(&db.url, &["create-publishable-key", "--title", "Kiosk"]);
            let other = stdout(&other).trim().to_owned();

            let listed = run_command(&db.url, &["list-publishable-keys"]);
            assert!(listed.status.success(), "{}", stderr(&listed));
            let listed = stdout(&listed);
            let lines: Vec<&str> = listed.lines().collect();
            assert_eq!(lines.len(), 3, "{listed}");
            assert_eq!(lines[0].split_whitespace().collect::<Vec<_>>(), ["TOKEN", "TITLE", "CREATED", "REVOKED"]);
            assert!(lines[1].starts_with(token) && lines[1].contains("Web shop") && lines[1].ends_with(" -"), "{listed}");
            assert!(lines[2].starts_with(&other) && lines[2].contains("Kiosk"), "{listed}");

            // A server started on it uses the keys, and makes no development key: keys exist.
            let server = ServerProcess::start(&db.url, free_port()).await;
            let me = |key: &str| {
                ServerProcess::client_with_key(key, Duration::from_secs(5))
                    .get(format!("{}/store/customers/me", server.address))
                    .send()
            };
            assert_eq!(me(token).await.unwrap().status(), StatusCode::UNAUTHORIZED, "past the gate");

            let revoked = run_command(&db.url, &["revoke-publishable-key", token]);
            assert!(revoked.status.success(), "{}", stderr(&revoked));
            assert!(stdout(&revoked).is_empty());
            assert!(stderr(&revoked).contains("revoked"), "{}", stderr(&revoked));
            // The running server trusted it for at most its cache TTL (10 s by default).
            let deadline = std::time::Instant::now() + Duration::from_secs(15);
            loop {
                let response = me(token).await.unwrap();
                if response.status() == StatusCode::BAD_REQUEST {
                    assert_refused(response, INVALID).await;
                    break;
                }
                assert!(std::time::Instant::now() < deadline, "still accepted after the TTL");
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            assert_eq!(me(&other).await.unwrap().status(), StatusCode::UNAUTHORIZED);
            assert!(server.stdout_lines().is_empty(), "{:?}", server.stdout_lines());

            let listed = stdout(&run_command(&db.url, &["list-publishable-keys"]));
            let line = listed.lines().find(|l| l.starts_with(token)).unwrap();
            assert!(!line.ends_with(" -") && line.ends_with('Z'), "revoked time shown: {listed}");

            // By id too; again is not an error; unknown is.
            let id = key_ids(&db.url).await[1].clone();
            let by_id = run_command(&db.url, &["revoke-publishable-key", &id]);
            assert!(by_id.status.success(), "{}", stderr(&by_id));
            let again = run_command(&db.url, &["revoke-publishable-key", token]);
            assert!(again.status.success());
            assert!(stderr(&again).contains("already revoked"), "{}", stderr(&again));
            let unknown = run_command(&db.url, &["revoke-publishable-key", "pk_nope"]);
            assert!(!unknown.status.success());
            assert!(stdout(&unknown).is_empty());
            assert!(
                stderr(&unknown).contains("No publishable API key has the token or id \"pk_nope\""),
                "{}",
                stderr(&unknown)
            );
            let untitled = run_command(&db.url, &["create-publishable-key", "--title", "  "]);
            assert!(!untitled.status.success());
            assert!(stdout(&untitled).is_empty());
            assert!(stderr(&untitled).contains("Title is required."), "{}", stderr(&untitled));
        }

        async fn a_development_key_is_printed_at_the_first_start_only(backend) {
            let db = TestDb::create(backend).await;
            let mut server = ServerProcess::start(&db.url, free_port()).await;
            let key = server.development_key().await;
            assert!(publishable_keys::is_well_formed(&key), "{key}");
            let response = ServerProcess::client_with_key(&key, Duration::from_secs(5))
                .get(format!("{}/store/customers/me", server.address))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "the key works");
            server.signal("TERM");
            server.wait(Duration::from_secs(25)).await.expect("it stops");
            assert_eq!(server.stdout_lines(), vec![key.clone()], "one line, the key");

            let listed = stdout(&run_command(&db.url, &["list-publishable-keys"]));
            assert!(listed.lines().nth(1).unwrap().contains("Development"), "{listed}");
            // Not again, even once the key is revoked and no valid key is left.
            assert!(run_command(&db.url, &["revoke-publishable-key", &key]).status.success());
            let mut restarted = ServerProcess::start(&db.url, free_port()).await;
            restarted.signal("TERM");
            restarted.wait(Duration::from_secs(25)).await.expect("it stops");
            assert!(restarted.stdout_lines().is_empty(), "{:?}", restarted.stdout_lines());
            assert_eq!(stdout(&run_command(&db.url, &["list-publishable-keys"])).lines().count(), 2);
        }
    }
}
