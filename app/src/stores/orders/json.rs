//! A page of orders as one JSON document, built by the database: each order an object of
//! its columns with its items and addresses nested, the page an array in page order. One
//! query answers one row, however many orders, items and addresses the page holds.
//!
//! Why: sqlx runs SQLite on a worker thread and hands every row across to the async side.
//! A page of ten orders with their items and addresses was about sixty rows in three
//! queries, and the hand-offs, not SQLite, took most of the time (`perf`: a third of the
//! server's samples in the kernel's task switching). Aggregating in SQL gives one row.

use super::super::db::Backend;

/// A column as it goes into the JSON: `Json` columns hold JSON (text on SQLite, which must
/// be parsed to nest as a value rather than a string; JSONB on PostgreSQL).
#[derive(Clone, Copy)]
enum Column {
    Plain(&'static str),
    Json(&'static str),
}

use Column::{Json, Plain};

const ORDER: &[Column] = &[
    Plain("id"),
    Plain("display_id"),
    Plain("customer_id"),
    Plain("email"),
    Plain("currency_code"),
    Plain("status"),
    Plain("payment_status"),
    Plain("fulfillment_status"),
    Plain("region_id"),
    Plain("sales_channel_id"),
    Plain("subtotal"),
    Plain("shipping_total"),
    Plain("tax_total"),
    Plain("discount_total"),
    Plain("total"),
    Plain("item_count"),
    Json("shipping_methods"),
    Json("metadata"),
    Plain("canceled_at"),
    Plain("created_at"),
    Plain("updated_at"),
];

const ITEM: &[Column] = &[
    Plain("id"),
    Plain("title"),
    Plain("subtitle"),
    Plain("thumbnail"),
    Plain("variant_id"),
    Plain("product_id"),
    Plain("variant_sku"),
    Plain("variant_title"),
    Plain("quantity"),
    Plain("unit_price"),
    Plain("subtotal"),
    Plain("tax_total"),
    Plain("discount_total"),
    Plain("total"),
    Json("metadata"),
    Plain("created_at"),
    Plain("updated_at"),
];

const ADDRESS: &[Column] = &[
    Plain("kind"),
    Plain("id"),
    Plain("first_name"),
    Plain("last_name"),
    Plain("company"),
    Plain("address_1"),
    Plain("address_2"),
    Plain("city"),
    Plain("province"),
    Plain("postal_code"),
    Plain("country_code"),
    Plain("phone"),
    Json("metadata"),
];

/// What each order of the page carries besides its own columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Nested {
    pub items: bool,
    pub addresses: bool,
}

/// The parts of the page query that the caller decides (all already safe SQL: `condition`
/// uses placeholders, `order` and `direction` come from fixed lists).
pub struct PageSql<'a> {
    pub condition: &'a str,
    pub order: &'static str,
    pub direction: &'static str,
    pub limit_placeholder: usize,
    pub nested: Nested,
}

/// `SELECT total, page`: how many orders match `condition`, and the page of them as a JSON
/// array of order objects, sorted by `order` then id (both `direction`).
pub fn page_query(backend: Backend, sql: &PageSql) -> String {
    let PageSql {
        condition,
        order,
        direction,
        limit_placeholder: limit,
        nested,
    } = *sql;
    let mut extra = Vec::new();
    if nested.items {
        extra.push((
            "items",
            children(backend, "order_line_item", ITEM, "position"),
        ));
    }
    if nested.addresses {
        extra.push((
            "addresses",
            children(backend, "order_address", ADDRESS, "kind"),
        ));
    }
    let doc = object(backend, "o", ORDER, &extra);
    let tie = if order == "id" {
        String::new()
    } else {
        format!(", o.id {direction}")
    };
    let rows = format!(
        "SELECT o.{order} AS k, o.id AS id, {doc} AS doc FROM customer_order o {condition} \
         ORDER BY o.{order} {direction}{tie} LIMIT ${limit} OFFSET ${}",
        limit + 1
    );
    let array = match backend {
        // Built as JSONB, SQLite's binary form, which nests without being parsed again at
        // each level; rendered as text once, here.
        Backend::Sqlite => {
            format!("json(jsonb_group_array(p.doc ORDER BY p.k {direction}, p.id {direction}))")
        }
        Backend::Postgres => format!(
            "COALESCE(json_agg(p.doc ORDER BY p.k {direction}, p.id {direction}), '[]'::json)"
        ),
    };
    format!(
        "SELECT (SELECT COUNT(*) FROM customer_order {condition}) AS total, \
         (SELECT {array} FROM ({rows}) AS p) AS page"
    )
}

