#!/usr/bin/env bash
# Docs tooling: render an HTML report in headless Chromium and save a PNG.
# Usage: scripts/screenshot-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]
set -euo pipefail
report=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-1280x2400}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size="${size/x/,}" \
  --screenshot="$out" "file://$report" 2>/dev/null
echo "wrote $out"
