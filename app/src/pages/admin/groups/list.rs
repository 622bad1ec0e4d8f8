//! `/app/customer-groups`: the groups by name, searchable (a GET form, so the search is in
//! the address), each linking to its page, and the form that creates one.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::group_href;
use crate::{
    components::{FormAlert, FormField},
    pages::admin::{day, href_with, notice_for, range_label, AdminFrame, AdminSection, Pager},
    server_fns::admin::{
        groups::{list_groups, GROUPS_PER_PAGE},
        CreateGroup, GroupListPage,
    },
    session::action_error,
    shared::PublicError,
};

const LIST: &str = "/app/customer-groups";

#[component]
pub fn GroupsPage() -> impl IntoView {
    let create = ServerAction::<CreateGroup>::new();
    let query = use_query_map();
    let search = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("q").unwrap_or_default(),
                q.get("offset").unwrap_or_default(),
            )
        })
    });
    let groups = Resource::new(
        move || search.get(),
        |(q, offset)| async move { list_groups(q, offset).await },
    );
    let notice =
        move || query.with(|q| notice_for(q, &[("deleted", "The customer group was deleted.")]));
    view! {
        <Title text="Customer groups · Back office"/>
        <AdminFrame current=AdminSection::Groups>
            <h1>"Customer groups"</h1>
            <div role="status" class="status-slot">
                {move || notice().map(|text| view! { <p class="notice">{text}</p> })}
            </div>
            <CreateForm create/>
            <section class="bo-section" aria-labelledby="groups-heading">
                <h2 id="groups-heading">"All groups"</h2>
                <form method="get" action=LIST class="bo-filters" role="search" aria-label="Search customer groups">
                    <div class="field bo-search">
                        <label for="group-q">"Search by name"</label>
                        <input id="group-q" type="search" name="q" value=move || search.get().0/>
                    </div>
                    <div class="button-row">
                        <button type="submit" class="button">"Search"</button>
                        <a href=LIST class="button secondary">"Clear"</a>
                    </div>
                </form>
                <Transition fallback=|| view! { <p class="loading">"Loading groups…"</p> }>
                    {move || {
                        groups.get().map(|result| match result {
                            Ok(Some(page)) => {
                                let q = search.get_untracked().0;
                                view! { <GroupTable page q/> }.into_any()
                            }
                            Ok(None) => ().into_any(),
                            Err(error) => view! { <ListError error/> }.into_any(),
                        })
                    }}
                </Transition>
            </section>
        </AdminFrame>
    }
}

#[component]
fn CreateForm(create: ServerAction<CreateGroup>) -> impl IntoView {
    let error = action_error(create);
    let sent = error
        .get_untracked()
        .and_then(|e| e.submitted_value("name").map(str::to_owned))
        .unwrap_or_default();
    view! {
        <section class="card bo-section" aria-labelledby="create-heading">
            <h2 id="create-heading">"New group"</h2>
            <ActionForm action=create attr:class="bo-inline-form" attr:novalidate=true attr:aria-labelledby="create-heading">
                <FormAlert error=error/>
                <FormField label="Name" name="name" required=true value=sent error=error/>
                <button type="submit" class="button" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { "Creating…" } else { "Create group" }}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn GroupTable(page: GroupListPage, q: String) -> impl IntoView {
    let shown = page.groups.len();
    let position = range_label(page.offset, shown, page.count, ("group", "groups"));
    if shown == 0 {
        let text = if q.trim().is_empty() {
            view! { <p class="empty-state" data-testid="empty-state">"There are no customer groups yet. Create the first one above."</p> }.into_any()
        } else {
            view! {
                <p class="empty-state" data-testid="empty-state">
                    "No customer groups match. " <a href=LIST>"Show every group"</a>
                </p>
            }
            .into_any()
        };
        return text;
    }
    let rows = page
        .groups
        .into_iter()
        .map(|group| {
            let created = group.created_at;
            view! {
                <tr data-testid="group-row">
                    <th scope="row"><a href=group_href(group.id.as_str())>{group.name}</a></th>
                    <td><time datetime=created.to_rfc3339()>{day(&created)}</time></td>
                </tr>
            }
        })
        .collect_view();
    let href = Callback::new(move |offset: i64| {
        let offset = if offset > 0 {
            offset.to_string()
        } else {
            String::new()
        };
        href_with(LIST, &[("q", q.trim().to_owned()), ("offset", offset)])
    });
    view! {
        <p class="bo-count" data-testid="group-count">{position.clone()}</p>
        <table class="data-table bo-table">
            <caption class="visually-hidden">"Customer groups, by name"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Created"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager
            label="Pages of customer groups"
            offset=page.offset
            limit=GROUPS_PER_PAGE
            count=page.count
            position=position
            href=href
        />
    }
    .into_any()
}

#[component]
fn ListError(error: PublicError) -> impl IntoView {
    view! {
        <div class="form-alert" role="alert">
            <p>{error.friendly()}</p>
            <ul>{error.issues.iter().map(|issue| view! { <li>{issue.ui_message()}</li> }).collect_view()}</ul>
        </div>
        <p><a href=LIST>"Show every group"</a></p>
    }
}
