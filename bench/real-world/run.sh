#!/usr/bin/env bash
# shellcheck disable=SC2317  # recipe_* and generate_sources are called through "$fn"
# bench/real-world/run.sh -- the real-world triage set of issue 9 §2: fetch the Debian 12 source
# packages listed in packages.tsv, make their compile databases and scan each with concur,
# recording per package: TUs, TUs with compile errors, findings per check, wall time, peak RSS,
# exit code, and whether the scan crashed or hung.
#
# Usage: bench/real-world/run.sh [--concur PATH] [--workdir DIR] [--jobs J] [--nice N]
#                                [--timeout SECONDS] [--only PKG[,PKG...]] [--prepare-only]
#                                [--scan-only] [--no-install] [--keep-facts] [--from-facts]
#
#   --concur PATH     the concur binary (default: <repo>/build/default/concur)
#   --workdir DIR     where sources, builds and results go (default /work/realworld); must be
#                     outside the repository: third-party code is never committed
#   --jobs J          concur scan -j J (default 2)
#   --nice N          scans run under `nice -n N` (default 10: other work shares the cores)
#   --timeout S       per-package scan timeout in seconds (default 5400); a scan still running
#                     then is killed and recorded as a hang
#   --only LIST       only these packages (comma-separated names from packages.tsv)
#   --prepare-only    fetch, install build dependencies and make the databases; do not scan
#   --scan-only       scan what is prepared; fetch and configure nothing
#   --keep-facts      also write each package's facts to DIR/facts/PKG.json (--facts)
#   --from-facts      do not parse: run `concur merge` over DIR/facts/PKG.json, i.e. only the
#                     project phase and the checks. For iterating on the project phase with a
#                     binary whose extraction is unchanged; the facts must come from --keep-facts
#   --no-install      never call apt (fail when a package is not fetched yet)
#
# Re-runnable: a package already fetched is not fetched again, a database already made is not
# made again (delete DIR/PKG/.db-ready to redo one). Each scan overwrites its own results.
#
# A package's configs/PKG.yaml, when there is one, is passed with --config: what its build tells
# the linker and the compile database does not show (an export list).
#
# Results, in DIR/results/:
#   PKG.json     concur's JSON report          PKG.log     concur's standard error
#   PKG.time     /usr/bin/time -v output        summary.tsv one line a package (also printed)
#
# On a fresh Debian 12 machine this needs root (or sudo) once: it adds a scratch deb-src entry for
# bookworm main in /etc/apt/sources.list.d/concur-realworld-src.sources (never touching
# /etc/apt/sources.list), then `apt-get build-dep` for every package. Exit code: 0 when every
# package was scanned without a crash or hang, 1 otherwise, 2 on bad arguments.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() {
  sed -n '/^# Usage:/,/^#   --no-install/s/^# \{0,1\}//p' "$0" >&2
  exit "${1:-2}"
}

concur="$repo/build/default/concur"
workdir=/work/realworld
jobs=2
niceness=10
timeout_s=5400
only=""
prepare=1
scan=1
install=1
keep_facts=0
from_facts=0
while [ $# -gt 0 ]; do
  case "$1" in
    --concur) concur=${2:?}; shift 2 ;;
    --workdir) workdir=${2:?}; shift 2 ;;
    --jobs|-j) jobs=${2:?}; shift 2 ;;
    --nice) niceness=${2:?}; shift 2 ;;
    --timeout) timeout_s=${2:?}; shift 2 ;;
    --only) only=${2:?}; shift 2 ;;
    --prepare-only) scan=0; shift ;;
    --scan-only) prepare=0; shift ;;
    --no-install) install=0; shift ;;
    --keep-facts) keep_facts=1; shift ;;
    --from-facts) from_facts=1; prepare=0; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --jobs takes a positive number" >&2; exit 2; }
