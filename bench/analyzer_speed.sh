#!/usr/bin/env bash
# bench/analyzer_speed.sh -- concur's speed against its peers, measured in one run, on the same
# translation units, with the same compile flags and the same parallelism:
#
#   (a) clang++-19 -fsyntax-only     every TU's exact compile command, driver swapped, no -o/-c/-M*
#   (b) concur scan                  -p BUILD --format json --output /dev/null -j J <the TUs>
#   (c) clang-tidy-19                -checks='-*,concurrency-*,cppcoreguidelines-avoid-non-const-global-variables'
#                                    (the closest checks clang-tidy has), one process per TU
#
#   (d) concur scan again with the facts cache filled by (b): a warm re-scan
#   (e) concur scan --parse-system-bodies: the same findings, bodies in system headers parsed
#
#   targets:  concur / clang++ -fsyntax-only <= 0.60     concur / clang-tidy <= 0.85
#             warm re-scan / cold scan <= 0.05            project phase / cold scan <= 0.05
#
# The code base is a Debian 12 source package fetched with `apt-get source` at benchmark time into
# a scratch directory OUTSIDE the repository (default ~/.cache/concur-bench; never committed), and
# configured with CMake (Ninja, clang-19, CMAKE_EXPORT_COMPILE_COMMANDS=ON) to get its compile
# database. Missing tools and the headers the package needs to parse are installed with apt.
#
# Usage: bench/analyzer_speed.sh [--package leveldb] [--tus N] [--jobs J] [--concur PATH]
#                                [--workdir DIR] [--no-tidy] [--no-tidy-all-commands] [--no-install]
#
#   --package P   Debian source package: leveldb (default), re2, spdlog, zeromq3 have known
#                 configure recipes; any other CMake package is tried with a plain configure.
#   --tus N       only the first N TUs of the compile database, sorted by path (default: all)
#   --jobs J      parallelism of all three tools (default: nproc)
#   --concur P    the concur binary (default: <repo>/build/default/concur); when it is missing,
#                 (b) is skipped with a message and the ratios are not computed
#   --workdir D   scratch directory for sources, builds and logs (default ~/.cache/concur-bench)
#   --no-tidy     skip (c)
#   --no-tidy-all-commands
#                 skip the second clang-tidy run over the unmodified database (see the next paragraph)
#   --no-install  never call apt; fail if something is missing
#
# Same work for every tool: a file built into several targets (leveldb compiles util/testutil.cc
# into 28 test binaries) has one entry per target in compile_commands.json. concur parses such a
# file once, with its first entry; the clang++ baseline does the same. clang-tidy -p BUILD would
# parse it once per entry, so (c) runs against a copy of the database that keeps only the first
# entry of each file ("one entry per file"), which is the like-for-like number and the one the
# 0.85 target is about. Unless --no-tidy-all-commands, clang-tidy is also timed on the unmodified
# database ("every command"), which is what a user typing `clang-tidy -p BUILD` pays.
#
# Nothing is cached between the tools: concur runs without --cache-dir. Each tool's diagnostics go
# to a log file in the work directory (so terminal output costs nothing); a tool that fails on some
# TUs is reported, because its time is then not comparable.
set -euo pipefail

usage() {  # prints the Usage block of the header; $1 = exit code
  sed -n '/^# Usage:/,/^#   --no-install/s/^# \{0,1\}//p' "$0" >&2
  exit "${1:-2}"
}

# ---------------------------------------------------------------------------- arguments
package=leveldb
tus=0                         # 0 = every TU
jobs=$(nproc)
concur=""
workdir="${HOME}/.cache/concur-bench"
tidy=1
tidy_all=1
install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --package) package=${2:?}; shift 2 ;;
    --tus) tus=${2:?}; shift 2 ;;
    --jobs|-j) jobs=${2:?}; shift 2 ;;
    --concur) concur=${2:?}; shift 2 ;;
    --workdir) workdir=${2:?}; shift 2 ;;
    --no-tidy) tidy=0; shift ;;
    --no-tidy-all-commands) tidy_all=0; shift ;;
    --no-install) install=0; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$tus" =~ ^[0-9]+$ ]] || { echo "--tus takes a number" >&2; exit 2; }
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "--jobs takes a positive number" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/.." && pwd)
concur=${concur:-$repo/build/default/concur}
have_concur=1
if [ ! -x "$concur" ]; then
  have_concur=0
  echo "NOTE: no concur binary at $concur -- (b) is skipped and no ratio is computed" >&2
  echo "      (build it with: cmake --build --preset default, or pass --concur PATH)" >&2
