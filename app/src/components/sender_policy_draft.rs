//! The sending policy form's fields as typed, and the policy they make.
use super::error_text::{field_problem, problem_text};
use crate::domain::sender_policy::{SendWindow, SendingPolicy, WarmupStep};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// The form's fields as typed.
#[derive(Clone, Copy)]
pub struct PolicyDraft {
    pub jitter: RwSignal<String>,
    pub hourly: RwSignal<String>,
    pub daily: RwSignal<String>,
    pub steps: RwSignal<Vec<(String, String)>>,
    pub warmed: RwSignal<bool>,
    pub window_on: RwSignal<bool>,
    pub window_start: RwSignal<String>,
    pub window_end: RwSignal<String>,
    pub run: RwSignal<String>,
    pub share: RwSignal<String>,
    pub rate_limits: RwSignal<String>,
    /// The last answer's error, for the fields.
    pub error: RwSignal<Option<AppError>>,
}

/// A typed number; one the server refuses as out of range when it is not one.
fn number(text: &str) -> u32 {
    text.trim().parse().unwrap_or(u32::MAX)
}

impl PolicyDraft {
    pub fn new(policy: &SendingPolicy) -> Self {
        let window = policy.window.clone();
        Self {
            jitter: RwSignal::new(policy.jitter_percent.to_string()),
            hourly: RwSignal::new(policy.hourly_cap.to_string()),
            daily: RwSignal::new(policy.daily_cap.to_string()),
            steps: RwSignal::new(
                policy
                    .warmup
                    .iter()
                    .map(|step| (step.days.to_string(), step.cap.to_string()))
                    .collect(),
            ),
            warmed: RwSignal::new(policy.warmed),
            window_on: RwSignal::new(window.is_some()),
            window_start: RwSignal::new(
                window.as_ref().map_or("09:00".into(), |w| w.start.clone()),
            ),
            window_end: RwSignal::new(window.map_or("21:00".into(), |w| w.end)),
            run: RwSignal::new(policy.undelivered_run.to_string()),
            share: RwSignal::new(policy.undelivered_share_percent.to_string()),
            rate_limits: RwSignal::new(policy.rate_limit_pause_after.to_string()),
            error: RwSignal::new(None),
        }
    }

    pub fn policy(self) -> SendingPolicy {
        SendingPolicy {
            jitter_percent: number(&self.jitter.get_untracked()),
            hourly_cap: number(&self.hourly.get_untracked()),
            daily_cap: number(&self.daily.get_untracked()),
            warmup: self
                .steps
                .get_untracked()
                .iter()
                .map(|(days, cap)| WarmupStep {
                    days: number(days),
                    cap: number(cap),
                })
                .collect(),
            warmed: self.warmed.get_untracked(),
            window: self.window_on.get_untracked().then(|| SendWindow {
                start: self.window_start.get_untracked().trim().to_owned(),
                end: self.window_end.get_untracked().trim().to_owned(),
            }),
            undelivered_run: number(&self.run.get_untracked()),
            undelivered_share_percent: number(&self.share.get_untracked()),
            rate_limit_pause_after: number(&self.rate_limits.get_untracked()),
        }
    }

    /// The problem the last answer found with `field`, in words.
    pub fn field_error(self, field: impl Into<String>) -> impl Fn() -> Option<String> + Copy {
        let i18n = use_i18n();
        let field = StoredValue::new(field.into());
        move || {
            let problem = field.with_value(|field| {
                self.error
                    .with(|error| field_problem(error.as_ref(), field))
            });
            problem.map(|problem| problem_text(i18n, problem))
        }
    }
}
