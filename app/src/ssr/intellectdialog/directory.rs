//! Who the key belongs to and what it has: organisation, providers, employees.
use super::client::{paging, Client, NO_BODY};
use super::envelope::Page;
use super::error::ApiError;
use super::model::{Company, Employee, EmployeeCode, Provider};
use reqwest::Method;

/// The most the API returns per page.
pub const MAX_PAGE: u32 = 500;

impl Client {
    /// The organisation of the key (`GET companies`); also how a key is checked.
    #[tracing::instrument(skip_all)]
    pub async fn company(&self) -> Result<Company, ApiError> {
        self.get_one("companies").await
    }

    /// One page of providers.
    pub async fn providers(
        &self,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<Page<Provider>, ApiError> {
        self.get_page("providers", &paging(limit, offset)).await
    }

    pub async fn provider(&self, provider_id: &str) -> Result<Provider, ApiError> {
        self.get_one(&format!("providers/{}", segment(provider_id)))
            .await
    }

    /// One page of employees, optionally those with this phone or e-mail.
    pub async fn employees(
        &self,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<Page<Employee>, ApiError> {
        self.get_page("employees", &paging(limit, offset)).await
    }

    /// Every employee, paging through `limit`/`offset` until `pagin.total`.
    #[tracing::instrument(skip_all)]
    pub async fn all_employees(&self) -> Result<Vec<Employee>, ApiError> {
        let mut employees = Vec::new();
        loop {
            let offset = u32::try_from(employees.len()).unwrap_or(u32::MAX);
            let page = self.employees(Some(MAX_PAGE), Some(offset)).await?;
            let fetched = page.items.len();
            employees.extend(page.items);
            if fetched == 0 || employees.len() as u64 >= page.pagin.total {
                return Ok(employees);
            }
        }
    }

    pub async fn employee(&self, employee_id: &str) -> Result<Employee, ApiError> {
        self.get_one(&format!("employees/{}", segment(employee_id)))
            .await
    }

    /// A code that signs the employee into IntellectDialog's own chat UI.
    pub async fn employee_code(&self, employee_id: &str) -> Result<EmployeeCode, ApiError> {
        self.call(
            Method::POST,
            &format!("employees/{}/code", segment(employee_id)),
            NO_BODY,
        )
        .await
    }
}

/// An id made safe to put in a path (ids are opaque strings).
pub(super) fn segment(id: &str) -> String {
    id.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
