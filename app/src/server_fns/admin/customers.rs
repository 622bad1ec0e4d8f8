//! The customer list (`/app/customers`) and the new-customer form (`/app/customers/new`).
//! The list's whole view — search, filters, order, page — lives in the page's address as
//! the values of its GET form; [`CustomerListParams`] holds them as typed, and the server
//! function turns them into the admin service's list query, refusing what it cannot read.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::shared::{Customer, PublicError};

/// The page sizes the list offers; the first is the default (seed 004's 15).
pub const PAGE_SIZES: [i64; 3] = [15, 50, 100];
/// Newest first, unless the address says otherwise.
pub const DEFAULT_ORDER: &str = "-created_at";
/// The columns the list's headers sort by: the order's column and the header's label.
pub const SORTABLE: [(&str, &str); 4] = [
    ("first_name", "Name"),
    ("email", "Email"),
    ("has_account", "Account"),
    ("created_at", "Created"),
];

/// The list's view as its address holds it, every value as typed (blank is "not set").
/// The names are the JSON list's (`q`, `has_account`, `groups`, `order`, `limit`,
/// `offset`), so the same view can be asked of `/admin/customers` and its CSV export; the
/// dates are whole days (`created_from` to `created_to`, both included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CustomerListParams {
    pub q: String,
    pub has_account: String,
    pub groups: String,
    pub created_from: String,
    pub created_to: String,
    pub order: String,
    pub limit: String,
    pub offset: String,
}

impl CustomerListParams {
    /// The parameter names, in the order an address lists them.
    pub const NAMES: [&'static str; 8] = [
        "q",
        "has_account",
        "groups",
        "created_from",
        "created_to",
        "order",
        "limit",
        "offset",
    ];

    /// Reads the view from an address's query (`get` answers one parameter).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let value = |name: &str| get(name).unwrap_or_default();
        Self {
            q: value("q"),
            has_account: value("has_account"),
            groups: value("groups"),
            created_from: value("created_from"),
            created_to: value("created_to"),
            order: value("order"),
            limit: value("limit"),
            offset: value("offset"),
        }
    }

    fn value(&self, name: &str) -> &str {
        match name {
            "q" => &self.q,
            "has_account" => &self.has_account,
            "groups" => &self.groups,
            "created_from" => &self.created_from,
            "created_to" => &self.created_to,
            "order" => &self.order,
            "limit" => &self.limit,
            "offset" => &self.offset,
            _ => "",
        }
    }

    /// The non-blank parameters, in address order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        Self::NAMES
            .into_iter()
            .map(|name| (name, self.value(name).trim().to_owned()))
            .filter(|(_, value)| !value.is_empty())
            .collect()
    }

    /// Whether any search or filter narrows the list (order and paging do not).
    pub fn is_filtered(&self) -> bool {
        [
            &self.q,
            &self.has_account,
            &self.groups,
            &self.created_from,
            &self.created_to,
        ]
        .into_iter()
        .any(|value| !value.trim().is_empty())
    }
}

/// A group as the filter's select offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupOption {
    pub id: String,
    pub name: String,
}

/// One page of the list, and what the page needs around it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerListPage {
    /// The customers on this page, with their groups.
    pub customers: Vec<Customer>,
    /// How many customers match, on every page.
    pub count: i64,
    pub offset: i64,
    pub limit: i64,
    /// The order in force: `column` or `-column`.
    pub order: String,
    /// Every group, by name, for the group filter.
    pub groups: Vec<GroupOption>,
}

/// Most groups the filter's select lists.
#[cfg(feature = "ssr")]
const GROUP_OPTIONS_MAX: i64 = 500;

