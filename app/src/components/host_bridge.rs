//! The app inside a host page's iframe: tells the host which page is open
//! (and, through [`HostLink::post`], anything else it should show), obeys its
//! navigation requests, and keeps the language choice in a cookie that works
//! in the frame. Messages go to and come from the allowed host origins only.
//!
//! Protocol (`postMessage`, structured JSON objects):
//! - app → host: `{source: "contact-center", type: "page", title, path}` and
//!   `{source: "contact-center", type: "unread", count}`;
//! - host → app: `{target: "contact-center", type: "navigate", path}` where
//!   `path` is a page of the app (`/guests/...`).
use crate::api::auth::safe_next;
use crate::api::embedding::host_origins;
use crate::i18n::use_i18n;
use leptos::ev;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsValue;
use leptos_i18n::Locale as _;
use leptos_router::hooks::{use_location, use_navigate};

/// The way to the host page: its origin, known once it proved to be an
/// allowed one. Components get it with [`use_host`].
#[derive(Clone, Copy)]
pub struct HostLink(RwSignal<Option<String>>);

/// The host link, when the app is inside [`HostBridge`].
pub fn use_host() -> Option<HostLink> {
    use_context::<HostLink>()
}

#[component]
pub fn HostBridge() -> impl IntoView {
    let host = HostLink(RwSignal::new(None));
    provide_context(host);
    // Only in a frame, and only in the browser (effects never run on the server).
    Effect::new(move |_| {
        if !in_frame() {
            return;
        }
        leptos::task::spawn_local(async move {
            let parent = parent_origin();
            match host_origins().await {
                Ok(allowed) => host.0.set(parent.filter(|origin| allowed.contains(origin))),
                Err(error) => leptos::logging::warn!("host origins unavailable: {error}"),
            }
        });
    });
    let location = use_location();
    let i18n = use_i18n();
    Effect::new(move |_| {
        let path = location.pathname.get();
        let _ = i18n.get_locale();
        if host.0.get().is_some() {
            // After the page (and its active tab) has rendered.
            request_animation_frame(move || post_page(host, &path));
        }
    });
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        if in_frame() {
            remember_locale_in_frame(locale.as_str());
        }
    });
    // The unread count of the dialogs the user may see, for the host's badge.
    if let Some(feed) = super::chat_feed::use_chat_feed() {
        Effect::new(move |_| {
            let count = feed.total();
            if host.0.get().is_some() {
                host.post("unread", &[("count", JsValue::from_f64(count as f64))]);
            }
        });
    }
    let navigate = use_navigate();
    let _listener = window_event_listener(ev::message, move |event| {
        let Some(expected) = host.0.get_untracked() else {
            return;
        };
        if event.origin() != expected {
            return;
        }
        let data = event.data();
        if field(&data, "target").as_deref() != Some("contact-center")
            || field(&data, "type").as_deref() != Some("navigate")
        {
            return;
        }
        if let Some(path) = field(&data, "path") {
            let path = safe_next(Some(&path));
            if path.starts_with("/guests") {
                navigate(path, Default::default());
            }
        }
    });
}

impl HostLink {
    /// Sends `{source: "contact-center", type: kind, …fields}` to the host
    /// page, if the app is framed by an allowed host.
    pub fn post(self, kind: &str, fields: &[(&str, JsValue)]) {
        let Some(origin) = self.0.get_untracked() else {
            return;
        };
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"source".into(), &"contact-center".into());
        let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
        for (name, value) in fields {
            let _ = js_sys::Reflect::set(&message, &(*name).into(), value);
        }
        if let Ok(Some(parent)) = window().parent() {
            let _ = parent.post_message(&message, &origin);
        }
    }
}

fn post_page(host: HostLink, path: &str) {
    let document = document();
    // The label only, without an unread badge.
    let tab = [
        "nav.tabs a[aria-current=page] .tabs__label",
        "nav.tabs a[aria-current=page]",
    ]
    .into_iter()
    .find_map(|selector| document.query_selector(selector).ok().flatten())
    .and_then(|link| link.text_content());
    let title = tab
        .map(|tab| tab.trim().to_owned())
        .unwrap_or_else(|| document.title());
    host.post("page", &[("title", title.into()), ("path", path.into())]);
}

/// True when the app is inside another page's frame.
pub fn in_frame() -> bool {
    let window = window();
    match window.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(window.as_ref(), parent.as_ref()),
        _ => false,
    }
}

/// The framing page's origin as the browser reports it.
fn parent_origin() -> Option<String> {
    // `location.ancestorOrigins` (Chromium, Safari), else the referrer.
    let ancestors = js_sys::Reflect::get(&window().location(), &"ancestorOrigins".into()).ok();
    let first = ancestors
        .filter(|list| !list.is_undefined() && !list.is_null())
        .and_then(|list| js_sys::Reflect::get(&list, &0.into()).ok())
        .and_then(|origin| origin.as_string());
    first.or_else(|| {
        let referrer = document().referrer();
        web_sys::Url::new(&referrer).ok().map(|url| url.origin())
    })
}

/// In a cross-site frame only a partitioned `SameSite=None; Secure` cookie
/// persists; leptos_i18n writes a first-party one, so write ours too.
fn remember_locale_in_frame(locale: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = document.set_cookie(&format!(
            "i18n_pref_locale={locale}; Path=/; Max-Age=31536000; SameSite=None; Secure; Partitioned"
        ));
    }
}

fn field(data: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(data, &name.into())
        .ok()
        .and_then(|value| value.as_string())
}
