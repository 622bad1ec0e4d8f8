//! Medusa v1's store customer routes (seeds 001, 002): the password reset by token
//! (`password-token`, `password-reset`), saved payment methods, and v1's forms of two v2
//! routes — `POST /store/customers/me` with `billing_address` or `password`, and
//! `POST /store/customers/me/addresses` with `{address: …}` — which the v2 handlers pass
//! here.
//!
//! Wording: the routes only v1 has answer validation errors in v1's (class-validator's)
//! words; the v1 forms of shared routes keep v2's words, like the rest of those routes.
//! v1 forms answer in the whole v1 customer shape: the query is checked as on the v2 form
//! (`fields` only), but `fields` does not trim a v1 answer (v1 had no `fields` there).

use axum::{extract::State, Json};
use http::StatusCode;
use serde_json::{json, Value};
use tower_sessions::Session;

use crate::{
    http::{extract::JsonBody, validate::ObjectFields},
    wire::v1,
};
use app::{
    auth::{actor::Via, ClientAddress, CustomerActor},
    error::{Error, Result},
    services::{
        customers, passwords,
        v1_customers::{self, BillingAddress, Caller, ProfileChange},
    },
    shared::{
        address as rules, validation::wrong_type, AddressChange, Email, Issue, IssueKind,
        NewAddress, Password, Text,
    },
    state::AppState,
};