[[ "$timeout_s" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --timeout takes seconds" >&2; exit 2; }
[[ "$niceness" =~ ^-?[0-9]+$ ]] || { echo "run.sh: --nice takes a number" >&2; exit 2; }
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
case "$workdir/" in
  "$repo"/*) echo "run.sh: --workdir must be outside the repository ($repo)" >&2; exit 2 ;;
esac
if [ "$scan" = 1 ] && [ ! -x "$concur" ]; then
  echo "run.sh: no concur binary at $concur (build it, or pass --concur PATH)" >&2
  exit 2
fi

# ---------------------------------------------------------------------------- the package list
packages=()
declare -A expected_version=()
while IFS=$'\t' read -r name version _; do
  case "$name" in ''|'#'*|package) continue ;; esac
  packages+=("$name")
  expected_version[$name]=$version
done < "$here/packages.tsv"
if [ -n "$only" ]; then
  IFS=, read -r -a wanted <<< "$only"
  for p in "${wanted[@]}"; do
    [ -n "${expected_version[$p]+x}" ] || { echo "run.sh: --only: '$p' is not in packages.tsv" >&2; exit 2; }
  done
  packages=("${wanted[@]}")
fi

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------------------- apt
apt_ready=0
apt_setup() {  # a deb-src entry for bookworm main, in its own file, and fresh lists (once)
  [ "$apt_ready" = 1 ] && return
  [ "$install" = 1 ] || { echo "run.sh: apt is needed and --no-install was given" >&2; exit 2; }
  local src=/etc/apt/sources.list.d/concur-realworld-src.sources
  if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    log "adding $src (deb-src bookworm main)"
    as_root tee "$src" >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  as_root apt-get update -qq
  apt_ready=1
}

apt_install() {  # installs the Debian packages given that are missing
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  apt_setup
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# ---------------------------------------------------------------------------- per-package recipes
# Each recipe_PKG runs in the unpacked source tree with $build set, and leaves
# $build/compile_commands.json behind with every generated header its TUs include. Only the
# generation steps are run, not the build (redis is the exception: bear needs the real compiles,
# and its C build takes about two minutes).

cmake_configure() {  # cmake_configure [SOURCE-SUBDIR] -- OPTIONS...
  local sub=.
  if [ "${1:-}" != "--" ]; then sub=$1; shift; fi
  shift
  cmake -S "$sub" -B "$build" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 "$@"
}

generate_sources() {  # makes the generated sources and headers the TUs include, without compiling
  # 1. Custom commands whose outputs are sources, headers or Qt translations (re2c lexers, D-Bus
  #    adaptors, uic, marshallers, tool_hugehelp.c, .qm files that .qrc resources list). When
  #    ninja would compile something first (the command depends on a target), only the command
  #    itself runs, and the log says so.
  local outputs=() out commands
  while read -r out; do
    commands=$(ninja -C "$build" -t commands "$out")
    if grep -qE ' -c [^ ]+\.(c|cc|cpp|cxx)( |$)' <<< "$commands"; then
      echo "generate_sources: $out: running only its own command (ninja would compile first)"
      (cd "$build" && sh -c "$(ninja -t commands -s "$out")") ||
        echo "generate_sources: $out: its command failed"
    else
      outputs+=("$out")
    fi
  done < <(ninja -C "$build" -t targets all |
    sed -n 's/^\([^:]*\): CUSTOM_COMMAND\(_DEP\)\{0,1\}$/\1/p' | grep -v '^/' | grep -v '_autogen' |
    grep -E '\.(h|hh|hpp|hxx|c|cc|cpp|cxx|inc|def|qm)$' || true)
  [ ${#outputs[@]} -eq 0 ] || ninja -C "$build" -j "$jobs" "${outputs[@]}"
  # 2. Qt: CMake's own autogen (moc, uic) and autorcc steps, run straight from their info files;
  #    the *_autogen targets would first build every library their target links.
  local info config=RelWithDebInfo
  while read -r info; do
    cmake -E cmake_autogen "$info" "$config"
  done < <(find "$build" -name AutogenInfo.json -path '*_autogen.dir/*')
  while read -r info; do
    cmake -E cmake_autorcc "$info" "$config"
  done < <(find "$build" -name 'AutoRcc_*_Info.json')
}

recipe_leveldb() {
  cmake_configure -- -DLEVELDB_BUILD_TESTS=ON -DLEVELDB_BUILD_BENCHMARKS=OFF
}
recipe_google-glog() {
  cmake_configure -- -DBUILD_TESTING=ON -DWITH_GFLAGS=ON -DWITH_UNWIND=ON
}
recipe_prometheus-cpp() {
  cmake_configure -- -DENABLE_TESTING=ON -DUSE_THIRDPARTY_LIBRARIES=OFF -DENABLE_PUSH=ON -DENABLE_PULL=ON \
    -DENABLE_COMPRESSION=ON -DRUN_IWYU=OFF
}
recipe_re2() {
  # The +dfsg tarball drops the generated tables; debian/rules regenerates them the same way.
  [ -s re2/perl_groups.cc ] || perl re2/make_perl_groups.pl > re2/perl_groups.cc
  [ -s re2/unicode_casefold.cc ] || /usr/bin/python3 re2/make_unicode_casefold.py > re2/unicode_casefold.cc
  [ -s re2/unicode_groups.cc ] || /usr/bin/python3 re2/make_unicode_groups.py > re2/unicode_groups.cc
  cmake_configure -- -DRE2_BUILD_TESTING=ON
}
recipe_spdlog() {
  cmake_configure -- -DSPDLOG_FMT_EXTERNAL=ON -DSPDLOG_BUILD_TESTS=ON -DSPDLOG_BUILD_EXAMPLE=ON
}
recipe_zeromq3() {
  cmake_configure -- -DBUILD_TESTS=OFF -DWITH_PERF_TOOL=OFF -DWITH_DOCS=OFF -DWITH_LIBSODIUM=OFF \
    -DWITH_LIBBSD=OFF -DENABLE_DRAFTS=OFF
}
recipe_abseil() {
  cmake_configure -- -DBUILD_TESTING=ON -DABSL_BUILD_TESTING=ON -DABSL_USE_EXTERNAL_GOOGLETEST=ON \
    -DABSL_FIND_GOOGLETEST=ON -DCMAKE_CXX_STANDARD=17
}
recipe_keepassxc() {
  # debian/rules removes the bundled zxcvbn in favour of libzxcvbn-dev.
  [ ! -e src/zxcvbn/ ] || rm -r src/zxcvbn/
  cmake_configure -- -DWITH_TESTS=ON -DWITH_GUI_TESTS=ON -DWITH_XC_UPDATECHECK=OFF -DWITH_XC_ALL=ON \
    -DWITH_XC_DOCS=OFF
  generate_sources
}
recipe_qbittorrent() {
  cmake_configure -- -DGUI=ON -DWEBUI=ON -DTESTING=ON -DSTACKTRACE=ON -DDBUS=ON
  generate_sources
}
recipe_cppcheck() {
  # Debian's options, except the match compiler (it rewrites lib/*.cpp into build/mc_*.cpp;
  # the option takes Auto/Off/On/Verify, case-sensitive). Precompiled headers are off for every
  # CMake package (cmake_configure): a scan must not depend on a .pch that only a build makes.
  cmake_configure -- -DUSE_BUNDLED_TINYXML2=OFF -DUSE_MATCHCOMPILER=Off -DHAVE_RULES=ON \
    -DBUILD_TESTS=ON -DBUILD_GUI=ON -DWITH_QCHART=ON
  generate_sources
}
recipe_ninja-build() {
  cmake_configure -- -DBUILD_TESTING=ON
  generate_sources
}
recipe_curl() {
  cmake_configure -- -DBUILD_TESTING=ON -DENABLE_THREADED_RESOLVER=ON -DCURL_USE_OPENSSL=ON \
    -DUSE_NGHTTP2=ON -DCURL_USE_LIBSSH2=ON -DCURL_USE_GSSAPI=ON -DCURL_BROTLI=ON -DCURL_ZSTD=ON \
    -DUSE_LIBIDN2=ON -DCURL_DISABLE_LDAP=OFF
  generate_sources
}
recipe_libevent() {
  # Debian builds with autotools; libevent's own CMake build makes the same library, with its
  # regression tests, samples and benchmarks (pthreads and OpenSSL on, as in Debian).
  cmake_configure -- -DEVENT__DISABLE_TESTS=OFF -DEVENT__DISABLE_REGRESS=OFF \
    -DEVENT__DISABLE_SAMPLES=OFF -DEVENT__DISABLE_BENCHMARK=OFF -DEVENT__DISABLE_OPENSSL=OFF \
    -DEVENT__DISABLE_MBEDTLS=ON -DEVENT__DISABLE_THREAD_SUPPORT=OFF
}
recipe_dbus() {
  # Debian builds with autotools; dbus 1.14's own CMake build makes the same library, daemon and
  # tools, with the tests (GLib-based ones included) and Debian's optional features.
  cmake_configure -- -DDBUS_BUILD_TESTS=ON -DDBUS_ENABLE_VERBOSE_MODE=OFF \
    -DDBUS_ENABLE_DOXYGEN_DOCS=OFF -DDBUS_ENABLE_XML_DOCS=OFF -DENABLE_SYSTEMD=ON \
    -DDBUS_WITH_GLIB=ON -DDBUS_BUILD_X11=ON
  generate_sources
}
recipe_libuv1() {
  cmake_configure -- -DLIBUV_BUILD_TESTS=ON -DLIBUV_BUILD_BENCH=ON
}
recipe_redis() {
  # bear records the compiles of Debian's own make invocation (debian/rules), built by clang-19.
  make distclean >/dev/null 2>&1 || true
  mkdir -p "$build"
  bear --output "$build/compile_commands.json" -- \
    make -j "$jobs" V=1 CC=clang-19 BUILD_TLS=yes USE_SYSTEM_JEMALLOC=yes USE_SYSTEMD=yes \
      USE_JEMALLOC=yes CFLAGS="-I/usr/include/liblzf"
  drop_non_compiles "$build/compile_commands.json"
}

drop_non_compiles() {  # $1 database written by bear: keeps only real compiles of each file
  # redis's Makefile runs `cc -MM *.c` for its dependency file, and bear records the clang -cc1
  # and preprocess-only (-M/-MM/-E) commands too; concur would take the first entry of a file.
  python3 - "$1" <<'PY'
import json, sys
path = sys.argv[1]
db = json.load(open(path))
def real(e):
    args = e.get("arguments") or e["command"].split()
    return "-cc1" not in args and not {"-M", "-MM", "-E"} & set(args)
kept = [e for e in db if real(e)]
json.dump(kept, open(path, "w"), indent=1)
print(f"drop_non_compiles: kept {len(kept)} of {len(db)} entries")
PY
}
recipe_hexchat() {
  # debian/rules: patch in the Debian default server list, then meson with lua 5.3.
  if [ ! -e debian-default-servers.applied ]; then
    patch -p1 < debian/default_servers/debian && touch debian-default-servers.applied
  fi
  CC=clang-19 CXX=clang++-19 meson setup "$build" -Dinstall-plugin-metainfo=true -Dwith-lua=lua53
  generate_sources
}

recipe_glib2.0() {
  # Meson with its tests (the default); gio's D-Bus test code and the enum/marshal headers are
  # generated by custom targets.
  CC=clang-19 CXX=clang++-19 meson setup "$build" -Dtests=true -Dman=false -Dgtk_doc=false
  generate_sources
}
recipe_memcached() {
  # bear records the compiles of the server (Debian's configure options for SASL and TLS),
  # built by clang-19; memcached's -Werror stops at clang-19's strict-prototype warnings.
  [ -f Makefile ] || ./configure CC=clang-19 --enable-sasl --enable-tls
  make clean >/dev/null 2>&1 || true
  mkdir -p "$build"
  bear --output "$build/compile_commands.json" -- \
    make -j "$jobs" memcached CFLAGS="-O2 -g -Wno-strict-prototypes -Wno-error"
  drop_non_compiles "$build/compile_commands.json"
}
recipe_unbound() {
  # Debian's configure options for the daemon (debian/rules, without the Python module and
  # pyunbound), built by clang-19; bear records make's compiles (libtool compiles each library
  # source twice, PIC and not: concur takes the first).
  [ -f Makefile ] || ./configure CC=clang-19 --disable-rpath --with-libevent --enable-subnet \
    --enable-dnstap --enable-systemd --with-libnghttp2 --disable-flto --with-libbsd \
    --enable-tfo-client --enable-tfo-server
  make clean >/dev/null 2>&1 || true
  mkdir -p "$build"
  bear --output "$build/compile_commands.json" -- make -j "$jobs"
  drop_non_compiles "$build/compile_commands.json"
}
recipe_libmicrohttpd() {
  # debian/rules passes nothing to configure; built by clang-19 with the library, its examples
  # and its tools (libtool compiles each library source twice, PIC and not: concur takes the first).
  [ -f Makefile ] || ./configure CC=clang-19
  make clean >/dev/null 2>&1 || true
  mkdir -p "$build"
  bear --output "$build/compile_commands.json" -- make -j "$jobs"
  drop_non_compiles "$build/compile_commands.json"
}
recipe_mosquitto() {
  # debian/rules' options.
  cmake_configure -- -DWITH_BUNDLED_DEPS=OFF -DWITH_ADNS=ON -DUSE_LIBWRAP=ON -DWITH_WEBSOCKETS=ON \
    -DWITH_DLT=ON -DWITH_SYSTEMD=ON -DDOCUMENTATION=OFF
}

# ---------------------------------------------------------------------------- prepare
fetch() {  # $1 package: sets srcdir (the tree holding debian/control)
  local pkg=$1 pkgdir="$workdir/$1"
  mkdir -p "$pkgdir"
  srcdir=$(cat "$pkgdir/.srcdir" 2>/dev/null || true)
  if [ -z "$srcdir" ] || [ ! -f "$srcdir/debian/control" ]; then
    apt_setup
    log "$pkg: apt-get source"
    (cd "$pkgdir" && apt-get source -qq "$pkg" > apt-source.log 2>&1) ||
      { tail -5 "$pkgdir/apt-source.log" >&2; return 1; }
    local controls=("$pkgdir"/*/debian/control)
    [ -f "${controls[0]}" ] || { echo "$pkg: apt-get source unpacked nothing" >&2; return 1; }
    srcdir=$(dirname "$(dirname "${controls[0]}")")
    echo "$srcdir" > "$pkgdir/.srcdir"
  fi
  local version
  version=$(dpkg-parsechangelog -l "$srcdir/debian/changelog" -S Version)
  echo "$version" > "$pkgdir/.version"
  [ "$version" = "${expected_version[$pkg]}" ] ||
    log "WARNING: $pkg: fetched $version, the triage file is for ${expected_version[$pkg]}"
}

