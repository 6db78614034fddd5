//! `GET /events/chats`: the signed-in user's chat events over SSE.
//!
//! Every event carries its number in the property's sequence as its SSE id;
//! a reconnect with `Last-Event-ID` (or `?after=N`) replays what came since,
//! so nothing is missed while offline. Events about dialogs the user's
//! employee may not see are never written to the stream. The first message
//! is the unread count of each visible dialog, with the starting point as id.
use app::domain::chat_rights::may_see;
use app::ssr::auth::{current_user, session_token, CurrentUser, SessionState};
use app::ssr::chat::{require_agent, Agent};
use app::ssr::clock::now_ms;
use app::ssr::db::chats;
use app::ssr::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde::Deserialize;
use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::{self, error::RecvError};

/// The user's rights are checked again this often (a mapping may change),
/// and the dialogs reconciled with IntellectDialog (a lost webhook).
const RECHECK: Duration = Duration::from_secs(15);
/// Events read per query.
const BATCH: i64 = 500;

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
    let last_id = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or(resume.after);
    let cursor = match last_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        Some(id) => match id.parse::<i64>() {
            Ok(seq) if seq >= 0 => seq,
            _ => {
                return (
                    StatusCode::BAD_REQUEST,
                    "Last-Event-ID (or after) must be a non-negative event number.",
                )
                    .into_response()
            }
        },
        None => match chats::last_seq(&state.db, agent.property_id).await {
            Ok(seq) => seq,
            Err(error) => {
                tracing::error!(%error, "chat events: reading the sequence");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
    };
    let poll_secs = state.settings.chat.poll_secs;
    let follower = Follower {
        token,
        wake: state.chat_hub.subscribe(),
        state,
        user,
        agent,
        cursor,
        pending: VecDeque::new(),
        started: false,
        checked_at: Instant::now(),
        poll: Duration::from_secs(poll_secs),
    };
    let stream = stream::unfold(follower, |mut follower| async move {
        let event = follower.next().await?;
        Some((Ok::<_, Infallible>(event), follower))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// One browser's position in its property's sequence.
struct Follower {
    /// The session's cookie: signing out or deactivation ends the stream.
    token: Option<String>,
    state: AppState,
    user: app::ssr::auth::CurrentUser,
    agent: Agent,
    wake: broadcast::Receiver<app::domain::PropertyId>,
    cursor: i64,
    pending: VecDeque<Event>,
    started: bool,
    checked_at: Instant,
    /// How long to wait for a wake-up before reading anyway.
    poll: Duration,
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
            if !self.read().await? {
                continue;
            }
            tokio::select! {
                woken = self.wake.recv() => match woken {
                    Ok(property_id) if property_id != self.agent.property_id => {}
                    Ok(_) | Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => return None,
                },
                // Even without a wake-up (a lost notification from another
                // instance), every `APP_CHAT__POLL_SECS`.
                () = tokio::time::sleep(self.poll) => {}
                // The server is shutting down: the browser reconnects to another
                // instance (or this one, restarted) and resumes from its last id.
                () = self.state.stopping.cancelled() => return None,
            }
            if self.checked_at.elapsed() >= RECHECK {
                self.checked_at = Instant::now();
                // Signed out, expired, deactivated, or rights gone (mapping
                // cleared, employee removed): stop.
                match current_user(&self.state.db, self.token.as_deref(), now_ms()).await {
                    Ok(SessionState::Valid(user)) if user == self.user => {}
                    _ => return None,
                }
                self.agent = require_agent(&self.state, self.user).await.ok()?;
                if let Err(error) = app::ssr::chat::thread::fail_stale_replies(
                    &self.state,
                    self.agent.property_id,
                    now_ms(),
                )
                .await
                {
                    tracing::warn!(%error, "chat events: failing replies cut off mid-send");
                }
                self.reconcile();
            }
        }
    }

    /// Looks for messages whose webhook never came (at most every 15 s per
    /// property, however many streams ask); found ones wake every stream.
    fn reconcile(&self) {
        let state = self.state.clone();
        let integration = self.agent.integration.clone();
        tokio::spawn(async move {
            let Ok(client) = app::ssr::integration::client_for(&state, &integration) else {
                return;
            };
            if let Err(error) =
                app::ssr::chat::sync::reconcile(&state, integration.property_id, &client, now_ms())
                    .await
            {
                tracing::warn!(%error, "chat events: reconciling with IntellectDialog");
            }
        });
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

    /// Queues the visible events after the cursor; true when caught up
    /// (nothing more to read now), `None` on a database failure (the
    /// browser reconnects and resumes).
    async fn read(&mut self) -> Option<bool> {
        let rows =
            match chats::events_after(&self.state.db, self.agent.property_id, self.cursor, BATCH)
                .await
            {
                Ok(rows) => rows,
                Err(error) => {
                    tracing::warn!(%error, "chat events: reading the sequence");
                    return None;
                }
            };
        let caught_up = (rows.len() as i64) < BATCH;
        for (seq, payload, assigned_to) in rows {
            self.cursor = seq;
            if may_see(&self.agent.rights, assigned_to.as_deref()) {
                self.pending.push_back(
                    Event::default()
                        .id(seq.to_string())
                        .event("chat")
                        .data(payload),
                );
            }
        }
        Some(caught_up && self.pending.is_empty())
    }
}
