#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: the npm dependencies (with Node 24) and Debian's
# Chromium. The local control plane's etcd and kube-apiserver are installed and built by test-integration.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/scripts/lib.sh
ensure_node_modules
ensure_apt chromium chromium
say "setup done: $(node --version), $(chromium --version 2>/dev/null | head -1)"
