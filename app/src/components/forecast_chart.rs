//! The next 48 hours of a number: planned sends per hour as bars against its
//! capacity as a line (SVG drawn here: 48 bars need no chart library in the
//! browser bundle), and the list of sends under it.
use super::dispatch_text::mailing_name;
use super::sender_text::fate_text;
use crate::domain::sender::{Forecast, ForecastFate, ForecastHour};
use crate::i18n::*;
use leptos::prelude::*;

const WIDTH: u32 = 480;
const TOP: u32 = 8;
const BOTTOM: u32 = 128;
const SLOT: u32 = 10;

/// The chart's vertical scale: the larger of the busiest hour and the capacity, at least 1.
fn scale(hours: &[ForecastHour]) -> u32 {
    hours
        .iter()
        .map(|hour| hour.planned.max(hour.capacity))
        .max()
        .unwrap_or(1)
        .max(1)
}

fn height(value: u32, top: u32) -> u32 {
    (u64::from(value) * u64::from(BOTTOM - TOP) / u64::from(top.max(1))) as u32
}

/// `DD.MM HH:00` of a `DD.MM.YYYY HH:MM` label.
fn short(label: &str) -> String {
    match (label.get(0..5), label.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time}"),
        _ => label.to_owned(),
    }
}

#[component]
pub fn ForecastChart(forecast: Forecast) -> impl IntoView {
    let i18n = use_i18n();
    let top = scale(&forecast.hours);
    let capacity_line: String = forecast
        .hours
        .iter()
        .enumerate()
        .flat_map(|(index, hour)| {
            let y = BOTTOM - height(hour.capacity, top);
            let x = index as u32 * SLOT;
            [format!("{x},{y}"), format!("{},{y}", x + SLOT)]
        })
        .collect::<Vec<_>>()
        .join(" ");
    let bars = forecast
        .hours
        .iter()
        .enumerate()
        .map(|(index, hour)| {
            let h = height(hour.planned, top);
            let over = hour.planned > hour.capacity;
            let title = format!("{}: {} / {}", short(&hour.label), hour.planned, hour.capacity);
            view! {
                <rect class=if over { "forecast__bar forecast__bar--over" } else { "forecast__bar" }
                    x=index as u32 * SLOT + 1 y=BOTTOM - h width=SLOT - 2 height=h
                    data-hour=hour.label.clone() data-planned=hour.planned data-capacity=hour.capacity>
                    <title>{title}</title>
                </rect>
            }
        })
        .collect_view();
    let ticks = forecast
        .hours
        .iter()
        .enumerate()
        .filter(|(index, _)| index % 12 == 0)
        .map(|(index, hour)| {
            view! { <text class="forecast__tick" x=index as u32 * SLOT y=BOTTOM + 14>{short(&hour.label)}</text> }
        })
        .collect_view();
    let summary = {
        let (total, spills, misses) = (forecast.total, forecast.spills, forecast.misses);
        move || t_string!(i18n, forecast_summary, total, spills, misses).to_string()
    };
    view! {
        <figure class="forecast" data-testid="forecast">
            <svg class="forecast__chart" viewBox=format!("0 0 {WIDTH} {}", BOTTOM + 20) role="img"
                aria-label=summary data-testid="forecast-chart">
                <line class="forecast__axis" x1="0" y1=BOTTOM x2=WIDTH y2=BOTTOM />
                {bars}
                <polyline class="forecast__capacity" points=capacity_line />
                {ticks}
            </svg>
            <figcaption>
                <span class="forecast__legend forecast__legend--planned">{t!(i18n, forecast_legend_planned)}</span>
                <span class="forecast__legend forecast__legend--capacity">{t!(i18n, forecast_legend_capacity)}</span>
                <p>{summary}</p>
            </figcaption>
        </figure>
        <ForecastList forecast />
    }
}

#[component]
fn ForecastList(forecast: Forecast) -> impl IntoView {
    let i18n = use_i18n();
    if forecast.items.is_empty() {
        return view! { <p class="muted">{t!(i18n, forecast_empty)}</p> }.into_any();
    }
    let rows = forecast
        .items
        .into_iter()
        .map(|item| {
            let class = match item.fate {
                ForecastFate::MissesDeadline => "dispatch--failed",
                ForecastFate::Spills => "dispatch--skipped",
                ForecastFate::OnTime | ForecastFate::Later => "",
            };
            let kind = item.kind;
            view! {
                <tr class=class data-testid="forecast-item">
                    <td>{item.guest_name}</td>
                    <td>{item.booking_number}</td>
                    <td>{move || mailing_name(i18n, kind)}</td>
                    <td>{item.due_at}</td>
                    <td>{item.expected_at.unwrap_or_else(|| "—".to_owned())}</td>
                    <td>{item.deadline_at.unwrap_or_else(|| "—".to_owned())}</td>
                    <td>{move || fate_text(i18n, item.fate)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="forecast-list">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, forecast_guest)}</th>
                        <th scope="col">{t!(i18n, forecast_booking)}</th>
                        <th scope="col">{t!(i18n, forecast_mailing)}</th>
                        <th scope="col">{t!(i18n, forecast_due)}</th>
                        <th scope="col">{t!(i18n, forecast_expected)}</th>
                        <th scope="col">{t!(i18n, forecast_deadline)}</th>
                        <th scope="col">{t!(i18n, forecast_fate)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
