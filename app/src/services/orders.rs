//! A customer's order history: their orders, one page at a time, and one order in full.
//! Drafts never show, and another customer's order is not found, exactly like an unknown one
//! (ours: Medusa serves any order to whoever knows its id).

use crate::{
    error::{Error, Result},
    shared::{CustomerId, FulfillmentStatus, Order, OrderId, OrderStatus, PaymentStatus},
    stores::{
        self,
        orders::{ListFilter, Page},
        Db,
    },
};

pub const DEFAULT_LIMIT: i64 = 50;
/// Most values one filter may list: each becomes a bound parameter.
pub const MAX_FILTER_VALUES: usize = 100;

pub fn not_found(id: &str) -> Error {
    Error::NotFound(format!("Order id not found: {id}"))
}

/// What a list may be sorted by (Medusa's `order` parameter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    Id,
    CreatedAt,
    UpdatedAt,
    DisplayId,
    Total,
    Status,
}

impl SortField {
    /// The wire name (`created_at`); anything else is `None`.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "id" => Self::Id,
            "created_at" => Self::CreatedAt,
            "updated_at" => Self::UpdatedAt,
            "display_id" => Self::DisplayId,
            "total" => Self::Total,
            "status" => Self::Status,
            _ => return None,
        })
    }

    fn column(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::CreatedAt => "created_at",
            Self::UpdatedAt => "updated_at",
            Self::DisplayId => "display_id",
            Self::Total => "total",
            Self::Status => "status",
        }
    }
}

/// A validated list request: filters (each matches any of its values; empty = no filter),
/// order and page.
#[derive(Clone, Debug)]
pub struct ListQuery {
    pub ids: Vec<OrderId>,
    pub statuses: Vec<OrderStatus>,
    pub payment_statuses: Vec<PaymentStatus>,
    pub fulfillment_statuses: Vec<FulfillmentStatus>,
    pub sort: SortField,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
}

impl Default for ListQuery {
    /// Medusa's defaults: everything, in id (creation) order, 50 at a time.
    fn default() -> Self {
        Self {
            ids: Vec::new(),
            statuses: Vec::new(),
            payment_statuses: Vec::new(),
            fulfillment_statuses: Vec::new(),
            sort: SortField::Id,
            descending: false,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

/// The parts of an order a caller wants besides its own fields (the store reads orders
/// whole; what is not wanted is dropped).
#[derive(Clone, Copy, Debug, Default)]
pub struct Include {
    pub items: bool,
    pub addresses: bool,
    pub shipping_methods: bool,
}

impl Include {
    /// Drops what was not asked for.
    fn trim(self, orders: &mut [Order]) {
        for order in orders {
            if !self.items {
                order.items.clear();
            }
            if !self.addresses {
                order.shipping_address = None;
                order.billing_address = None;
            }
            if !self.shipping_methods {
                order.shipping_methods.clear();
            }
        }
    }
}

fn check(query: &ListQuery) -> Result<()> {
    if query.limit < 0 || query.offset < 0 {
        return Err(Error::InvalidData(
            "limit and offset must be at least 0".into(),
        ));
    }
    let longest = [
        query.ids.len(),
        query.statuses.len(),
        query.payment_statuses.len(),
        query.fulfillment_statuses.len(),
    ]
    .into_iter()
    .max()
    .unwrap_or(0);
    if longest > MAX_FILTER_VALUES {
        return Err(Error::InvalidData(format!(
            "A filter may list at most {MAX_FILTER_VALUES} values; {longest} were sent"
        )));
    }
    Ok(())
}

/// One page of the customer's orders (drafts never), and how many match in all.
pub async fn list_for_customer(
    db: &Db,
    customer: &CustomerId,
    query: &ListQuery,
    include: Include,
) -> Result<(Vec<Order>, i64)> {
    check(query)?;
    let ids: Vec<&str> = query.ids.iter().map(OrderId::as_str).collect();
    let statuses: Vec<&str> = query.statuses.iter().map(|s| s.as_str()).collect();
    let payment: Vec<&str> = query.payment_statuses.iter().map(|s| s.as_str()).collect();
    let fulfillment: Vec<&str> = query
        .fulfillment_statuses
        .iter()
        .map(|s| s.as_str())
        .collect();
    let filter = ListFilter {
        ids: &ids,
        statuses: &statuses,
        payment_statuses: &payment,
        fulfillment_statuses: &fulfillment,
    };
    let page = Page {
        order: query.sort.column(),
        descending: query.descending,
        limit: query.limit,
        offset: query.offset,
    };
    let (mut orders, count) =
        stores::orders::list_for_customer(db, customer, &filter, page).await?;
    include.trim(&mut orders);
    Ok((orders, count))
}

/// One of the customer's orders. An unknown, malformed, draft or someone else's id is
/// [`not_found`], all alike, so the answer never tells whether an order exists.
pub async fn get_for_customer(
    db: &Db,
    customer: &CustomerId,
    id: &str,
    include: Include,
) -> Result<Order> {
    let order_id = OrderId::parse(id).ok_or_else(|| not_found(id))?;
    let order = stores::orders::find_for_customer(db, customer, &order_id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let mut orders = [order];
    include.trim(&mut orders);
    let [order] = orders;
    Ok(order)
}

/// Any customer's order, for an admin. An unknown, malformed or draft id is [`not_found`].
pub async fn get_any(db: &Db, id: &str, include: Include) -> Result<Order> {
    let order_id = OrderId::parse(id).ok_or_else(|| not_found(id))?;
    let order = stores::orders::find_any(db, &order_id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let mut orders = [order];
    include.trim(&mut orders);
    let [order] = orders;
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_fields_parse_their_wire_names_only() {
        for (name, field) in [
            ("id", SortField::Id),
            ("created_at", SortField::CreatedAt),
            ("updated_at", SortField::UpdatedAt),
            ("display_id", SortField::DisplayId),
            ("total", SortField::Total),
            ("status", SortField::Status),
        ] {
            assert_eq!(SortField::parse(name), Some(field));
            assert_eq!(field.column(), name);
            assert_eq!(
                stores::orders::sort_column(field.column()),
                Some(field.column())
            );
        }
        assert_eq!(SortField::parse("-created_at"), None);
        assert_eq!(SortField::parse("email"), None);
    }

    #[test]
    fn the_default_query_is_medusas() {
        let query = ListQuery::default();
        assert_eq!(query.sort, SortField::Id);
        assert!(!query.descending);
        assert_eq!((query.limit, query.offset), (DEFAULT_LIMIT, 0));
        assert!(check(&query).is_ok());
    }

    #[test]
    fn negative_pages_and_huge_filters_are_refused() {
        let negative = ListQuery {
            offset: -1,
            ..ListQuery::default()
        };
        assert!(matches!(check(&negative), Err(Error::InvalidData(_))));
        let huge = ListQuery {
            statuses: vec![OrderStatus::Pending; MAX_FILTER_VALUES + 1],
            ..ListQuery::default()
        };
        assert!(matches!(check(&huge), Err(Error::InvalidData(_))));
    }
}
