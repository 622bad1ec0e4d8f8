//! `server seed --demo`: a few registered customers with addresses and a history of
//! realistic orders, so that a newcomer signs in and sees a full account.
//!
//! Everything goes through the paths real data takes: customers sign up through
//! [`customers::register`] (the sign-up page's service, so the printed password works),
//! addresses through [`addresses::create`], and orders are written as Medusa order lines and
//! run through the importer. Order ids and display ids are fixed, so a second run updates the
//! same orders instead of adding more, and customers that exist are left as they are.

use chrono::{DateTime, Duration, Timelike, Utc};
use serde_json::{json, Value};

use crate::{
    error::{Error, Result},
    services::{
        addresses::{self, AddressForm},
        customers::{self, Registration, RegistrationForm},
        order_import::{self, Options},
    },
    shared::{
        money::{major_string, Currency},
        Customer,
    },
    state::AppState,
};

/// Every demo customer's password.
pub const PASSWORD: &str = "demo-password-1234";

/// A demo person: who they are, where they live, and their orders.
struct Person {
    email: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    phone: &'static str,
    /// Their addresses; the first is their default for shipping and billing, and orders
    /// ship there.
    addresses: &'static [Place],
    /// Currencies their orders cycle through.
    currencies: &'static [&'static str],
    orders: usize,
}

struct Place {
    name: &'static str,
    company: &'static str,
    address_1: &'static str,
    city: &'static str,
    province: &'static str,
    postal_code: &'static str,
    country_code: &'static str,
}

const PEOPLE: &[Person] = &[
    Person {
        email: "ada@example.com",
        first_name: "Ada",
        last_name: "Lovelace",
        phone: "+44 20 7946 0018",
        addresses: &[
            Place {
                name: "Home",
                company: "",
                address_1: "12 St James's Square",
                city: "London",
                province: "",
                postal_code: "SW1Y 4JH",
                country_code: "gb",
            },
            Place {
                name: "Office",
                company: "Analytical Engines Ltd",
                address_1: "1 Deansgate",
                city: "Manchester",
                province: "",
                postal_code: "M3 1AZ",
                country_code: "gb",
            },
        ],
        currencies: &["gbp", "eur", "usd", "gbp", "jpy"],
        orders: 24,
    },
    Person {
        email: "grace@example.com",
        first_name: "Grace",
        last_name: "Hopper",
        phone: "+1 703 555 0142",
        addresses: &[Place {
            name: "Home",
            company: "",
            address_1: "1400 Defense Pentagon",
            city: "Arlington",
            province: "VA",
            postal_code: "22202",
            country_code: "us",
        }],
        currencies: &["usd"],
        orders: 6,
    },
    Person {
        email: "kenji@example.com",
        first_name: "Kenji",
        last_name: "Sato",
        phone: "+81 3 1234 5678",
        addresses: &[Place {
            name: "Home",
            company: "",
            address_1: "1-1 Chiyoda",
            city: "Tokyo",
            province: "Tokyo",
            postal_code: "100-0001",
            country_code: "jp",
        }],
        currencies: &["jpy", "usd"],
        orders: 4,
    },
];

/// Products: title, variant, SKU, and price in minor units of usd, eur, gbp, jpy.
const CATALOG: &[(&str, &str, &str, [i64; 4])] = &[
    (
        "Medusa T-Shirt",
        "M / Black",
        "SHIRT-M-BLACK",
        [2500, 2300, 1900, 3500],
    ),
    (
        "Medusa Sweatshirt",
        "L / Grey",
        "SWEAT-L-GREY",
        [5500, 4900, 4200, 7800],
    ),
    (
        "Medusa Sweatpants",
        "M",
        "PANTS-M",
        [4500, 4200, 3600, 6500],
    ),
    ("Medusa Shorts", "S", "SHORTS-S", [2999, 2799, 2399, 4200]),
    (
        "Canvas Tote Bag",
        "Natural",
        "TOTE-NAT",
        [1850, 1690, 1450, 2600],
    ),
    ("Enamel Mug", "White", "MUG-WHITE", [1299, 1199, 999, 1800]),
    (
        "Wool Beanie",
        "Navy",
        "BEANIE-NAVY",
        [2200, 1990, 1750, 3000],
    ),
    (
        "Sticker Pack",
        "10 pieces",
        "STICKERS-10",
        [599, 549, 499, 800],
    ),
];

