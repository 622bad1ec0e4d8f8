//! The customer group read model (field names as Medusa's wire uses them).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{customer::Customer, ids::CustomerGroupId, metadata::Metadata};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerGroup {
    pub id: CustomerGroupId,
    pub name: String,
    pub metadata: Option<Metadata>,
    /// The admin who made the group (`user_…`).
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// The live members, oldest first; loaded only when a response shows them.
    pub customers: Vec<Customer>,
}
