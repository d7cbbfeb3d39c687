#!/usr/bin/env bash
# concur's speed against its peers, measured in one run on the same TUs and flags:
#   concur scan            vs  clang++-19 -fsyntax-only   (target: ratio <= 1.10)
#   concur scan            vs  clang-tidy-19 with the closest checks it has
#                              (concurrency-*, cppcoreguidelines-avoid-non-const-global-variables;
#                               target: ratio <= 0.85)
#
# The code base is a Debian source package fetched at benchmark time into a scratch directory
# outside the repository (never committed), configured with CMake to get its compile database.
#
# Usage: bench/analyzer_speed.sh [--package leveldb] [--tus N] [--jobs J] [--concur PATH]
#                                [--workdir DIR] [--no-tidy]
set -euo pipefail

package=leveldb
tus=0            # 0 = every TU of the compile database
jobs=$(nproc)
concur=""
workdir="${HOME}/.cache/concur-bench"
tidy=1
while [ $# -gt 0 ]; do
  case "$1" in
    --package) package=$2; shift 2 ;;
    --tus) tus=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --concur) concur=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --no-tidy) tidy=0; shift ;;
    *) echo "usage: $0 [--package P] [--tus N] [--jobs J] [--concur PATH] [--workdir DIR] [--no-tidy]" >&2; exit 2 ;;
  esac
done
repo=$(cd "$(dirname "$0")/.." && pwd)
concur=${concur:-$repo/build/default/concur}
[ -x "$concur" ] || { echo "no concur binary at $concur (build it: cmake --build --preset default)" >&2; exit 2; }

need=(cmake ninja-build clang-19 dpkg-dev)
[ "$tidy" = 1 ] && need+=(clang-tidy-19)
missing=()
for p in "${need[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Source package: add a deb-src entry for bookworm main in a scratch sources file when none exists.
if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  cat > /etc/apt/sources.list.d/concur-bench-src.sources <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt-get update -qq
fi
mkdir -p "$workdir"
cd "$workdir"
src=$(ls -d "$package"-*/ 2>/dev/null | head -1 || true)
if [ -z "$src" ]; then
  apt-get source -qq "$package" >/dev/null 2>&1
  src=$(ls -d "$package"-*/ | head -1)
fi
src=${src%/}
build="$workdir/$package-build"
if [ ! -f "$build/compile_commands.json" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_C_COMPILER=clang-19 -DLEVELDB_BUILD_BENCHMARKS=OFF >/dev/null
fi

# The TUs (sorted by path, first N with --tus) and, for clang++, their exact commands.
list="$workdir/$package-tus.txt"
syntax="$workdir/$package-syntax.txt"
# A file built into several targets has one entry per target; clang-tidy parses it once per
# entry, concur and the clang++ baseline once. dedup/ holds one entry per file for a like-for-like
# clang-tidy run.
dedup="$workdir/$package-dedup"
mkdir -p "$dedup"
python3 - "$build/compile_commands.json" "$tus" "$list" "$syntax" "$dedup/compile_commands.json" <<'EOF'
import json, shlex, sys
db, limit, list_path, syntax_path, dedup_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
seen, entries = set(), []
for e in sorted(json.load(open(db)), key=lambda e: e["file"]):
    if e["file"] in seen:
        continue
    seen.add(e["file"])
    entries.append(e)
json.dump(entries, open(dedup_path, "w"), indent=1)
if limit > 0:
    entries = entries[:limit]
with open(list_path, "w") as out:
    out.write("\n".join(e["file"] for e in entries) + "\n")
with open(syntax_path, "w") as out:
    for e in entries:
        args = e.get("arguments") or shlex.split(e["command"])
        args[0] = "clang++-19" if not e["file"].endswith(".c") else "clang-19"
        kept, skip = [], False
        for a in args:
            if skip:
                skip = False
                continue
            if a in ("-o", "-MF", "-MT", "-MQ"):
                skip = True
                continue
            if a in ("-c", "-MD", "-MMD"):
                continue
            kept.append(a)
        kept.insert(1, "-fsyntax-only")
        out.write("cd %s && %s\n" % (shlex.quote(e["directory"]), " ".join(shlex.quote(a) for a in kept)))
EOF
count=$(wc -l < "$list")

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

echo "package: $src, $count TUs, -j$jobs"
t0=$(now)
tr '\n' '\0' < "$syntax" | xargs -0 -P "$jobs" -I{} sh -c '{}' >/dev/null 2>&1 || true
t1=$(now)
mapfile -t files < "$list"
"$concur" scan -p "$build" -j "$jobs" --quiet --format json --output /dev/null "${files[@]}" || [ $? -le 1 ]
t2=$(now)
clang_s=$(elapsed "$t0" "$t1")
concur_s=$(elapsed "$t1" "$t2")
echo "clang++-19 -fsyntax-only: ${clang_s} s"
echo "concur scan:              ${concur_s} s"
echo "concur / clang++ -fsyntax-only = $(python3 -c "print(f'{$concur_s / $clang_s:.3f}')")  (target <= 1.10)"
if [ "$tidy" = 1 ]; then
  tidy() {
    tr '\n' '\0' < "$list" | xargs -0 -P "$jobs" -n 1 clang-tidy-19 -p "$1" --quiet \
      -checks='-*,concurrency-*,cppcoreguidelines-avoid-non-const-global-variables' >/dev/null 2>&1 || true
  }
  t3=$(now); tidy "$dedup"; t4=$(now); tidy "$build"; t5=$(now)
  tidy_dedup_s=$(elapsed "$t3" "$t4")
  tidy_s=$(elapsed "$t4" "$t5")
  echo "clang-tidy-19, one entry per file:     ${tidy_dedup_s} s"
  echo "clang-tidy-19, every compile command:  ${tidy_s} s  (how users run it on this database)"
  echo "concur / clang-tidy-19 (one entry per file) = $(python3 -c "print(f'{$concur_s / $tidy_dedup_s:.3f}')")  (target <= 0.85)"
  echo "concur / clang-tidy-19 (every command)      = $(python3 -c "print(f'{$concur_s / $tidy_s:.3f}')")"
fi
