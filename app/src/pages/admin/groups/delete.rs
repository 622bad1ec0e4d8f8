//! `/app/customer-groups/{id}/delete`: the confirmation before a group is deleted. A page
//! of its own, so that it works the same with and without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{group_href, GroupError};
use crate::{
    components::FormAlert,
    pages::admin::{AdminFrame, AdminSection},
    server_fns::admin::{groups::get_group, DeleteGroup},
    session::action_error,
};

#[component]
pub fn DeleteGroupPage() -> impl IntoView {
    let delete = ServerAction::<DeleteGroup>::new();
    let error = action_error(delete);
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let page = Resource::new(
        move || id.get(),
        |id| async move { get_group(id, String::new(), String::new(), String::new()).await },
    );
    view! {
        <Title text="Delete customer group · Back office"/>
        <AdminFrame current=AdminSection::Groups>
            <p class="bo-breadcrumb"><a href="/app/customer-groups">"Customer groups"</a></p>
            <Transition fallback=|| view! { <p class="loading">"Loading the group…"</p> }>
                {move || {
                    page.get().map(|result| match result {
                        Ok(Some(page)) => {
                            let group = page.group;
                            let back = group_href(group.id.as_str());
                            let members = match page.member_count {
                                0 => "It has no members.".to_owned(),
                                1 => "Its 1 member stays a customer; only the membership ends.".to_owned(),
                                n => format!("Its {n} members stay customers; only their memberships end."),
                            };
                            view! {
                                <section class="card">
                                    <h1>{format!("Delete the group “{}”?", group.name)}</h1>
                                    <p>{members}</p>
                                    <p>"Deleting it cannot be undone."</p>
                                    <ActionForm action=delete attr:class="stack" attr:aria-label="Delete this customer group">
                                        <FormAlert error=error/>
                                        <input type="hidden" name="id" value=group.id.to_string()/>
                                        <div class="button-row">
                                            <button type="submit" class="button danger" disabled=move || delete.pending().get()>
                                                {move || if delete.pending().get() { "Deleting…" } else { "Delete group" }}
                                            </button>
                                            <a href=back class="button secondary">"Keep it"</a>
                                        </div>
                                    </ActionForm>
                                </section>
                            }
                            .into_any()
                        }
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <GroupError error/> }.into_any(),
                    })
                }}
            </Transition>
        </AdminFrame>
    }
}
