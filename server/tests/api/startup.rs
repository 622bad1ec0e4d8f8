//! The server refuses to start when its configuration would be unsafe where it listens.

use std::process::Command;

use crate::process::free_port;

#[test]
fn the_development_secret_is_refused_off_loopback() {
    let dir = std::env::temp_dir().join(format!("ca_startup_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let database_url = format!("sqlite://{}/refused.db", dir.display());
    for (addr, origin) in [
        (format!("0.0.0.0:{}", free_port()), None),
        (
            format!("127.0.0.1:{}", free_port()),
            Some("https://shop.example.com"),
        ),
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
        command
            .arg("serve")
            .current_dir(&dir)
            .env_remove("JWT_SECRET")
            .env("LEPTOS_SITE_ADDR", &addr)
            .env("DATABASE_URL", &database_url)
            .env("RUST_LOG", "warn");
        if let Some(origin) = origin {
            command.env("PUBLIC_ORIGIN", origin);
        }
        let output = command.output().expect("the server binary runs");
        assert!(!output.status.success(), "{addr} {origin:?}: refused");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("JWT_SECRET is not set") && stderr.contains("openssl rand"),
            "{addr} {origin:?}: says why and how to fix it: {stderr}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
