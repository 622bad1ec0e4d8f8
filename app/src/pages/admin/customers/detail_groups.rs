//! The customer page's groups: the groups it is in, each with a button that removes it,
//! and a form that adds it to one of the groups it is not in yet.

use leptos::prelude::*;

use crate::{
    components::FormAlert,
    server_fns::admin::{AdminAddCustomerToGroup, AdminRemoveCustomerFromGroup, GroupOption},
    shared::Customer,
};

#[component]
pub fn GroupsSection(
    customer: Customer,
    joinable: Vec<GroupOption>,
    join: ServerAction<AdminAddCustomerToGroup>,
    leave: ServerAction<AdminRemoveCustomerFromGroup>,
) -> impl IntoView {
    let leave_error = Signal::derive(move || leave.value().get().and_then(Result::err));
    let join_error = Signal::derive(move || join.value().get().and_then(Result::err));
    let customer_id = customer.id.to_string();
    let in_groups = !customer.groups.is_empty();
    let joined = customer
        .groups
        .into_iter()
        .map(|group| {
            let href = format!("/app/customer-groups/{}", group.id);
            let name = group.name.clone();
            let customer_id = customer_id.clone();
            view! {
                <li class="bo-group" data-testid="customer-group">
                    <a href=href>{group.name.clone()}</a>
                    <ActionForm action=leave attr:class="inline-form">
                        <input type="hidden" name="customer_id" value=customer_id.clone()/>
                        <input type="hidden" name="group_id" value=group.id.to_string()/>
                        <button type="submit" class="button secondary small">
                            "Remove" <span class="visually-hidden">{format!(" from {name}")}</span>
                        </button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    let message = move || join_error.get().and_then(|e| e.field_message("group_id"));
    let choices = joinable
        .into_iter()
        .map(|group| view! { <option value=group.id>{group.name}</option> })
        .collect_view();
    view! {
        <section class="card bo-groups" aria-labelledby="groups-heading">
            <h2 id="groups-heading">"Groups"</h2>
            <FormAlert error=leave_error/>
            {if in_groups {
                view! { <ul class="bo-group-list" aria-labelledby="groups-heading">{joined}</ul> }.into_any()
            } else {
                view! { <p class="empty-state">"Not in any group."</p> }.into_any()
            }}
            <ActionForm action=join attr:class="bo-inline-form" attr:aria-label="Add to a group">
                <input type="hidden" name="customer_id" value=customer_id/>
                <div class="field" class:field-invalid=move || message().is_some()>
                    <label for="field-group_id">"Add to a group"</label>
                    <select
                        id="field-group_id"
                        name="group_id"
                        aria-invalid=move || message().is_some().then_some("true")
                        aria-describedby=move || message().is_some().then_some("field-group_id-error")
                    >
                        <option value="">"Choose a group"</option>
                        {choices}
                    </select>
                    <Show when=move || message().is_some()>
                        <p class="field-error" id="field-group_id-error">{message}</p>
                    </Show>
                    {move || join_error.get().filter(|e| e.issues.is_empty()).map(|e| view! {
                        <p class="field-error" role="alert">{e.friendly()}</p>
                    })}
                </div>
                <button type="submit" class="button secondary" disabled=move || join.pending().get()>"Add to group"</button>
            </ActionForm>
        </section>
    }
}
