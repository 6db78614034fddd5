//! The notice on the «Рассылки» pages while the subscription is missing a
//! part: the mailings are held, and why.
use super::error_text::parts_text;
use crate::domain::SubscriptionPart;
use crate::i18n::*;
use leptos::prelude::*;

/// While the subscription is missing a part, the mailings are held: says
/// which part, and what becomes of the planned messages.
#[component]
pub fn HeldNotice(missing: Vec<SubscriptionPart>) -> impl IntoView {
    let i18n = use_i18n();
    (!missing.is_empty()).then(|| {
        let parts = StoredValue::new(missing);
        view! {
            <p class="notice notice--warning" role="status" data-testid="mailings-held">
                {move || {
                    let parts = parts.with_value(|parts| parts_text(i18n, parts));
                    t_string!(i18n, mailings_held, parts).to_string()
                }}
            </p>
        }
    })
}