/// The service's list query for `params`; every value it cannot read is an issue naming
/// its parameter.
#[cfg(feature = "ssr")]
fn list_query(
    params: &CustomerListParams,
) -> Result<crate::services::admin_customers::ListQuery, crate::error::Error> {
    use crate::{
        error::Error,
        services::admin_customers::ListQuery,
        shared::{Compare, Issue, IssueKind},
    };
    use chrono::{Days, NaiveDate};

    let mut query = ListQuery::default();
    let mut issues = Vec::new();
    let mut check = |result: Result<(), Issue>| {
        if let Err(issue) = result {
            issues.push(issue);
        }
    };
    check(query.set_search(&params.q));
    match params.has_account.trim() {
        "" => {}
        "true" => query.set_has_account(Some(true)),
        "false" => query.set_has_account(Some(false)),
        _ => check(Err(Issue::new(
            "has_account",
            IssueKind::Other("Choose whether customers have an account.".into()),
        ))),
    }
    if !params.groups.trim().is_empty() {
        check(query.set_groups(vec![params.groups.trim().to_owned()]));
    }
    let mut day = |name: &str, raw: &str| match raw.trim() {
        "" => None,
        raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                check(Err(Issue::new(
                    name,
                    IssueKind::Other("Enter a date like 2026-01-31.".into()),
                )));
                None
            }
        },
    };
    let from = day("created_from", &params.created_from);
    let to = day("created_to", &params.created_to);
    let midnight = |date: NaiveDate| date.and_hms_opt(0, 0, 0).map(|at| at.and_utc());
    let mut bounds = Vec::new();
    if let Some(at) = from.and_then(midnight) {
        bounds.push((Compare::Gte, at));
    }
    // The last day counts whole: up to the next day's midnight.
    if let Some(at) = to
        .and_then(|to| to.checked_add_days(Days::new(1)))
        .and_then(midnight)
    {
        bounds.push((Compare::Lt, at));
    }
    if matches!((from, to), (Some(from), Some(to)) if from > to) {
        check(Err(Issue::new(
            "created_to",
            IssueKind::Other("The end date is before the start date.".into()),
        )));
    }
    check(query.set_created_at(bounds));
    let order = match params.order.trim() {
        "" => DEFAULT_ORDER,
        order => order,
    };
    check(query.set_order(order));
    let limit = match params.limit.trim() {
        "" => Some(PAGE_SIZES[0]),
        raw => raw.parse().ok().filter(|limit| PAGE_SIZES.contains(limit)),
    };
    match limit {
        Some(limit) => check(query.set_limit(limit)),
        None => check(Err(Issue::new(
            "limit",
            IssueKind::Other("Choose 15, 50 or 100 customers per page.".into()),
        ))),
    }
    let offset = match params.offset.trim() {
        "" => Some(0),
        raw => raw.parse::<i64>().ok(),
    };
    match offset {
        Some(offset) => check(query.set_offset(offset)),
        None => check(Err(Issue::new(
            "offset",
            IssueKind::Other("The position in the list must be a whole number.".into()),
        ))),
    }
    if issues.is_empty() {
        Ok(query)
    } else {
        Err(Error::Validation(issues))
    }
}

/// A page of the customer list as `params` asks for it; `None` when no admin is signed in.
#[server(prefix = "/api", endpoint = "admin_list_customers")]
pub async fn list_customers(
    params: CustomerListParams,
) -> Result<Option<CustomerListPage>, PublicError> {
    use super::actor::signed_in;
    use crate::{
        server_fns::context::fail,
        services::{
            admin_customers::{self, Include},
            customer_groups,
        },
        shared::Sort,
    };

    let Some((state, _admin)) = signed_in().await? else {
        return Ok(None);
    };
    let query = list_query(&params).map_err(fail)?;
    let include = Include {
        addresses: false,
        groups: true,
    };
    let (customers, count) = admin_customers::list(&state, &query, include)
        .await
        .map_err(fail)?;
    let group_query = customer_groups::ListQuery {
        sort: Sort {
            column: "name",
            descending: false,
        },
        limit: GROUP_OPTIONS_MAX,
        ..customer_groups::ListQuery::default()
    };
    let (groups, _) = customer_groups::list(&state, &group_query, false)
        .await
        .map_err(fail)?;
    Ok(Some(CustomerListPage {
        customers,
        count,
        offset: query.offset,
        limit: query.limit,
        order: query.sort.to_param(),
        groups: groups
            .into_iter()
            .map(|group| GroupOption {
                id: group.id.to_string(),
                name: group.name,
            })
            .collect(),
    }))
}

