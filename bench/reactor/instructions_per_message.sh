#!/usr/bin/env bash
# User-space instructions per echoed message in each echo server, counted by
# valgrind's callgrind (instructions, not seconds: the count repeats on a shared,
# noisy machine). Each server runs twice, with a short and a long window; the
# difference of the server's instruction counts over the difference of the
# messages echoed leaves out start-up and the 100 connects.
#
# Usage: bench/reactor/instructions_per_message.sh BUILD_DIR [SERVER...]
#   BUILD_DIR must be built with -gdwarf-4: valgrind 3.19 does not read clang 19's
#   default DWARF 5. For example:
#     cmake -G Ninja -S . -B /tmp/prof -DCMAKE_BUILD_TYPE=RelWithDebInfo \
#       -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_C_COMPILER=clang-19 \
#       -DCONCUR_BUILD_ANALYZER=OFF -DCMAKE_CXX_FLAGS=-gdwarf-4
#     cmake --build /tmp/prof --target echo_bench
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [SERVER...]}
shift
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(epoll concur libuv)
bench="$build/bench/reactor/echo_bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "<server instructions> <messages echoed in all>" for one run.
run() {
  local server=$1 seconds=$2
  rm -f "$work"/cg.*
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.%p" \
    "$bench" --server "$server" --connections 100 --seconds "$seconds" --warmup-ms 500 >"$work/out" 2>&1
  # The server is the forked child: the later of the two profiles.
  local profile
  profile=$(ls "$work"/cg.* | sort -t. -k2 -n | tail -1)
  local instructions messages
  instructions=$(grep -m1 '^summary:' "$profile" | awk '{print $2}')
  messages=$(grep -o '([0-9]* echoed in all)' "$work/out" | tr -dc '0-9')
  echo "$instructions $messages"
}

printf '%-14s %12s %12s\n' server 'instr/msg' 'messages'
for server in "${servers[@]}"; do
  read -r i1 m1 < <(run "$server" 2)
  read -r i2 m2 < <(run "$server" 8)
  python3 -c "import sys; i1,m1,i2,m2=map(int,sys.argv[1:5]); print(f'{sys.argv[5]:<14} {(i2-i1)/(m2-m1):12.0f} {m2-m1:12d}')" \
    "$i1" "$m1" "$i2" "$m2" "$server"
done
