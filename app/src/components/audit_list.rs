//! «Журнал изменений»: who changed the integration, when, and what.
use super::format::date_time_utc;
use crate::domain::AuditEntry;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn AuditList(entries: Vec<AuditEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="block" aria-labelledby="audit-title">
            <h2 id="audit-title">{t!(i18n, audit_title)}</h2>
            <ul class="audit" data-testid="audit-log">
                {entries
                    .into_iter()
                    .map(|entry| {
                        view! {
                            <li>
                                <time>{date_time_utc(entry.at)}</time>
                                " · "
                                {entry.who.unwrap_or_default()}
                                " · "
                                {audit_action(i18n, &entry.action)}
                                {(!entry.detail.is_empty()).then(|| format!(": {}", entry.detail))}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

fn audit_action(i18n: leptos_i18n::I18nContext<Locale>, action: &str) -> String {
    match action {
        "integration.key_checked" => t_string!(i18n, audit_integration_key_checked).to_string(),
        "integration.key_replaced" => t_string!(i18n, audit_integration_key_replaced).to_string(),
        "integration.settings_saved" => {
            t_string!(i18n, audit_integration_settings_saved).to_string()
        }
        "integration.activated" => t_string!(i18n, audit_integration_activated).to_string(),
        "integration.deactivated" => t_string!(i18n, audit_integration_deactivated).to_string(),
        "mapping.changed" => t_string!(i18n, audit_mapping_changed).to_string(),
        "chat.transferred" => t_string!(i18n, audit_chat_transferred).to_string(),
        "pms_token.issued" => t_string!(i18n, audit_pms_token_issued).to_string(),
        "pms_token.revoked" => t_string!(i18n, audit_pms_token_revoked).to_string(),
        other => other.to_owned(),
    }
}
