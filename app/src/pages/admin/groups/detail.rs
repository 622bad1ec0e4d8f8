//! `/app/customer-groups/{id}`: one group. Its name can be changed; its members are listed
//! (searchable, a page at a time) with a checkbox each to remove several at once; a search
//! for customers lists those who are not members yet with a checkbox each to add several
//! at once. Searches are GET forms (in the address), changes are plain POST forms.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{group_href, GroupError};
use crate::{
    components::{FormAlert, FormField},
    pages::admin::{
        customers::customer_href, href_with, notice_for, range_label, AdminFrame, AdminSection,
        Pager,
    },
    server_fns::admin::{
        groups::{get_group, Candidate, MEMBERS_PER_PAGE},
        AddGroupMembers, GroupDetailPage, RemoveGroupMembers, RenameGroup,
    },
    session::action_error,
    shared::{Customer, CustomerGroup},
};

/// The notices the page shows after a change, by query parameter.
const NOTICES: [(&str, &str); 4] = [
    ("created", "The customer group was created."),
    ("renamed", "The customer group was renamed."),
    ("added", "The selected customers were added."),
    ("removed", "The selected members were removed."),
];

/// What the page's address asks for besides the group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct View {
    members_q: String,
    members_offset: String,
    add_q: String,
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let rename = ServerAction::<RenameGroup>::new();
    let add = ServerAction::<AddGroupMembers>::new();
    let remove = ServerAction::<RemoveGroupMembers>::new();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let view_of = Memo::new(move |_| {
        query.with(|q| View {
            members_q: q.get("members_q").unwrap_or_default(),
            members_offset: q.get("members_offset").unwrap_or_default(),
            add_q: q.get("add_q").unwrap_or_default(),
        })
    });
    // Fetched again after every change, also when the change leads back to the same address.
    let page = Resource::new(
        move || {
            (
                id.get(),
                view_of.get(),
                rename.version().get() + add.version().get() + remove.version().get(),
            )
        },
        |(id, view, _)| async move {
            get_group(id, view.members_q, view.members_offset, view.add_q).await
        },
    );
    let notice = Signal::derive(move || query.with(|q| notice_for(q, &NOTICES)));
    view! {
        <AdminFrame current=AdminSection::Groups>
            <p class="bo-breadcrumb"><a href="/app/customer-groups">"Customer groups"</a></p>
            <Transition fallback=|| view! { <p class="loading">"Loading the group…"</p> }>
                {move || {
                    page.get().map(|result| match result {
                        Ok(Some(page)) => {
                            let view = view_of.get_untracked();
                            view! { <Group page view notice rename add remove/> }.into_any()
                        }
                        Ok(None) => ().into_any(),
                        Err(error) => view! {
                            <Title text="Customer group not found · Back office"/>
                            <GroupError error/>
                        }
                        .into_any(),
                    })
                }}
            </Transition>
        </AdminFrame>
    }
}

#[component]
fn Group(
    page: GroupDetailPage,
    view: View,
    notice: Signal<Option<&'static str>>,
    rename: ServerAction<RenameGroup>,
    add: ServerAction<AddGroupMembers>,
    remove: ServerAction<RemoveGroupMembers>,
) -> impl IntoView {
    let group = page.group.clone();
    let title = format!("{} · Customer groups · Back office", group.name);
    let delete_href = format!("{}/delete", group_href(group.id.as_str()));
    view! {
        <Title text=title/>
        <div class="heading-row">
            <h1 data-testid="group-name">{group.name.clone()}</h1>
            <a href=delete_href class="button danger">"Delete group"</a>
        </div>
        <div role="status" class="status-slot">
            {move || notice.get().map(|text| view! { <p class="notice">{text}</p> })}
        </div>
        <RenameForm group=group.clone() rename/>
        <Members page=page.clone() view=view.clone() remove/>
        <AddMembers group page view add/>
    }
}

#[component]
fn RenameForm(group: CustomerGroup, rename: ServerAction<RenameGroup>) -> impl IntoView {
    let error = action_error(rename);
    let name = error
        .get_untracked()
        .and_then(|e| e.submitted_value("name").map(str::to_owned))
        .unwrap_or_else(|| group.name.clone());
    view! {
        <section class="card bo-section" aria-labelledby="rename-heading">
            <h2 id="rename-heading">"Name"</h2>
            <ActionForm action=rename attr:class="bo-inline-form" attr:novalidate=true attr:aria-labelledby="rename-heading">
                <FormAlert error=error/>
                <input type="hidden" name="id" value=group.id.to_string()/>
                <FormField label="Group name" name="name" required=true value=name error=error/>
                <button type="submit" class="button" disabled=move || rename.pending().get()>
                    {move || if rename.pending().get() { "Saving…" } else { "Rename" }}
                </button>
            </ActionForm>
        </section>
    }
}

/// What a person reads for a customer: the name and the email.
fn who(customer: &Customer) -> (String, String) {
    let name = customer.display_name();
    let email = customer.email.clone().unwrap_or_default();
    (
        if name.is_empty() {
            "(no name)".to_owned()
        } else {
            name
        },
        email,
    )
}