fi

mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
case "$workdir/" in
  "$repo"/*) echo "--workdir must be outside the repository ($repo)" >&2; exit 2 ;;
esac

# ---------------------------------------------------------------------------- per-package recipe
# deps:  Debian packages needed to configure the package and parse its TUs (headers only matter:
#        nothing is linked). opts: CMake options (tests kept when their framework is a system
#        package, benchmarks and docs off). prep: a step run in the source tree before configuring.
deps=()
opts=()
prep=""
case "$package" in
  leveldb)
    # Debian patches the tests to use the system gtest/gmock/benchmark instead of third_party/.
    deps=(libgtest-dev libgmock-dev libbenchmark-dev)
    opts=(-DLEVELDB_BUILD_BENCHMARKS=OFF -DLEVELDB_BUILD_TESTS=ON) ;;
  re2)
    # The +dfsg tarball drops the generated Unicode/Perl tables; Debian regenerates them
    # (debian/rules: REBUILD_TABLES=1) from unicode-data with the scripts shipped in re2/.
    deps=(unicode-data perl python3)
    prep=re2_tables ;;
  spdlog)
    # The +ds tarball has no bundled fmt: use libfmt-dev. Tests use the system catch2.
    deps=(libfmt-dev catch2)
    opts=(-DSPDLOG_FMT_EXTERNAL=ON -DSPDLOG_BUILD_TESTS=ON -DSPDLOG_BUILD_EXAMPLE=ON) ;;
  zeromq3)
    # The library alone (no tests -- they use the bundled Unity -- and no perf tools); the
    # optional libsodium/libbsd are off so the TU set does not depend on what is installed.
    opts=(-DBUILD_TESTS=OFF -DWITH_PERF_TOOL=OFF -DWITH_DOCS=OFF -DWITH_LIBSODIUM=OFF -DWITH_LIBBSD=OFF
          -DENABLE_DRAFTS=OFF) ;;
  *)
    echo "NOTE: no recipe for '$package'; trying a plain CMake configure" >&2 ;;
esac

# shellcheck disable=SC2317  # called through "$prep"
re2_tables() {  # run in the re2 source tree
  [ -s re2/perl_groups.cc ] || perl re2/make_perl_groups.pl > re2/perl_groups.cc
  # /usr/bin/python3: the Debian interpreter, which has what the scripts import.
  [ -s re2/unicode_casefold.cc ] || /usr/bin/python3 re2/make_unicode_casefold.py > re2/unicode_casefold.cc
  [ -s re2/unicode_groups.cc ] || /usr/bin/python3 re2/make_unicode_groups.py > re2/unicode_groups.cc
}

# ---------------------------------------------------------------------------- tools, via apt
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_update() { [ "$apt_updated" = 1 ] || { as_root apt-get update -qq; apt_updated=1; }; }

need=(cmake ninja-build clang-19 dpkg-dev python3 "${deps[@]}")
[ "$tidy" = 1 ] && need+=(clang-tidy-19)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$install" = 1 ] || { echo "missing packages: ${missing[*]} (and --no-install)" >&2; exit 2; }
  echo "installing: ${missing[*]}" >&2
  apt_update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ---------------------------------------------------------------------------- source package
# apt-get source needs a deb-src entry. Debian 12 images ship deb822 files without one; add a
# scratch one for bookworm main (same mirror and keyring as /etc/apt/sources.list.d/debian.sources).
pkgdir="$workdir/$package"
mkdir -p "$pkgdir"
srcdir=$(cat "$pkgdir/.srcdir" 2>/dev/null || true)
if [ -z "$srcdir" ] || [ ! -d "$srcdir" ]; then
  if [ -z "$(apt-cache showsrc "$package" 2>/dev/null | head -1)" ]; then
    [ "$install" = 1 ] || { echo "no deb-src entry for $package (and --no-install)" >&2; exit 2; }
    if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      echo "adding /etc/apt/sources.list.d/concur-bench-src.sources (deb-src bookworm main)" >&2
      as_root tee /etc/apt/sources.list.d/concur-bench-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    fi
    apt_updated=0
    apt_update
  fi
  echo "fetching the Debian source package $package into $pkgdir" >&2
  (cd "$pkgdir" && apt-get source -qq "$package" > "$pkgdir/apt-source.log" 2>&1) ||
    { tail -20 "$pkgdir/apt-source.log" >&2; exit 2; }
  # The unpacked tree is the directory holding debian/control (names differ from the package
  # name: zeromq3 unpacks to zeromq3-4.3.4, re2 to re2-20220601+dfsg).
  controls=("$pkgdir"/*/debian/control)
  [ -f "${controls[0]}" ] || { echo "apt-get source unpacked nothing in $pkgdir" >&2; exit 2; }
  srcdir=$(dirname "$(dirname "${controls[0]}")")
  echo "$srcdir" > "$pkgdir/.srcdir"
