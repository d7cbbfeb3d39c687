#!/usr/bin/env bash
# The main job: set up, build concur, scan the bundled corpus, print the
# findings and write a SARIF report (concur-report.sarif) and a JSON report
# (concur-report.json) at the top of the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target concur

status=0
build/default/concur scan corpus \
  --format sarif --output concur-report.sarif \
  --format json --output concur-report.json \
  --format text || status=$?
# Exit code 1 means "findings", which is what the corpus is for.
if [ "$status" -gt 1 ]; then
  exit "$status"
fi
echo "reports written: concur-report.sarif, concur-report.json"
