//! Email: queued in the database, delivered by the worker off the request path — as `.eml`
//! files, or through a real SMTP server on loopback — retried when delivery fails, and sent
//! once even when several instances share the queue.

use reqwest::StatusCode;
use std::{collections::HashSet, time::Duration};

use crate::{email_helpers::*, helpers::*, process::free_port};
use app::{
    services::mail::{self, OutgoingEmail},
    shared::EmailId,
    stores::email_outbox::{self, Status},
};

const WAIT: Duration = Duration::from_secs(15);

fn message(to: &str, tag: &str) -> OutgoingEmail {
    OutgoingEmail {
        to: to.to_owned(),
        subject: format!("Hello {tag}"),
        text: format!(
            "Hi,\n\nopen http://127.0.0.1:3000/account/reset?token={tag}-{} to go on.\n",
            "x".repeat(64)
        ),
        html: format!(
            "<p>Hi, <a href=\"http://127.0.0.1:3000/account/reset?token={tag}\">go on</a>.</p>"
        ),
    }
}

async fn status(app: &TestApp, id: &EmailId) -> Status {
    email_outbox::status(&app.state.db, id)
        .await
        .unwrap()
        .expect("the outbox keeps the message")
}

/// Waits until the message's record satisfies `done`.
async fn wait_for_status(app: &TestApp, id: &EmailId, done: impl Fn(&Status) -> bool) -> Status {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let status = status(app, id).await;
        if done(&status) {
            return status;
        }
        assert!(std::time::Instant::now() < deadline, "{status:?}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

db_tests! {
    async fn a_queued_message_lands_in_the_outbox_as_an_eml_file(app) {
        let to = email("outbox");
        let id = mail::send(&app.state, &message(&to, "first")).await.unwrap();

        let emails = wait_for_outbox(&app.outbox_dir, 1, WAIT).await;
        assert_eq!(emails.len(), 1);
        let received = &emails[0];
        assert_eq!(received.to, to);
        assert_eq!(received.subject, "Hello first");
        assert_eq!(received.from, "Customer accounts <no-reply@127.0.0.1>");
        assert_eq!(received.content_type, "multipart/alternative");
        assert!(received.text().contains("/account/reset?token=first-xxxx"), "{}", received.raw);
        assert!(received.html().contains("<a href=\"http://127.0.0.1:3000/account/reset?token=first\">"));
        assert_eq!(received.message_id, format!("<{id}@127.0.0.1>"));
        assert!(!received.date.is_empty());

        let files = outbox_files(&app.outbox_dir);
        let name = files[0].file_name().unwrap().to_str().unwrap();
        assert!(name.ends_with(&format!("Z-{id}.eml")), "{name}");
        assert_eq!(name.len(), "20260314T092653.589Z-".len() + id.as_str().len() + 4);
        let sent = status(&app, &id).await;
        assert!(sent.sent_at.is_some() && sent.failed_at.is_none(), "{sent:?}");
        assert_eq!(sent.attempts, 1);
    }

    with &["--shop-name", "Acme & Sons", "--public-origin", "http://localhost:3000"];
    async fn the_sender_is_the_configured_shop(app) {
        mail::send(&app.state, &message(&email("shop"), "shop")).await.unwrap();
        let emails = wait_for_outbox(&app.outbox_dir, 1, WAIT).await;
        assert_eq!(emails[0].from, "Acme & Sons <no-reply@localhost>");
    }

    with &["--mail-from", "Shop Support <support@shop.example.com>"];
    async fn mail_from_sets_the_sender(app) {
        mail::send(&app.state, &message(&email("from"), "from")).await.unwrap();
        let emails = wait_for_outbox(&app.outbox_dir, 1, WAIT).await;
        assert_eq!(emails[0].from, "Shop Support <support@shop.example.com>");
        assert!(emails[0].message_id.ends_with("@shop.example.com>"));
    }

    async fn a_message_queued_in_a_transaction_goes_only_if_it_commits(app) {
        let mut rolled_back = app.state.db.begin_write().await.unwrap();
        let dropped = mail::enqueue(&mut rolled_back, &message(&email("rollback"), "rollback"))
            .await
            .unwrap();
        drop(rolled_back);

        let mut tx = app.state.db.begin_write().await.unwrap();
        let kept = mail::enqueue(&mut tx, &message(&email("commit"), "commit")).await.unwrap();
        tx.commit().await.unwrap();
        app.state.mail.nudge();

        let emails = wait_for_outbox(&app.outbox_dir, 1, WAIT).await;
        assert_eq!(emails[0].subject, "Hello commit");
        assert!(email_outbox::status(&app.state.db, &dropped).await.unwrap().is_none());
        assert!(status(&app, &kept).await.sent_at.is_some());
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(outbox_files(&app.outbox_dir).len(), 1);
    }

    async fn undeliverable_addresses_are_refused_when_queued(app) {
        for to in ["not an address", "a@example.com\r\nBcc: b@example.com", ""] {
            assert!(mail::enqueue_db(&app.state.db, &message(to, "bad")).await.is_err(), "{to:?}");
        }
        let mut bad_subject = message(&email("subject"), "subject");
        bad_subject.subject = "Hi\r\nBcc: b@example.com".into();
        assert!(mail::enqueue_db(&app.state.db, &bad_subject).await.is_err());
    }
}

backend_tests! {
    async fn a_refused_smtp_connection_keeps_the_message_for_a_retry(backend) {
        // Nothing listens on this port: every connection is refused.
        let url = format!("smtp://127.0.0.1:{}", free_port());
        let app = TestApp::spawn_with(backend, &["--smtp-url", &url]).await;
        let queued_at = chrono::Utc::now();
        let started = std::time::Instant::now();
        let id = mail::send(&app.state, &message(&email("refused"), "refused")).await.unwrap();
        assert!(started.elapsed() < Duration::from_secs(2), "queueing never waits for SMTP");

        let failed = wait_for_status(&app, &id, |s| s.last_error.is_some()).await;
        assert_eq!(failed.attempts, 1);
        assert!(failed.sent_at.is_none() && failed.failed_at.is_none(), "{failed:?}");
        let error = failed.last_error.unwrap();
        assert!(error.to_lowercase().contains("refused"), "{error}");
        let retry_in = failed.next_attempt_at - queued_at;
        assert!(
            (25..=40).contains(&retry_in.num_seconds()),
            "the first retry is 30 s later: {retry_in}"
        );

        // The application answers as before, and writes no file in SMTP mode.
        let response = app.get("/health").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let signed_up = app.signed_up(&email("still-works")).await;
        assert!(!signed_up.is_empty());
        tokio::time::sleep(Duration::from_millis(300)).await;
        let again = status(&app, &id).await;
        assert_eq!(again.attempts, 1, "not retried before its time");
        assert!(outbox_files(&app.outbox_dir).is_empty());
    }

    async fn a_message_goes_through_a_real_smtp_server(backend) {
        let sink = SmtpSink::start().await;
        let app = TestApp::spawn_with(backend, &["--smtp-url", &sink.url, "--shop-name", "Sink Shop"]).await;
        let to = email("smtp");
        let id = mail::send(&app.state, &message(&to, "smtp")).await.unwrap();

        let received = sink.wait_for_message(WAIT).await;
        assert_eq!(received.envelope_to, vec![to.clone()]);
        assert_eq!(received.envelope_from.as_deref(), Some("no-reply@127.0.0.1"));
        assert_eq!(received.to, to);
        assert_eq!(received.from, "Sink Shop <no-reply@127.0.0.1>");
        assert_eq!(received.subject, "Hello smtp");
        assert_eq!(received.content_type, "multipart/alternative");
        assert_eq!(received.message_id, format!("<{id}@127.0.0.1>"));
        let link = received
            .link_starting_with("http://127.0.0.1:3000/account/reset?token=")
            .expect("the link is in the text part");
        assert_eq!(link, format!("http://127.0.0.1:3000/account/reset?token=smtp-{}", "x".repeat(64)));
        assert!(received.html().contains("href=\"http://127.0.0.1:3000/account/reset?token=smtp\""));

        let sent = wait_for_status(&app, &id, |s| s.sent_at.is_some()).await;
        assert_eq!(sent.attempts, 1);
        assert!(sent.last_error.is_none());
        assert_eq!(sink.received_count(), 1);
    }

    async fn two_instances_on_one_database_send_each_message_once(backend) {
        let db = TestDb::create(backend).await;
        let outbox = std::env::temp_dir().join(format!("ca_shared_outbox_{}", ulid::Ulid::new()));
        let outbox_arg = outbox.display().to_string();
        let extra = ["--outbox-dir", outbox_arg.as_str()];
        let first = TestApp::spawn_on(&db.url, &extra).await;
        let second = TestApp::spawn_on(&db.url, &extra).await;

        let mut ids = HashSet::new();
        for i in 0..30 {
            let to = email(&format!("shared{i}"));
            let queued_by = if i % 2 == 0 { &first } else { &second };
            ids.insert(mail::enqueue_db(&queued_by.state.db, &message(&to, "shared")).await.unwrap());
        }
        first.state.mail.nudge();
        second.state.mail.nudge();

        wait_for_outbox(&outbox, ids.len(), WAIT).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let files = outbox_files(&outbox);
        let delivered: Vec<String> = files
            .iter()
            .map(|file| {
                let name = file.file_name().unwrap().to_str().unwrap();
                name.split_once('-').unwrap().1.trim_end_matches(".eml").to_owned()
            })
            .collect();
        assert_eq!(delivered.len(), ids.len(), "each message written once: {delivered:?}");
        let delivered: HashSet<String> = delivered.into_iter().collect();
        let expected: HashSet<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(delivered, expected);
        for id in &ids {
            let sent = status(&first, id).await;
            assert!(sent.sent_at.is_some(), "{sent:?}");
            assert_eq!(sent.attempts, 1, "claimed once");
        }
        drop((first, second));
        let _ = std::fs::remove_dir_all(&outbox);
    }
}

#[tokio::test]
async fn a_bad_smtp_url_stops_start_up_without_showing_its_password() {
    let dir = std::env::temp_dir().join(format!("ca_smtp_url_{}", ulid::Ulid::new()));
    std::fs::create_dir_all(&dir).unwrap();
    let database_url = format!("sqlite://{}/x.db", dir.display());
    let config = config(
        &database_url,
        &["--smtp-url", "imap://mailer:hunter2@mail.example.com"],
    );
    let error = match server::startup::Application::build(&config).await {
        Ok(_) => panic!("an unusable SMTP_URL must stop start-up"),
        Err(error) => format!("{error:#}"),
    };
    assert!(error.contains("SMTP_URL"), "{error}");
    assert!(!error.contains("hunter2"), "{error}");
    std::fs::remove_dir_all(&dir).unwrap();
}
