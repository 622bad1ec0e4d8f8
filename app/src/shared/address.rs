//! The validated inputs that create or change an address, and the rules each field follows.
//! Medusa stores any string in any field; we refuse only what is garbage (control
//! characters, over-long values, a phone number without digits).

use super::{
    metadata::{Metadata, MetadataChange},
    patch::Patch,
    phone::Phone,
    text::Text,
    validation::IssueKind,
};

/// The longest value any text field of an address may hold, in characters.
pub const TEXT_MAX: usize = 255;

/// The most addresses one customer may keep.
pub const MAX_PER_CUSTOMER: usize = 100;

/// A text field of an address, as sent.
pub fn text(input: &str) -> Result<Text, IssueKind> {
    Text::parse(input, TEXT_MAX)
}

/// A country code, trimmed but otherwise as sent (Medusa keeps `"DE"` or `"deu"`).
pub fn country_code(input: &str) -> Result<Text, IssueKind> {
    Text::parse(input.trim(), TEXT_MAX)
}

pub fn phone(input: &str) -> Result<Phone, IssueKind> {
    Phone::parse(input)
}

/// A new address: absent fields are `None`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewAddress {
    pub address_name: Option<Text>,
    pub company: Option<Text>,
    pub first_name: Option<Text>,
    pub last_name: Option<Text>,
    pub address_1: Option<Text>,
    pub address_2: Option<Text>,
    pub city: Option<Text>,
    pub country_code: Option<Text>,
    pub province: Option<Text>,
    pub postal_code: Option<Text>,
    pub phone: Option<Phone>,
    /// Stored verbatim, as Medusa stores it on create.
    pub metadata: Option<Metadata>,
    pub is_default_shipping: bool,
    pub is_default_billing: bool,
}

impl NewAddress {
    /// The change that makes an existing address exactly this one (its metadata kept):
    /// what an edit form, which sends every field, means.
    pub fn into_replacement(self) -> AddressChange {
        fn replace<T>(value: Option<T>) -> Patch<T> {
            value.map_or(Patch::Clear, Patch::Set)
        }
        AddressChange {
            address_name: replace(self.address_name),
            company: replace(self.company),
            first_name: replace(self.first_name),
            last_name: replace(self.last_name),
            address_1: replace(self.address_1),
            address_2: replace(self.address_2),
            city: replace(self.city),
            country_code: replace(self.country_code),
            province: replace(self.province),
            postal_code: replace(self.postal_code),
            phone: replace(self.phone),
            metadata: MetadataChange::Keep,
            is_default_shipping: Some(self.is_default_shipping),
            is_default_billing: Some(self.is_default_billing),
        }
    }
}

/// A partial update: only the fields it names change; metadata merges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AddressChange {
    pub address_name: Patch<Text>,
    pub company: Patch<Text>,
    pub first_name: Patch<Text>,
    pub last_name: Patch<Text>,
    pub address_1: Patch<Text>,
    pub address_2: Patch<Text>,
    pub city: Patch<Text>,
    pub country_code: Patch<Text>,
    pub province: Patch<Text>,
    pub postal_code: Patch<Text>,
    pub phone: Patch<Phone>,
    pub metadata: MetadataChange,
    pub is_default_shipping: Option<bool>,
    pub is_default_billing: Option<bool>,
}

impl AddressChange {
    /// Only the default flag: what "make default shipping/billing" sends.
    pub fn make_default(shipping: bool) -> Self {
        if shipping {
            Self {
                is_default_shipping: Some(true),
                ..Self::default()
            }
        } else {
            Self {
                is_default_billing: Some(true),
                ..Self::default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_trimmed_only() {
        assert_eq!(country_code(" DE ").unwrap().as_str(), "DE");
        assert_eq!(country_code("deu").unwrap().as_str(), "deu");
    }

    #[test]
    fn over_long_text_is_refused() {
        assert_eq!(
            text(&"a".repeat(TEXT_MAX + 1)),
            Err(IssueKind::TooLong { max: TEXT_MAX })
        );
        assert!(text(&"a".repeat(TEXT_MAX)).is_ok());
    }

    #[test]
    fn a_replacement_clears_what_the_form_left_empty() {
        let change = NewAddress {
            city: Some(text("Oslo").unwrap()),
            is_default_billing: true,
            ..Default::default()
        }
        .into_replacement();
        assert_eq!(change.city, Patch::Set(text("Oslo").unwrap()));
        assert_eq!(change.address_1, Patch::Clear);
        assert_eq!(change.metadata, MetadataChange::Keep);
        assert_eq!(change.is_default_shipping, Some(false));
        assert_eq!(change.is_default_billing, Some(true));
    }
}
