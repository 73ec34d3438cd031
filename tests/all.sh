#!/usr/bin/env bash
# Runs every test of Tryggplan on a fresh Debian 12 machine (as root), installing what is
# missing first. This is the README's test command; .ci/run calls exactly this.
#
# The end-to-end run mostly waits (app starts, idle timers, dialogs), while the unit and system
# tests (built with clippy's lints) mostly compile. So once the release app is built, the e2e run
# goes on in the background and the tests run beside it at the lowest CPU priority: the real
# window gets the CPU whenever it wants it, and nothing is tested less.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
# CI builds from a clean clone: incremental compilation would only write caches never read again.
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "setup: system packages, tauri-driver, npm packages"
bash .ci/setup

step "format"
cargo fmt --all --check

step "UI: type check and build"
npm --prefix ui run --silent check
npm --prefix ui run --silent build

step "release build and .deb package"
bash .ci/deb

step "end to end, in the background: the real app under Xvfb through WebDriver, the .deb, no network"
e2e_log=$(mktemp /tmp/tryggplan-e2e-log.XXXXXX)
e2e_start=$(date +%s)
# Its own session (and process group), so that a failure here stops all of it.
setsid bash tests/e2e/run.sh >"$e2e_log" 2>&1 &
e2e_pid=$!
trap 'kill -- -"$e2e_pid" 2>/dev/null || true; rm -f "$e2e_log"' EXIT

step "unit and system tests (real SQLCipher file, real Secret Service), built with clippy's lints (warnings are errors), beside the e2e run"
# One compilation for both: clippy-driver is the workspace's compiler while the tests are built,
# so every member is linted as it is compiled (what `cargo clippy --workspace --all-targets
# -- -D warnings` lints: `cargo test` builds the libs, bins, tests and examples, and this
# workspace has no benches), and the dependencies are compiled once instead of once for clippy
# and once more for the tests. `--cap-lints` keeps the dependencies' own warnings out of it.
clippy_driver=$(rustup which clippy-driver 2>/dev/null || command -v clippy-driver)
RUSTC_WORKSPACE_WRAPPER="$clippy_driver" RUSTFLAGS="-D warnings" \
  nice -n 19 cargo test --workspace --locked

step "generated TypeScript bindings are current"
if git rev-parse --git-dir >/dev/null 2>&1; then
  if ! git diff --exit-code --stat -- ui/src/lib/bindings \
     || [ -n "$(git ls-files --others --exclude-standard -- ui/src/lib/bindings)" ]; then
    echo "ui/src/lib/bindings is out of date: run 'cargo test -p tryggplan-core' and commit it" >&2
    exit 1
  fi
fi

step "waiting for the end-to-end run"
e2e_rc=0
wait "$e2e_pid" || e2e_rc=$?
cat "$e2e_log"
printf '\n== end to end took %ss in all (started at the release build'"'"'s end)\n' "$(( $(date +%s) - e2e_start ))"
if [ "$e2e_rc" -ne 0 ]; then
  echo "end to end: failed (exit $e2e_rc)" >&2
  exit "$e2e_rc"
fi

step "all tests passed"
