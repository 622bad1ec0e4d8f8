//! `kill -9` in the middle of a stream of writes: every write answered 2xx is there after
//! a restart.

use serde_json::json;
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use crate::{helpers::*, process::*};

backend_tests! {
    async fn acknowledged_writes_survive_kill_9(backend) {
        let db = TestDb::create(backend).await;
        let port = free_port();
        let mut server = ServerProcess::start(&db.url, port).await;
        let base = server.address.clone();
        let client = ServerProcess::client_with_key(&server.development_key().await, Duration::from_secs(5));

        let owner = email("durable");
        let token = {
            let register = |path: &str, body: serde_json::Value| {
                client.post(format!("{base}{path}")).json(&body).send()
            };
            let registration = token_of(
                register(
                    "/auth/customer/emailpass/register",
                    json!({"email": owner, "password": PASSWORD}),
                )
                .await
                .unwrap(),
            )
            .await;
            client
                .post(format!("{base}/store/customers"))
                .bearer_auth(&registration)
                .json(&json!({"email": owner}))
                .send()
                .await
                .unwrap();
            token_of(
                register(
                    "/auth/customer/emailpass",
                    json!({"email": owner, "password": PASSWORD}),
                )
                .await
                .unwrap(),
            )
            .await
        };

        let last_acked_update = Arc::new(Mutex::new(0u64));
        let acked_sign_ups = Arc::new(Mutex::new(Vec::<String>::new()));
        let updates = {
            let (client, base, token, acked) = (
                client.clone(),
                base.clone(),
                token.clone(),
                last_acked_update.clone(),
            );
            tokio::spawn(async move {
                for n in 1u64.. {
                    let sent = client
                        .post(format!("{base}/store/customers/me"))
                        .bearer_auth(&token)
                        .json(&json!({"phone": n.to_string()}))
                        .send()
                        .await;
                    match sent {
                        Ok(response) if response.status().is_success() => *acked.lock().unwrap() = n,
                        _ => break,
                    }
                }
            })
        };
        let sign_ups = {
            let (client, base, acked) = (client.clone(), base.clone(), acked_sign_ups.clone());
            tokio::spawn(async move {
                for n in 0.. {
                    let address = email(&format!("stream{n}"));
                    let sent = client.post(format!("{base}/store/customers"))
                        .json(&json!({"email": address, "password": PASSWORD, "first_name": "S", "last_name": "N"}))
                        .send().await;
                    match sent {
                        Ok(response) if response.status().is_success() => {
                            acked.lock().unwrap().push(address)
                        }
                        _ => break,
                    }
                }
            })
        };

        tokio::time::sleep(Duration::from_millis(1_500)).await;
        server.child.kill().unwrap(); // SIGKILL
        server.child.wait().unwrap();
        let _ = updates.await;
        let _ = sign_ups.await;
        let last_update = *last_acked_update.lock().unwrap();
        let sign_ups = acked_sign_ups.lock().unwrap().clone();
        assert!(
            last_update > 0 && !sign_ups.is_empty(),
            "writes were acknowledged before the kill"
        );

        let restarted = ServerProcess::start(&db.url, free_port()).await;
        let response = client
            .get(format!("{}/store/customers/me", restarted.address))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let (_, me) = status_and_json(response).await;
        let stored: u64 = me["customer"]["phone"].as_str().unwrap().parse().unwrap();
        assert!(
            stored >= last_update,
            "acknowledged phone {last_update}, found {stored}"
        );
        let mut found = 0;
        for address in &sign_ups {
            let response = client
                .post(format!("{}/auth/customer/emailpass", restarted.address))
                .json(&json!({"email": address, "password": PASSWORD}))
                .send()
                .await
                .unwrap();
            if response.status().is_success() {
                found += 1;
            }
        }
        eprintln!(
            "{backend:?}: acknowledged {last_update} profile updates (found #{stored}) and {} sign-ups (found {found})",
            sign_ups.len()
        );
        assert_eq!(found, sign_ups.len(), "every acknowledged sign-up survives");
    }
}
