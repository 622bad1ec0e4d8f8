//! `server import-orders`: a JSON Lines file of Medusa orders into the read model, in one
//! transaction.
//!
//! - Every bad line is reported with its number and reason; with any bad line nothing is
//!   imported unless `skip_invalid` is set, in which case the good lines are.
//! - Idempotent by order id: a re-import overwrites the order and replaces its lines and
//!   addresses.
//! - Linking: an order names its customer when its `customer_id` is a live customer of ours;
//!   otherwise it goes to the registered customer whose email matches the order's (trimmed,
//!   any case); otherwise it stays unlinked (a guest order). A guest customer row never
//!   receives orders by email: only a person who signed up with that email sees them.
//! - Fast: lines are checked and linked a batch at a time (one look-up per batch for display
//!   ids, customers and existing orders), and written with multi-row statements of a fixed
//!   size.

mod fields;
pub mod line;

use std::{
    collections::{HashMap, HashSet},
    io::BufRead,
};

use crate::{
    error::{Error, Result},
    shared::{CustomerId, OrderId},
    stores::{
        db::now,
        orders::{
            import::{
                self as store, AddressWrite, ItemWrite, OrderWrite, ADDRESS_CHUNK, ITEM_CHUNK,
                ORDER_CHUNK,
            },
            AddressKind,
        },
        Db, Tx,
    },
};
use line::ParsedOrder;

/// The progress callback runs after this many lines.
pub const PROGRESS_EVERY: u64 = 10_000;
/// A longer line is refused without being read into memory whole.
pub const MAX_LINE_BYTES: usize = 1 << 20;

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Import the good lines even when some are bad.
    pub skip_invalid: bool,
}

/// A refused line: its number in the file (from 1) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLine {
    pub line: u64,
    pub reason: String,
}

/// What an import did. When `committed` is false nothing was written, and `imported` and
/// `updated` count what would have been.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Lines read, blank ones included.
    pub lines: u64,
    /// Orders that were new.
    pub imported: u64,
    /// Orders that existed and were overwritten.
    pub updated: u64,
    /// Sorted by line number.
    pub bad: Vec<BadLine>,
    pub committed: bool,
}

/// Reads `input` to the end and imports its orders; `progress` is told every
/// [`PROGRESS_EVERY`] lines.
pub async fn import(
    db: &Db,
    mut input: impl BufRead,
    options: Options,
    progress: &mut dyn FnMut(&Summary),
) -> Result<Summary> {
    let mut run = Run {
        tx: db.begin_write().await?,
        options,
        writing: true,
        seen_ids: HashMap::new(),
        seen_display_ids: HashMap::new(),
        batch: Vec::with_capacity(ORDER_CHUNK),
        items: Vec::new(),
        addresses: Vec::new(),
        summary: Summary::default(),
    };
    let started = now();
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        let read = read_line(&mut input, &mut buffer).map_err(Error::internal)?;
        let Some(too_long) = read else { break };
        run.summary.lines += 1;
        let number = run.summary.lines;
        if number.is_multiple_of(PROGRESS_EVERY) {
            progress(&run.summary);
        }
        if too_long {
            run.refuse(number, format!("longer than {MAX_LINE_BYTES} bytes"));
            continue;
        }
        let Ok(text) = std::str::from_utf8(&buffer) else {
            run.refuse(number, "not UTF-8 text".into());
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        match line::parse(text, started) {
            Ok(parsed) => run.accept(number, parsed).await?,
            Err(reason) => run.refuse(number, reason),
        }
    }
    let summary = run.finish().await?;
    if summary.committed {
        store::refresh_statistics(db).await?;
    }
    Ok(summary)
}

/// Reads one line into `buffer` without its line ending: `None` at the end of the input,
/// `Some(true)` when the line was longer than [`MAX_LINE_BYTES`] (the rest is skipped).
fn read_line(input: &mut impl BufRead, buffer: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    let limit = MAX_LINE_BYTES as u64 + 1;
    if std::io::Read::take(&mut *input, limit).read_until(b'\n', buffer)? == 0 {
        return Ok(None);
    }
    if buffer.last() == Some(&b'\n') {
        buffer.pop();
        if buffer.last() == Some(&b'\r') {
            buffer.pop();
        }
        return Ok(Some(false));
    }
    if buffer.len() <= MAX_LINE_BYTES {
        return Ok(Some(false));
    }
    let mut rest = Vec::new();
    loop {
        rest.clear();
        let read = std::io::Read::take(&mut *input, limit).read_until(b'\n', &mut rest)?;
        if read == 0 || rest.last() == Some(&b'\n') {
            return Ok(Some(true));
        }
    }
}

struct Run {
    tx: Tx,
    options: Options,
    /// False once a bad line means nothing will be committed: lines are still checked, so
    /// that every bad line is reported, but no longer written.
    writing: bool,
    seen_ids: HashMap<OrderId, u64>,
    seen_display_ids: HashMap<i64, (u64, OrderId)>,
    batch: Vec<(u64, ParsedOrder)>,
    items: Vec<ItemWrite>,
    addresses: Vec<AddressWrite>,
    summary: Summary,
}

impl Run {
    fn refuse(&mut self, line: u64, reason: String) {
        self.summary.bad.push(BadLine { line, reason });
        if !self.options.skip_invalid {
            self.writing = false;
        }
    }