fi
version=$(dpkg-parsechangelog -l "$srcdir/debian/changelog" -S Version 2>/dev/null || echo "?")
[ -f "$srcdir/CMakeLists.txt" ] || { echo "$srcdir has no CMakeLists.txt: not a CMake project" >&2; exit 2; }

# ---------------------------------------------------------------------------- configure
build="$pkgdir/build"
if [ ! -f "$build/compile_commands.json" ]; then
  [ -z "$prep" ] || (cd "$srcdir" && "$prep")
  echo "configuring $srcdir -> $build" >&2
  cmake -S "$srcdir" -B "$build" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_C_COMPILER=clang-19 \
    ${opts[@]+"${opts[@]}"} > "$pkgdir/cmake.log" 2>&1 ||
    { tail -30 "$pkgdir/cmake.log" >&2; echo "configure failed; log: $pkgdir/cmake.log" >&2; exit 2; }
fi

# ---------------------------------------------------------------------------- the TUs
# tus.txt:       the chosen files, one per line (sorted by path; first N with --tus)
# syntax.txt:    for each, "cd DIR && clang++-19 -fsyntax-only FLAGS FILE", NUL-terminated
# tidy-db/:      the database with only the first entry of each file (what concur uses)
runs="$pkgdir/run"
rm -rf "$runs"
mkdir -p "$runs" "$pkgdir/tidy-db"
python3 - "$build/compile_commands.json" "$tus" "$runs" "$pkgdir/tidy-db/compile_commands.json" <<'EOF'
import json, os, shlex, subprocess, sys
db_path, limit, runs, dedup_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
first = {}                                   # file -> its first entry, in database order
for e in json.load(open(db_path)):
    f = os.path.normpath(os.path.join(e["directory"], e["file"]))
    first.setdefault(f, e)
files = sorted(first)
json.dump([first[f] for f in files], open(dedup_path, "w"), indent=1)
chosen = files[:limit] if limit > 0 else files
with open(os.path.join(runs, "tus.txt"), "w") as out:
    out.write("".join(f + "\n" for f in chosen))
fail_log = shlex.quote(os.path.join(runs, "clang-failed.txt"))

def argv(e):
    return e.get("arguments") or shlex.split(e["command"])

# A database written by a GCC build can hold flags clang rejects (-fipa-pta,
# -fno-var-tracking-assignments, ...). concur drops them; so does the baseline. Each distinct
# -f/-m flag is probed once, untimed, with `clang -###` (no compile).
unknown = set()
probe = sorted({a for f in chosen for a in argv(first[f])[1:] if a.startswith(("-f", "-m"))})
for a in probe:
    r = subprocess.run(["clang++-19", "-###", "-fsyntax-only", "-x", "c++", "/dev/null", a],
                       capture_output=True, text=True)
    if "unknown argument" in r.stderr or "unsupported option" in r.stderr:
        unknown.add(a)
if unknown:
    print("NOTE: dropped from the clang++ baseline (clang does not know them): " +
          " ".join(sorted(unknown)), file=sys.stderr)
