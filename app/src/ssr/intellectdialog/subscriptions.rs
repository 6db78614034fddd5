//! The stop list and the webhook subscription.
use super::client::{paging, Client, NO_BODY};
use super::directory::segment;
use super::envelope::Page;
use super::error::ApiError;
use super::model::{StopListEntry, WebhookSubscription};
use super::webhook::EVENT_NAMES;
use reqwest::Method;
use serde_json::json;

impl Client {
    pub async fn stop_list(
        &self,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<Page<StopListEntry>, ApiError> {
        self.get_page("stoplist", &paging(limit, offset)).await
    }

    /// Puts a person on the stop list.
    pub async fn add_to_stop_list(&self, person_id: &str) -> Result<StopListEntry, ApiError> {
        self.call(
            Method::POST,
            "stoplist",
            Some(&json!({ "person_id": person_id })),
        )
        .await
    }

    /// Removes a stop-list entry (by the entry's id).
    pub async fn remove_from_stop_list(&self, entry_id: &str) -> Result<(), ApiError> {
        self.ack(
            Method::DELETE,
            &format!("stoplist/{}", segment(entry_id)),
            NO_BODY,
        )
        .await
    }

    /// The current subscription; `None` when there is none.
    pub async fn webhook(&self) -> Result<Option<WebhookSubscription>, ApiError> {
        match self.get_one::<WebhookSubscription>("webhooks").await {
            Ok(subscription) => Ok(Some(subscription)),
            Err(ApiError::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Creates or replaces the subscription with all events.
    pub async fn set_webhook(&self, url: &str) -> Result<WebhookSubscription, ApiError> {
        self.call(
            Method::POST,
            "webhooks",
            Some(&json!({ "url": url, "events": EVENT_NAMES })),
        )
        .await
    }

    pub async fn delete_webhook(&self) -> Result<(), ApiError> {
        self.ack(Method::DELETE, "webhooks", NO_BODY).await
    }
}
