//! The admin customer list: its query, built from plain values with a validating setter per
//! field (so the JSON route and the page's URL fill it alike), and the listing itself.

use chrono::{DateTime, Utc};

use super::{load, Include};
use crate::{
    error::Result,
    shared::{email, Compare, Customer, DateBound, Issue, IssueKind, Sort},
    state::AppState,
    stores::{
        customer_groups,
        customer_list::{self, ListFilter, ORDERABLE},
    },
};

/// The page size when none is asked for (seed 004 and issue 12; Medusa's other lists take 50).
pub const DEFAULT_LIMIT: i64 = 15;
/// The largest page (Medusa has none; a page of this many is already a CSV export's job).
pub const MAX_LIMIT: i64 = 1000;
/// Most words `q` may hold, and most values one filter may list.
pub const MAX_WORDS: usize = 16;
pub const MAX_FILTER_VALUES: usize = 100;
/// Most bounds one date filter may carry.
const MAX_BOUNDS: usize = 4;

/// What a list asks for. Empty lists and `None` mean "no filter".
#[derive(Clone, Debug, PartialEq)]
pub struct ListQuery {
    /// `q`: every word must occur, in any case, in the first or last name, email, company
    /// or phone.
    pub words: Vec<String>,
    /// Exact emails (case-sensitive, as in Medusa).
    pub emails: Vec<String>,
    pub has_account: Option<bool>,
    /// Customer group ids: members of any of them.
    pub groups: Vec<String>,
    /// Customer group names (the object form `groups[name]`): members of a live group of
    /// one of these names (and, with `groups` too, one of those ids).
    pub group_names: Vec<String>,
    pub ids: Vec<String>,
    pub first_names: Vec<String>,
    pub last_names: Vec<String>,
    pub company_names: Vec<String>,
    pub created_by: Vec<String>,
    pub created_at: Vec<DateBound>,
    pub updated_at: Vec<DateBound>,
    /// `deleted_at` bounds: accepted as Medusa accepts them. Only live customers are listed
    /// and a live customer's `deleted_at` is null, which no bound holds.
    pub deleted_at: Vec<DateBound>,
    pub sort: Sort,
    pub limit: i64,
    pub offset: i64,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            words: Vec::new(),
            emails: Vec::new(),
            has_account: None,
            groups: Vec::new(),
            group_names: Vec::new(),
            ids: Vec::new(),
            first_names: Vec::new(),
            last_names: Vec::new(),
            company_names: Vec::new(),
            created_by: Vec::new(),
            created_at: Vec::new(),
            updated_at: Vec::new(),
            deleted_at: Vec::new(),
            sort: Sort::BY_ID,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

fn bounded(field: &str, values: Vec<String>) -> Result<Vec<String>, Issue> {
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

impl ListQuery {
    /// The columns the list may be ordered by.
    pub const ORDERABLE: &'static [&'static str] = ORDERABLE;

    /// `q`: whitespace-separated words; blank is no search.
    pub fn set_search(&mut self, q: &str) -> Result<(), Issue> {
        let words: Vec<String> = q.split_whitespace().map(str::to_owned).collect();
        if words.len() > MAX_WORDS {
            return Err(Issue::new(
                "q",
                IssueKind::Other(format!(
                    "q may hold at most {MAX_WORDS} words; {} were sent",
                    words.len()
                )),
            ));
        }
        self.words = words;
        Ok(())
    }

    /// `email`: exact addresses.
    pub fn set_emails(&mut self, emails: Vec<String>) -> Result<(), Issue> {
        self.emails = bounded("email", emails)?;
        Ok(())
    }

    /// `has_account`: registered customers only (`true`), guests only (`false`), or all.
    pub fn set_has_account(&mut self, has_account: Option<bool>) {
        self.has_account = has_account;
    }

    /// `groups`: members of any of these group ids.
    pub fn set_groups(&mut self, groups: Vec<String>) -> Result<(), Issue> {
        self.groups = bounded("groups", groups)?;
        Ok(())
    }

    /// `groups[name]`: members of a group of one of these names.
    pub fn set_group_names(&mut self, names: Vec<String>) -> Result<(), Issue> {
        self.group_names = bounded("groups.name", names)?;
        Ok(())
    }

    /// One of the exact-value filters: `id`, `first_name`, `last_name`, `company_name`,
    /// `created_by`.
    pub fn set_values(&mut self, field: &str, values: Vec<String>) -> Result<(), Issue> {
        let values = bounded(field, values)?;
        let target = match field {
            "id" => &mut self.ids,
            "first_name" => &mut self.first_names,
            "last_name" => &mut self.last_names,
            "company_name" => &mut self.company_names,
            "created_by" => &mut self.created_by,
            other => return Err(Issue::new(other, IssueKind::Unrecognized)),
        };
        *target = values;
        Ok(())
    }

    /// `created_at` operator map (`$gt`, `$gte`, `$lt`, `$lte`).
    pub fn set_created_at(&mut self, bounds: Vec<DateBound>) -> Result<(), Issue> {
        self.created_at = bounds_of("created_at", bounds)?;
        Ok(())
    }

    /// `updated_at` operator map.
    pub fn set_updated_at(&mut self, bounds: Vec<DateBound>) -> Result<(), Issue> {
        self.updated_at = bounds_of("updated_at", bounds)?;
        Ok(())
    }

    /// `deleted_at` operator map.
    pub fn set_deleted_at(&mut self, bounds: Vec<DateBound>) -> Result<(), Issue> {
        self.deleted_at = bounds_of("deleted_at", bounds)?;
        Ok(())
    }

    /// Created on or after `from` and on or before `to` (the page's date range); either may
    /// be open.
    pub fn set_created_between(
        &mut self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<(), Issue> {
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err(Issue::new(
                    "created_at",
                    IssueKind::Other("The start of the date range is after its end".into()),
                ));
            }
        }
        self.created_at = from
            .map(|at| (Compare::Gte, at))
            .into_iter()
            .chain(to.map(|at| (Compare::Lte, at)))
            .collect();
        Ok(())
    }