prepare_one() {  # $1 package
  local pkg=$1 pkgdir="$workdir/$1"
  fetch "$pkg" || return 1
  [ -f "$pkgdir/.db-ready" ] && [ -s "$pkgdir/build/compile_commands.json" ] && return 0
  if [ "$install" = 1 ] && [ ! -f "$pkgdir/.build-deps" ]; then
    apt_setup
    log "$pkg: apt-get build-dep"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq --no-install-recommends \
      -P nodoc "$pkg" > "$pkgdir/build-dep.log" 2>&1 ||
      { tail -5 "$pkgdir/build-dep.log" >&2; return 1; }
    touch "$pkgdir/.build-deps"
  fi
  log "$pkg: making the compile database"
  build="$pkgdir/build"
  local fn="recipe_$pkg"
  declare -F "$fn" >/dev/null || { echo "$pkg: no recipe in run.sh" >&2; return 1; }
  if ! (cd "$srcdir" && "$fn") > "$pkgdir/configure.log" 2>&1; then
    tail -15 "$pkgdir/configure.log" >&2
    echo "$pkg: making the database failed; log: $pkgdir/configure.log" >&2
    return 1
  fi
  [ -s "$build/compile_commands.json" ] || { echo "$pkg: no compile_commands.json" >&2; return 1; }
  touch "$pkgdir/.db-ready"
}

