//! Words for the sender number: why it paused, why it waits, its warm-up
//! stage and where a planned send ends up in the forecast.
use crate::domain::sender::{ForecastFate, PauseReason, SenderWait};
use crate::domain::sender_policy::WarmupStage;
use crate::i18n::*;
use leptos_i18n::I18nContext;

/// Why the number paused itself, in words.
pub fn pause_text(i18n: I18nContext<Locale>, reason: PauseReason) -> String {
    match reason {
        PauseReason::RateLimited { times } => {
            t_string!(i18n, pause_rate_limited, times).to_string()
        }
        PauseReason::ProviderDisconnected => t_string!(i18n, pause_disconnected).to_string(),
        PauseReason::ProviderBlocked => t_string!(i18n, pause_blocked).to_string(),
        PauseReason::UndeliveredRun { run } => {
            t_string!(i18n, pause_undelivered_run, run).to_string()
        }
        PauseReason::UndeliveredShare { percent, of } => {
            t_string!(i18n, pause_undelivered_share, percent, of).to_string()
        }
    }
}

/// Why the number is not sending now, in words.
pub fn wait_text(i18n: I18nContext<Locale>, why: SenderWait) -> String {
    match why {
        SenderWait::Interval => t_string!(i18n, wait_interval),
        SenderWait::HourlyCap => t_string!(i18n, wait_hourly_cap),
        SenderWait::DailyCap => t_string!(i18n, wait_daily_cap),
        SenderWait::Warmup => t_string!(i18n, wait_warmup),
        SenderWait::Window => t_string!(i18n, wait_window),
        SenderWait::Paused => t_string!(i18n, wait_paused),
        SenderWait::RateLimited => t_string!(i18n, wait_rate_limited),
    }
    .to_string()
}

/// The warm-up stage, in words.
pub fn warmup_text(i18n: I18nContext<Locale>, stage: WarmupStage) -> String {
    match stage {
        WarmupStage::Warming { day, cap, last_day } => {
            t_string!(i18n, warmup_warming, day, last_day, cap).to_string()
        }
        WarmupStage::Done => t_string!(i18n, warmup_done).to_string(),
        WarmupStage::MarkedWarmed => t_string!(i18n, warmup_marked).to_string(),
    }
}

/// Where a planned send ends up, in words.
pub fn fate_text(i18n: I18nContext<Locale>, fate: ForecastFate) -> String {
    match fate {
        ForecastFate::OnTime => t_string!(i18n, fate_on_time),
        ForecastFate::Spills => t_string!(i18n, fate_spills),
        ForecastFate::MissesDeadline => t_string!(i18n, fate_misses),
        ForecastFate::Later => t_string!(i18n, fate_later),
    }
    .to_string()
}