    /// Checks a parsed line against the lines before it, and queues it.
    async fn accept(&mut self, line: u64, parsed: ParsedOrder) -> Result<()> {
        let order = &parsed.order;
        if let Some(first) = self.seen_ids.get(&order.id) {
            let reason = format!("order {} is already on line {first}", order.id);
            self.refuse(line, reason);
            return Ok(());
        }
        if let Some((first, other)) = self.seen_display_ids.get(&order.display_id) {
            let reason = format!(
                "display_id {} is already used by order {other} on line {first}",
                order.display_id
            );
            self.refuse(line, reason);
            return Ok(());
        }
        self.seen_ids.insert(order.id.clone(), line);
        self.seen_display_ids
            .insert(order.display_id, (line, order.id.clone()));
        self.batch.push((line, parsed));
        if self.batch.len() >= ORDER_CHUNK {
            self.flush().await?;
        }
        Ok(())
    }

    /// Checks the queued orders against the database, links and writes them.
    async fn flush(&mut self) -> Result<()> {
        let batch = std::mem::take(&mut self.batch);
        let display_ids: Vec<i64> = batch.iter().map(|(_, p)| p.order.display_id).collect();
        let owners = store::display_id_owners(&mut self.tx, &display_ids).await?;
        let mut good = Vec::with_capacity(batch.len());
        for (line, parsed) in batch {
            let order = &parsed.order;
            match owners.get(&order.display_id) {
                Some(owner) if owner != order.id.as_str() => {
                    let reason =
                        format!("display_id {} belongs to order {owner}", order.display_id);
                    self.refuse(line, reason);
                }
                _ => good.push(parsed),
            }
        }
        let hints: Vec<&str> = good
            .iter()
            .filter_map(|p| p.customer_hint.as_ref().map(CustomerId::as_str))
            .collect();
        let live = store::live_customers(&mut self.tx, &hints).await?;
        let emails: Vec<&str> = good
            .iter()
            .filter_map(|p| p.email_normalized.as_deref())
            .collect();
        let registered = store::registered_by_email(&mut self.tx, &emails).await?;
        for parsed in &mut good {
            parsed.order.customer_id = link(parsed, &live, &registered);
        }
        let ids: Vec<&str> = good.iter().map(|p| p.order.id.as_str()).collect();
        let existing = store::existing(&mut self.tx, &ids).await?;
        self.summary.updated += existing.len() as u64;
        self.summary.imported += (good.len() - existing.len()) as u64;
        if !self.writing {
            return Ok(());
        }
        let writes: Vec<OrderWrite<'_>> = good
            .iter()
            .map(|p| OrderWrite {
                order: &p.order,
                email_normalized: p.email_normalized.as_deref(),
                is_draft_order: p.is_draft_order,
            })
            .collect();
        store::upsert(&mut self.tx, &writes).await?;
        let existing: Vec<&str> = existing.iter().map(String::as_str).collect();
        store::delete_children(&mut self.tx, &existing).await?;
        for parsed in good {
            self.queue_children(parsed);
        }
        self.write_children(false).await
    }

    fn queue_children(&mut self, parsed: ParsedOrder) {
        let order = parsed.order;
        for (position, item) in order.items.into_iter().enumerate() {
            self.items.push(ItemWrite {
                order_id: order.id.clone(),
                position: position as i64,
                item,
            });
        }
        for (kind, address) in [
            (AddressKind::Shipping, order.shipping_address),
            (AddressKind::Billing, order.billing_address),
        ] {
            if let Some(address) = address {
                self.addresses.push(AddressWrite {
                    order_id: order.id.clone(),
                    kind,
                    address,
                });
            }
        }
    }

    /// Writes the queued lines and addresses in full chunks (so statements repeat), or all
    /// of them at the end.
    async fn write_children(&mut self, all: bool) -> Result<()> {
        while self.items.len() >= ITEM_CHUNK || (all && !self.items.is_empty()) {
            let rest = self.items.split_off(self.items.len().min(ITEM_CHUNK));
            let chunk = std::mem::replace(&mut self.items, rest);
            store::insert_items(&mut self.tx, &chunk).await?;
        }
        while self.addresses.len() >= ADDRESS_CHUNK || (all && !self.addresses.is_empty()) {
            let rest = self
                .addresses
                .split_off(self.addresses.len().min(ADDRESS_CHUNK));
            let chunk = std::mem::replace(&mut self.addresses, rest);
            store::insert_addresses(&mut self.tx, &chunk).await?;
        }
        Ok(())
    }

    /// Commits, unless a bad line forbids it (then dropping the transaction rolls back).
    async fn finish(mut self) -> Result<Summary> {
        self.flush().await?;
        self.summary.bad.sort_by_key(|bad| bad.line);
        if self.writing {
            self.write_children(true).await?;
            self.tx.commit().await?;
            self.summary.committed = true;
        }
        Ok(self.summary)
    }
}

/// The customer an order belongs to: the one it names, if that is a live customer here;
/// else the registered customer with its email; else none.
fn link(
    parsed: &ParsedOrder,
    live: &HashSet<String>,
    registered: &HashMap<String, String>,
) -> Option<CustomerId> {
    if let Some(hint) = &parsed.customer_hint {
        if live.contains(hint.as_str()) {
            return Some(hint.clone());
        }
    }
    let email = parsed.email_normalized.as_ref()?;
    registered.get(email).and_then(|id| CustomerId::parse(id))
}

#[cfg(test)]
mod tests;
