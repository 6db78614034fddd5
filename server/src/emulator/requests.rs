//! The log of `/v2/` requests, faulted ones included: each is recorded as it
//! arrives (on the emulator's clock) and gets its status when answered, so a
//! test can see what a client asked and when — lookups after a failed send,
//! sends after a 429 — not only the messages that were accepted.
use super::records::RequestRecord;
use super::world::precise_time;
use super::Emulator;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use serde_json::json;
use std::collections::BTreeMap;

/// Records the request, runs it, and stamps the answer's status.
pub async fn record(State(emulator): State<Emulator>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let (index, requested_at) = emulator.with_world(|world| {
        let requested_at = precise_time(world.now());
        world.requests.push(RequestRecord {
            method,
            path,
            query,
            requested_at: requested_at.clone(),
            status: None,
        });
        (world.requests.len() - 1, requested_at)
    });
    let response = next.run(request).await;
    let status = response.status().as_u16();
    emulator.with_world(|world| {
        // A reset meanwhile emptied the log: the record is gone, not another one's.
        if let Some(record) = world
            .requests
            .get_mut(index)
            .filter(|record| record.requested_at == requested_at && record.status.is_none())
        {
            record.status = Some(status);
        }
    });
    response
}

/// `GET /control/requests`: every request in order, and how many per
/// method and path (`"GET /messages": 3`).
pub async fn list(State(emulator): State<Emulator>) -> Json<serde_json::Value> {
    emulator.with_world(|world| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for record in &world.requests {
            *counts
                .entry(format!("{} {}", record.method, record.path))
                .or_default() += 1;
        }
        Json(json!({ "requests": world.requests, "counts": counts }))
    })
}
