//! `GET /admin/users/me`.

use axum::{extract::State, Json};
use serde_json::{json, Value};

use crate::{
    http::extract::QueryParams,
    wire::{fields, user},
};
use app::{
    auth::AdminActor,
    error::{Error, Result},
    services::admin_users,
    state::AppState,
};

/// `GET /admin/users/me` → `{user}`, the signed-in admin (bearer or cookie); `fields` as in
/// Medusa. An admin deleted since the credential was issued is a 404.
pub async fn me(
    State(state): State<AppState>,
    actor: AdminActor,
    mut query: QueryParams,
) -> Result<Json<Value>> {
    let mut issues = Vec::new();
    let raw = query.take_string("fields", &mut issues);
    query.finish(issues)?;
    let selection = fields::select(raw.as_deref(), &user::ADMIN)
        .map_err(|kind| Error::invalid_field("fields", kind))?;
    let found = admin_users::get(&state, &actor.user_id).await?;
    Ok(Json(
        json!({ "user": user::admin_user(&found, &selection) }),
    ))
}
