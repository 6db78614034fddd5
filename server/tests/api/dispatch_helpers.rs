//! A test app with the scheduler driven by hand on a virtual clock, its
//! integration activated against the in-process emulator.
use crate::helpers::{spawn_app_with, TestApp, VOLNA_ADMIN};
use app::domain::mailing::MailingKind;
use app::domain::sender_policy::SendingPolicy;
use app::domain::PropertyId;
use app::ssr::dispatch::plan::local_to_ms;
use app::ssr::dispatch::planning;
use app::ssr::dispatch::{Dispatcher, ManualClock};
use reqwest::Method;
use serde_json::{json, Value};
use std::sync::Arc;

pub const MOSCOW: &str = "Europe/Moscow";
pub const BRIZ_ADMIN: (&str, &str) = ("admin@briz.example", "Briz-Admin-2026");
pub const SECOND_API_KEY: &str = "idk-demo-sever-0a9b8c7d6e5f4321";
pub const DEMO_API_KEY: &str = "idk-demo-volna-6f1d2c9a8b7e4f30";

/// Local Moscow time as unix ms.
pub fn at(local: &str) -> i64 {
    local_to_ms(local, MOSCOW).expect("a local time")
}

/// The Moscow date `days` after today (of the wall clock), `YYYY-MM-DD`:
/// for tests whose server functions stamp changes with the real time.
pub fn moscow_date_in(days: i64) -> String {
    let now = app::ssr::clock::now_ms() + days * 86_400_000;
    app::domain::local_time::local_day(now, MOSCOW)
}

/// RFC 3339 of unix ms.
pub fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .expect("an instant")
        .to_string()
}

pub struct Scheduled {
    pub app: TestApp,
    pub clock: Arc<ManualClock>,
    pub dispatcher: Dispatcher,
}

/// An app with «Волна» connected (demo key, WhatsApp provider) and activated,
/// the scheduler off in the background, a virtual clock at `start`.
pub async fn scheduled_app(start: i64) -> Scheduled {
    scheduled_app_with(start, |_| {}).await
}

pub async fn scheduled_app_with(
    start: i64,
    configure: impl FnOnce(&mut app::ssr::config::Settings),
) -> Scheduled {
    let app = spawn_app_with(|settings| {
        settings.dispatch.enabled = false;
        configure(settings);
    })
    .await;
    // The demo bookings live around the real today; these tests bring their own.
    app::on_db!(&app.db, pool => sqlx::query("DELETE FROM bookings").execute(pool).await.map(|_| ()))
        .expect("demo bookings removed");
    activate(&app, VOLNA_ADMIN, DEMO_API_KEY).await;
    // These tests are about spacing and exactly-once; the protection's own
    // rules (caps, warm-up, window) have their tests, which set them.
    set_policy(&app, 1, &unrestricted()).await;
    let clock = Arc::new(ManualClock::at(start));
    let dispatcher = Dispatcher::new(app.state.clone(), clock.clone(), Arc::default());
    Scheduled {
        app,
        clock,
        dispatcher,
    }
}

/// A policy that only spaces sends: no caps, no warm-up, any hour, and the
/// number never pauses itself.
pub fn unrestricted() -> SendingPolicy {
    SendingPolicy::uncapped()
}

/// Stores the sending policy of the chosen number of property `property_id`
/// (behind the UI's checks, so a test may lift every cap).
pub async fn set_policy(app: &TestApp, property_id: i64, policy: &SendingPolicy) {
    let sql = "INSERT INTO senders (property_id, provider_id, policy) \
               SELECT property_id, provider_id, $2 FROM integrations WHERE property_id = $1 \
               ON CONFLICT (property_id, provider_id) DO UPDATE SET policy = excluded.policy";
    let json = serde_json::to_string(policy).expect("a policy");
    app::on_db!(&app.db, pool => sqlx::query(sql).bind(property_id).bind(json).execute(pool).await.map(|_| ()))
        .expect("policy stored");
}

/// Connects and activates the integration of the property `admin` belongs to.
pub async fn activate(app: &TestApp, admin: (&str, &str), key: &str) {
    let browser = app.second_browser();
    browser.sign_in(admin).await;
    let view = browser
        .check_api_key(key, 0, false)
        .await
        .expect("the key is accepted");
    let provider = browser
        .providers()
        .await
        .expect("providers")
        .into_iter()
        .find(|provider| provider.usable_for_mailings)
        .expect("a WhatsApp Web provider");
    let view = browser
        .save_settings(&provider.id, 60, view.version)
        .await
        .expect("settings saved");
    browser
        .set_active(true, view.version)
        .await
        .expect("activated");
}

impl Scheduled {
    /// Switches a mailing of «Волна» on with its default settings.
    pub async fn switch_on(&self, kind: MailingKind) {
        assert!(planning::change_mailing(
            &self.app.db,
            PropertyId(1),
            kind,
            true,
            None,
            self.clock.now()
        )
        .await
        .expect("stored"));
    }

    /// Sets the spacing between two sends from one number, in seconds.
    pub async fn set_interval(&self, property_id: i64, seconds: i64) {
        let sql = "UPDATE integrations SET send_interval_secs = $1 WHERE property_id = $2";
        app::on_db!(&self.app.db, pool => sqlx::query(sql).bind(seconds).bind(property_id).execute(pool).await.map(|_| ()))
            .expect("updated");
    }

