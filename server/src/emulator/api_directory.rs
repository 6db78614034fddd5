//! `companies`, `providers`, `departments`, `employees`.
use super::envelope::{ok, page, ApiFailure, ApiResult};
use super::Emulator;
use app::ssr::intellectdialog::model::{Company, EmployeeCode};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use rand::Rng;
use std::collections::HashMap;

pub async fn company(State(emulator): State<Emulator>, headers: HeaderMap) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        ok(Company {
            id: organisation.id.clone(),
            name: organisation.name.clone(),
            zone: Some(organisation.zone.clone()),
            created_at: Some(organisation.created_at.clone()),
            updated_at: Some(organisation.created_at.clone()),
        })
    })
}

pub async fn providers(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        let providers = organisation
            .providers
            .iter()
            .filter(|provider| {
                query
                    .get("type")
                    .is_none_or(|wanted| provider.type_name.as_ref() == Some(wanted))
            })
            .filter(|provider| {
                query
                    .get("type_id")
                    .is_none_or(|wanted| provider.type_id.as_ref() == Some(wanted))
            })
            .cloned()
            .collect();
        page(providers, |provider| provider.created_at.as_deref(), &query)
    })
}

pub async fn provider(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        let provider = organisation
            .providers
            .iter()
            .find(|provider| provider.id == id);
        ok(provider.ok_or_else(|| ApiFailure::not_found("Provider"))?)
    })
}

pub async fn departments(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        page(organisation.departments.clone(), |_| None, &query)
    })
}

pub async fn department(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        let department = organisation
            .departments
            .iter()
            .find(|department| department.id == id);
        ok(department.ok_or_else(|| ApiFailure::not_found("Department"))?)
    })
}

pub async fn employees(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        let employees = organisation
            .employees
            .iter()
            .filter(|employee| {
                query
                    .get("phone")
                    .is_none_or(|phone| employee.person_phone.as_ref() == Some(phone))
            })
            .filter(|employee| {
                query
                    .get("email")
                    .is_none_or(|email| employee.person_email.as_ref() == Some(email))
            })
            .cloned()
            .collect();
        page(employees, |employee| employee.created_at.as_deref(), &query)
    })
}

pub async fn employee(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        let employee = organisation
            .employees
            .iter()
            .find(|employee| employee.id == id);
        ok(employee.ok_or_else(|| ApiFailure::not_found("Employee"))?)
    })
}

/// A one-time sign-in code for IntellectDialog's chat UI.
pub async fn employee_code(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    emulator.with_organisation(&headers, |organisation| {
        if !organisation
            .employees
            .iter()
            .any(|employee| employee.id == id)
        {
            return Err(ApiFailure::not_found("Employee"));
        }
        let code: String = (0..32)
            .map(|_| char::from_digit(rand::thread_rng().gen_range(0..16), 16).unwrap_or('0'))
            .collect();
        ok(EmployeeCode { code })
    })
}
