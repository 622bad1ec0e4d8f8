//! `GET /admin/customers/export.csv`: the list's filtered set, in the list's order, as CSV
//! (RFC 4180), produced in keyset batches so that exporting 100 000 customers holds one
//! batch in memory, not the set.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
//! as a formula (CSV injection); such a cell gets a leading `'`, which they show as text.
//! A phone `+1 555 0101` is thus exported as `'+1 555 0101`.

use chrono::{DateTime, SecondsFormat, Utc};

use super::{load, Include, ListQuery};
use crate::{error::Result, shared::Customer, state::AppState, stores::customer_list};

/// Customers per batch: one query for them, one for their groups.
pub const EXPORT_BATCH: i64 = 500;

/// The header row's columns, in order.
const COLUMNS: &[&str] = &[
    "id",
    "email",
    "first_name",
    "last_name",
    "company_name",
    "phone",
    "has_account",
    "groups",
    "created_at",
    "updated_at",
];

/// An export under way: the filters, where it resumes, whether it is over.
pub struct Export {
    query: ListQuery,
    emails: Vec<(String, String)>,
    last: Option<Customer>,
    header_sent: bool,
    done: bool,
}

/// The export of the customers `query` filters (its paging is ignored: all of them).
pub async fn export(state: &AppState, query: ListQuery) -> Result<Export> {
    // A query no customer can match still gives a file: the header row alone.
    let (query, done) = match query.resolved(state).await? {
        Some(resolved) => (resolved, false),
        None => (query, true),
    };
    Ok(Export {
        emails: query.normalized_emails(),
        query,
        last: None,
        header_sent: false,
        done,
    })
}

impl Export {
    /// The attachment's name on `today`: `customers-YYYYMMDD.csv`.
    pub fn file_name(today: DateTime<Utc>) -> String {
        format!("customers-{}.csv", today.format("%Y%m%d"))
    }

    /// The next piece of the file: the header row with the first batch, then a batch of
    /// rows per call; `None` once every customer was written.
    pub async fn next_chunk(&mut self, state: &AppState) -> Result<Option<String>> {
        if self.done && self.header_sent {
            return Ok(None);
        }
        if self.done {
            self.header_sent = true;
            let mut chunk = String::new();
            write_row(&mut chunk, COLUMNS.iter().copied());
            return Ok(Some(chunk));
        }
        let filter = self.query.filter(&self.emails);
        let mut batch = customer_list::batch_after(
            &state.db,
            &filter,
            self.query.sort,
            self.last.as_ref(),
            EXPORT_BATCH,
        )
        .await?;
        load(
            state,
            &mut batch,
            Include {
                addresses: false,
                groups: true,
            },
        )
        .await?;
        self.done = (batch.len() as i64) < EXPORT_BATCH;
        let mut chunk = String::with_capacity(batch.len() * 160 + 128);
        if !self.header_sent {
            self.header_sent = true;
            write_row(&mut chunk, COLUMNS.iter().copied());
        }
        for customer in &batch {
            write_customer(&mut chunk, customer);
        }
        self.last = batch.pop();
        Ok(Some(chunk))
    }
}

fn write_customer(out: &mut String, customer: &Customer) {
    let groups = customer
        .groups
        .iter()
        .map(|group| group.name.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let at = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Millis, true);
    let (created_at, updated_at) = (at(customer.created_at), at(customer.updated_at));
    write_row(
        out,
        [
            customer.id.as_str(),
            customer.email.as_deref().unwrap_or_default(),
            customer.first_name.as_deref().unwrap_or_default(),
            customer.last_name.as_deref().unwrap_or_default(),
            customer.company_name.as_deref().unwrap_or_default(),
            customer.phone.as_deref().unwrap_or_default(),
            if customer.has_account {
                "true"
            } else {
                "false"
            },
            &groups,
            &created_at,
            &updated_at,
        ],
    );
}

/// One record: cells separated by commas, ended by CRLF.
fn write_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (n, cell) in cells.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        write_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// A cell made safe for spreadsheets, then quoted when it holds a quote, comma or line
/// break (quotes doubled).
fn write_cell(out: &mut String, cell: &str) {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = cell.contains(['"', ',', '\r', '\n']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(value: &str) -> String {
        let mut out = String::new();
        write_cell(&mut out, value);
        out
    }

    #[test]
    fn cells_are_quoted_only_when_they_must_be() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell(""), "");
        assert_eq!(cell("Doe, Jane"), "\"Doe, Jane\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_start_with_a_quote() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+1 555 0101"), "'+1 555 0101");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("=a,\"b\""), "\"'=a,\"\"b\"\"\"");
        assert_eq!(cell("a=b"), "a=b");
    }

    #[test]
    fn rows_end_with_crlf() {
        let mut out = String::new();
        write_row(&mut out, ["a", "b,c"]);
        assert_eq!(out, "a,\"b,c\"\r\n");
        assert_eq!(
            Export::file_name("2026-12-07T10:00:00Z".parse().unwrap()),
            "customers-20261207.csv"
        );
    }
}
