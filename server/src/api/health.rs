//! `GET /health`: is this instance able to serve (is its database answering)?

use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};
use serde_json::json;

use app::state::AppState;

pub async fn check(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": "ok"})),
        ),
        Err(error) => {
            tracing::warn!(%error, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "database": "unreachable"})),
            )
        }
    }
}
