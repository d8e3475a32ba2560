#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls `npm test`, which runs this script).
# Installs what a clean machine lacks (npm packages, Debian's Chromium), then: type check, lint and format check, unit and
# property tests, dataset pipeline, release and test builds, Firefox lint, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every step is timed; the end (pass or fail) prints each step's duration, to show where CI time goes.
STEP_NAME=""
STEP_START=$SECONDS
TIMINGS=()
end_step() {
  if [ -n "$STEP_NAME" ]; then TIMINGS+=("$(printf '%5ds  %s' $((SECONDS - STEP_START)) "$STEP_NAME")"); fi
  STEP_NAME=""
}
step() {
  end_step
  STEP_NAME="$*"
  STEP_START=$SECONDS
  printf '\n=== %s\n' "$*"
}
print_timings() {
  end_step
  if [ ${#TIMINGS[@]} -eq 0 ]; then return; fi
  echo
  echo "Step durations:"
  printf '%s\n' "${TIMINGS[@]}"
  printf '%5ds  total\n' "$SECONDS"
}
trap print_timings EXIT

# Runs independent commands at once (CI has 2 cores; each of these is mostly one thread), each one's output in a
# file, then prints every output in order and fails if any command failed. Nothing is skipped: the same commands
# as one after the other.
at_once() {
  local dir rc=0
  dir=$(mktemp -d)
  local pids=()
  local i
  i=0
  for cmd in "$@"; do
    bash -c "$cmd" >"$dir/$i.log" 2>&1 &
    pids+=($!)
    i=$((i + 1))
  done
  i=0
  for cmd in "$@"; do
    local status=0
    wait "${pids[$i]}" || status=$?
    printf -- '--- %s (exit %d)\n' "$cmd" "$status"
    cat "$dir/$i.log"
    [ "$status" -eq 0 ] || rc=1
    i=$((i + 1))
  done
  rm -rf "$dir"
  return $rc
}

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/firefox-esr ]; then
  step "installing Debian's Chromium and Firefox ESR (browser tests)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium firefox-esr >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

step "type check (unused locals and parameters included), lint and format check (Biome, biome.jsonc), dataset pipeline: at once"
at_once "npx tsc --noEmit" "npm run -s lint" "npm run data"

step "unit and property tests"
npx vitest run

step "release builds (Chrome MV3, Firefox MV2, Firefox MV3)"
npx wxt build
npx wxt build -b firefox
npx wxt build -b firefox --mv3

step "Firefox lint (MV2 and MV3) beside the test builds: at once"
# The test builds write .output-test/ only; the lint reads .output/. The two wxt builds stay one after the other
# (they share wxt's generated .wxt/ folder).
at_once "npx web-ext lint -s .output/firefox-mv2 --self-hosted" "npx web-ext lint -s .output/firefox-mv3 --self-hosted" \
  "ANGLE_MORT_TEST=1 npx wxt build && ANGLE_MORT_TEST=1 npx wxt build -b firefox"

step "browser tests (Chromium with the extension loaded)"
npx vitest run -c vitest.e2e.config.ts

echo
echo "All test stages passed."