    /// `order`: `column` or `-column`, one of [`Self::ORDERABLE`].
    pub fn set_order(&mut self, raw: &str) -> Result<(), Issue> {
        self.sort = Sort::parse(raw, ORDERABLE).map_err(|kind| Issue::new("order", kind))?;
        Ok(())
    }

    /// The same as [`Self::set_order`] from a column and a direction.
    pub fn set_sort(&mut self, column: &str, descending: bool) -> Result<(), Issue> {
        self.set_order(column)?;
        self.sort.descending = descending;
        Ok(())
    }

    /// `limit`: 0 to [`MAX_LIMIT`].
    pub fn set_limit(&mut self, limit: i64) -> Result<(), Issue> {
        if limit < 0 {
            return Err(Issue::new("limit", IssueKind::TooShort { min: 0 }));
        }
        if limit > MAX_LIMIT {
            return Err(Issue::new(
                "limit",
                IssueKind::TooLong {
                    max: MAX_LIMIT as usize,
                },
            ));
        }
        self.limit = limit;
        Ok(())
    }

    /// `offset`: 0 or more.
    pub fn set_offset(&mut self, offset: i64) -> Result<(), Issue> {
        if offset < 0 {
            return Err(Issue::new("offset", IssueKind::TooShort { min: 0 }));
        }
        self.offset = offset;
        Ok(())
    }
}

impl ListQuery {
    /// Each `email` filter value with its normalized form (the index key).
    pub(super) fn normalized_emails(&self) -> Vec<(String, String)> {
        self.emails
            .iter()
            .map(|raw| (raw.clone(), email::normalize(raw)))
            .collect()
    }

    /// The store's view of the filters (`emails` from [`Self::normalized_emails`]).
    pub(super) fn filter<'a>(&'a self, emails: &'a [(String, String)]) -> ListFilter<'a> {
        ListFilter {
            words: &self.words,
            emails,
            has_account: self.has_account,
            groups: &self.groups,
            ids: &self.ids,
            first_names: &self.first_names,
            last_names: &self.last_names,
            company_names: &self.company_names,
            created_by: &self.created_by,
            created_at: &self.created_at,
            updated_at: &self.updated_at,
        }
    }
}

