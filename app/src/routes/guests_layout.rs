//! The shell of «Управление гостями» → «Мои гости»: breadcrumbs, user, language, tabs.
use crate::api::auth::{sign_in_path, SignOut};
use crate::api::session::current_session;
use crate::components::chat_feed::use_chat_feed;
use crate::components::language_switch::LanguageSwitch;
use crate::domain::{Role, SessionView};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_navigate};

#[component]
pub fn GuestsLayout() -> impl IntoView {
    let i18n = use_i18n();
    let session = Resource::new(|| (), |_| current_session());
    let sign_out = ServerAction::<SignOut>::new();
    // Without a session (it ended while the page was open, or the user signed
    // out elsewhere) the user signs in again and comes back here.
    let location = use_location();
    Effect::new(move |_| {
        if let Some(Err(AppError::Unauthorized)) = session.get() {
            let target = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            use_navigate()(&sign_in_path(&target, false), Default::default());
        }
    });
    let feed = use_chat_feed().unwrap_or_default();
    // Only users who may work in the chats follow them.
    Effect::new(move |_| {
        if let Some(Ok(session)) = session.get() {
            if session.chats {
                feed.notice_title
                    .set_value(t_string!(i18n, chats_notice_title).to_string());
                feed.start();
            }
        }
    });
    let unread = move || feed.total();
    view! {
        <div class="shell">
            <header class="topbar">
                <nav class="breadcrumbs" aria-label="breadcrumbs">
                    <span>{t!(i18n, nav_guest_management)}</span>
                    <span aria-hidden="true">" › "</span>
                    <span>{t!(i18n, nav_my_guests)}</span>
                </nav>
                <div class="topbar__user">
                    <Transition fallback=move || view! { <span>{t!(i18n, loading)}</span> }>
                        {move || Suspend::new(async move {
                            session.await.ok().map(|session| view! { <UserBadge session /> })
                        })}
                    </Transition>
                    <LanguageSwitch />
                    <ActionForm action=sign_out>
                        <button type="submit" class="button button--ghost">{t!(i18n, sign_out)}</button>
                    </ActionForm>
                </div>
            </header>
            <nav class="tabs" aria-label=move || t_string!(i18n, nav_sections)>
                <A href="/guests/contact-center">{t!(i18n, tab_contact_center)}</A>
                <A href="/guests/mailings">{t!(i18n, tab_mailings)}</A>
                <A href="/guests/chats">
                    <span class="tabs__label">{t!(i18n, tab_chats)}</span>
                    <Show when=move || { unread() > 0 }>
                        <span class="badge badge--count" data-testid="unread-badge" aria-label=move || {
                            let count = unread();
                            t_string!(i18n, chats_unread_label, count).to_string()
                        }>{unread}</span>
                    </Show>
                </A>
            </nav>
            <main class="content">
                <Outlet />
            </main>
        </div>
    }
}

#[component]
fn UserBadge(session: SessionView) -> impl IntoView {
    let i18n = use_i18n();
    let role = session.role;
    view! {
        <span class="topbar__who" data-testid="current-user">
            <strong>{session.user_name}</strong>
            " · "
            {move || match role {
                Role::Admin => t_string!(i18n, role_admin),
                Role::Staff => t_string!(i18n, role_staff),
            }}
            " · "
            <span data-testid="current-property">{session.property_name}</span>
        </span>
    }
}
