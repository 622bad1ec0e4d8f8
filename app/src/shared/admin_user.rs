//! The admin user read model: a member of staff who signs in to the back office (Medusa's
//! `user`, actor type `user`). Field names as Medusa's wire uses them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ids::UserId, metadata::Metadata};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUser {
    pub id: UserId,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub avatar_url: Option<String>,
    pub metadata: Option<Metadata>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}
