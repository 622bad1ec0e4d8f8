//! The HTML shell and the page route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Outlet, ParentRoute, Route, Router, Routes},
    path, SsrMode,
};

use crate::{
    components::Header,
    pages::{
        account::{
            AddressesPage, DeleteAddressPage, EditAddressPage, ForgotPage, LoginPage,
            NewAddressPage, OrderDetailPage, OrdersPage, PasswordPage, ProfilePage, RegisterPage,
            ResetPage,
        },
        admin::{
            customers::{
                CustomerDeleteAddressPage, CustomerDeletePage, CustomerDetailPage,
                CustomerEditAddressPage, CustomerNewAddressPage, CustomerOrderPage,
            },
            AdminLoginPage, BackOffice, BackOfficeHome, CustomersPage, DeleteGroupPage, GroupPage,
            GroupsPage, NewCustomerPage,
        },
        HomePage, NotFoundPage,
    },
    session::SessionContext,
};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Only our own scripts run: the inline hydration script carries this response's nonce,
/// and WebAssembly may be compiled (`wasm-unsafe-eval`); nothing may frame the page.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        nonce.as_inner()
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Every page is rendered completely before it is sent (`SsrMode::Async`), so it works
/// without JavaScript and can answer with a redirect or a status code.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects run only in the browser: this flips once the page has hydrated.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));

    view! {
        <Stylesheet id="leptos" href="/pkg/customer-accounts.css"/>
        <Title text="Customer accounts"/>
        <Router>
            <div class="app" data-hydrated=move || hydrated.get().to_string()>
                <Layout/>
            </div>
        </Router>
    }
}

/// The route table. The shop's pages share the site header; the back office (`/app`) has
/// a frame of its own and none of the shop's header.
#[component]
fn Layout() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <Storefront><NotFoundPage/></Storefront> }>
            <ParentRoute path=path!("/app") view=BackOffice>
                <Route path=path!("") view=BackOfficeHome ssr=SsrMode::Async/>
                <Route path=path!("login") view=AdminLoginPage ssr=SsrMode::Async/>
                <Route path=path!("customers") view=CustomersPage ssr=SsrMode::Async/>
                // "new" is listed before ":id", which would match it too.
                <Route path=path!("customers/new") view=NewCustomerPage ssr=SsrMode::Async/>
                <Route path=path!("customers/:id") view=CustomerDetailPage ssr=SsrMode::Async/>
                <Route path=path!("customers/:id/delete") view=CustomerDeletePage ssr=SsrMode::Async/>
                <Route path=path!("customers/:id/addresses/new") view=CustomerNewAddressPage ssr=SsrMode::Async/>
                <Route path=path!("customers/:id/addresses/:address_id") view=CustomerEditAddressPage ssr=SsrMode::Async/>
                <Route path=path!("customers/:id/addresses/:address_id/delete") view=CustomerDeleteAddressPage ssr=SsrMode::Async/>
                <Route path=path!("customers/:id/orders/:order_id") view=CustomerOrderPage ssr=SsrMode::Async/>
                <Route path=path!("customer-groups") view=GroupsPage ssr=SsrMode::Async/>
                <Route path=path!("customer-groups/:id") view=GroupPage ssr=SsrMode::Async/>
                <Route path=path!("customer-groups/:id/delete") view=DeleteGroupPage ssr=SsrMode::Async/>
            </ParentRoute>
            <ParentRoute path=path!("") view=StorefrontPages>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/account") view=ProfilePage ssr=SsrMode::Async/>
                <Route path=path!("/account/orders") view=OrdersPage ssr=SsrMode::Async/>
                <Route path=path!("/account/orders/:id") view=OrderDetailPage ssr=SsrMode::Async/>
                <Route path=path!("/account/addresses") view=AddressesPage ssr=SsrMode::Async/>
                // "new" is listed before ":id", which would match it too.
                <Route path=path!("/account/addresses/new") view=NewAddressPage ssr=SsrMode::Async/>
                <Route path=path!("/account/addresses/:id") view=EditAddressPage ssr=SsrMode::Async/>
                <Route path=path!("/account/addresses/:id/delete") view=DeleteAddressPage ssr=SsrMode::Async/>
                <Route path=path!("/account/password") view=PasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/account/forgot") view=ForgotPage ssr=SsrMode::Async/>
                <Route path=path!("/account/reset") view=ResetPage ssr=SsrMode::Async/>
                <Route path=path!("/account/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/account/register") view=RegisterPage ssr=SsrMode::Async/>
            </ParentRoute>
        </Routes>
    }
}

/// The parent route of the shop's pages.
#[component]
fn StorefrontPages() -> impl IntoView {
    view! {
        <Storefront>
            <Outlet/>
        </Storefront>
    }
}

/// The shop's frame: the header and the main landmark. Inside the router, where a
/// no-JavaScript form's error (carried in the URL) is known, so the session's actions start
/// out holding it.
#[component]
fn Storefront(children: Children) -> impl IntoView {
    SessionContext::provide();
    view! {
        <Header/>
        <main id="main" tabindex="-1">
            {children()}
        </main>
    }
}
