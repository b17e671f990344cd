#!/usr/bin/env bash
# The test command: installs what the tests need (idempotently), then checks formatting,
# lints, runs every test, and builds the pure crates for the browser (wasm32).
# Works on a fresh Debian machine as root, with CI=true and no standard input.
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n==== %s ====\n' "$*"; }

section "Setup"
export DEBIAN_FRONTEND=noninteractive
if ! command -v tmux >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
    $SUDO apt-get update </dev/null
    $SUDO apt-get install -y tmux </dev/null
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^${component}"; then
        rustup component add "$component"
    fi
done
cargo --version
tmux -V

section "Format (cargo fmt --check)"
cargo fmt --all -- --check

section "Lint (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings

section "Tests (cargo test)"
cargo test --workspace </dev/null

section "The course validates (dockyard lessons check lessons/)"
cargo run -q -p dockyard -- lessons check lessons/ </dev/null

section "WebAssembly build of the pure crates"
# Each of these must stay free of the OS (no clock, files, network): the browser runs them.
for crate in vfs shell coreutils python catalogue dockerfile i18n engine lessons; do
    if [ -f "crates/$crate/Cargo.toml" ]; then
        echo "-- dockyard-$crate"
        cargo build -p "dockyard-$crate" --target wasm32-unknown-unknown
    fi
done

section "All checks passed"
