//! What the app needs to know when it runs inside a host page.
use crate::error::AppError;
use leptos::prelude::*;

/// The origins allowed to frame the app and exchange messages with it (the
/// same list the `frame-ancestors` policy names; not a secret).
#[server(prefix = "/rpc", endpoint = "host_origins", input = leptos::server_fn::codec::GetUrl)]
pub async fn host_origins() -> Result<Vec<String>, AppError> {
    use crate::ssr::state::app_state;
    super::reply(
        async move {
            let state = app_state()?;
            Ok(state
                .settings
                .embedding
                .host_origins
                .iter()
                .map(|origin| origin.trim_end_matches('/').to_owned())
                .collect())
        }
        .await,
    )
}
