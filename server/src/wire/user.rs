//! The admin user, as Medusa 2.x's admin API shows it (`GET /admin/users/me`).

use serde_json::{json, Value};

use super::{
    fields::{self, Selected, Shape},
    metadata, optional_timestamp, timestamp,
};
use app::shared::AdminUser;

/// Medusa's default admin user fields, in its order.
pub const ADMIN: Shape = Shape {
    defaults: &[
        "id",
        "email",
        "first_name",
        "last_name",
        "avatar_url",
        "metadata",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
    scalars: &[
        "id",
        "email",
        "first_name",
        "last_name",
        "avatar_url",
        "metadata",
        "created_at",
        "updated_at",
        "deleted_at",
    ],
    relations: &[],
};

/// The user with the keys `selection` asks for.
pub fn admin_user(user: &AdminUser, selection: &[Selected]) -> Value {
    let full = json!({
        "id": user.id,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "avatar_url": user.avatar_url,
        "metadata": metadata(user.metadata.as_ref()),
        "created_at": timestamp(&user.created_at),
        "updated_at": timestamp(&user.updated_at),
        "deleted_at": optional_timestamp(user.deleted_at.as_ref()),
    });
    let Value::Object(full) = full else {
        unreachable!("a JSON object literal")
    };
    Value::Object(fields::project(&full, selection))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::shared::UserId;

    fn user() -> AdminUser {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T16:59:44.467Z")
            .unwrap()
            .to_utc();
        AdminUser {
            id: UserId::parse("user_01M82363EKDZQQNAMPA3XGMFKF").unwrap(),
            email: "ann@example.com".into(),
            first_name: Some("Ann".into()),
            last_name: None,
            avatar_url: None,
            metadata: None,
            created_at: at,
            updated_at: at,
            deleted_at: None,
        }
    }

    #[test]
    fn shows_medusa_user_fields_in_order() {
        let defaults = fields::select(None, &ADMIN).unwrap();
        let shown = admin_user(&user(), &defaults);
        let keys: Vec<&str> = shown
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ADMIN.defaults);
        assert_eq!(shown["created_at"], "2026-11-22T16:59:44.467Z");
        assert_eq!(shown["last_name"], Value::Null);
        assert_eq!(shown["metadata"], Value::Null);
    }

    #[test]
    fn fields_pick_keys_and_keep_the_id() {
        let selection = fields::select(Some("email"), &ADMIN).unwrap();
        let shown = admin_user(&user(), &selection);
        assert_eq!(
            shown,
            json!({"email": "ann@example.com", "id": "user_01M82363EKDZQQNAMPA3XGMFKF"})
        );
    }
}
