#!/usr/bin/env bash
# End-to-end tests in Debian's Chromium through the real sign-in, against a production build of the app.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/scripts/lib.sh
ensure_node_modules
ensure_apt chromium chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NEXT_TELEMETRY_DISABLED=1
say "building the app (next build)"
next build >&2
mkdir -p test-results/summary
PLAYWRIGHT_JSON_OUTPUT_FILE=test-results/summary/e2e.json playwright test --reporter=list,json "$@"
