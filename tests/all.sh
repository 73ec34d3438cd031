#!/usr/bin/env bash
# Runs every test of Tryggplan on a fresh Debian 12 machine (as root), installing what is
# missing first. This is the README's test command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "setup: system packages, tauri-driver, npm packages"
bash .ci/setup

step "format"
cargo fmt --all --check

step "UI: type check and build"
npm --prefix ui run --silent check
npm --prefix ui run --silent build

step "clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "unit and system tests (real SQLCipher file, real Secret Service)"
cargo test --workspace --locked

step "generated TypeScript bindings are current"
if git rev-parse --git-dir >/dev/null 2>&1; then
  if ! git diff --exit-code --stat -- ui/src/lib/bindings \
     || [ -n "$(git ls-files --others --exclude-standard -- ui/src/lib/bindings)" ]; then
    echo "ui/src/lib/bindings is out of date: run 'cargo test -p tryggplan-core' and commit it" >&2
    exit 1
  fi
fi

step "release build and .deb package"
bash .ci/deb

step "end to end: the real app under Xvfb through WebDriver, the .deb, no network"
bash tests/e2e/run.sh

step "all tests passed"
