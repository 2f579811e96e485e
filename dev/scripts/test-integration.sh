#!/usr/bin/env bash
# `npm run test:integration` (part of `npm test`): Vigil against a real control plane.
#  1. installs/builds what it needs: Debian's etcd-server, kube-apiserver and helm from the Go module proxy
#     (cached outside the repository after the first build);
#  2. starts the embedded IdP and the local control plane (etcd + kube-apiserver, seeded with the demo);
#  3. runs the integration tests (*.integration.test.ts), the Playwright sign-in spec against the app in
#     token and serviceaccount modes, and last the audit-log check over everything that ran;
#  4. always brings everything down again (trap), and prints how long each part took.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/scripts/lib.sh
ensure_node_modules
ensure_apt etcd etcd-server

ensure_go
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NEXT_TELEMETRY_DISABLED=1
# The IdP's certificate is signed by the dev CA: the app, the tests and Node's fetch trust it through this.
export NODE_EXTRA_CA_CERTS="$PWD/.vigil-dev/ca.crt"
# Ports of their own, so a demo or e2e run on the usual ones (IdP 9400, app 3000) is neither hit nor reused.
# The API server trusts the IdP on exactly this port (dev/cluster/config.ts reads VIGIL_IDP_PORT too).
export VIGIL_IDP_PORT=${VIGIL_INTEGRATION_IDP_PORT:-9401} PORT=${VIGIL_INTEGRATION_APP_PORT:-3101}
# ID tokens as short as the e2e sign-in spec expects (playwright.config.ts), so it sees the app refresh them.
export VIGIL_IDP_ID_TOKEN_TTL=30
mkdir -p test-results/summary .cluster

timings=()
failures=()
timed() { # timed NAME COMMAND...: a step everything after depends on; stops the run when it fails
  local name=$1; shift
  local start=$SECONDS
  say "── $name"
  "$@"
  timings+=("$(printf '%-34s %5d s' "$name" $((SECONDS - start)))")
}
check() { # check NAME COMMAND...: a test stage; the run goes on when it fails, and fails at the end
  local name=$1; shift
  local start=$SECONDS
  local result=ok
  say "── $name"
  "$@" || { result=FAILED; failures+=("$name"); }
  timings+=("$(printf '%-34s %5d s  %s' "$name" $((SECONDS - start)) "$result")")
}
report_timings() {
  say "integration timings:"
  for t in "${timings[@]}"; do say "  $t"; done
}

idp_pid=""
cleanup() {
  local code=$?
  set +e
  npx tsx dev/cluster/cli.ts down
  if [ -n "$idp_pid" ]; then kill "$idp_pid" 2>/dev/null; wait "$idp_pid" 2>/dev/null; fi
  report_timings
  if [ $code -eq 0 ] && [ ${#failures[@]} -gt 0 ]; then
    say "failed integration stages: ${failures[*]}"
    code=1
  fi
  exit $code
}
trap cleanup EXIT

wait_for_idp() {
  local deadline=$((SECONDS + 60))
  until node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "https://127.0.0.1:$VIGIL_IDP_PORT/.well-known/openid-configuration" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "the IdP did not answer within 60 s (see .cluster/idp.log)"
    kill -0 "$idp_pid" 2>/dev/null || die "the IdP exited (see .cluster/idp.log): $(tail -3 .cluster/idp.log)"
    sleep 0.3
  done
}

port_in_use() { # port_in_use PORT
  node -e 'require("net").connect(Number(process.argv[1]), "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(1))' "$1"
}

start_idp() {
  if port_in_use "$VIGIL_IDP_PORT"; then
    die "port $VIGIL_IDP_PORT (IdP) is in use: stop what runs there, or set VIGIL_INTEGRATION_IDP_PORT"
  fi
  # The CA the API server trusts must exist before the IdP or the control plane start.
  npx tsx -e 'import("./dev/pki.ts").then((m) => m.ensureCa(m.DEV_STATE_DIR))'
  tsx dev/idp/server.ts > .cluster/idp.log 2>&1 &
  idp_pid=$!
  wait_for_idp
}

run_e2e() { # run_e2e MODE KUBECONFIG
  local mode=$1 kubeconfig=$2
  [ -f e2e/auth.spec.ts ] || die "e2e/auth.spec.ts is missing"
  if port_in_use "$PORT"; then die "port $PORT (app) is in use: stop what runs there, or set VIGIL_INTEGRATION_APP_PORT"; fi
  # VIGIL_E2E_REUSE: Playwright uses the IdP started here (the API server trusts it) and starts the app itself.
  # Who may not list namespaces (alice) is shown these, one by one, as far as the API server lets them.
  VIGIL_NAMESPACES=a12,ci,default,g04,kube-system,kubernetes-dashboard,shop,t75,vigil \
  VIGIL_E2E_REUSE=1 VIGIL_E2E_MODE=$mode VIGIL_KUBECONFIG="$PWD/$kubeconfig" \
    PLAYWRIGHT_JSON_OUTPUT_FILE="test-results/summary/integration-e2e-$mode.json" \
    playwright test e2e/auth.spec.ts --reporter=list,json
}

timed "kube-apiserver build (cached)" npx tsx dev/cluster/build-kube.ts
# The chart test renders deploy/helm/vigil with helm, built from the Go module proxy like the API server.
timed "helm build (cached)" npx tsx dev/cluster/build-helm.ts
timed "IdP start" start_idp
# A fresh control plane, trusting this run's IdP port, with an audit log of this run only.
timed "control plane up and seed" sh -c 'npx tsx dev/cluster/cli.ts down && npx tsx dev/cluster/cli.ts up'
check "integration tests" vitest run --config vitest.integration.config.ts \
  --exclude '**/audit-log.integration.test.ts' --exclude '**/serve.integration.test.ts' --exclude 'node_modules/**' \
  --reporter=default --reporter=json --outputFile.json=test-results/summary/integration.json
# The e2e specs run the production build: (re)build it unless it is newer than every source it comes from
# (`npm test` builds it just before, in its e2e stage).
app_build_stale() {
  [ -f .next/BUILD_ID ] || return 0
  [ -n "$(find app lib components proxy.ts middleware.ts next.config.js package-lock.json -newer .next/BUILD_ID \
    -type f ! -name '*.test.ts' ! -name '*.test.tsx' 2>/dev/null | head -1)" ]
}
if app_build_stale; then timed "app build (next build)" next build; fi
# Two app instances in serviceaccount mode behind one port: API load independent of viewers, live updates,
# sessions across instances.
check "serving (two instances, audit log)" vitest run --config vitest.integration.config.ts \
  dev/cluster/serve.integration.test.ts \
  --reporter=default --reporter=json --outputFile.json=test-results/summary/integration-serve.json
check "e2e sign-in, token mode" run_e2e token .cluster/server.kubeconfig
check "e2e sign-in, serviceaccount mode" run_e2e serviceaccount .cluster/vigil.kubeconfig
# Last: what the API server recorded of everything above.
check "audit log check" vitest run --config vitest.integration.config.ts dev/cluster/audit-log.integration.test.ts \
  --reporter=default --reporter=json --outputFile.json=test-results/summary/integration-audit.json
