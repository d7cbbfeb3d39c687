#!/usr/bin/env bash
# Sets up (Debian packages), builds and runs the whole test suite.
# Usage: scripts/test.sh            (the default RelWithDebInfo configuration)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --test
cmake --preset default
cmake --build --preset default
ctest --preset default -j "$(nproc)"
