#!/usr/bin/env bash
# Installs what concur needs to build and test, from Debian 12 packages only.
# A no-op when everything is already installed.
# Usage: scripts/setup.sh [--test]
set -euo pipefail

packages=(
  cmake ninja-build
  clang-19 llvm-19-dev libclang-19-dev libclang-rt-19-dev
  libgtest-dev libgmock-dev libfmt-dev
)
# --test: also what the test suite needs beyond the build (headless Chromium
# renders the HTML report).
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "concur setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
