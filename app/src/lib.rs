//! The Contact Center app: domain types, UI and server functions, shared by the
//! server (feature `ssr`) and the browser bundle (feature `hydrate`).
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod ssr;

use i18n::I18nContextProvider;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

/// The header a rendered page reports its script nonce in; the server's
/// security headers turn it into the page's `Content-Security-Policy`.
pub const CSP_NONCE_HEADER: &str = "x-csp-nonce";

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    report_nonce();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Tells the server's security headers which nonce this page's inline
/// scripts carry (Leptos generates one per rendered page).
#[cfg(feature = "ssr")]
fn report_nonce() {
    let nonce = leptos::nonce::use_nonce();
    let options = use_context::<leptos_axum::ResponseOptions>();
    if let (Some(nonce), Some(options)) = (nonce, options) {
        if let Ok(value) = axum::http::HeaderValue::from_str(&nonce) {
            options.insert_header(axum::http::HeaderName::from_static(CSP_NONCE_HEADER), value);
        }
    }
}

/// The app: routes of «Управление гостями» → «Мои гости» and sign-in.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(components::chat_feed::ChatFeed::new());
    // Tests wait for this mark: before it, clicks on server-rendered buttons do nothing.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <I18nContextProvider ssr_lang_header_getter=russian_unless_chosen()>
            <Stylesheet id="leptos" href="/pkg/contact_center.css" />
            <PageTitle />
            <Router>
                <components::host_bridge::HostBridge />
                <Routes fallback=routes::not_found::NotFoundPage>
                    <Route path=path!("/login") view=routes::login::LoginPage />
                    <ParentRoute path=path!("/guests") view=routes::guests_layout::GuestsLayout>
                        <Route path=path!("contact-center") view=routes::contact_center::ContactCenterPage />
                        <Route
                            path=path!("contact-center/intellectdialog")
                            view=routes::integration_settings::IntegrationSettingsPage
                        />
                        <Route path=path!("mailings") view=routes::mailings::MailingsPage />
                        <Route path=path!("mailings/:kind") view=routes::mailing::MailingPage />
                        <Route path=path!("chats") view=routes::chats::ChatsPage />
                        <Route path=path!("") view=|| view! { <Redirect path="/guests/contact-center" /> } />
                    </ParentRoute>
                    <Route path=path!("/") view=|| view! { <Redirect path="/guests/contact-center" /> } />
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// The browser tab's title, in the chosen language.
///
/// On the server the title is read when the page's first chunk goes out, which
/// can be after the reactive owner of this request is gone; a closure reading
/// the language signal then panicked ("Tried to access a reactive value that
/// has already been disposed"). So the server renders it once, as text, while
/// the browser keeps it following the language switch.
#[component]
fn PageTitle() -> impl IntoView {
    let i18n = i18n::use_i18n();
    let title = move || {
        format!(
            "{} · {}",
            i18n::t_string!(i18n, product_name),
            i18n::t_string!(i18n, nav_my_guests)
        )
    };
    let text: leptos::text_prop::TextProp = if cfg!(feature = "ssr") {
        title().into()
    } else {
        title.into()
    };
    view! { <Title text /> }
}

/// The UI is Russian until the user picks another language (kept in a cookie),
/// whatever the browser's `Accept-Language` says.
fn russian_unless_chosen() -> leptos_use::UseLocalesOptions {
    leptos_use::UseLocalesOptions::default().ssr_lang_header_getter(|| None)
}
