//! «Рассылки»: the service mailings, which appear once the integration is activated (F10).
use crate::api::mailing::mailings;
use crate::components::error_text::error_text;
use crate::domain::mailing::{MailingKind, MailingView};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn MailingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| mailings());
    view! {
        <h1>{t!(i18n, mailings_title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <div class="empty-state">
                            <p>{t!(i18n, mailings_empty)}</p>
                            <A href="/guests/contact-center">{t!(i18n, go_to_contact_center)}</A>
                        </div>
                    }.into_any(),
                    Ok(rows) => view! { <MailingTable rows /> }.into_any(),
                    Err(error) => view! { <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MailingTable(rows: Vec<MailingView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="table" data-testid="mailings">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, mailing_name)}</th>
                    <th scope="col">{t!(i18n, mailing_type)}</th>
                    <th scope="col">{t!(i18n, mailing_method)}</th>
                    <th scope="col">{t!(i18n, mailing_state)}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let kind = row.kind;
                    let active = row.active;
                    view! {
                        <tr>
                            <td>{move || match kind {
                                MailingKind::Welcome => t_string!(i18n, mailing_welcome),
                                MailingKind::Feedback => t_string!(i18n, mailing_feedback),
                                MailingKind::NonGuaranteed => t_string!(i18n, mailing_non_guaranteed),
                            }}</td>
                            <td>{t!(i18n, mailing_type_service)}</td>
                            <td>{t!(i18n, mailing_method_whatsapp_web)}</td>
                            <td>{move || if active { t_string!(i18n, mailing_on) } else { t_string!(i18n, mailing_off) }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
