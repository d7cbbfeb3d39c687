#!/usr/bin/env bash
# Sets up (Debian packages), builds and runs the whole test suite.
# Usage: scripts/test.sh [PRESET...]   (default: the presets CI runs, default and tsan)
set -euo pipefail
cd "$(dirname "$0")/.."

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(default tsan)

scripts/setup.sh --test
for preset in "${presets[@]}"; do
  echo "=== concur: configuration '$preset'"
  cmake --preset "$preset"
  cmake --build --preset "$preset"
  ctest --preset "$preset" -j "$(nproc)"
done
