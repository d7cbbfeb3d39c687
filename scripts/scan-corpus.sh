#!/usr/bin/env bash
# The main job: set up, build concur, scan the bundled corpus, print the
# findings and write reports at the top of the checkout:
#   concur-report.sarif, concur-report.json      the corpus as one project
#   concur-report-projects/<name>.{sarif,json}   each multi-TU project under corpus/projects/,
#                                                scanned with the compile database CMake wrote
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target concur

# Exit code 1 means "findings", which is what the corpus is for.
scan() {
  local status=0
  build/default/concur scan "$@" || status=$?
  if [ "$status" -gt 1 ]; then exit "$status"; fi
}

scan corpus --format sarif --output concur-report.sarif --format json --output concur-report.json \
  --format text
mkdir -p concur-report-projects
for project in build/default/corpus-projects/*/; do
  name=$(basename "$project")
  config=()
  if [ -f "corpus/projects/$name/.concur.yaml" ]; then config=(--config "corpus/projects/$name/.concur.yaml"); fi
  echo
  echo "=== corpus/projects/$name (concur scan -p $project ${config[*]})"
  scan -p "$project" ${config[@]+"${config[@]}"} --format sarif --output "concur-report-projects/$name.sarif" \
    --format json --output "concur-report-projects/$name.json" --format text
done
echo
echo "reports written: concur-report.sarif, concur-report.json, concur-report-projects/"
