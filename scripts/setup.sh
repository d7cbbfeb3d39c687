#!/usr/bin/env bash
# Installs what concur needs to build and test, from Debian 12 packages only.
# A no-op when everything is already installed.
# Usage: scripts/setup.sh [--test] [--bench]
set -euo pipefail

packages=(
  cmake ninja-build
  clang-19 llvm-19-dev libclang-19-dev libclang-rt-19-dev
  libgtest-dev libgmock-dev libfmt-dev
)
# --test: also what the test suite needs beyond the build (headless Chromium
# renders the HTML report).
# --bench: the peers the benchmarks compare against (clang-tidy-19 for
# bench/analyzer_speed.sh; libuv, libevent and Boost.Asio for bench/reactor).
for arg in "$@"; do
  case "$arg" in
    --test) packages+=(chromium) ;;
    --bench) packages+=(clang-tidy-19 dpkg-dev pkg-config libuv1-dev libevent-dev libboost-dev) ;;
    *) echo "usage: scripts/setup.sh [--test] [--bench]" >&2; exit 2 ;;
  esac
done
# --test: Microsoft's SARIF Multitool validates concur's SARIF in the test suite (from npm, into
# a cache directory outside the tree; node and npm are on the image).
sarif_tool_dir="${XDG_CACHE_HOME:-$HOME/.cache}/concur-tools"
sarif_tool="$sarif_tool_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
install_sarif_tool() {
  [ -x "$sarif_tool" ] && return 0
  echo "concur setup: installing @microsoft/sarif-multitool into $sarif_tool_dir"
  mkdir -p "$sarif_tool_dir"
  npm install --silent --no-audit --no-fund --prefix "$sarif_tool_dir" @microsoft/sarif-multitool@5.7.0 \
    || { echo "concur setup: npm could not install @microsoft/sarif-multitool" >&2; exit 1; }
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
for arg in "$@"; do [ "$arg" = --test ] && install_sarif_tool; done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "concur setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
