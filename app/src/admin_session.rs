//! The back office's view of who is signed in: the current admin, shared by the frame
//! around every `/app` page, fetched again whenever a page's action signs someone in.
//! Separate from [`crate::session::SessionContext`] because an admin and a customer are
//! different actors, each with its own slot in the session.

use leptos::prelude::*;

use crate::shared::{AdminUser, PublicError};

#[derive(Clone, Copy)]
pub struct AdminSessionContext {
    pub admin: Resource<Result<Option<AdminUser>, PublicError>>,
    changed: RwSignal<u64>,
}

impl AdminSessionContext {
    pub fn provide() -> Self {
        let changed = RwSignal::new(0);
        let admin = Resource::new(
            move || changed.get(),
            |_| async { crate::server_fns::admin::session::current_admin().await },
        );
        let context = Self { admin, changed };
        provide_context(context);
        context
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Fetches the admin again now.
    pub fn refresh(self) {
        self.changed.update(|n| *n += 1);
    }
}

/// A back-office page's server action, created where a no-JavaScript form's error (carried
/// in the URL) can reach it, and wired to fetch the signed-in admin again when it completes.
pub fn admin_action<I>() -> ServerAction<I>
where
    I: leptos::server_fn::ServerFn<Error = PublicError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    let action = ServerAction::<I>::new();
    let context = AdminSessionContext::get();
    Effect::new(move |_| {
        if action.version().get() > 0 {
            context.refresh();
        }
    });
    action
}