/// The new-customer form: a guest customer made by the signed-in admin, then its page.
#[server(prefix = "/api", endpoint = "admin_create_customer")]
pub async fn create_customer(
    email: String,
    first_name: String,
    last_name: String,
    phone: String,
    company_name: String,
) -> Result<(), PublicError> {
    use super::actor::required;
    use crate::{
        server_fns::context::fail,
        services::admin_customers::{self, NewCustomerForm},
    };

    let sent = [
        ("email", email.as_str()),
        ("first_name", first_name.as_str()),
        ("last_name", last_name.as_str()),
        ("phone", phone.as_str()),
        ("company_name", company_name.as_str()),
    ];
    let (state, admin) = required().await.map_err(|e| e.with_submitted(sent))?;
    let form = NewCustomerForm {
        email: &email,
        first_name: &first_name,
        last_name: &last_name,
        phone: &phone,
        company_name: &company_name,
    };
    let customer = admin_customers::create_from_form(&state, &admin.user_id, &form)
        .await
        .map_err(|error| fail(error).with_submitted(sent))?;
    leptos_axum::redirect(&format!("/app/customers/{}?created=1", customer.id));
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::error::Error;

    fn params(pairs: &[(&str, &str)]) -> CustomerListParams {
        CustomerListParams::from_query(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    fn refused(pairs: &[(&str, &str)]) -> Vec<String> {
        match list_query(&params(pairs)) {
            Err(Error::Validation(issues)) => issues.into_iter().map(|i| i.field).collect(),
            other => panic!("{pairs:?} was accepted: {other:?}"),
        }
    }

    #[test]
    fn an_empty_address_is_the_first_page_newest_first() {
        let query = list_query(&CustomerListParams::default()).unwrap();
        assert_eq!(query.sort.to_param(), DEFAULT_ORDER);
        assert_eq!((query.limit, query.offset), (15, 0));
        assert!(query.created_at.is_empty() && query.groups.is_empty());
    }

    #[test]
    fn the_date_range_covers_whole_days() {
        let query = list_query(&params(&[
            ("created_from", "2026-01-02"),
            ("created_to", "2026-01-02"),
            ("has_account", "false"),
            ("groups", "cusgroup_1"),
            ("order", "email"),
            ("limit", "50"),
            ("offset", "100"),
        ]))
        .unwrap();
        let bounds: Vec<String> = query
            .created_at
            .iter()
            .map(|(op, at)| format!("{op:?} {}", at.to_rfc3339()))
            .collect();
        assert_eq!(
            bounds,
            [
                "Gte 2026-01-02T00:00:00+00:00",
                "Lt 2026-01-03T00:00:00+00:00"
            ]
        );
        assert_eq!(query.has_account, Some(false));
        assert_eq!(query.groups, ["cusgroup_1"]);
        assert_eq!((query.limit, query.offset), (50, 100));
    }

    #[test]
    fn what_cannot_be_read_is_refused_by_name() {
        assert_eq!(refused(&[("has_account", "maybe")]), ["has_account"]);
        assert_eq!(refused(&[("created_from", "yesterday")]), ["created_from"]);
        assert_eq!(
            refused(&[("created_from", "2026-02-01"), ("created_to", "2026-01-01")]),
            ["created_to"]
        );
        assert_eq!(refused(&[("order", "password")]), ["order"]);
        assert_eq!(refused(&[("limit", "1000")]), ["limit"]);
        assert_eq!(refused(&[("offset", "-1")]), ["offset"]);
    }

    #[test]
    fn only_set_values_are_carried_in_the_address() {
        let view = params(&[("q", " ada "), ("order", "email"), ("limit", "")]);
        assert_eq!(
            view.pairs(),
            [("q", "ada".to_owned()), ("order", "email".to_owned())]
        );
        assert!(view.is_filtered());
        assert!(!params(&[("order", "email")]).is_filtered());
    }
}
