//! The frame every account page shares: a navigation between the account's sections, with
//! the current one marked, beside (or, on a phone, above) the page's own content.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::server_fns::Logout;

/// The sections of the account area, in the order the navigation lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountSection {
    Profile,
    Addresses,
    Orders,
    Password,
}

impl AccountSection {
    pub const ALL: [Self; 4] = [Self::Profile, Self::Addresses, Self::Orders, Self::Password];

    pub fn href(self) -> &'static str {
        match self {
            Self::Profile => "/account",
            Self::Addresses => "/account/addresses",
            Self::Orders => "/account/orders",
            Self::Password => "/account/password",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Profile => "Profile",
            Self::Addresses => "Addresses",
            Self::Orders => "Orders",
            Self::Password => "Password",
        }
    }
}

/// The account navigation around `children`. `current` is marked with
/// `aria-current="page"`, also on the section's sub-pages (an address being edited is
/// still under Addresses).
#[component]
pub fn AccountArea(current: AccountSection, children: Children) -> impl IntoView {
    let links = AccountSection::ALL
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
    view! {
        <div class="account-area">
            <nav class="account-nav" aria-label="Your account">
                <ul>
                    {links}
                    <li>
                        // A plain form, as in the header: signing out reloads the page.
                        <form method="post" action=Logout::url() class="inline-form">
                            <button type="submit" class="link-button">"Sign out"</button>
                        </form>
                    </li>
                </ul>
            </nav>
            <div class="account-content">{children()}</div>
        </div>
    }
}
