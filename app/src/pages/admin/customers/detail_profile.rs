//! The customer page's profile form (email, names, phone, company: inline field errors, the
//! values kept as typed after a failed save) and its read-only facts: account, dates, who
//! created it, and its metadata.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::{
    components::{ErrorSummary, FormField},
    server_fns::admin::AdminUpdateCustomer,
    shared::{Customer, PublicError},
};

#[component]
pub fn ProfileSection(
    customer: Customer,
    update: ServerAction<AdminUpdateCustomer>,
) -> impl IntoView {
    let error: Signal<Option<PublicError>> =
        Signal::derive(move || update.value().get().and_then(Result::err));
    // After a failed save the fields hold what was sent (without JavaScript the values come
    // back with the error), else what is stored.
    let sent = error.get_untracked().filter(|e| !e.submitted.is_empty());
    let value = move |field: &str, stored: &Option<String>| match &sent {
        Some(sent) => sent.submitted_value(field).unwrap_or_default().to_owned(),
        None => stored.clone().unwrap_or_default(),
    };
    view! {
        <section class="card bo-profile" aria-labelledby="profile-heading">
            <h2 id="profile-heading">"Profile"</h2>
            <ActionForm action=update attr:class="stack" attr:novalidate=true attr:aria-labelledby="profile-heading">
                <ErrorSummary error=error/>
                <input type="hidden" name="id" value=customer.id.to_string()/>
                <FormField label="Email" name="email" kind="email" autocomplete="off" value=value("email", &customer.email) error=error/>
                <div class="row">
                    <FormField label="First name" name="first_name" autocomplete="off" value=value("first_name", &customer.first_name) error=error/>
                    <FormField label="Last name" name="last_name" autocomplete="off" value=value("last_name", &customer.last_name) error=error/>
                </div>
                <FormField label="Phone" name="phone" kind="tel" autocomplete="off" value=value("phone", &customer.phone) error=error/>
                <FormField label="Company" name="company_name" autocomplete="off" value=value("company_name", &customer.company_name) error=error/>
                <div class="button-row">
                    <button type="submit" class="button" disabled=move || update.pending().get()>
                        {move || if update.pending().get() { "Saving…" } else { "Save profile" }}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

/// "2026-12-02 14:05 UTC": year first, like the back office's dates, and in UTC, the same
/// on the server and in the browser, so hydration finds the text it expects.
pub fn moment_label(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[component]
fn Moment(at: DateTime<Utc>) -> impl IntoView {
    view! { <time datetime=at.to_rfc3339()>{moment_label(&at)}</time> }
}

/// Who created the customer: the customer itself by signing up, or an admin (named by
/// email while that admin exists).
fn created_by_label(customer: &Customer, admin_email: Option<String>) -> String {
    match (&customer.created_by, admin_email) {
        (_, Some(email)) => format!("Admin {email}"),
        (Some(id), None) => format!("Admin {id}"),
        (None, None) if customer.has_account => "The customer, by signing up".to_owned(),
        (None, None) => "Not recorded".to_owned(),
    }
}

/// A metadata value as text: strings bare, anything else as JSON.
fn metadata_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[component]
pub fn FactsSection(customer: Customer, created_by_email: Option<String>) -> impl IntoView {
    let account = if customer.has_account {
        "Registered (has an account)"
    } else {
        "Guest (no account)"
    };
    let created_by = created_by_label(&customer, created_by_email);
    // By key, so that the server and the browser list them alike.
    let mut entries: Vec<(String, String)> = customer
        .metadata
        .as_ref()
        .map(|metadata| {
            metadata
                .as_map()
                .iter()
                .map(|(key, value)| (key.clone(), metadata_text(value)))
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    view! {
        <section class="card bo-facts" aria-labelledby="facts-heading">
            <h2 id="facts-heading">"Details"</h2>
            <dl class="details" data-testid="customer-facts">
                <dt>"Account"</dt>
                <dd>{account}</dd>
                <dt>"Created"</dt>
                <dd><Moment at=customer.created_at/></dd>
                <dt>"Updated"</dt>
                <dd><Moment at=customer.updated_at/></dd>
                <dt>"Created by"</dt>
                <dd>{created_by}</dd>
                <dt>"Customer id"</dt>
                <dd><code>{customer.id.to_string()}</code></dd>
            </dl>
            <h3 id="metadata-heading">"Metadata"</h3>
            {if entries.is_empty() {
                view! { <p class="empty-state" data-testid="metadata">"None"</p> }.into_any()
            } else {
                let rows = entries
                    .into_iter()
                    .map(|(key, value)| view! { <dt>{key}</dt><dd>{value}</dd> })
                    .collect_view();
                view! {
                    <dl class="details bo-metadata" aria-labelledby="metadata-heading" data-testid="metadata">{rows}</dl>
                }
                .into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn moments_and_metadata_read_plainly() {
        let at = "2026-12-02T14:05:09Z".parse().unwrap();
        assert_eq!(moment_label(&at), "2026-12-02 14:05 UTC");
        assert_eq!(metadata_text(&json!("gold")), "gold");
        assert_eq!(metadata_text(&json!(true)), "true");
        assert_eq!(metadata_text(&json!({"a": 1})), r#"{"a":1}"#);
    }
}
