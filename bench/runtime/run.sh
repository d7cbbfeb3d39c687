#!/usr/bin/env bash
# Runtime hook figures, measured in one run:
#  - added cost of counting per new/delete pair: the counted and the plain binary run alternately
#    five times each; the medians are compared (target: <= 5 ns over the uncounted build);
#  - globals snapshot + diff throughput on a 64 MiB .bss (target: >= 4 GB/s);
#  - fd snapshot with 1,000 open fds;
#  - a globals check of a block writing one page of a 64 MiB .bss, written-pages mode vs full copy;
#  - writer naming's cost per fault, against the same block not naming;
#  - the thread-leak check with 100 threads alive, against a bare /proc/self/task listing.
#  - the interposed libc functions outside tasks against libc's own (target: <= 5 ns per call).
# Usage: bench/runtime/run.sh [BUILD_DIR]   (default build/default; run in the foreground)
set -euo pipefail
build=${1:-$(cd "$(dirname "$0")/../.." && pwd)/build/default}
bin="$build/bench/runtime"
counted=(); plain=()
for _ in 1 2 3 4 5; do
  counted+=("$("$bin/alloc_cost_counted")")
  plain+=("$("$bin/alloc_cost_plain")")
done
python3 - "${counted[*]}" "${plain[*]}" <<'PY'
import statistics, sys
counted = [float(x) for x in sys.argv[1].split()]
plain = [float(x) for x in sys.argv[2].split()]
c, p = statistics.median(counted), statistics.median(plain)
print(f"new/delete pair: counted {c:.2f} ns, uncounted {p:.2f} ns, added {c - p:+.2f} ns (target <= 5 ns)")
PY
"$bin/globals_throughput"
"$bin/fd_snapshot"
"$bin/globals_block_cost"
"$bin/writer_naming_cost"
"$bin/thread_leak_cost"
"$bin/blocking_call_cost"
