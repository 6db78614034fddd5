//! A dialog over the page: labelled, closable with its button or Escape.
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Modal(
    /// The dialog's heading (also its accessible name).
    title: Signal<String>,
    /// Called when the user closes the dialog.
    on_close: Callback<()>,
    /// The closing button's text; «Закрыть» by default.
    #[prop(optional, into)]
    close_label: Option<Signal<String>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    // Focus moves into the dialog when it opens, so Escape and Tab work at once.
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            let _ = button.focus();
        }
    });
    view! {
        <div class="modal-backdrop" on:click=move |_| on_close.run(())>
            <div
                class="modal"
                role="dialog"
                aria-modal="true"
                aria-labelledby="modal-title"
                on:click=|event| event.stop_propagation()
                on:keydown=move |event| {
                    if event.key() == "Escape" {
                        on_close.run(());
                    }
                }
            >
                <h2 id="modal-title">{move || title.get()}</h2>
                {children()}
                <div class="modal__actions">
                    <button type="button" class="button" node_ref=close_button on:click=move |_| on_close.run(())>
                        {move || match close_label {
                            Some(label) => label.get(),
                            None => t_string!(i18n, close).to_string(),
                        }}
                    </button>
                </div>
            </div>
        </div>
    }
}
