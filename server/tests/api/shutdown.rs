//! SIGTERM: in-flight requests finish, new connections are refused, the process exits 0.

use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

use crate::{helpers::*, process::*};

backend_tests! {
    async fn sigterm_drains_in_flight_requests(backend) {
        let db = TestDb::create(backend).await;
        let port = free_port();
        let mut server = ServerProcess::start(&db.url, port).await;
        let client = ServerProcess::client_with_key(&server.development_key().await, Duration::from_secs(60));
        // Sign-ups hash a password each, two at a time: several are in flight for a while.
        let in_flight: Vec<_> = (0..24)
            .map(|i| {
                let request = client
                    .post(format!("{}/store/customers", server.address))
                    .json(
                        &json!({"email": email(&format!("drain{i}")), "password": PASSWORD,
                                  "first_name": "In", "last_name": "Flight"}),
                    );
                tokio::spawn(async move { request.send().await.map(|r| r.status()) })
            })
            .collect();
        // Time to connect; the hashing keeps most of them busy well past this.
        tokio::time::sleep(Duration::from_millis(150)).await;
        server.signal("TERM");
        tokio::time::sleep(Duration::from_millis(100)).await;
        let late = client
            .get(format!("{}/health", server.address))
            .timeout(Duration::from_secs(2))
            .send()
            .await;
        assert!(
            late.is_err(),
            "a new connection after SIGTERM is refused: {late:?}"
        );
        for request in in_flight {
            let status = request
                .await
                .unwrap()
                .expect("an in-flight request gets its answer");
            assert_eq!(status, StatusCode::OK);
        }
        let exit = server
            .wait(Duration::from_secs(25))
            .await
            .expect("the process exits");
        assert!(exit.success(), "{exit:?}");
    }
}