/// An object of `columns` of the row `alias`, plus `extra` keys given as SQL values.
fn object(backend: Backend, alias: &str, columns: &[Column], extra: &[(&str, String)]) -> String {
    let mut pairs: Vec<String> = columns
        .iter()
        .map(|column| match (backend, *column) {
            (_, Plain(name)) | (Backend::Postgres, Json(name)) => {
                format!("'{name}', {alias}.{name}")
            }
            (Backend::Sqlite, Json(name)) => format!("'{name}', jsonb({alias}.{name})"),
        })
        .collect();
    pairs.extend(extra.iter().map(|(key, value)| format!("'{key}', {value}")));
    let function = match backend {
        Backend::Sqlite => "jsonb_object",
        Backend::Postgres => "json_build_object",
    };
    format!("{function}({})", pairs.join(", "))
}

/// The rows of `table` that belong to order `o`, as a JSON array sorted by `order_by`.
fn children(backend: Backend, table: &str, columns: &[Column], order_by: &str) -> String {
    let element = object(backend, "c", columns, &[]);
    match backend {
        // A JSONB blob stays JSON through the subquery (text would become a string).
        Backend::Sqlite => format!(
            "(SELECT jsonb_group_array({element} ORDER BY c.{order_by}) \
             FROM {table} c WHERE c.order_id = o.id)"
        ),
        Backend::Postgres => format!(
            "(SELECT COALESCE(json_agg({element} ORDER BY c.{order_by}), '[]'::json) \
             FROM {table} c WHERE c.order_id = o.id)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql(backend: Backend, order: &'static str, nested: Nested) -> String {
        page_query(
            backend,
            &PageSql {
                condition: "WHERE customer_id = $1",
                order,
                direction: "DESC",
                limit_placeholder: 2,
                nested,
            },
        )
    }

    #[test]
    fn json_columns_are_parsed_on_sqlite_only() {
        let nothing = Nested::default();
        let sqlite = sql(Backend::Sqlite, "created_at", nothing);
        assert!(sqlite.contains("'metadata', jsonb(o.metadata)"), "{sqlite}");
        let postgres = sql(Backend::Postgres, "created_at", nothing);
        assert!(postgres.contains("'metadata', o.metadata"), "{postgres}");
        assert!(postgres.starts_with("SELECT (SELECT COUNT(*) FROM customer_order WHERE"));
    }

    #[test]
    fn the_page_keeps_its_order_with_the_id_breaking_ties() {
        let sqlite = sql(Backend::Sqlite, "total", Nested::default());
        assert!(sqlite.contains("ORDER BY o.total DESC, o.id DESC LIMIT $2 OFFSET $3"));
        assert!(sqlite.contains("json(jsonb_group_array(p.doc ORDER BY p.k DESC, p.id DESC))"));
        let by_id = sql(Backend::Postgres, "id", Nested::default());
        assert!(by_id.contains("ORDER BY o.id DESC LIMIT $2"), "{by_id}");
    }

    #[test]
    fn items_and_addresses_nest_only_when_asked() {
        let bare = sql(Backend::Postgres, "id", Nested::default());
        assert!(!bare.contains("order_line_item") && !bare.contains("order_address"));
        let all = Nested {
            items: true,
            addresses: true,
        };
        let full = sql(Backend::Postgres, "id", all);
        assert!(
            full.contains("'items', (SELECT COALESCE(json_agg("),
            "{full}"
        );
        assert!(full.contains("ORDER BY c.position), '[]'::json) FROM order_line_item c"));
        assert!(full.contains("FROM order_address c WHERE c.order_id = o.id"));
    }
}
