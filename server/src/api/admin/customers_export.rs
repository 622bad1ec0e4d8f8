//! `GET /admin/customers/export.csv`: the admin customer list's filtered set as a CSV
//! attachment, streamed batch by batch (see `app::services::admin_customers::export`).

use axum::{
    body::{Body, Bytes},
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use futures_util::stream::{self, StreamExt};

use super::customers::read_filters;
use crate::http::extract::QueryParams;
use app::{
    auth::AdminActor,
    error::{Error, Result},
    services::admin_customers::{self, Export, ListQuery},
    state::AppState,
};

/// The list's filters and `order`; no paging (the file holds every match). The first batch
/// is read before answering, so a database error is still a proper error response; one
/// later cuts the download short (logged), which the client sees as a truncated transfer.
pub async fn export(
    State(state): State<AppState>,
    _admin: AdminActor,
    mut query: QueryParams,
) -> Result<Response> {
    let mut issues = Vec::new();
    let order = query.take_string("order", &mut issues);
    let mut list = ListQuery::default();
    read_filters(&mut query, &mut list, &mut issues);
    query.finish(issues)?;
    if let Some(order) = order {
        list.set_order(&order)
            .map_err(|issue| Error::bad_order(issue.kind))?;
    }
    let mut export = admin_customers::export(&state, list).await?;
    let first = export.next_chunk(&state).await?.unwrap_or_default();
    let rest = stream::try_unfold((export, state), |(mut export, state)| async move {
        match export.next_chunk(&state).await {
            Ok(Some(chunk)) => Ok(Some((Bytes::from(chunk), (export, state)))),
            Ok(None) => Ok(None),
            Err(error) => {
                tracing::error!(%error, "the customer export stopped");
                Err(std::io::Error::other("the customer export stopped"))
            }
        }
    });
    let body = Body::from_stream(stream::once(async { Ok(Bytes::from(first)) }).chain(rest));
    let disposition = format!(
        "attachment; filename=\"{}\"",
        Export::file_name(chrono::Utc::now())
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
