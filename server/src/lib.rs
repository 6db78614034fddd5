//! The Contact Center server as a library, so integration tests start it on port 0.
#![recursion_limit = "256"]

/// mimalloc, for the server binary and everything else that links this
/// library (the tests and benches measure what production runs): it gives
/// memory back to the system soon after a burst (a flood of sign-ins hashes
/// with 19 MiB each; glibc's allocator kept it for good), and glibc's malloc
/// and free were a tenth of the CPU samples of the dispatch bench's send
/// phase (`cargo bench -p server --bench hostile`, README "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
pub mod app_router;
pub mod background;
pub mod chat_stream;
pub mod cli;
pub mod cli_property;
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
