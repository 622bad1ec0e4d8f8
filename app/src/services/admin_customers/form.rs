//! The back office's new-customer form (`/app/customers/new`): the API's guest customer,
//! with the email required — a customer made by hand is looked up by it — and every problem
//! reported on its field, a taken email included.

use super::write::{create, is_guest_email_taken};
use crate::{
    error::{Error, Result},
    shared::{Customer, Email, Issue, IssueKind, Issues, NewCustomer, Phone, Text, UserId},
    state::AppState,
};

/// The form's fields, as typed.
pub struct NewCustomerForm<'a> {
    pub email: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub phone: &'a str,
    pub company_name: &'a str,
}

/// The form as a new guest customer; a blank optional field is left out.
pub fn new_customer_from_form(form: &NewCustomerForm<'_>) -> Result<NewCustomer> {
    fn optional<T>(
        issues: &mut Issues,
        name: &str,
        value: &str,
        parse: fn(&str) -> Result<T, IssueKind>,
    ) -> Option<T> {
        match value.trim() {
            "" => None,
            value => issues.check(name, parse(value)),
        }
    }
    let mut issues = Issues::default();
    let email = match form.email.trim() {
        "" => {
            issues.check::<()>("email", Err(IssueKind::Required));
            None
        }
        email => issues.check("email", Email::parse(email)),
    };
    let input = NewCustomer {
        email,
        first_name: optional(&mut issues, "first_name", form.first_name, Text::name),
        last_name: optional(&mut issues, "last_name", form.last_name, Text::name),
        phone: optional(&mut issues, "phone", form.phone, Phone::parse),
        company_name: optional(&mut issues, "company_name", form.company_name, Text::name),
        metadata: None,
    };
    if issues.is_empty() {
        Ok(input)
    } else {
        Err(Error::Validation(issues.into_vec()))
    }
}

/// Creates the guest customer the form describes, on behalf of `admin`. An email a live
/// guest already has is a problem with the email field.
pub async fn create_from_form(
    state: &AppState,
    admin: &UserId,
    form: &NewCustomerForm<'_>,
) -> Result<Customer> {
    let input = new_customer_from_form(form)?;
    let email = input
        .email
        .as_ref()
        .map(|email| email.as_str().to_owned())
        .unwrap_or_default();
    create(state, admin, input).await.map_err(|error| {
        if is_guest_email_taken(&error, &email) {
            Error::Validation(vec![Issue::new(
                "email",
                IssueKind::Other("A guest customer with this email already exists.".into()),
            )])
        } else {
            error
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(email: &'a str, phone: &'a str) -> NewCustomerForm<'a> {
        NewCustomerForm {
            email,
            first_name: " Ada ",
            last_name: "",
            phone,
            company_name: "",
        }
    }

    #[test]
    fn the_email_is_required_and_blank_fields_are_left_out() {
        let input = new_customer_from_form(&form("ada@example.com", "")).unwrap();
        assert_eq!(input.email.unwrap().as_str(), "ada@example.com");
        assert_eq!(input.first_name.unwrap().as_str(), "Ada");
        assert_eq!(input.last_name, None);
        assert_eq!(input.phone, None);
        let Err(Error::Validation(issues)) = new_customer_from_form(&form(" ", "not a phone"))
        else {
            panic!("a blank email and a bad phone are refused");
        };
        let fields: Vec<&str> = issues.iter().map(|issue| issue.field.as_str()).collect();
        assert_eq!(fields, ["email", "phone"]);
        assert_eq!(issues[0].kind, IssueKind::Required);
    }
}
