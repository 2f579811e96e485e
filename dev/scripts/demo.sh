#!/usr/bin/env bash
# npm run demo [-- --large]: builds Vigil and serves the bundled demo cluster on http://localhost:${PORT:-3000},
# with the embedded IdP (https://127.0.0.1:${VIGIL_IDP_PORT:-9400}) and its demo users. Ctrl-C stops both.
# --large serves a generated cluster instead (VIGIL_LARGE_NAMESPACES namespaces, default 200); VIGIL_MANIFESTS
# serves the given manifest files or directories (a saved snapshot, a GitOps repository).
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/scripts/lib.sh

large=0
for arg in "$@"; do
  case "$arg" in
    --large) large=1 ;;
    -h | --help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $arg (try --large)" ;;
  esac
done

ensure_node_modules # npm install when node_modules is missing or older than package-lock.json; checks Node 24
command -v openssl >/dev/null 2>&1 || ensure_apt openssl openssl
command -v curl >/dev/null 2>&1 || ensure_apt curl curl

PORT=${PORT:-3000}
IDP_PORT=${VIGIL_IDP_PORT:-9400}
STATE=.vigil-dev
mkdir -p "$STATE" && chmod 700 "$STATE"

# The session-sealing secret: generated once, kept (git-ignored) so that sessions survive a restart.
if [ ! -s "$STATE/nextauth-secret" ]; then
  (umask 077 && openssl rand -base64 48 | tr -d '\n' >"$STATE/nextauth-secret")
fi
NEXTAUTH_SECRET=$(cat "$STATE/nextauth-secret")

# VIGIL_MANIFESTS opens saved snapshots or other manifests instead of the bundled demo.
manifests="${VIGIL_MANIFESTS:-}"
if [ "$large" = 1 ]; then
  namespaces=${VIGIL_LARGE_NAMESPACES:-200}
  manifests="$STATE/large-cluster-$namespaces.json"
  if [ ! -s "$manifests" ]; then
    say "generating a large cluster ($namespaces namespaces) into $manifests"
    VIGIL_LARGE_OUT="$manifests" VIGIL_LARGE_NAMESPACES="$namespaces" tsx dev/scripts/generate-large-demo.ts
  fi
fi

for port in "$PORT" "$IDP_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already in use (set PORT or VIGIL_IDP_PORT to use others)"
  fi
done

say "building the app (next build)"
NEXT_TELEMETRY_DISABLED=1 next build >&2 || die "next build failed"

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  say "stopped"
}
trap cleanup INT TERM EXIT

say "starting the demo IdP on https://127.0.0.1:$IDP_PORT"
# The IdP refuses NODE_ENV=production; it never runs beside a real deployment.
env -u NODE_ENV VIGIL_IDP_PORT="$IDP_PORT" PORT="$PORT" tsx dev/idp/server.ts &
pids+=($!)
for _ in $(seq 1 60); do
  curl -sf --cacert "$STATE/ca.crt" "https://127.0.0.1:$IDP_PORT/.well-known/openid-configuration" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || die "the IdP did not start"
  sleep 0.5
done

say "starting Vigil on http://localhost:$PORT"
NEXTAUTH_URL="http://localhost:$PORT" NEXTAUTH_SECRET="$NEXTAUTH_SECRET" NODE_EXTRA_CA_CERTS="$PWD/$STATE/ca.crt" \
  VIGIL_IDP_PORT="$IDP_PORT" VIGIL_MODE=snapshot VIGIL_MANIFESTS="$manifests" NEXT_TELEMETRY_DISABLED=1 \
  next start -H 127.0.0.1 -p "$PORT" --keepAliveTimeout 65000 >/dev/null &
pids+=($!)
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$PORT/signin" >/dev/null 2>&1 && break
  kill -0 "${pids[1]}" 2>/dev/null || die "the app did not start"
  sleep 0.5
done

cat <<MSG

  Vigil is running: http://localhost:$PORT   ($([ "$large" = 1 ] && echo "generated large cluster" || echo "bundled demo cluster"))

  Sign in with single sign-on, then as one of (password: demo):
    alice   alice@example.com   group team-frontend       sees namespace g04 only
    bob     bob@example.com     group security-reviewers  sees every namespace (no Secrets)
    carol   carol@example.com   no groups                 sees no namespace: every panel says why

  Ctrl-C stops Vigil and the IdP.

MSG
wait -n "${pids[@]}" || true
