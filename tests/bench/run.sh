#!/usr/bin/env bash
# Measures Tryggplan's performance figures and writes docs/BENCHMARKS.md (machine, date, median,
# spread, N, target, met). Measurements only: it fails when something cannot be measured,
# never because a figure misses its target.
#
#   bash tests/bench/run.sh
#
# Builds what is missing (cargo decides; a no-op when current), then, in a temporary HOME/XDG
# tree, a private D-Bus session with an unlocked gnome-keyring and Xvfb:
#   bench_store (Argon2id, unlock, SQLCipher vs plain SQLite) and tests/bench/gui.mjs
#   (cold start, memory of Tryggplan and of tests/bench/empty-window, apps started directly,
#   the passphrase typed with xdotool).
# Loopback only. Every process it starts is ended on exit, and the temporary tree removed.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
BENCH_STARTED=$(date +%s)
export BENCH_STARTED
t() { printf '\n== bench: %s (%ss)\n' "$*" "$(( $(date +%s) - BENCH_STARTED ))"; }

t "setup: system packages, tauri-driver, npm packages"
bash .ci/setup
# xdotool types the passphrase into the real window (.ci/setup does not install it).
if ! command -v xdotool >/dev/null 2>&1; then
  echo "bench: installing xdotool"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xdotool >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xdotool >/dev/null; }
fi

t "build (release; no-op when current)"
# The UI is embedded in the binary: rebuild it only when a source is newer than the last build
# (a needless rebuild would make cargo relink the app).
if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html ui/package.json ui/vite.config.ts \
     ui/svelte.config.js -newer ui/dist/index.html -print -quit 2>/dev/null)" ]; then
  npm --prefix ui run --silent build
fi
# Exactly as .ci/app builds the app, so the two never rebuild each other's artefacts.
cargo build --release --locked -p tryggplan --features tauri/custom-protocol
cargo build --release --locked -p tryggplan-bench-empty-window --features tauri/custom-protocol
cargo build --release --locked -p tryggplan-systest --bins

export BENCH_APP="$root/target/release/tryggplan"
export BENCH_EMPTY="$root/target/release/tryggplan-bench-empty-window"
export BENCH_DEB
BENCH_DEB=$(ls -1t target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)
BENCH_STORE="$root/target/release/bench_store"
KEYPROBE="$root/target/release/keyprobe"
for b in "$BENCH_APP" "$BENCH_EMPTY" "$BENCH_STORE" "$KEYPROBE"; do
  [ -x "$b" ] || { echo "bench: missing $b after the build" >&2; exit 1; }
done
export BENCH_STORE KEYPROBE
export BENCH_STARTUP_RUNS="${BENCH_STARTUP_RUNS:-12}" BENCH_MEMORY_RUNS="${BENCH_MEMORY_RUNS:-5}"
# A throwaway passphrase for the benchmark profile (protects nothing; ASCII so that xdotool
# can type it on any keyboard map).
export BENCH_PASSPHRASE="Matning av Tryggplan 2026"

# Everything below runs with BENCH_ROOT in its environment; on exit every process that still
# carries exactly this value (i.e. one this script started) is ended, by pid.
BENCH_ROOT=$(mktemp -d /tmp/tryggplan-bench.XXXXXX)
export BENCH_ROOT
cleanup() {
  local status=$? pids=() p
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = "$$" ] && continue
    if grep -qzxF "BENCH_ROOT=$BENCH_ROOT" "/proc/$p/environ" 2>/dev/null; then
      pids+=("$p")
    fi
  done
  if [ ${#pids[@]} -gt 0 ]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    sleep 1
    kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
  rm -rf "$BENCH_ROOT"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BENCH_RUSTC=$(rustc --version)  # before HOME changes: rustup finds its toolchains through HOME
export BENCH_RUSTC
mkdir -p "$BENCH_ROOT"/{home,data,config,cache,runtime,work}
chmod 700 "$BENCH_ROOT/runtime"
export HOME="$BENCH_ROOT/home" XDG_DATA_HOME="$BENCH_ROOT/data" XDG_CONFIG_HOME="$BENCH_ROOT/config" \
       XDG_CACHE_HOME="$BENCH_ROOT/cache" XDG_RUNTIME_DIR="$BENCH_ROOT/runtime"
unset DBUS_SESSION_BUS_ADDRESS
BENCH_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
export BENCH_LOAD_BEFORE

t "measure: Argon2id, unlock, SQLCipher vs plain (bench_store); cold start, memory (gui.mjs)"
dbus-run-session -- sh -c '
  set -e
  printf %s bench-nyckelring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 \
    || { echo "bench: gnome-keyring did not start" >&2; exit 70; }
  # The profile the app will show the unlock screen for (the app data dir of se.tryggplan.app).
  "$KEYPROBE" "$XDG_DATA_HOME/se.tryggplan.app/data" setup "$BENCH_PASSPHRASE" >/dev/null
  "$BENCH_STORE" "$BENCH_ROOT/work" all > "$BENCH_ROOT/store.json"
  xvfb-run -a -s "-screen 0 1280x800x24" node tests/bench/gui.mjs "$BENCH_ROOT/gui.json"
'
BENCH_LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
export BENCH_LOAD_AFTER

t "report"
node tests/bench/report.mjs "$BENCH_ROOT/store.json" "$BENCH_ROOT/gui.json" docs/BENCHMARKS.md
t "done: docs/BENCHMARKS.md"
