#!/usr/bin/env bash
# `npm test`: every test. Installs what it needs first, then runs lint, type-check, format check, unit and
# property tests, the end-to-end tests, the integration tests against a real control plane, and the dataplane
# test (Vigil's reachability answers against kube-network-policies enforcing the same policies on packets).
# Every stage runs even when an earlier one failed, so one run shows everything; the exit code is non-zero if
# any failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
. dev/scripts/lib.sh
ensure_node_modules
ensure_apt chromium chromium
rm -rf test-results/summary && mkdir -p test-results/summary

failures=()
stage() { # stage NAME COMMAND...
  local name=$1; shift
  local start=$SECONDS
  say "── $name"
  if "$@"; then say "── $name: ok ($((SECONDS - start)) s)"; else failures+=("$name"); say "── $name: FAILED ($((SECONDS - start)) s)"; fi
}

stage lint eslint --max-warnings=0 .
stage types tsc --noEmit -p tsconfig.json
stage format prettier --check . --log-level warn
stage unit vitest run --reporter=default --reporter=json --outputFile.json=test-results/summary/unit.json
stage e2e bash dev/scripts/test-e2e.sh
stage integration bash dev/scripts/test-integration.sh
stage dataplane bash dev/scripts/test-dataplane.sh

echo
node dev/scripts/summarize.mjs
if [ ${#failures[@]} -gt 0 ]; then
  say "failed stages: ${failures[*]}"
  exit 1
fi
say "all stages passed"
