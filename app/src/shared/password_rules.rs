//! What the password pages tell a customer about the rules: the shortest password accepted,
//! and how long an emailed reset link works.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordRules {
    pub min_length: usize,
    /// "15 minutes".
    pub reset_link_lifetime: String,
}

impl PasswordRules {
    /// The hint under a new-password field.
    pub fn hint(&self) -> String {
        format!(
            "At least {} characters. A long phrase is easier to remember and harder to guess.",
            self.min_length
        )
    }
}
