//! «Аккаунты пользователей» (F7): each staff user with «Не выбрано» or the
//! IntellectDialog user they work as in the chats; clicking opens a
//! searchable list of the organisation's employees. Saved at once.
use crate::api::chat::{set_user_mapping, user_mappings};
use crate::components::error_text::error_text;
use crate::domain::chat::{EmployeeOption, MappingsView, UserMapping};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What happened to the last change.
#[derive(Clone)]
enum Outcome {
    Saved {
        user: String,
        employee: Option<String>,
    },
    Failed(AppError),
}

#[component]
pub fn UserMappings() -> impl IntoView {
    let i18n = use_i18n();
    let view_data = Resource::new(|| (), |_| user_mappings());
    let outcome = RwSignal::new(None::<Outcome>);
    view! {
        <section class="block" aria-labelledby="mappings-title">
            <h2 id="mappings-title">{t!(i18n, mapping_tab_users)}</h2>
            <p>{t!(i18n, mapping_intro)}</p>
            {move || outcome.get().map(|outcome| match outcome {
                Outcome::Saved { user, employee: Some(employee) } => view! {
                    <p class="notice notice--success" role="status" data-testid="mapping-outcome">{t!(i18n, mapping_saved, user, employee)}</p>
                }.into_any(),
                Outcome::Saved { user, employee: None } => view! {
                    <p class="notice notice--success" role="status" data-testid="mapping-outcome">{t!(i18n, mapping_cleared, user)}</p>
                }.into_any(),
                Outcome::Failed(error) => view! {
                    <p class="notice notice--error" role="alert" data-testid="mapping-outcome">{error_text(i18n, &error)}</p>
                }.into_any(),
            })}
            <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match view_data.await {
                        Ok(data) => view! { <MappingTable data outcome reload=Callback::new(move |()| view_data.refetch()) /> }.into_any(),
                        Err(error) => view! { <p class="notice notice--error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MappingTable(
    data: MappingsView,
    outcome: RwSignal<Option<Outcome>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let employees = StoredValue::new(data.employees);
    let can_edit = data.can_edit;
    view! {
        {data.stale.then(|| view! { <p class="notice notice--warning" role="status">{t!(i18n, mapping_stale)}</p> })}
        {(!can_edit).then(|| view! { <p class="notice notice--info" role="status">{t!(i18n, mapping_read_only)}</p> })}
        <table class="table" data-testid="user-mappings">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, mapping_user)}</th>
                    <th scope="col">{t!(i18n, mapping_employee)}</th>
                </tr>
            </thead>
            <tbody>
                {data.users.into_iter().map(|user| view! {
                    <MappingRow user employees=employees.get_value() can_edit outcome reload />
                }.into_any()).collect_view()}
            </tbody>
        </table>
    }
}

fn rights_text(i18n: leptos_i18n::I18nContext<Locale>, employee: &EmployeeOption) -> String {
    if employee.admin {
        t_string!(i18n, mapping_admin_right).to_string()
    } else if employee.assigned_only {
        t_string!(i18n, mapping_assigned_only).to_string()
    } else {
        t_string!(i18n, mapping_all_dialogs).to_string()
    }
}

/// One staff user and the employee they work as; the button opens the
/// employee menu, and a choice is saved at once.
#[component]
fn MappingRow(
    user: UserMapping,
    employees: Vec<EmployeeOption>,
    can_edit: bool,
    outcome: RwSignal<Option<Outcome>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    // Kept while the menu is closed, so reopening it shows the same search.
    let search = RwSignal::new(String::new());
    let saving = RwSignal::new(false);
    let employees = StoredValue::new(employees);
    let staff_user_id = user.staff_user_id;
    let user_name = StoredValue::new(user.name.clone());
    let current = user.employee.clone();
    let label = match &current {
        None => t_string!(i18n, mapping_none).to_string(),
        Some(employee) if !employee.present => {
            format!("{} ({})", employee.name, t_string!(i18n, mapping_gone))
        }
        Some(employee) => employee.name.clone(),
    };
    let choose = Callback::new(move |employee: Option<EmployeeOption>| {
        saving.set(true);
        let employee_id = employee.as_ref().map(|employee| employee.id.clone());
        spawn_local(async move {
            match set_user_mapping(staff_user_id, employee_id).await {
                Ok(()) => {
                    outcome.set(Some(Outcome::Saved {
                        user: user_name.get_value(),
                        employee: employee.map(|employee| employee.name),
                    }));
                    reload.run(());
                }
                Err(error) => outcome.set(Some(Outcome::Failed(error))),
            }
            saving.set(false);
            open.set(false);
        });
    });
    let list_id = format!("mapping-options-{staff_user_id}");
    view! {
        <tr data-testid="mapping-row" data-user=user.email.clone()>
            <td>
                <strong>{user.name.clone()}</strong>
                <br />
                <span class="muted">{user.email.clone()}</span>
            </td>
            <td class="mapping">
                <button
                    type="button"
                    class="mapping__current"
                    class:mapping__current--gone=current.as_ref().is_some_and(|employee| !employee.present)
                    disabled=!can_edit
                    aria-expanded=move || open.get().to_string()
                    aria-controls=list_id.clone()
                    on:click=move |_| open.update(|open| *open = !*open)
                >
                    {label}
                </button>
                <Show when=move || open.get()>
                    <EmployeeMenu list_id=list_id.clone() employees search saving choose />
                </Show>
            </td>
        </tr>
    }
}

/// The organisation's employees, searchable by name or department, and
/// «Не выбрано»; clicking one calls `choose`.
#[component]
fn EmployeeMenu(
    list_id: String,
    employees: StoredValue<Vec<EmployeeOption>>,
    search: RwSignal<String>,
    saving: RwSignal<bool>,
    choose: Callback<Option<EmployeeOption>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = move || {
        let needle = search.get().trim().to_lowercase();
        employees.with_value(|list| {
            list.iter()
                .filter(|employee| {
                    needle.is_empty()
                        || employee.name.to_lowercase().contains(&needle)
                        || employee
                            .department
                            .as_deref()
                            .is_some_and(|department| department.to_lowercase().contains(&needle))
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="mapping__menu" id=list_id data-testid="mapping-menu">
            <input
                type="search"
                aria-label=move || t_string!(i18n, mapping_search)
                placeholder=move || t_string!(i18n, mapping_search)
                prop:value=move || search.get()
                on:input=move |event| search.set(event_target_value(&event))
            />
            <ul role="listbox">
                <li>
                    <button type="button" role="option" disabled=move || saving.get() on:click=move |_| choose.run(None)>
                        {t!(i18n, mapping_none)}
                    </button>
                </li>
                {move || shown().into_iter().map(|employee| -> AnyView {
                    let rights = rights_text(i18n, &employee);
                    let department = employee.department.clone().unwrap_or_default();
                    let name = employee.name.clone();
                    view! {
                        <li>
                            <button type="button" role="option" disabled=move || saving.get() on:click=move |_| choose.run(Some(employee.clone()))>
                                <strong>{name}</strong>
                                <span class="muted">{format!(" · {department} · {rights}")}</span>
                            </button>
                        </li>
                    }.into_any()
                }).collect_view()}
            </ul>
            <Show when=move || shown().is_empty()>
                <p class="muted">{t!(i18n, mapping_no_employees)}</p>
            </Show>
        </div>
    }
}