# ---------------------------------------------------------------------------- scan
scan_flags=()
if [ "$scan" = 1 ]; then
  apt_install time python3
  # --allow-compile-errors (issue 9 §0.8) keeps exit 0/1 when some TU did not compile; older
  # binaries do not know it and never fail on compile errors anyway.
  if "$concur" scan --help 2>&1 | grep -q -- '--allow-compile-errors'; then
    scan_flags+=(--allow-compile-errors)
  fi
fi
results="$workdir/results"
facts="$workdir/facts"  # not in results/: every *.json there is a report
mkdir -p "$results" "$facts"

scan_one() {  # $1 package: writes results/PKG.{json,log,time} and one summary line
  local pkg=$1 pkgdir="$workdir/$1" rc
  local -a command=(scan -p "$pkgdir/build" -j "$jobs")
  if [ "$from_facts" = 1 ]; then
    [ -s "$facts/$pkg.json" ] || { echo "$pkg: no $facts/$pkg.json (scan with --keep-facts first)" >&2; return 1; }
    command=(merge "$facts/$pkg.json")
    log "$pkg: project phase over the kept facts"
  else
    log "$pkg: scanning ($(unique_tus "$pkgdir/build/compile_commands.json") TUs, -j$jobs)"
    [ "$keep_facts" = 1 ] && command+=(--facts "$facts/$pkg.json")
  fi
  [ -f "$here/configs/$pkg.yaml" ] && command+=(--config "$here/configs/$pkg.yaml")
  set +e
  /usr/bin/time -v -o "$results/$pkg.time" \
    timeout --kill-after=30 "$timeout_s" \
    nice -n "$niceness" "$concur" "${command[@]}" --root "$(cat "$pkgdir/.srcdir")" \
      --format json --output "$results/$pkg.json" --quiet ${scan_flags[@]+"${scan_flags[@]}"} \
    > "$results/$pkg.log" 2>&1
  rc=$?
  set -e
  echo "$rc" > "$results/$pkg.rc"
}

