//! The back office's customer profile form (`/app/customers/{id}`): every field is sent, an
//! emptied one is cleared, and every problem is reported on its field at once, a taken email
//! included (the JSON route reads the same change from a partial body instead).

use super::write::{is_email_taken, update};
use crate::{
    error::{Error, Result},
    shared::{
        Customer, CustomerChange, CustomerId, Email, Issue, IssueKind, Issues, Patch, Phone, Text,
    },
    state::AppState,
};

/// The raw fields of the profile form on `/app/customers/{id}`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ProfileForm<'a> {
    pub email: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub phone: &'a str,
    pub company_name: &'a str,
}

/// The change the form asks for: each field set to what was typed, or cleared when left
/// empty; metadata is not on the form and stays as it is.
pub fn change_from_form(form: ProfileForm<'_>) -> Result<CustomerChange> {
    fn field<T>(
        issues: &mut Issues,
        name: &str,
        value: &str,
        parse: fn(&str) -> Result<T, IssueKind>,
    ) -> Patch<T> {
        match value.trim() {
            "" => Patch::Clear,
            value => issues
                .check(name, parse(value))
                .map_or(Patch::Keep, Patch::Set),
        }
    }
    let mut issues = Issues::default();
    let change = CustomerChange {
        email: field(&mut issues, "email", form.email, Email::parse),
        first_name: field(&mut issues, "first_name", form.first_name, Text::name),
        last_name: field(&mut issues, "last_name", form.last_name, Text::name),
        phone: field(&mut issues, "phone", form.phone, Phone::parse),
        company_name: field(&mut issues, "company_name", form.company_name, Text::name),
        metadata: Default::default(),
    };
    if issues.is_empty() {
        Ok(change)
    } else {
        Err(Error::Validation(issues.into_vec()))
    }
}

/// Saves the form to customer `id`. An email another live customer of the same kind has is
/// a problem with the email field.
pub async fn update_from_form(
    state: &AppState,
    id: &CustomerId,
    form: ProfileForm<'_>,
) -> Result<Customer> {
    let change = change_from_form(form)?;
    let email = form.email.trim();
    update(state, id, change).await.map_err(|error| {
        if is_email_taken(&error, email) {
            Error::Validation(vec![Issue::new(
                "email",
                IssueKind::Other("Another customer already has this email.".into()),
            )])
        } else {
            error
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_reported_against_its_field() {
        let Err(Error::Validation(issues)) = change_from_form(ProfileForm {
            email: "not an email",
            phone: "call me",
            first_name: "Ada",
            ..Default::default()
        }) else {
            panic!("expected a validation error");
        };
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["email", "phone"]);
        assert_eq!(issues[0].kind, IssueKind::InvalidEmail);
    }

    #[test]
    fn typed_fields_are_set_and_empty_ones_cleared() {
        let change = change_from_form(ProfileForm {
            email: " ada@example.com ",
            first_name: "Ada",
            last_name: "",
            phone: "+44 20 7946 0000",
            company_name: "  ",
        })
        .unwrap();
        assert_eq!(
            change.email,
            Patch::Set(Email::parse("ada@example.com").unwrap())
        );
        assert_eq!(change.first_name, Patch::Set(Text::name("Ada").unwrap()));
        assert_eq!(change.last_name, Patch::Clear);
        assert_eq!(change.company_name, Patch::Clear);
        assert!(change.metadata.is_keep(), "metadata is not on the form");
    }
}
