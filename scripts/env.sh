# Shared environment for builds and tests (sourced by the scripts).
# The npm tools (wasm-opt from binaryen) come first on PATH, so cargo-leptos
# never tries to download its own copy.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The bundle name the server embeds in its pages; the same value for every
# build keeps `cargo test` from rebuilding what `cargo leptos` built.
export LEPTOS_OUTPUT_NAME=contact_center
