//! How many chat streams may be open at once: per session (tabs of one
//! browser), per property and on the whole server (`APP_CHAT__MAX_STREAMS_*`).
//! A stream holds a [`StreamTicket`] while it is open; dropping it gives the
//! place back.
use crate::domain::PropertyId;
use crate::ssr::config::ChatSettings;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Which cap a new stream would break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamRefusal {
    Session { max: usize },
    Property { max: usize },
    Server { max: usize },
}

impl StreamRefusal {
    /// The refusal as the browser (and a person reading the log) sees it.
    pub fn explain(self) -> String {
        match self {
            StreamRefusal::Session { max } => format!(
                "Too many live chat connections from this session (at most {max}): close other tabs of the Contact Center."
            ),
            StreamRefusal::Property { max } => format!(
                "Too many live chat connections for this hotel (at most {max}); try again in a minute."
            ),
            StreamRefusal::Server { max } => format!(
                "The server holds as many live chat connections as it may ({max}); try again in a minute."
            ),
        }
    }
}

#[derive(Debug, Default)]
struct Counts {
    server: usize,
    properties: HashMap<PropertyId, usize>,
    sessions: HashMap<String, usize>,
}

/// The caps and what is open now.
#[derive(Debug)]
pub struct Admission {
    max_per_session: usize,
    max_per_property: usize,
    max_per_server: usize,
    counts: Arc<Mutex<Counts>>,
}

impl Admission {
    pub fn new(settings: &ChatSettings) -> Self {
        Self {
            max_per_session: settings.max_streams_per_session as usize,
            max_per_property: settings.max_streams_per_property as usize,
            max_per_server: settings.max_streams_per_server as usize,
            counts: Arc::default(),
        }
    }

    /// A place for a new stream of `session` in `property_id`, or the cap it breaks.
    pub fn admit(
        &self,
        session: &str,
        property_id: PropertyId,
    ) -> Result<StreamTicket, StreamRefusal> {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if counts.server >= self.max_per_server {
            return Err(StreamRefusal::Server {
                max: self.max_per_server,
            });
        }
        if counts.properties.get(&property_id).copied().unwrap_or(0) >= self.max_per_property {
            return Err(StreamRefusal::Property {
                max: self.max_per_property,
            });
        }
        if counts.sessions.get(session).copied().unwrap_or(0) >= self.max_per_session {
            return Err(StreamRefusal::Session {
                max: self.max_per_session,
            });
        }
        counts.server += 1;
        *counts.properties.entry(property_id).or_default() += 1;
        *counts.sessions.entry(session.to_owned()).or_default() += 1;
        Ok(StreamTicket {
            counts: self.counts.clone(),
            session: session.to_owned(),
            property_id,
        })
    }

    /// Streams open now.
    pub fn open(&self) -> usize {
        self.counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .server
    }
}

/// A stream's place; given back when dropped.
#[derive(Debug)]
pub struct StreamTicket {
    counts: Arc<Mutex<Counts>>,
    session: String,
    property_id: PropertyId,
}

impl Drop for StreamTicket {
    fn drop(&mut self) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.server = counts.server.saturating_sub(1);
        let release = |count: &mut usize| {
            *count = count.saturating_sub(1);
            *count > 0
        };
        if !counts
            .properties
            .get_mut(&self.property_id)
            .is_some_and(release)
        {
            counts.properties.remove(&self.property_id);
        }
        if !counts.sessions.get_mut(&self.session).is_some_and(release) {
            counts.sessions.remove(&self.session);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail by panicking")]
mod tests {
    use super::*;

    fn admission(session: u32, property: u32, server: u32) -> Admission {
        Admission::new(&ChatSettings {
            poll_secs: 5,
            max_streams_per_session: session,
            max_streams_per_property: property,
            max_streams_per_server: server,
        })
    }

    #[test]
    fn each_cap_refuses_the_stream_beyond_it_and_a_closed_stream_gives_its_place_back() {
        let caps = admission(2, 3, 4);
        let (one, two) = (PropertyId(1), PropertyId(2));
        let first = caps.admit("a", one).unwrap();
        let _second = caps.admit("a", one).unwrap();
        assert_eq!(
            caps.admit("a", one).unwrap_err(),
            StreamRefusal::Session { max: 2 }
        );
        let _third = caps.admit("b", one).unwrap();
        assert_eq!(
            caps.admit("c", one).unwrap_err(),
            StreamRefusal::Property { max: 3 }
        );
        let _fourth = caps.admit("c", two).unwrap();
        assert_eq!(
            caps.admit("d", two).unwrap_err(),
            StreamRefusal::Server { max: 4 }
        );
        drop(first);
        assert_eq!(caps.open(), 3);
        assert!(caps.admit("a", one).is_ok());
    }
}
