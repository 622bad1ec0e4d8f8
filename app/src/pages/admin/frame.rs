//! The frame of every back-office page but the sign-in page: a top bar with the signed-in
//! admin and the sign-out button, the side navigation with the current section marked, and
//! the page's main landmark (the skip link's target). Nobody but a signed-in admin gets
//! past it: anyone else (a signed-in customer too) is sent to `/app/login`, with the page
//! they asked for kept in `next`.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::{
    components::{Outlet, Redirect},
    hooks::use_location,
};

use super::{href_with, redirect_on_server};
use crate::{
    admin_session::AdminSessionContext, server_fns::admin::AdminLogout, shared::AdminUser,
};

/// The sections of the back office, in the order the navigation lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminSection {
    Customers,
    Groups,
}

impl AdminSection {
    pub const ALL: [Self; 2] = [Self::Customers, Self::Groups];

    pub fn href(self) -> &'static str {
        match self {
            Self::Customers => "/app/customers",
            Self::Groups => "/app/customer-groups",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Customers => "Customers",
            Self::Groups => "Customer groups",
        }
    }
}

/// The parent route of every `/app` page: the back office's own session view, and none of
/// the shop's header.
#[component]
pub fn BackOffice() -> impl IntoView {
    AdminSessionContext::provide();
    view! { <Outlet/> }
}

/// `/app`: the back office starts at the customer list.
#[component]
pub fn BackOfficeHome() -> impl IntoView {
    view! { <Redirect path="/app/customers"/> }
}

/// What the frame calls an admin: the name, else the email.
fn admin_name(admin: &AdminUser) -> String {
    let name = [admin.first_name.as_deref(), admin.last_name.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        admin.email.clone()
    } else {
        name
    }
}

/// The frame around `children`, shown to a signed-in admin only. `current` is marked in the
/// navigation with `aria-current="page"`, also on the section's sub-pages.
#[component]
pub fn AdminFrame(current: AdminSection, children: ChildrenFn) -> impl IntoView {
    let session = AdminSessionContext::get();
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                let children = children.clone();
                session
                    .admin
                    .get()
                    .map(move |admin| match admin {
                        Ok(Some(admin)) => view! {
                            <Shell admin current>{children()}</Shell>
                        }
                        .into_any(),
                        Ok(None) => view! { <SignInRequired/> }.into_any(),
                        Err(error) => view! {
                            <main id="main" class="bo-login" tabindex="-1">
                                <p class="form-alert" role="alert">{error.friendly()}</p>
                            </main>
                        }
                        .into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Shell(admin: AdminUser, current: AdminSection, children: Children) -> impl IntoView {
    let links = AdminSection::ALL
        .into_iter()
        .map(|section| {
            let here = section == current;
            view! {
                <li>
                    <a href=section.href() aria-current=here.then_some("page")>
                        {section.label()}
                    </a>
                </li>
            }
        })
        .collect_view();
    let name = admin_name(&admin);
    let show_email = name != admin.email;
    view! {
        <div class="bo-shell">
            <header class="bo-topbar">
                <a class="skip-link" href="#main">"Skip to content"</a>
                <a href="/app/customers" class="bo-brand">"Back office"</a>
                <div class="bo-user">
                    <span class="bo-user-name" data-testid="admin-name">
                        <span class="visually-hidden">"Signed in as "</span>
                        {name}
                    </span>
                    {show_email.then(|| view! { <span class="bo-user-email">{admin.email.clone()}</span> })}
                    // A plain form: signing out reloads the page, leaving no signed-in
                    // state behind in the browser.
                    <form method="post" action=AdminLogout::url() class="inline-form">
                        <button type="submit" class="button secondary small">"Sign out"</button>
                    </form>
                </div>
            </header>
            <nav class="bo-nav" aria-label="Back office">
                <ul>{links}</ul>
            </nav>
            <main id="main" class="bo-main" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}

/// Shown instead of a page to anyone who is not a signed-in admin: the server answers with
/// a redirect to the sign-in page, which comes back here afterwards; the browser shows the
/// way there.
#[component]
fn SignInRequired() -> impl IntoView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let here = if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    };
    let login = href_with("/app/login", &[("next", here)]);
    redirect_on_server(&login);
    view! {
        <main id="main" class="bo-login" tabindex="-1">
            <section class="card narrow">
                <h1>"Please sign in"</h1>
                <p>"The back office is for shop staff. Sign in with your admin account."</p>
                <a href=login class="button">"Sign in"</a>
            </section>
        </main>
    }
}