with open(os.path.join(runs, "syntax.txt"), "w") as out:
    for f in chosen:
        e = first[f]
        args = [a for a in argv(e) if a not in unknown]
        # The database's compiler (clang++-19, g++, cc ...) becomes clang-19/clang++-19; output,
        # dependency-file and -c options go; every other flag (but the unknown ones) stays.
        kept = ["clang-19" if f.endswith(".c") else "clang++-19", "-fsyntax-only"]
        skip = False
        for a in args[1:]:
            if skip:                                  # the value of a dropped option
                skip = False
            elif a in ("-o", "-MF", "-MT", "-MQ"):
                skip = True
            elif a in ("-c", "-MD", "-MMD") or a.startswith(("-o", "-MF", "-MT", "-MQ")):
                pass                                  # also the joined forms: -oFILE, -MFFILE
            else:
                kept.append(a)
        out.write("cd %s && %s || echo %s >> %s\0" % (
            shlex.quote(e["directory"]), " ".join(map(shlex.quote, kept)), shlex.quote(f), fail_log))
EOF
count=$(wc -l < "$runs/tus.txt")
[ "$count" -gt 0 ] || { echo "no TUs in $build/compile_commands.json" >&2; exit 2; }
mapfile -t files < "$runs/tus.txt"

# ---------------------------------------------------------------------------- timing
now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
lines() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3f}')" "$1" "$2"; }

echo "package:  $package $version ($srcdir)"
echo "database: $build/compile_commands.json -- $count TUs, -j$jobs"
echo "tools:    $(clang++-19 --version | head -1)"
[ "$have_concur" = 1 ] && echo "          concur: $concur"

# (a) clang++-19 -fsyntax-only
t0=$(now)
xargs -0 -n 1 -P "$jobs" sh -c < "$runs/syntax.txt" > "$runs/clang.log" 2>&1 || true
t1=$(now)
clang_s=$(secs "$t0" "$t1")
clang_failed=$(lines "$runs/clang-failed.txt")

# (b) concur scan: exit 0 = no findings, 1 = findings, 2 = input error (some TU did not parse).
# Cold: an empty facts cache, filled for (d).
concur_s="" concur_rc="" warm_s="" warm_rc="" full_s="" full_rc="" project_s=""
concur_scan() {  # $1 report, $2 log, then extra options; sets scan_s (seconds) and scan_rc
  # (called directly, not in $(...): a subshell would lose scan_rc)
  local report=$1 log=$2 t0 t1
  shift 2
  t0=$(now)
  set +e
  "$concur" scan -p "$build" --format json --output "$report" -j "$jobs" --quiet \
    --allow-compile-errors "$@" "${files[@]}" > "$log" 2>&1
  scan_rc=$?
  set -e
  t1=$(now)
  scan_s=$(secs "$t0" "$t1")
}
json_field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ''))" "$1" "$2"; }
same_findings() {  # the findings of two JSON reports, by location, check and message
  python3 - "$1" "$2" <<'PY'
import json, sys
key = lambda r: sorted((f["file"], f["line"], f["column"], f["check"], f["message"]) for f in json.load(open(r))["findings"])
print("yes" if key(sys.argv[1]) == key(sys.argv[2]) else "NO")
PY
}
if [ "$have_concur" = 1 ]; then
  rm -rf "$runs/cache"
  concur_scan "$runs/concur.json" "$runs/concur.log" --cache-dir "$runs/cache"; concur_s=$scan_s concur_rc=$scan_rc
  project_s=$(json_field "$runs/concur.json" projectSeconds)
  # (d) the same scan with the cache the cold scan filled
  concur_scan "$runs/warm.json" "$runs/warm.log" --cache-dir "$runs/cache"; warm_s=$scan_s warm_rc=$scan_rc
  # (e) bodies in system headers parsed too: slower, and it must find the same
  concur_scan "$runs/full.json" "$runs/full.log" --parse-system-bodies; full_s=$scan_s full_rc=$scan_rc
fi

# (c) clang-tidy-19, one entry per file, then (optionally) every command of the database
tidy_s="" tidy_all_s="" tidy_failed=0
if [ "$tidy" = 1 ]; then
  # sh -c gets the database as $1, the failure log as $2 and (from xargs) the TU as $3.
  # shellcheck disable=SC2016
  tidy_one() {  # $1 database dir, $2 failure log
    tr '\n' '\0' < "$runs/tus.txt" |
      xargs -0 -n 1 -P "$jobs" sh -c \
        'clang-tidy-19 -p "$1" --quiet -checks="-*,concurrency-*,cppcoreguidelines-avoid-non-const-global-variables" "$3" || echo "$3" >> "$2"' \
        sh "$1" "$2" >> "$runs/tidy.log" 2>&1 || true
  }
  t0=$(now); tidy_one "$pkgdir/tidy-db" "$runs/tidy-failed.txt"; t1=$(now)
  tidy_s=$(secs "$t0" "$t1")
  tidy_failed=$(lines "$runs/tidy-failed.txt")
  if [ "$tidy_all" = 1 ]; then
    t0=$(now); tidy_one "$build" "$runs/tidy-all-failed.txt"; t1=$(now)
    tidy_all_s=$(secs "$t0" "$t1")
  fi
