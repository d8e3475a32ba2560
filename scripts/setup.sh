#!/usr/bin/env bash
# One command from a fresh clone to a loadable extension built with the Toulouse dataset:
# installs the pinned npm packages, builds the dataset bundle from ../shared/data, builds and zips
# the extension for Chrome (MV3) and Firefox (MV2 and MV3).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d ../shared/data ]; then
  echo "setup: ../shared/data is missing — the project reads its source data from there (see README)." >&2
  exit 1
fi
npm ci --no-audit --no-fund
npm run build
npm run zip
echo
echo "Built: .output/chrome-mv3 (load unpacked in Chromium/Chrome), .output/firefox-mv2 and .output/firefox-mv3."
