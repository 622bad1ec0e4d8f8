//! The customer's own pages.

mod addresses;
mod area;
mod forgot;
mod login;
mod orders;
mod password;
mod profile;
mod register;
mod reset;

pub use addresses::{AddressesPage, DeleteAddressPage, EditAddressPage, NewAddressPage};
pub use area::{AccountArea, AccountSection};
pub use forgot::ForgotPage;
pub use login::LoginPage;
pub use orders::{OrderDetailPage, OrdersPage};
pub use password::PasswordPage;
pub use profile::ProfilePage;
pub use register::RegisterPage;
pub use reset::ResetPage;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::session::SessionContext;

/// Redirects while the page is rendered on the server. In the browser, where the signed-in
/// state may be a moment stale right after signing in or out, nothing navigates on its own.
fn redirect_on_server(path: &'static str) {
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(path);
    #[cfg(not(feature = "ssr"))]
    let _ = path;
}

/// Sends a visitor who is already signed in from the sign-in and sign-up pages to their
/// account page.
#[component]
fn RedirectIfSignedIn() -> impl IntoView {
    let session = SessionContext::get();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let signed_in = session.customer.get().and_then(|c| c.ok().flatten()).is_some();
                if signed_in {
                    redirect_on_server("/account");
                }
            }}
        </Suspense>
    }
}

/// Shown instead of a page that needs a signed-in customer: the server answers with a
/// redirect to the sign-in page; the browser shows the way there.
#[component]
fn SignInRequired() -> impl IntoView {
    redirect_on_server("/account/login");
    view! {
        <section class="card narrow">
            <h1>"Please sign in"</h1>
            <p>"You need to be signed in to see your account."</p>
            <A href="/account/login" attr:class="button">"Sign in"</A>
        </section>
    }
}