fi

# ---------------------------------------------------------------------------- report
echo
printf '%-44s %8s s\n' "(a) clang++-19 -fsyntax-only" "$clang_s"
if [ "$have_concur" = 1 ]; then
  printf '%-44s %8s s   (exit %s; project phase %s s)\n' "(b) concur scan, cold" "$concur_s" "$concur_rc" "$project_s"
  printf '%-44s %8s s   (exit %s; %s TUs from the cache)\n' "(d) concur scan, warm (facts cache)" "$warm_s" "$warm_rc" "$(json_field "$runs/warm.json" cachedTranslationUnits)"
  printf '%-44s %8s s   (exit %s)\n' "(e) concur scan --parse-system-bodies" "$full_s" "$full_rc"
else
  printf '%-44s %8s\n' "(b) concur scan" "skipped (no binary)"
fi
if [ "$tidy" = 1 ]; then
  printf '%-44s %8s s\n' "(c) clang-tidy-19, one entry per file" "$tidy_s"
  [ -z "$tidy_all_s" ] || printf '%-44s %8s s\n' "    clang-tidy-19, every database command" "$tidy_all_s"
fi
echo
if [ "$have_concur" = 1 ] && [ "$concur_rc" -gt 2 ]; then
  echo "no ratios: concur did not run to completion (exit $concur_rc)"
elif [ "$have_concur" = 1 ]; then
  echo "concur / clang++ -fsyntax-only = $(ratio "$concur_s" "$clang_s")   (target <= 0.60)"
  echo "warm re-scan / cold scan       = $(ratio "$warm_s" "$concur_s")   (target <= 0.05)"
  echo "project phase / cold scan      = $(ratio "$project_s" "$concur_s")   (target <= 0.05)"
  echo "skipping system bodies: findings equal to --parse-system-bodies: $(same_findings "$runs/concur.json" "$runs/full.json"); cold scan / full parse = $(ratio "$concur_s" "$full_s")"
  echo "warm findings equal to cold: $(same_findings "$runs/concur.json" "$runs/warm.json")"
  if [ "$tidy" = 1 ]; then
    echo "concur / clang-tidy-19         = $(ratio "$concur_s" "$tidy_s")   (target <= 0.85; one entry per file)"
    [ -z "$tidy_all_s" ] ||
      echo "concur / clang-tidy-19 -p BUILD = $(ratio "$concur_s" "$tidy_all_s")   (every database command)"
  fi
fi
echo "TUs: $count"

# A tool that did not parse everything did less work: its time is not comparable.
warn=0
if [ "$clang_failed" -gt 0 ]; then
  echo "WARNING: clang++-19 failed on $clang_failed TU(s): $runs/clang-failed.txt, $runs/clang.log" >&2; warn=1
fi
if [ "$have_concur" = 1 ] && [ "$concur_rc" -gt 1 ]; then
  # 2 = input errors (its results are still complete for the TUs it analyzed); anything else
  # (126: not executable, e.g. being relinked; >128: killed by a signal) means no result at all.
  echo "WARNING: concur exited $concur_rc: $runs/concur.log" >&2; warn=1
fi
# concur analyzes a TU with compile errors as far as Clang recovers (--allow-compile-errors
# keeps the exit code); the report lists them.
if [ "$have_concur" = 1 ]; then
  errors=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['compileErrors']))" "$runs/concur.json")
  if [ "$errors" -gt 0 ]; then
    echo "WARNING: concur met compile errors in $errors TU(s): $runs/concur.json" >&2; warn=1
  fi
fi
if [ "$tidy_failed" -gt 0 ]; then
  echo "WARNING: clang-tidy-19 failed on $tidy_failed TU(s): $runs/tidy-failed.txt, $runs/tidy.log" >&2; warn=1
fi
exit "$warn"