/// Status, payment status, fulfillment status: the mix a real history shows, newest first.
const STATES: &[(&str, &str, &str)] = &[
    ("pending", "authorized", "not_fulfilled"),
    ("pending", "captured", "shipped"),
    ("completed", "captured", "delivered"),
    ("completed", "captured", "fulfilled"),
    ("canceled", "refunded", "canceled"),
    ("completed", "partially_refunded", "delivered"),
    ("requires_action", "awaiting", "not_fulfilled"),
    ("completed", "captured", "delivered"),
];

const FIRST_DISPLAY_ID: i64 = 1001;

/// What a run did.
#[derive(Clone, Debug)]
pub struct DemoReport {
    /// Each demo customer's email, and whether this run created it (false: it existed).
    pub customers: Vec<(String, bool)>,
    pub orders_created: u64,
    pub orders_updated: u64,
}

/// Creates the demo customers that do not exist yet, with their addresses, and imports (or
/// refreshes) every demo order.
pub async fn seed(state: &AppState) -> Result<DemoReport> {
    let mut report = DemoReport {
        customers: Vec::new(),
        orders_created: 0,
        orders_updated: 0,
    };
    for person in PEOPLE {
        let created = match register(state, person).await {
            Ok(customer) => {
                add_addresses(state, &customer, person).await?;
                true
            }
            Err(Error::Duplicate(_)) => false,
            Err(error) => return Err(error),
        };
        report.customers.push((person.email.to_owned(), created));
    }
    let lines = order_lines(Utc::now());
    let summary =
        order_import::import(&state.db, lines.as_bytes(), Options::default(), &mut |_| {}).await?;
    if let Some(bad) = summary.bad.first() {
        return Err(Error::internal(format!(
            "demo order line {} was refused: {}",
            bad.line, bad.reason
        )));
    }
    report.orders_created = summary.imported;
    report.orders_updated = summary.updated;
    Ok(report)
}

async fn register(state: &AppState, person: &Person) -> Result<Customer> {
    let registration = Registration::parse(
        RegistrationForm {
            email: person.email,
            password: PASSWORD,
            first_name: person.first_name,
            last_name: person.last_name,
            phone: Some(person.phone),
        },
        state.policy.password_min_len,
    )?;
    let (customer, _) = customers::register(state, None, registration).await?;
    Ok(customer)
}

async fn add_addresses(state: &AppState, customer: &Customer, person: &Person) -> Result<()> {
    for (i, place) in person.addresses.iter().enumerate() {
        let address = addresses::new_address_from_form(AddressForm {
            address_name: place.name,
            first_name: person.first_name,
            last_name: person.last_name,
            company: place.company,
            address_1: place.address_1,
            address_2: "",
            city: place.city,
            province: place.province,
            postal_code: place.postal_code,
            country_code: place.country_code,
            phone: person.phone,
            is_default_shipping: i == 0,
            is_default_billing: i == 0,
        })?;
        addresses::create(state, &customer.id, address).await?;
    }
    Ok(())
}

/// Every demo order as one import line each. Orders are dated back from `now`, about a
/// week and a half apart, the newest first.
fn order_lines(now: DateTime<Utc>) -> String {
    let today = now
        .with_second(0)
        .and_then(|time| time.with_nanosecond(0))
        .unwrap_or(now);
    let mut lines = String::new();
    let mut display_id = FIRST_DISPLAY_ID;
    for person in PEOPLE {
        for n in 0..person.orders {
            let placed = today - Duration::days(11 * n as i64) - Duration::minutes(37 * n as i64);
            let order = order(person, n, display_id, placed);
            lines.push_str(&order.to_string());
            lines.push('\n');
            display_id += 1;
        }
    }
    lines
}

