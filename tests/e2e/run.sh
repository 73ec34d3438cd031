#!/usr/bin/env bash
# Runs the end-to-end tests: the release app in a real window under Xvfb, in a private D-Bus
# session with a real Secret Service (gnome-keyring), driven through WebDriver
# (tauri-driver + WebKitWebDriver). Everything the app writes goes to a temporary HOME.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
export TRYGGPLAN_BIN="${TRYGGPLAN_BIN:-$(pwd)/target/release/tryggplan}"
export TRYGGPLAN_DEB="${TRYGGPLAN_DEB:-$(ls -1 target/release/bundle/deb/*.deb 2>/dev/null | head -1)}"
[ -x "$TRYGGPLAN_BIN" ] || { echo "no release binary at $TRYGGPLAN_BIN: run the release build first" >&2; exit 1; }

E2E_ROOT=$(mktemp -d /tmp/tryggplan-e2e.XXXXXX)
export E2E_ROOT
trap 'rm -rf "$E2E_ROOT"' EXIT
mkdir -p "$E2E_ROOT"/{home,data,config,cache,runtime,out}
chmod 700 "$E2E_ROOT/runtime"
export HOME="$E2E_ROOT/home" XDG_DATA_HOME="$E2E_ROOT/data" XDG_CONFIG_HOME="$E2E_ROOT/config" \
       XDG_CACHE_HOME="$E2E_ROOT/cache" XDG_RUNTIME_DIR="$E2E_ROOT/runtime"
unset DBUS_SESSION_BUS_ADDRESS
export TRYGGPLAN_SCREENSHOTS="${TRYGGPLAN_SCREENSHOTS:-$(pwd)/target/e2e}"
mkdir -p "$TRYGGPLAN_SCREENSHOTS"

dbus-run-session -- sh -c '
  printf %s e2e-nyckelring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || exit 70
  exec xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 "$@"
' sh ${E2E_TESTS:-tests/e2e/*.test.mjs}