#[component]
fn Members(
    page: GroupDetailPage,
    view: View,
    remove: ServerAction<RemoveGroupMembers>,
) -> impl IntoView {
    let error = action_error(remove);
    let base = group_href(page.group.id.as_str());
    let shown = page.members.len();
    let position = range_label(
        page.members_offset,
        shown,
        page.member_count,
        ("member", "members"),
    );
    let searching = !view.members_q.trim().is_empty();
    let rows = page
        .members
        .iter()
        .map(|customer| {
            let (name, email) = who(customer);
            let id = customer.id.to_string();
            let check_id = format!("remove-{id}");
            view! {
                <tr data-testid="member-row">
                    <td class="bo-check">
                        <input type="checkbox" id=check_id.clone() name="customer_ids[]" value=id.clone()/>
                        <label for=check_id class="visually-hidden">{format!("Select {name}")}</label>
                    </td>
                    <th scope="row"><a href=customer_href(&id)>{name.clone()}</a></th>
                    <td>{email}</td>
                </tr>
            }
        })
        .collect_view();
    let pager_base = base.clone();
    let pager_view = view.clone();
    let href = Callback::new(move |offset: i64| {
        let offset = if offset > 0 {
            offset.to_string()
        } else {
            String::new()
        };
        href_with(
            &pager_base,
            &[
                ("members_q", pager_view.members_q.trim().to_owned()),
                ("members_offset", offset),
                ("add_q", pager_view.add_q.trim().to_owned()),
            ],
        )
    });
    view! {
        <section class="card bo-section" aria-labelledby="members-heading">
            <h2 id="members-heading">"Members"</h2>
            <form method="get" action=base.clone() class="bo-filters" role="search" aria-label="Filter the members">
                <div class="field bo-search">
                    <label for="members-q">"Search the members"</label>
                    <input id="members-q" type="search" name="members_q" value=view.members_q.clone()/>
                </div>
                {(!view.add_q.is_empty()).then(|| view! { <input type="hidden" name="add_q" value=view.add_q.clone()/> })}
                <div class="button-row">
                    <button type="submit" class="button secondary">"Search"</button>
                </div>
            </form>
            <p class="bo-count" data-testid="member-count">{position.clone()}</p>
            {if shown == 0 {
                let text = if searching { "No members match." } else { "This group has no members yet. Find customers to add below." };
                view! { <p class="empty-state">{text}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=remove attr:class="stack" attr:aria-labelledby="members-heading">
                        <FormAlert error=error/>
                        <input type="hidden" name="id" value=page.group.id.to_string()/>
                        <table class="data-table bo-table" data-testid="member-table">
                            <caption class="visually-hidden">"Members of this group, by email"</caption>
                            <thead>
                                <tr>
                                    <th scope="col" class="bo-check"><span class="visually-hidden">"Select"</span></th>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Email"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <div class="button-row">
                            <button type="submit" class="button danger" disabled=move || remove.pending().get()>
                                {move || if remove.pending().get() { "Removing…" } else { "Remove selected" }}
                            </button>
                        </div>
                    </ActionForm>
                    <Pager
                        label="Pages of members"
                        offset=page.members_offset
                        limit=MEMBERS_PER_PAGE
                        count=page.member_count
                        position=position
                        href=href
                    />
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn AddMembers(
    group: CustomerGroup,
    page: GroupDetailPage,
    view: View,
    add: ServerAction<AddGroupMembers>,
) -> impl IntoView {
    let error = action_error(add);
    let base = group_href(group.id.as_str());
    let results = page.candidates.map(|candidates| {
        if candidates.is_empty() {
            return view! { <p class="empty-state">"No customers match."</p> }.into_any();
        }
        let rows = candidates
            .into_iter()
            .map(|Candidate { customer, is_member }| {
                let (name, email) = who(&customer);
                let id = customer.id.to_string();
                let check_id = format!("add-{id}");
                let select = if is_member {
                    view! { <span class="badge">"Member"</span> }.into_any()
                } else {
                    view! {
                        <input type="checkbox" id=check_id.clone() name="customer_ids[]" value=id.clone()/>
                        <label for=check_id class="visually-hidden">{format!("Select {name}")}</label>
                    }
                    .into_any()
                };
                view! {
                    <tr data-testid="candidate-row">
                        <td class="bo-check">{select}</td>
                        <th scope="row"><a href=customer_href(&id)>{name.clone()}</a></th>
                        <td>{email}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <ActionForm action=add attr:class="stack" attr:aria-labelledby="add-heading">
                <FormAlert error=error/>
                <input type="hidden" name="id" value=group.id.to_string()/>
                <table class="data-table bo-table" data-testid="candidate-table">
                    <caption class="visually-hidden">"Customers found"</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="bo-check"><span class="visually-hidden">"Select"</span></th>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <div class="button-row">
                    <button type="submit" class="button" disabled=move || add.pending().get()>
                        {move || if add.pending().get() { "Adding…" } else { "Add selected" }}
                    </button>
                </div>
            </ActionForm>
        }
        .into_any()
    });
    view! {
        <section class="card bo-section" aria-labelledby="add-heading">
            <h2 id="add-heading">"Add customers"</h2>
            <form method="get" action=base class="bo-filters" role="search" aria-label="Find customers to add">
                <div class="field bo-search">
                    <label for="add-q">"Find customers"</label>
                    <input id="add-q" type="search" name="add_q" value=view.add_q.clone()
                        placeholder="Name, email, company or phone"/>
                </div>
                {(!view.members_q.is_empty()).then(|| view! { <input type="hidden" name="members_q" value=view.members_q.clone()/> })}
                <div class="button-row">
                    <button type="submit" class="button secondary">"Find"</button>
                </div>
            </form>
            {results}
        </section>
    }
}