/// `POST /store/customers/password-token` `{email}` → 204, whatever the email: for a
/// registered customer the v2 reset email goes out (same single-use token, same limits,
/// 429 beyond them).
pub async fn password_token(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(body): JsonBody,
) -> Result<StatusCode> {
    let mut fields = V1Body::new(body)?;
    let email = fields.email("email");
    fields.finish()?;
    let email = checked(email, "email")?;
    passwords::request_reset(&state, client, email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /store/customers/password-reset` `{email, token, password}` → `{customer}` (v1
/// shape). The token is the one the reset email carries; an unknown email, a token sent to
/// another email, or a used, superseded or expired one is 401 `Invalid or expired password
/// reset token`. The customer is not signed in (as in v1); their other sessions and tokens
/// end.
pub async fn password_reset(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>> {
    let mut fields = V1Body::new(body)?;
    let email = fields.email("email");
    let token = fields.string("token");
    let password = fields.string("password");
    fields.finish()?;
    let (email, token, password) = (
        checked(email, "email")?,
        checked(token, "token")?,
        checked(password, "password")?,
    );
    let customer_id = v1_customers::reset_password(&state, &email, &token, &password)
        .await
        .map_err(v1::worded)?;
    let me = customers::get(&state, &customer_id).await?;
    Ok(Json(v1::customer_envelope(&me, None)))
}

/// `GET /store/customers/me/payment-methods` → `{payment_methods: []}`: this app has no
/// payment provider, so no customer has saved methods.
pub async fn payment_methods(_actor: CustomerActor) -> Json<Value> {
    Json(json!({ "payment_methods": [] }))
}

/// Whether a `POST /store/customers/me` body uses v1's fields.
pub fn is_v1_profile_update(body: &Value) -> bool {
    body.get("billing_address").is_some() || body.get("password").is_some()
}

/// `POST /store/customers/me` in v1's form: v2's profile fields plus `billing_address` (an
/// address object, an address id of the customer, or `null`) and `password`. `email` stays
/// refused, as in v2. Answers the v1 customer.
pub async fn update_me(
    state: &AppState,
    actor: &CustomerActor,
    session: &Session,
    body: Value,
) -> Result<Json<Value>> {
    let mut fields = ObjectFields::new(body)?;
    let profile = super::customers::profile_fields(&mut fields);
    let billing_address = match fields.take("billing_address") {
        None => BillingAddress::Keep,
        Some(Value::Null) => BillingAddress::Clear,
        Some(Value::String(id)) => BillingAddress::Existing(id),
        Some(object @ Value::Object(_)) => {
            let (change, issues) = address_change(object);
            issues_under(&mut fields, "billing_address", issues);
            BillingAddress::Fields(Box::new(change))
        }
        Some(other) => {
            fields.issue("billing_address", wrong_type("object", &other));
            BillingAddress::Keep
        }
    };
    let min_len = state.policy.password_min_len;
    let password = match fields.take("password") {
        None => None,
        Some(Value::String(text)) => Password::parse(&text, min_len)
            .map_err(|kind| fields.issue("password", kind))
            .ok(),
        Some(other) => {
            fields.issue("password", wrong_type("string", &other));
            None
        }
    };
    fields.finish()?;
    let caller = Caller {
        customer_id: &actor.customer_id,
        identity_id: actor.identity_id.as_ref(),
        session: (actor.via == Via::Session).then_some(session),
    };
    let change = ProfileChange {
        profile,
        billing_address,
        password,
    };
    let me = v1_customers::update_profile(state, caller, change).await?;
    Ok(Json(v1::customer_envelope(&me, None)))
}

/// Whether a `POST /store/customers/me/addresses` body is v1's `{address: …}`.
pub fn is_v1_address(body: &Value) -> bool {
    body.get("address").is_some()
}

/// `POST /store/customers/me/addresses` in v1's form `{address: {…}}`: `first_name`,
/// `last_name`, `address_1`, `city`, `country_code` (stored lower-case) and `postal_code`
/// required; an address identical to one the customer has adds nothing. Answers the v1
/// customer.
pub async fn add_address(
    state: &AppState,
    actor: &CustomerActor,
    body: Value,
) -> Result<Json<Value>> {
    let mut fields = ObjectFields::new(body)?;
    let address = match fields.take("address") {
        Some(object @ Value::Object(_)) => {
            let (address, issues) = new_address(object);
            issues_under(&mut fields, "address", issues);
            Some(address)
        }
        Some(other) => {
            fields.issue("address", wrong_type("object", &other));
            None
        }
        None => {
            fields.issue("address", IssueKind::Required);
            None
        }
    };
    fields.finish()?;
    let address = address.ok_or_else(|| Error::invalid_field("address", IssueKind::Required))?;
    let me = v1_customers::add_address(state, &actor.customer_id, address).await?;
    Ok(Json(v1::customer_envelope(&me, None)))
}

/// Reports a nested object's problems under `parent.` on the outer body.
fn issues_under(fields: &mut ObjectFields, parent: &str, issues: Vec<Issue>) {
    for issue in issues {
        fields.issue(&format!("{parent}.{}", issue.field), issue.kind);
    }
}

/// The problems a nested object's check found (none when it passed).
fn nested_issues(fields: ObjectFields) -> Vec<Issue> {
    match fields.finish() {
        Err(Error::Validation(issues)) => issues,
        _ => Vec::new(),
    }
}

/// A country code as v1 stores it: lower-case.
fn country_code(input: &str) -> std::result::Result<Text, IssueKind> {
    rules::country_code(&input.to_lowercase())
}

/// v1's address object as a change (`billing_address`): every field optional, `null`
/// clears one, `metadata` merges.
fn address_change(object: Value) -> (AddressChange, Vec<Issue>) {
    let Ok(mut fields) = ObjectFields::new(object) else {
        return (AddressChange::default(), Vec::new());
    };
    let change = AddressChange {
        first_name: fields.nullish("first_name", rules::text),
        last_name: fields.nullish("last_name", rules::text),
        phone: fields.nullish("phone", rules::phone),
        company: fields.nullish("company", rules::text),
        address_1: fields.nullish("address_1", rules::text),
        address_2: fields.nullish("address_2", rules::text),
        city: fields.nullish("city", rules::text),
        country_code: fields.nullish("country_code", country_code),
        province: fields.nullish("province", rules::text),
        postal_code: fields.nullish("postal_code", rules::text),
        metadata: fields.metadata_change(),
        ..AddressChange::default()
    };
    (change, nested_issues(fields))
}

/// v1's address object for a new shipping address: six required fields.
fn new_address(object: Value) -> (NewAddress, Vec<Issue>) {
    let Ok(mut fields) = ObjectFields::new(object) else {
        return (NewAddress::default(), Vec::new());
    };
    let first_name = required(&mut fields, "first_name", rules::text);
    let last_name = required(&mut fields, "last_name", rules::text);
    let address_1 = required(&mut fields, "address_1", rules::text);
    let city = required(&mut fields, "city", rules::text);
    let country_code = required(&mut fields, "country_code", country_code);
    let postal_code = required(&mut fields, "postal_code", rules::text);
    let address = NewAddress {
        first_name,
        last_name,
        address_1,
        city,
        country_code,
        postal_code,
        phone: fields.optional("phone", rules::phone),
        company: fields.optional("company", rules::text),
        address_2: fields.optional("address_2", rules::text),
        province: fields.optional("province", rules::text),
        metadata: fields.metadata(),
        ..NewAddress::default()
    };
    (address, nested_issues(fields))
}

/// A field v1 requires: absent or `null` is missing.
fn required(
    fields: &mut ObjectFields,
    key: &str,
    parse: fn(&str) -> std::result::Result<Text, IssueKind>,
) -> Option<Text> {
    match fields.take(key) {
        None | Some(Value::Null) => {
            fields.issue(key, IssueKind::Required);
            None
        }
        Some(Value::String(text)) => parse(&text).map_err(|kind| fields.issue(key, kind)).ok(),
        Some(other) => {
            fields.issue(key, wrong_type("string", &other));
            None
        }
    }
}

/// A value whose check passed (`V1Body::finish` succeeded); should it be missing anyway,
/// it is refused in v1's words rather than assumed.
pub fn checked<T>(value: Option<T>, field: &str) -> Result<T> {
    value.ok_or_else(|| v1::worded(Error::invalid_field(field, IssueKind::Required)))
}

/// A body of a route only v1 has: checked as v1's class-validator checks it, every problem
/// in v1's words (`email must be an email`, `property foo should not exist`).
pub struct V1Body(ObjectFields);

impl V1Body {
    pub fn new(body: Value) -> Result<Self> {
        ObjectFields::new(body).map(Self).map_err(v1::worded)
    }

    /// `IsEmail`: present and an email.
    pub fn email(&mut self, key: &str) -> Option<Email> {
        let parsed = match self.0.take(key) {
            Some(Value::String(text)) => Email::parse(&text),
            _ => Err(IssueKind::InvalidEmail),
        };
        parsed
            .map_err(|kind| {
                let kind = match kind {
                    IssueKind::Required => IssueKind::InvalidEmail,
                    other => other,
                };
                self.0.issue(key, kind);
            })
            .ok()
    }

    /// `IsString`: present and a string.
    pub fn string(&mut self, key: &str) -> Option<String> {
        match self.0.take(key) {
            Some(Value::String(text)) => Some(text),
            other => {
                let got = other.unwrap_or(Value::Null);
                self.0.issue(key, wrong_type("string", &got));
                None
            }
        }
    }

    /// `IsNotEmpty`: a non-empty string.
    pub fn not_empty(&mut self, key: &str) -> Option<String> {
        match self.0.take(key) {
            Some(Value::String(text)) if !text.is_empty() => Some(text),
            None | Some(Value::Null) | Some(Value::String(_)) => {
                self.0.issue(key, IssueKind::Required);
                None
            }
            Some(other) => {
                self.0.issue(key, wrong_type("string", &other));
                None
            }
        }
    }

    pub fn finish(self) -> Result<()> {
        self.0.finish().map_err(v1::worded)
    }
}
