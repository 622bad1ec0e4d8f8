//! A customer's address book: listing, reading, adding, changing and deleting their own
//! addresses, and the default-address rule. Each write runs in one transaction that first
//! locks the customer's row, so two writes for the same customer (say, two "make default"
//! requests for different addresses) run one after the other and leave one default.

use crate::{
    error::{Error, Result},
    shared::{
        address::{self, MAX_PER_CUSTOMER},
        countries, Address, AddressChange, AddressId, Customer, CustomerId, Issue, IssueKind,
        Issues, NewAddress, Patch, Text,
    },
    state::AppState,
    stores::{
        self,
        addresses::{DefaultFor, ListFilter, Page, ORDERABLE},
    },
};

pub const DEFAULT_LIMIT: i64 = 50;
/// Most words `q` may hold, and most values one filter may list.
pub const MAX_WORDS: usize = 16;
pub const MAX_FILTER_VALUES: usize = 100;

pub fn not_found(id: &str) -> Error {
    Error::NotFound(format!("Address with id: {id} was not found"))
}

fn too_many() -> Error {
    Error::InvalidData(format!(
        "A customer can have at most {MAX_PER_CUSTOMER} addresses; delete one to add another"
    ))
}

/// What `GET /store/customers/me/addresses` asks for, validated.
#[derive(Clone, Debug)]
pub struct ListQuery {
    pub words: Vec<String>,
    pub city: Vec<String>,
    pub country_code: Vec<String>,
    pub postal_code: Vec<String>,
    /// Taken by the admin route only (Medusa's admin address filters).
    pub company: Vec<String>,
    pub province: Vec<String>,
    pub order: &'static str,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            words: Vec::new(),
            city: Vec::new(),
            country_code: Vec::new(),
            postal_code: Vec::new(),
            company: Vec::new(),
            province: Vec::new(),
            order: "id",
            descending: false,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl ListQuery {
    /// `order`: an address field, `-` first for descending; anything else is refused with
    /// Medusa's message.
    pub fn set_order(&mut self, raw: &str) -> Result<()> {
        let sort = crate::shared::Sort::parse(raw, ORDERABLE).map_err(Error::bad_order)?;
        self.order = sort.column;
        self.descending = sort.descending;
        Ok(())
    }

    /// `q`: whitespace-separated words, each of which must match.
    pub fn set_search(&mut self, q: &str) -> Result<(), IssueKind> {
        let words: Vec<String> = q.split_whitespace().map(str::to_owned).collect();
        if words.len() > MAX_WORDS {
            return Err(IssueKind::Other(format!(
                "q may hold at most {MAX_WORDS} words; {} were sent",
                words.len()
            )));
        }
        self.words = words;
        Ok(())
    }
}

/// Bounds the values of one filter.
pub fn filter_values(field: &str, values: Vec<String>) -> Result<Vec<String>, Issue> {
    if values.len() > MAX_FILTER_VALUES {
        return Err(Issue::new(
            field,
            IssueKind::Other(format!(
                "{field} may list at most {MAX_FILTER_VALUES} values; {} were sent",
                values.len()
            )),
        ));
    }
    Ok(values)
}

/// One page of the customer's addresses, and how many match in all.
pub async fn list(
    state: &AppState,
    customer_id: &CustomerId,
    query: &ListQuery,
) -> Result<(Vec<Address>, i64)> {
    let filter = ListFilter {
        words: &query.words,
        city: &query.city,
        country_code: &query.country_code,
        postal_code: &query.postal_code,
        company: &query.company,
        province: &query.province,
    };
    let page = Page {
        order: query.order,
        descending: query.descending,
        limit: query.limit,
        offset: query.offset,
    };
    Ok(stores::addresses::list(&state.db, customer_id, &filter, page).await?)
}

fn parse_id(raw: &str) -> Result<AddressId> {
    AddressId::parse(raw).ok_or_else(|| not_found(raw))
}

/// One of the customer's addresses; another customer's is not found, like an unknown one.
pub async fn get(state: &AppState, customer_id: &CustomerId, raw_id: &str) -> Result<Address> {
    let id = parse_id(raw_id)?;
    stores::addresses::find(&state.db, customer_id, &id)
        .await?
        .ok_or_else(|| not_found(raw_id))
}

/// Opens the transaction every address write runs in, holding the customer's row.
pub(crate) async fn lock_customer(
    state: &AppState,
    customer_id: &CustomerId,
) -> Result<stores::Tx> {
    let mut tx = state.db.begin_write().await?;
    stores::customers::find_for_update(&mut tx, customer_id)
        .await?
        .ok_or_else(|| super::customers::not_found(customer_id))?;
    Ok(tx)
}

/// Clears the flags `address` takes from the customer's other addresses.
async fn take_defaults(tx: &mut stores::Tx, address: &Address, now: Now) -> Result<()> {
    for (set, which) in [
        (address.is_default_shipping, DefaultFor::Shipping),
        (address.is_default_billing, DefaultFor::Billing),
    ] {
        if set {
            stores::addresses::clear_default(tx, &address.customer_id, which, &address.id, now)
                .await?;
        }
    }
    Ok(())
}

type Now = chrono::DateTime<chrono::Utc>;

/// Adds an address; answers the customer with all their addresses.
pub async fn create(
    state: &AppState,
    customer_id: &CustomerId,
    input: NewAddress,
) -> Result<Customer> {
    let mut tx = lock_customer(state, customer_id).await?;
    add_in(&mut tx, customer_id, input).await?;
    tx.commit().await?;
    super::customers::get(state, customer_id).await
}

/// Adds an address inside a transaction opened by [`lock_customer`] (so that other
/// services can combine it with further writes); returns it.
pub(crate) async fn add_in(
    tx: &mut stores::Tx,
    customer_id: &CustomerId,
    input: NewAddress,
) -> Result<Address> {
    let count = stores::addresses::count_for_customer(tx, customer_id).await?;
    if usize::try_from(count).unwrap_or(usize::MAX) >= MAX_PER_CUSTOMER {
        return Err(too_many());
    }
    let now = stores::db::now();
    let text = |value: Option<Text>| value.map(Text::into_string);
    let address = Address {
        id: AddressId::generate(),
        customer_id: customer_id.clone(),
        address_name: text(input.address_name),
        is_default_shipping: input.is_default_shipping,
        is_default_billing: input.is_default_billing,
        company: text(input.company),
        first_name: text(input.first_name),
        last_name: text(input.last_name),
        address_1: text(input.address_1),
        address_2: text(input.address_2),
        city: text(input.city),
        country_code: text(input.country_code),
        province: text(input.province),
        postal_code: text(input.postal_code),
        phone: input.phone.map(String::from),
        metadata: input.metadata,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    take_defaults(tx, &address, now).await?;
    stores::addresses::insert(tx, &address).await?;
    Ok(address)
}

/// `current` with `change` applied (timestamps untouched).
fn changed(current: &Address, change: AddressChange) -> Result<Address> {
    let text =
        |patch: Patch<Text>, now: &Option<String>| patch.map(Text::into_string).apply(now.clone());
    Ok(Address {
        address_name: text(change.address_name, &current.address_name),
        company: text(change.company, &current.company),
        first_name: text(change.first_name, &current.first_name),
        last_name: text(change.last_name, &current.last_name),
        address_1: text(change.address_1, &current.address_1),
        address_2: text(change.address_2, &current.address_2),
        city: text(change.city, &current.city),
        country_code: text(change.country_code, &current.country_code),
        province: text(change.province, &current.province),
        postal_code: text(change.postal_code, &current.postal_code),
        phone: change.phone.map(String::from).apply(current.phone.clone()),
        metadata: change
            .metadata
            .apply(current.metadata.clone())
            .map_err(|kind| Error::Validation(vec![Issue::new("metadata", kind)]))?,
        is_default_shipping: change
            .is_default_shipping
            .unwrap_or(current.is_default_shipping),
        is_default_billing: change
            .is_default_billing
            .unwrap_or(current.is_default_billing),
        ..current.clone()
    })
}

/// Changes one of the customer's addresses; answers the customer. A change that changes
/// nothing writes nothing (`updated_at` stays).
pub async fn update(
    state: &AppState,
    customer_id: &CustomerId,
    raw_id: &str,
    change: AddressChange,
) -> Result<Customer> {
    parse_id(raw_id)?;
    let mut tx = lock_customer(state, customer_id).await?;
    update_in(&mut tx, customer_id, raw_id, change).await?;
    // Ended before the read below, which takes a connection of its own: holding the write
    // lock (SQLite) while waiting for the pool could starve the pool behind the lock.
    tx.commit().await?;
    super::customers::get(state, customer_id).await
}

/// Changes one of the customer's addresses inside a transaction opened by
/// [`lock_customer`]; returns it as changed.
pub(crate) async fn update_in(
    tx: &mut stores::Tx,
    customer_id: &CustomerId,
    raw_id: &str,
    change: AddressChange,
) -> Result<Address> {
    let id = parse_id(raw_id)?;
    let current = stores::addresses::find_in(tx, customer_id, &id)
        .await?
        .ok_or_else(|| not_found(raw_id))?;
    let mut after = changed(&current, change)?;
    if after != current {
        let now = stores::db::now();
        after.updated_at = now;
        take_defaults(tx, &after, now).await?;
        stores::addresses::update(tx, &after).await?;
    }
    Ok(after)
}

/// Makes one of the customer's addresses their default for shipping or billing.
pub async fn make_default(
    state: &AppState,
    customer_id: &CustomerId,
    raw_id: &str,
    shipping: bool,
) -> Result<Customer> {
    update(
        state,
        customer_id,
        raw_id,
        AddressChange::make_default(shipping),
    )
    .await
}

/// Deletes one of the customer's addresses for good; answers its id and the customer. A
/// deleted default leaves the customer without one.
pub async fn delete(
    state: &AppState,
    customer_id: &CustomerId,
    raw_id: &str,
) -> Result<(AddressId, Customer)> {
    let id = parse_id(raw_id)?;
    let mut tx = lock_customer(state, customer_id).await?;
    if !stores::addresses::delete(&mut tx, customer_id, &id).await? {
        return Err(not_found(raw_id));
    }
    tx.commit().await?;
    Ok((id, super::customers::get(state, customer_id).await?))
}

/// The raw fields of the address form.
#[derive(Clone, Copy, Debug, Default)]
pub struct AddressForm<'a> {
    pub address_name: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub company: &'a str,
    pub address_1: &'a str,
    pub address_2: &'a str,
    pub city: &'a str,
    pub province: &'a str,
    pub postal_code: &'a str,
    pub country_code: &'a str,
    pub phone: &'a str,
    pub is_default_shipping: bool,
    pub is_default_billing: bool,
}

/// Checks the address form and reports every problem at once. Stricter than the API: a
/// person adding an address must give its street, city, postal code and a country from the
/// list; blank optional fields are stored as no value.
pub fn new_address_from_form(form: AddressForm<'_>) -> Result<NewAddress> {
    let mut issues = Issues::default();
    let optional = |issues: &mut Issues, field: &str, value: &str| -> Option<Text> {
        match value.trim() {
            "" => None,
            value => issues.check(field, address::text(value)),
        }
    };
    let required = |issues: &mut Issues, field: &str, value: &str| -> Option<Text> {
        match value.trim() {
            "" => {
                issues.check::<()>(field, Err(IssueKind::Required));
                None
            }
            value => issues.check(field, address::text(value)),
        }
    };
    let address_name = optional(&mut issues, "address_name", form.address_name);
    let first_name = optional(&mut issues, "first_name", form.first_name);
    let last_name = optional(&mut issues, "last_name", form.last_name);
    let company = optional(&mut issues, "company", form.company);
    let address_1 = required(&mut issues, "address_1", form.address_1);
    let address_2 = optional(&mut issues, "address_2", form.address_2);
    let city = required(&mut issues, "city", form.city);
    let province = optional(&mut issues, "province", form.province);
    let postal_code = required(&mut issues, "postal_code", form.postal_code);
    let country_code = match form.country_code.trim() {
        "" => issues.check::<Text>("country_code", Err(IssueKind::Required)),
        code => issues.check(
            "country_code",
            countries::normalize_country_code(code)
                .ok_or_else(|| IssueKind::Other("Choose a country from the list.".into()))
                .and_then(address::country_code),
        ),
    };
    let phone = match form.phone.trim() {
        "" => None,
        phone => issues.check("phone", address::phone(phone)),
    };
    if !issues.is_empty() {
        return Err(Error::Validation(issues.into_vec()));
    }
    Ok(NewAddress {
        address_name,
        company,
        first_name,
        last_name,
        address_1,
        address_2,
        city,
        country_code,
        province,
        postal_code,
        phone,
        metadata: None,
        is_default_shipping: form.is_default_shipping,
        is_default_billing: form.is_default_billing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AddressForm<'static> {
        AddressForm {
            address_1: "1 Main St",
            city: "Oslo",
            postal_code: "0150",
            country_code: "NO",
            ..Default::default()
        }
    }

    #[test]
    fn the_form_needs_street_city_postal_code_and_a_listed_country() {
        let Err(Error::Validation(issues)) = new_address_from_form(AddressForm {
            address_1: " ",
            country_code: "zz",
            phone: "call me",
            ..Default::default()
        }) else {
            panic!("expected a validation error");
        };
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(
            fields,
            ["address_1", "city", "postal_code", "country_code", "phone"]
        );
        assert_eq!(issues[0].ui_message(), "Address line 1 is required.");
    }

    #[test]
    fn the_form_stores_lower_case_codes_and_no_blank_values() {
        let address = new_address_from_form(AddressForm {
            company: "  ",
            ..form()
        })
        .unwrap();
        assert_eq!(address.country_code.unwrap().as_str(), "no");
        assert_eq!(address.company, None);
        assert_eq!(address.city.unwrap().as_str(), "Oslo");
    }

    #[test]
    fn order_takes_address_fields_only() {
        let mut query = ListQuery::default();
        query.set_order("-city").unwrap();
        assert_eq!((query.order, query.descending), ("city", true));
        let Err(Error::InvalidData(message)) = query.set_order("-nosuch") else {
            panic!("expected an error");
        };
        assert_eq!(message, "Order field nosuch is not valid");
        assert!(query.set_order("deleted_at").is_err());
    }

    #[test]
    fn q_is_split_into_a_bounded_number_of_words() {
        let mut query = ListQuery::default();
        query.set_search("  Main   12 ").unwrap();
        assert_eq!(query.words, ["Main", "12"]);
        assert!(query.set_search(&"w ".repeat(MAX_WORDS + 1)).is_err());
    }

    #[test]
    fn a_change_applies_only_what_it_names() {
        let now = chrono::Utc::now();
        let current = Address {
            id: AddressId::generate(),
            customer_id: CustomerId::generate(),
            address_name: Some("Home".into()),
            is_default_shipping: true,
            is_default_billing: false,
            company: None,
            first_name: Some("Ada".into()),
            last_name: None,
            address_1: None,
            address_2: None,
            city: Some("Oslo".into()),
            country_code: None,
            province: None,
            postal_code: None,
            phone: None,
            metadata: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        let after = changed(
            &current,
            AddressChange {
                city: Patch::Set(Text::name("Bergen").unwrap()),
                address_name: Patch::Clear,
                is_default_billing: Some(true),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(after.city.as_deref(), Some("Bergen"));
        assert_eq!(after.address_name, None);
        assert_eq!(after.first_name.as_deref(), Some("Ada"));
        assert!(after.is_default_shipping && after.is_default_billing);
        assert_eq!(
            changed(&current, AddressChange::default()).unwrap(),
            current
        );
    }
}
