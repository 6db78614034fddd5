//! «Отказались от рассылок»: guests who wrote a stop word or whom staff
//! added; administrators add a phone and remove one after confirming.
use super::error_text::{error_text, field_problem, problem_text};
use super::modal::Modal;
use crate::api::opt_out::{add_opt_out, opt_outs, remove_opt_out};
use crate::domain::opt_out::{OptOutSource, OptOutView, STOP_WORDS};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

type Answer = Result<Vec<OptOutView>, AppError>;

#[component]
pub fn OptOutList(can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(Vec::<OptOutView>::new());
    let loaded = Resource::new(|| (), |_| opt_outs());
    let add: Action<String, Answer> =
        Action::new_local(|phone: &String| add_opt_out(phone.clone()));
    let remove: Action<String, Answer> =
        Action::new_local(|phone: &String| remove_opt_out(phone.clone()));
    let phone = RwSignal::new(String::new());
    let removing = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(rows)) = loaded.get() {
            list.set(rows);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(rows)) = add.value().get() {
            phone.set(String::new());
            list.set(rows);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(rows)) = remove.value().get() {
            removing.set(None);
            list.set(rows);
        }
    });
    let add_error = move || {
        add.value().with(|answer| match answer {
            Some(Err(error)) => Some(match field_problem(Some(error), "phone") {
                Some(problem) => problem_text(i18n, problem),
                None => error_text(i18n, error),
            }),
            _ => None,
        })
    };
    let words = STOP_WORDS.join(", ");
    view! {
        <section class="block" aria-labelledby="opt-outs-title" data-testid="opt-outs">
            <h2 id="opt-outs-title">{t!(i18n, opt_outs_title)}</h2>
            <p class="muted">{move || { let words = words.clone(); t_string!(i18n, opt_outs_lead, words).to_string() }}</p>
            <Show when=move || can_edit>
                <form class="inline" on:submit=move |event| { event.prevent_default(); add.dispatch(phone.get_untracked()); }>
                    <div class="form__field">
                        <label for="opt-out-phone">{t!(i18n, opt_outs_phone)}</label>
                        <input id="opt-out-phone" type="tel" autocomplete="off" prop:value=phone
                            on:input=move |event| phone.set(event_target_value(&event))
                            aria-invalid=move || add_error().is_some().to_string() aria-describedby="opt-out-phone-error" />
                        <p class="form__error" id="opt-out-phone-error" role="alert">{add_error}</p>
                    </div>
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t!(i18n, opt_outs_add)}</button>
                </form>
            </Show>
            <Show when=move || list.with(Vec::is_empty) fallback=move || view! { <OptOutTable list can_edit removing /> }>
                <p class="muted">{t!(i18n, opt_outs_empty)}</p>
            </Show>
        </section>
        {move || removing.get().map(|target| {
            let shown = target.clone();
            view! {
                <Modal title=Signal::derive(move || t_string!(i18n, opt_outs_remove_title).to_string())
                    on_close=Callback::new(move |()| removing.set(None))
                    close_label=Signal::derive(move || t_string!(i18n, cancel).to_string())>
                    <p>{move || { let phone = shown.clone(); t_string!(i18n, opt_outs_remove_text, phone).to_string() }}</p>
                    {move || remove.value().get().and_then(Result::err).map(|error| view! {
                        <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p>
                    })}
                    <button type="button" class="button button--primary" data-testid="confirm-remove-opt-out"
                        disabled=move || remove.pending().get()
                        on:click=move |_| { remove.dispatch(target.clone()); }>
                        {t!(i18n, opt_outs_remove)}
                    </button>
                </Modal>
            }
        })}
    }
}

#[component]
fn OptOutTable(
    list: RwSignal<Vec<OptOutView>>,
    can_edit: bool,
    removing: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="table">
                <thead><tr>
                    <th scope="col">{t!(i18n, opt_outs_phone)}</th>
                    <th scope="col">{t!(i18n, opt_outs_guest)}</th>
                    <th scope="col">{t!(i18n, opt_outs_source)}</th>
                    <th scope="col">{t!(i18n, opt_outs_when)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, opt_outs_remove)}</span></th>
                </tr></thead>
                <tbody>
                    <For each=move || list.get() key=|row| row.phone.clone() let:row>
                        <tr data-testid="opt-out">
                            <td>{row.phone.clone()}</td>
                            <td>{row.guest_name.clone().unwrap_or_else(|| "—".to_owned())}</td>
                            <td>{match (row.source, row.created_by.clone()) {
                                (OptOutSource::Guest, _) => t_string!(i18n, opt_outs_by_guest).to_string(),
                                (OptOutSource::Staff, Some(name)) => name,
                                (OptOutSource::Staff, None) => t_string!(i18n, opt_outs_by_staff).to_string(),
                            }}</td>
                            <td>{row.created_at.clone()}</td>
                            <td><Show when=move || can_edit>
                                {let phone = row.phone.clone(); view! {
                                    <button type="button" class="button button--small button--ghost"
                                        on:click=move |_| removing.set(Some(phone.clone()))>{t!(i18n, opt_outs_remove)}</button>
                                }}
                            </Show></td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}
