//! `GET /events/chats`: the signed-in user's chat events over SSE.
//!
//! Every event carries its number in the property's sequence as its SSE id;
//! a reconnect with `Last-Event-ID` (or `?after=N`) replays what came since,
//! so nothing is missed while offline. Events about dialogs the user's
//! employee may not see are never written to the stream. The first message
//! is the unread count of each visible dialog, with the starting point as id.
//! New events come from the property's feed (`app::ssr::events`), read once
//! for all its streams; a stream reads the database itself only to catch up
//! (a resume, or when it fell behind). Streams are capped per session,
//! property and server; beyond a cap the answer is 429 naming it.
use app::domain::chat_rights::may_see;
use app::ssr::auth::{current_user, session_token, CurrentUser, SessionState};
use app::ssr::chat::{require_agent, Agent};
use app::ssr::clock::now_ms;
use app::ssr::db::chats;
use app::ssr::events::admission::StreamTicket;
use app::ssr::events::feed::{Batch, EventRow, READ_BATCH};
use app::ssr::AppState;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde::Deserialize;
use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::{self, error::RecvError};

/// The user's session and rights are checked again this often (a sign-out,
/// a mapping changed).
const RECHECK: Duration = Duration::from_secs(15);

#[derive(Deserialize)]
pub struct Resume {
    after: Option<String>,
}

pub async fn events(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Query(resume): Query<Resume>,
) -> Response {
    // Kept to notice, while streaming, that the session ended.
    let token = session_token(&headers);
    let agent = match require_agent(&state, user).await {
        Ok(agent) => agent,
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::FORBIDDEN);
            return (status, error.to_string()).into_response();
        }
    };
    let session = token
        .clone()
        .unwrap_or_else(|| user.staff_user_id.to_string());
    let ticket = match state.chat_hub.admit(&session, agent.property_id) {
        Ok(ticket) => ticket,
        Err(refusal) => {
            tracing::warn!(?refusal, property_id = %agent.property_id, "chat stream refused");
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "30")],
                refusal.explain(),
            )
                .into_response();
        }
    };
    let requested = match requested_start(&headers, resume) {
        Ok(requested) => requested,
        Err(refusal) => return (StatusCode::BAD_REQUEST, refusal).into_response(),
    };
    // Subscribed before the starting point is read: nothing falls between.
    let feed = state.chat_hub.subscribe(agent.property_id);
    let cursor = match requested {
        Some(seq) => seq,
        None => match chats::last_seq(&state.db, agent.property_id).await {
            Ok(seq) => seq,
            Err(error) => {
                tracing::error!(%error, "chat events: reading the sequence");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
    };
    let follower = Follower {
        token,
        feed,
        state,
        user,
        agent,
        cursor,
        pending: VecDeque::new(),
        started: false,
        behind: true,
        checked_at: Instant::now(),
        _ticket: ticket,
    };
    let stream = stream::unfold(follower, |mut follower| async move {
        let event = follower.next().await?;
        Some((Ok::<_, Infallible>(event), follower))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// The event the browser has seen last (`Last-Event-ID`, else `?after=`),
/// if it says; a value that is not an event number is refused.
fn requested_start(headers: &HeaderMap, resume: Resume) -> Result<Option<i64>, &'static str> {
    let last_id = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or(resume.after);
    match last_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        None => Ok(None),
        Some(id) => match id.parse::<i64>() {
            Ok(seq) if seq >= 0 => Ok(Some(seq)),
            _ => Err("Last-Event-ID (or after) must be a non-negative event number."),
        },
    }
}

/// One browser's position in its property's sequence.
struct Follower {
    /// The session's cookie: signing out or deactivation ends the stream.
    token: Option<String>,
    state: AppState,
    user: app::ssr::auth::CurrentUser,
    agent: Agent,
    /// The property's new events, read once for all its streams.
    feed: broadcast::Receiver<Arc<Batch>>,
    cursor: i64,
    pending: VecDeque<Event>,
    started: bool,
    /// Reading the database itself until caught up (a resume, a gap).
    behind: bool,
    checked_at: Instant,
    /// Its place under the stream caps, given back when the stream ends.
    _ticket: StreamTicket,
}

impl Follower {
    /// The next event to write; `None` ends the stream.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            if !self.started {
                self.started = true;
                return self.unread().await;
            }
            if self.behind {
                let rows = match chats::events_after(
                    &self.state.db,
                    self.agent.property_id,
                    self.cursor,
                    READ_BATCH,
                )
                .await
                {
                    Ok(rows) => rows,
                    Err(error) => {
                        // The browser reconnects and resumes.
                        tracing::warn!(%error, "chat events: catching up");
                        return None;
                    }
                };
                self.behind = rows.len() as i64 == READ_BATCH;
                self.take(&rows);
                continue;
            }
            let recheck = RECHECK.saturating_sub(self.checked_at.elapsed());
            tokio::select! {
                batch = self.feed.recv() => match batch {
                    Ok(batch) if batch.after > self.cursor => self.behind = true,
                    Ok(batch) => self.take(&batch.rows),
                    Err(RecvError::Lagged(_)) => self.behind = true,
                    Err(RecvError::Closed) => return None,
                },
                () = tokio::time::sleep(recheck) => {
                    self.checked_at = Instant::now();
                    // Signed out, expired, deactivated, or rights gone (mapping
                    // cleared, employee removed): stop.
                    match current_user(&self.state.db, self.token.as_deref(), now_ms()).await {
                        Ok(SessionState::Valid(user)) if user == self.user => {}
                        _ => return None,
                    }
                    self.agent = require_agent(&self.state, self.user).await.ok()?;
                }
                // The server is shutting down: the browser reconnects to another
                // instance (or this one, restarted) and resumes from its last id.
                () = self.state.stopping.cancelled() => return None,
            }
        }
    }

    /// Queues the visible events after the cursor.
    fn take(&mut self, rows: &[EventRow]) {
        for (seq, payload, assigned_to) in rows {
            if *seq <= self.cursor {
                continue;
            }
            self.cursor = *seq;
            if may_see(&self.agent.rights, assigned_to.as_deref()) {
                self.pending.push_back(
                    Event::default()
                        .id(seq.to_string())
                        .event("chat")
                        .data(payload.as_str()),
                );
            }
        }
    }

    /// The unread count of each visible dialog (no id: not part of the sequence).
    async fn unread(&self) -> Option<Event> {
        let rows = chats::list(&self.state.db, self.agent.property_id)
            .await
            .ok()?;
        let unread: BTreeMap<String, i64> = rows
            .into_iter()
            .filter(|chat| self.agent.sees(chat))
            .map(|chat| (chat.chat_id, chat.unread))
            .collect();
        let data = serde_json::to_string(&unread).ok()?;
        // Its id is where the stream starts: a browser reconnecting before
        // any other event still resumes from there.
        Some(
            Event::default()
                .event("unread")
                .id(self.cursor.to_string())
                .retry(Duration::from_secs(1))
                .data(data),
        )
    }
}