fn bounds_of(field: &str, bounds: Vec<DateBound>) -> Result<Vec<DateBound>, Issue> {
    if bounds.len() > MAX_BOUNDS {
        return Err(Issue::new(
            field,
            IssueKind::Other(format!(
                "{field} may hold at most {MAX_BOUNDS} bounds; {} were sent",
                bounds.len()
            )),
        ));
    }
    Ok(bounds)
}

/// One page of live customers matching `query`, with what `include` asks for, and how many
/// match in all.
pub async fn list(
    state: &AppState,
    query: &ListQuery,
    include: Include,
) -> Result<(Vec<Customer>, i64)> {
    let Some(query) = query.resolved(state).await? else {
        return Ok((Vec::new(), 0));
    };
    let emails = query.normalized_emails();
    let filter = query.filter(&emails);
    let (mut customers, count) = customer_list::list(
        &state.db,
        &filter,
        query.sort,
        query.limit.clamp(0, MAX_LIMIT),
        query.offset.max(0),
    )
    .await?;
    load(state, &mut customers, include).await?;
    Ok((customers, count))
}

impl ListQuery {
    /// This query as the store runs it: `groups[name]` turned into the ids of the live groups
    /// so named (narrowing `groups` when both are given). `None` when no customer can match:
    /// a `deleted_at` bound (only live customers are listed, and their `deleted_at` is
    /// null), or names no live group has.
    pub(super) async fn resolved(&self, state: &AppState) -> Result<Option<ListQuery>> {
        if !self.deleted_at.is_empty() {
            return Ok(None);
        }
        if self.group_names.is_empty() {
            return Ok(Some(self.clone()));
        }
        let filter = customer_groups::ListFilter {
            ids: &self.groups,
            names: &self.group_names,
            ..Default::default()
        };
        let (named, _) =
            customer_groups::list(&state.db, &filter, Sort::BY_ID, MAX_FILTER_VALUES as i64, 0)
                .await?;
        if named.is_empty() {
            return Ok(None);
        }
        Ok(Some(ListQuery {
            groups: named
                .into_iter()
                .map(|group| group.id.to_string())
                .collect(),
            group_names: Vec::new(),
            ..self.clone()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_name_the_field_they_refuse() {
        let mut query = ListQuery::default();
        assert_eq!(query.limit, 15);
        assert_eq!(query.set_limit(MAX_LIMIT + 1).unwrap_err().field, "limit");
        assert_eq!(query.set_offset(-1).unwrap_err().field, "offset");
        assert_eq!(query.set_order("nosuch").unwrap_err().field, "order");
        assert_eq!(
            query
                .set_search(&"w ".repeat(MAX_WORDS + 1))
                .unwrap_err()
                .field,
            "q"
        );
        let many = vec!["g".to_owned(); MAX_FILTER_VALUES + 1];
        assert_eq!(query.set_groups(many).unwrap_err().field, "groups");
        assert_eq!(
            query.set_values("nickname", vec![]).unwrap_err().field,
            "nickname"
        );
        let now = Utc::now();
        let earlier = now - chrono::Duration::days(1);
        assert!(query.set_created_between(Some(now), Some(earlier)).is_err());
        assert_eq!(
            query,
            ListQuery::default(),
            "a refused value changes nothing"
        );
    }

    #[test]
    fn setters_fill_the_query() {
        let mut query = ListQuery::default();
        query.set_search("  Jane  Doe ").unwrap();
        query.set_sort("email", true).unwrap();
        query.set_limit(0).unwrap();
        query.set_values("first_name", vec!["Jane".into()]).unwrap();
        assert_eq!(query.words, ["Jane", "Doe"]);
        assert_eq!(query.sort.to_param(), "-email");
        assert_eq!(query.limit, 0);
        assert_eq!(query.first_names, ["Jane"]);
    }
}