    /// Runs the scheduler every `step` ms from now until `until`, the
    /// emulator stamping sends with the same virtual time.
    pub async fn run_until(&self, until: i64, step: i64) {
        let emulator = self.app.emulator();
        while self.clock.now() <= until {
            emulator
                .control(Method::PUT, "/clock", json!({ "now_ms": self.clock.now() }))
                .await;
            self.dispatcher.tick().await.expect("a tick");
            self.clock.advance(step);
        }
    }

    /// Another server instance on the same database, with its own scheduler
    /// on the same virtual clock.
    pub async fn second_instance(&self) -> Dispatcher {
        let mut settings = (*self.app.state.settings).clone();
        settings.server.address = "127.0.0.1:0".to_owned();
        // Both instances talk to the same IntellectDialog: the first one's emulator.
        settings.emulator.enabled = false;
        settings.demo.seed = false;
        settings.env = Some(app::ssr::config::AppEnv::Development);
        settings.intellectdialog.base_url =
            Some(format!("{}/intellectdialog-emulator/v2/", self.app.address));
        let application = server::startup::Application::build(settings)
            .await
            .expect("a second instance");
        let state = application.state().clone();
        tokio::spawn(application.run_until_stopped());
        Dispatcher::new(state, self.clock.clone(), Arc::default())
    }

    /// Books `count` guests of «Волна» whose welcome is due at 10:00 on 2026-12-01.
    pub async fn book_due_guests(&self, count: usize) {
        self.book_guests_arriving(count, "2026-12-03").await;
    }

    /// Books `count` guests of «Волна» arriving on `date` at 14:00 (their
    /// welcome is due two days before, at 10:00).
    pub async fn book_guests_arriving(&self, count: usize, date: &str) {
        let booked = at("2026-11-20T10:00");
        let (arrival, departure) = (format!("{date}T14:00"), format!("{date}T23:00"));
        for guest in 0..count {
            let phone = format!(
                "+7 912 {:03}-{:02}-{:02}",
                guest / 10_000,
                (guest / 100) % 100,
                guest % 100
            );
            let body = booking(&arrival, &departure, booked, Some(&phone));
            assert_eq!(
                self.app.put_booking(&format!("G-{guest}"), body).await,
                reqwest::StatusCode::CREATED
            );
        }
    }

    /// How many dispatches reached IntellectDialog (sent, delivered or read:
    /// how far delivery reports got depends on the emulator's timing).
    pub async fn left(&self) -> i64 {
        let states = self.states().await;
        ["sent", "delivered", "read"]
            .iter()
            .filter_map(|state| states.get(*state))
            .sum()
    }

    /// Dispatch counts by state.
    pub async fn states(&self) -> std::collections::BTreeMap<String, i64> {
        let sql = "SELECT state, COUNT(*) FROM dispatches GROUP BY state";
        let rows: Vec<(String, i64)> =
            app::on_db!(&self.app.db, pool => sqlx::query_as(sql).fetch_all(pool).await)
                .expect("counted");
        rows.into_iter().collect()
    }

    /// Every message the emulator received, in order.
    pub async fn sent(&self) -> Vec<Value> {
        self.app.emulator().sent().await
    }

    /// The states of a booking's dispatches, by mailing kind.
    pub async fn timeline(&self, number: &str) -> Vec<Value> {
        let body: Value = self
            .app
            .pms(Method::GET, &format!("/api/v1/bookings/{number}"), None)
            .await
            .json()
            .await
            .expect("a booking");
        body["dispatches"]
            .as_array()
            .unwrap_or_else(|| panic!("the booking's dispatches as an array: {body}"))
            .clone()
    }

    pub fn dispatch<'a>(timeline: &'a [Value], kind: &str) -> &'a Value {
        timeline
            .iter()
            .find(|dispatch| dispatch["kind"] == kind)
            .expect("a dispatch of that mailing")
    }
}

/// A booking body for the PMS API.
pub fn booking(arrival: &str, departure: &str, booked_at: i64, phone: Option<&str>) -> Value {
    json!({
        "status": "active",
        "source": "site",
        "guaranteed": false,
        "arrival": arrival,
        "departure": departure,
        "guest": { "name": "Анна Гостева", "phone": phone, "language": "ru" },
        "booked_at": rfc3339(booked_at),
        "modified_at": rfc3339(booked_at),
    })
}

impl TestApp {
    /// Upserts a booking of «Волна» through the PMS API; the HTTP status.
    pub async fn put_booking(&self, number: &str, body: Value) -> reqwest::StatusCode {
        let response = self
            .pms(
                Method::PUT,
                &format!("/api/v1/bookings/{number}"),
                Some(body),
            )
            .await;
        let status = response.status();
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            assert!(status.is_client_error(), "{status}: {text}");
        }
        status
    }
}

pub trait Now {
    fn now(&self) -> i64;
}

impl Now for ManualClock {
    fn now(&self) -> i64 {
        app::ssr::dispatch::Clock::now_ms(self)
    }
}
