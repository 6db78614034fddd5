//! The Contact Center server as a library, so integration tests start it on port 0.
#![recursion_limit = "256"]
pub mod background;
pub mod chat_stream;
pub mod demo_host;
pub mod emulator;
pub mod guards;
pub mod health;
pub mod launch;
pub mod panics;
pub mod pms_api;
pub mod route_table;
pub mod security_headers;
pub mod shutdown;
pub mod startup;
pub mod supervisor;
pub mod telemetry;
pub mod webhooks;