/// The `n`-th order (0 = newest) of `person`, in Medusa's order shape.
fn order(person: &Person, n: usize, display_id: i64, placed: DateTime<Utc>) -> Value {
    let code = person.currencies[n % person.currencies.len()];
    let currency = Currency::parse(code).expect("demo currencies are ISO codes");
    let price_column = ["usd", "eur", "gbp", "jpy"]
        .iter()
        .position(|c| *c == code)
        .expect("demo prices cover every demo currency");
    let tax_percent = match code {
        "gbp" | "eur" => 20,
        "jpy" => 10,
        _ => 8,
    };
    // Every third order had a 10 % discount code.
    let discount_percent = if n % 3 == 2 { 10 } else { 0 };
    let (status, payment, fulfillment) = STATES[n % STATES.len()];
    let amount = |minor: i64| Value::String(major_string(minor, &currency));
    let lines = 1 + (n * 7 + display_id as usize) % 5;
    let items: Vec<Value> = (0..lines)
        .map(|k| {
            let (title, variant, sku, prices) = CATALOG[(n * 3 + k * 5) % CATALOG.len()];
            let quantity = 1 + ((n + k) % 3) as i64;
            let unit_price = prices[price_column];
            let subtotal = unit_price * quantity;
            let discount = subtotal * discount_percent / 100;
            let tax = (subtotal - discount) * tax_percent / 100;
            json!({
                "title": title,
                "variant_title": variant,
                "variant_sku": sku,
                "quantity": quantity,
                "unit_price": amount(unit_price),
                "subtotal": amount(subtotal),
                "discount_total": amount(discount),
                "tax_total": amount(tax),
                "total": amount(subtotal - discount + tax),
            })
        })
        .collect();
    let express = n % 4 == 1;
    let shipping = match (code, express) {
        ("jpy", false) => 600,
        ("jpy", true) => 1500,
        ("gbp", false) => 395,
        ("gbp", true) => 995,
        (_, false) => 499,
        (_, true) => 1499,
    };
    let place = &person.addresses[0];
    let mut address = json!({
        "first_name": person.first_name,
        "last_name": person.last_name,
        "company": place.company,
        "address_1": place.address_1,
        "city": place.city,
        "province": place.province,
        "postal_code": place.postal_code,
        "country_code": place.country_code,
        "phone": person.phone,
    });
    if let Value::Object(fields) = &mut address {
        fields.retain(|_, value| value.as_str() != Some(""));
    }
    json!({
        "id": format!("order_demo{display_id}"),
        "display_id": display_id,
        "email": person.email,
        "currency_code": code,
        "status": status,
        "payment_status": payment,
        "fulfillment_status": fulfillment,
        "items": items,
        "shipping_methods": [{
            "name": if express { "Express shipping" } else { "Standard shipping" },
            "amount": amount(shipping),
        }],
        "shipping_address": address,
        "billing_address": address,
        "canceled_at": (status == "canceled").then(|| (placed + Duration::hours(3)).to_rfc3339()),
        "created_at": placed.to_rfc3339(),
        "updated_at": (placed + Duration::days(2)).to_rfc3339(),
        "metadata": { "source": "demo seed" },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::order_import::line;
    use std::collections::HashSet;

    #[test]
    fn every_demo_order_imports_with_totals_that_add_up() {
        let now = Utc::now();
        let text = order_lines(now);
        let orders: Vec<_> = text
            .lines()
            .map(|l| line::parse(l, now).expect("a demo line is valid").order)
            .collect();
        assert_eq!(orders.len(), PEOPLE.iter().map(|p| p.orders).sum::<usize>());
        let display_ids: HashSet<i64> = orders.iter().map(|o| o.display_id).collect();
        assert_eq!(display_ids.len(), orders.len(), "display ids are unique");
        for order in &orders {
            let t = order.totals;
            assert_eq!(
                t.total,
                t.subtotal + t.shipping_total + t.tax_total - t.discount_total
            );
            assert!((1..=5).contains(&order.items.len()));
            assert!(order.shipping_address.is_some());
        }
        let currencies: HashSet<&str> = orders.iter().map(|o| o.currency_code.as_str()).collect();
        assert!(currencies.is_superset(&["usd", "eur", "gbp", "jpy"].into()));
        assert!(orders.iter().any(|o| o.totals.discount_total > 0));
        let statuses: HashSet<_> = orders.iter().map(|o| o.status).collect();
        assert!(statuses.len() >= 4, "{statuses:?}");
        let ada = orders
            .iter()
            .filter(|o| o.email.as_deref() == Some("ada@example.com"));
        assert!(ada.count() > 20, "enough to page through");
    }

    #[test]
    fn the_demo_is_the_same_orders_every_time() {
        let now = Utc::now();
        let ids = |text: String| -> Vec<String> {
            text.lines()
                .map(|l| line::parse(l, now).unwrap().order.id.to_string())
                .collect()
        };
        assert_eq!(
            ids(order_lines(now)),
            ids(order_lines(now - Duration::days(3)))
        );
    }
}
