//! Accessible form pieces: a labelled input with its inline error, and the form-level alert.

use leptos::prelude::*;

use crate::shared::PublicError;

/// A labelled input. `error` is the problem with this field, shown under it and announced.
#[component]
pub fn FormField(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(into)] error: Signal<Option<PublicError>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let message = move || error.get().and_then(|e| e.field_message(name));
    let has_hint = hint.is_some();
    let described_by = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>
                {label}
                {(!required).then(|| view! { <span class="optional">" (optional)"</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                value=value
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described_by
            />
            <Show when=move || message().is_some()>
                <p class="field-error" id=error_id.clone()>
                    {message}
                </p>
            </Show>
        </div>
    }
}

/// The form's summary message, announced to screen readers when it appears.
#[component]
pub fn FormAlert(#[prop(into)] error: Signal<Option<PublicError>>) -> impl IntoView {
    view! {
        <div class="form-alert-slot" role="alert">
            {move || {
                error.get().map(|error| view! { <p class="form-alert">{error.friendly()}</p> })
            }}
        </div>
    }
}
