//! The page-side view of who is signed in: the current customer, shared by the header and
//! every account page, fetched again whenever a page's action signs someone in or changes
//! the profile.

use leptos::prelude::*;

use crate::shared::{Customer, PublicError};

#[derive(Clone, Copy)]
pub struct SessionContext {
    pub customer: Resource<Result<Option<Customer>, PublicError>>,
    changed: RwSignal<u64>,
}

impl SessionContext {
    pub fn provide() -> Self {
        let changed = RwSignal::new(0);
        let customer = Resource::new(
            move || changed.get(),
            |_| async { crate::server_fns::account::current_customer().await },
        );
        let context = Self { customer, changed };
        provide_context(context);
        context
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Fetches the customer again now.
    pub fn refresh(self) {
        self.changed.update(|n| *n += 1);
    }

    /// Fetches the customer again each time `action` completes.
    pub fn refresh_after<I>(self, action: ServerAction<I>)
    where
        I: leptos::server_fn::ServerFn<Error = PublicError> + Clone + Send + Sync + 'static,
        I::Output: Clone + Send + Sync + 'static,
    {
        Effect::new(move |_| {
            if action.version().get() > 0 {
                self.changed.update(|n| *n += 1);
            }
        });
    }
}

/// A page's server action, created where a no-JavaScript form's error (carried in the URL)
/// can reach it, and wired to refresh the signed-in customer when it completes.
pub fn session_action<I>() -> ServerAction<I>
where
    I: leptos::server_fn::ServerFn<Error = PublicError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    let action = ServerAction::<I>::new();
    SessionContext::get().refresh_after(action);
    action
}

/// The last error of an action, if its last run failed.
pub fn action_error<I>(action: ServerAction<I>) -> Signal<Option<PublicError>>
where
    I: leptos::server_fn::ServerFn<Error = PublicError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}