unique_tus() {  # files in a compile database, each counted once (concur scans each file once)
  python3 -c 'import json,os,sys; print(len({os.path.normpath(os.path.join(e["directory"], e["file"])) for e in json.load(open(sys.argv[1]))}))' "$1"
}

summarize() {  # one TSV line a package, from the files scan_one wrote
  python3 - "$workdir" "$results" "$@" <<'EOF'
import json, os, re, sys
workdir, results, pkgs = sys.argv[1], sys.argv[2], sys.argv[3:]
# concur 0.1.0 had the first three checks; the project-wide analyzer (issue 9) adds the next two,
# and concur-self-deadlock came with v22.
checks = ["concur-locked-callback", "concur-racy-lazy-init", "concur-shared-global-cache",
          "concur-blocking-in-task", "concur-lock-across-suspend",
          "concur-self-deadlock"]
head = ["package", "version", "db_tus", "scanned_tus", "compile_error_tus", "timed_out_tus"] + \
       checks + ["findings", "wall_s", "project_s", "peak_rss_mb", "exit", "outcome"]
rows = []
for p in pkgs:
    def read(name, default=""):
        try:
            return open(os.path.join(results, name)).read()
        except OSError:
            return default
    version = read("../%s/.version" % p).strip()
    db = os.path.join(workdir, p, "build", "compile_commands.json")
    try:
        db_tus = len({os.path.normpath(os.path.join(e["directory"], e["file"])) for e in json.load(open(db))})
    except (OSError, ValueError):
        db_tus = ""
    rc = read(p + ".rc").strip()
    timing = read(p + ".time")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", timing)
    wall_s = ""
    if wall:
        h, m, s = wall.groups()
        wall_s = "%.0f" % (int(h or 0) * 3600 + int(m) * 60 + float(s))
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing)
    rss_mb = "%.0f" % (int(rss.group(1)) / 1024) if rss else ""
    per = {c: 0 for c in checks}
    scanned = errors = timed_out = total = project_s = ""
    try:
        report = json.load(open(os.path.join(results, p + ".json")))
        for f in report["findings"]:
            per[f["check"]] = per.get(f["check"], 0) + 1
        total = len(report["findings"])
        scanned = len(report.get("translationUnits", []))
        errors = len(report.get("compileErrors", []))
        timed_out = len(report.get("timedOut", []))  # TUs over --tu-timeout (not in 0.1.0)
        if "projectSeconds" in report:  # the project phase (not in 0.1.0)
            project_s = "%.1f" % report["projectSeconds"]
    except (OSError, ValueError, KeyError):
        pass
    if rc == "":
        outcome = "not-scanned"
    elif rc in ("124", "137"):
        outcome = "HANG(timeout)"
    elif timed_out:
        outcome = "HANG(%s TUs over --tu-timeout)" % timed_out
    elif rc.isdigit() and int(rc) > 128:
        outcome = "CRASH(signal %d)" % (int(rc) - 128)
    elif rc in ("0", "1") or (rc == "2" and total != ""):
        outcome = "ok"
    else:
        outcome = "FAILED"
    rows.append([p, version, db_tus, scanned, errors, timed_out] + [per[c] for c in checks] +
                [total, wall_s, project_s, rss_mb, rc, outcome])
with open(os.path.join(results, "summary.tsv"), "w") as out:
    for r in [head] + rows:
        out.write("\t".join(str(x) for x in r) + "\n")
EOF
  column -t -s $'\t' "$results/summary.tsv"
}

status=0
for pkg in "${packages[@]}"; do
  if [ "$prepare" = 1 ]; then
    prepare_one "$pkg" || { log "$pkg: NOT PREPARED"; status=1; continue; }
  elif [ ! -f "$workdir/$pkg/.db-ready" ]; then
    log "$pkg: not prepared (run without --scan-only first)"; status=1; continue
  fi
  [ "$scan" = 1 ] || continue
  scan_one "$pkg"
  rc=$(cat "$results/$pkg.rc")
  case "$rc" in 0|1|2) ;; *) log "$pkg: scan exit $rc (see $results/$pkg.log)"; status=1 ;; esac
done
[ "$scan" = 1 ] && summarize "${packages[@]}"
exit "$status"
