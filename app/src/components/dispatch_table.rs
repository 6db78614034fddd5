//! A table of dispatches: a mailing's queue or a booking's timeline.
use super::dispatch_text::{mailing_name, reason_text, state_text};
use crate::domain::mailing::DispatchView;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn DispatchTable(
    rows: Vec<DispatchView>,
    #[prop(optional)] by_mailing: bool,
    test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="table" data-testid=test_id>
            <thead>
                <tr>
                    {if by_mailing {
                        view! { <th scope="col">{t!(i18n, mailing_name)}</th> }.into_any()
                    } else {
                        view! { <th scope="col">{t!(i18n, mailing_booking)}</th><th scope="col">{t!(i18n, mailing_guest)}</th> }.into_any()
                    }}
                    <th scope="col">{t!(i18n, mailing_dispatch_state)}</th>
                    <th scope="col">{t!(i18n, mailing_due)}</th>
                    <th scope="col">{t!(i18n, mailing_estimated)}</th>
                    <th scope="col">{t!(i18n, mailing_reason)}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let state = row.state;
                    let badge = format!("badge dispatch dispatch--{}", state.column_value());
                    let reason = row.reason;
                    let reason_at = row.reason_at.clone();
                    let detail = row.detail.clone();
                    let kind = row.kind;
                    view! {
                        <tr data-state=state.column_value()>
                            {if by_mailing {
                                view! { <td>{move || mailing_name(i18n, kind)}</td> }.into_any()
                            } else {
                                view! { <td>{row.booking_number.clone()}</td><td>{row.guest_name.clone()}</td> }.into_any()
                            }}
                            <td><span class=badge>{move || state_text(i18n, state)}</span></td>
                            <td>{row.due_at.clone().unwrap_or_default()}</td>
                            <td>{row.estimated_at.clone().or(row.sent_at.clone()).unwrap_or_default()}</td>
                            <td>
                                {move || reason.map(|reason| reason_text(i18n, reason, reason_at.as_deref())).unwrap_or_default()}
                                {detail.map(|detail| view! {
                                    <details class="dispatch-detail">
                                        <summary>{t!(i18n, dispatch_detail)}</summary>
                                        <code>{detail}</code>
                                    </details>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
