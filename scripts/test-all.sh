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

step "type check (unused locals and parameters included)"
npx tsc --noEmit

step "lint and format check (Biome, biome.jsonc)"
npm run -s lint

step "dataset pipeline"
npm run data

step "unit and property tests"
npx vitest run

step "release builds (Chrome MV3, Firefox MV2, Firefox MV3)"
npx wxt build
npx wxt build -b firefox
npx wxt build -b firefox --mv3

step "Firefox lint"
npx web-ext lint -s .output/firefox-mv2 --self-hosted
npx web-ext lint -s .output/firefox-mv3 --self-hosted

step "test builds"
ANGLE_MORT_TEST=1 npx wxt build
ANGLE_MORT_TEST=1 npx wxt build -b firefox

step "browser tests (Chromium with the extension loaded)"
npx vitest run -c vitest.e2e.config.ts

echo
echo "All test stages passed."
