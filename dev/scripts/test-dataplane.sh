#!/usr/bin/env bash
# `npm run test:dataplane` (part of `npm test`): Vigil's reachability answers against a real NetworkPolicy
# dataplane, sigs.k8s.io/kube-network-policies, on a routed pod network of network namespaces on this machine.
# Needs root and a kernel with nf_tables, nfnetlink_queue and network namespaces: the test says what is missing
# and fails when they are not there. Builds kube-apiserver and kube-network-policies once into the tool cache;
# uses the same ports as the integration tests (it runs after them) and its own state directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/scripts/lib.sh
ensure_node_modules
ensure_apt etcd etcd-server
ensure_apt nft nftables
ensure_apt ip iproute2
ensure_go
export VIGIL_CLUSTER_DIR="$PWD/.cluster/dataplane"
mkdir -p "$VIGIL_CLUSTER_DIR" test-results/summary
exec tsx dev/dataplane/run-dataplane.ts
