#!/bin/sh
# Instructions per `otpsim explore` run of a program, counted by callgrind: repeatable on
# a loaded machine, where wall-clock benches drift by a third (BENCHMARKS.md). The count
# is the difference between 2N and N seeds, divided by N, so that loading the program and
# starting the process cancel out.
#
#   scenarios/benches/instructions.sh [PROGRAM] [N] [OTPSIM]
#   scenarios/benches/instructions.sh AsyncExample 2000 target/release/otpsim
#
# PROGRAM `kernel` counts W4's `kernel` peer instead (AsyncExample against `model::Task`,
# no interpreter, no monitors: examples/kernel_peer.rs), the third argument then naming
# that example's binary:
#
#   scenarios/benches/instructions.sh kernel 2000 target/release/examples/kernel_peer
#
# Needs valgrind (apt-get install -y valgrind) and a release build (cargo build --release;
# for the peer, cargo build --release -p scenarios --example kernel_peer).
set -eu
program=${1:-AsyncExample}
n=${2:-2000}
if [ "$program" = kernel ]; then
    otpsim=${3:-target/release/examples/kernel_peer}
    build="cargo build --release -p scenarios --example kernel_peer"
else
    otpsim=${3:-target/release/otpsim}
    build="cargo build --release"
fi
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
[ -x "$otpsim" ] || { echo "no $otpsim: run $build" >&2; exit 2; }
count() {
    if [ "$program" = kernel ]; then
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$otpsim" "$1" 2>&1 >/dev/null
    else
        valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            "$otpsim" explore "$program" --seeds "$1" --jobs 1 2>&1 >/dev/null
    fi | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
[ "$n" -ge 1 ] 2>/dev/null || { echo "N must be a number of seeds, 1 or more: $n" >&2; exit 2; }
one=$(count "$n")
two=$(count $((2 * n)))
[ -n "$one" ] && [ -n "$two" ] || { echo "callgrind gave no count: does $otpsim run ($program, 1 run)?" >&2; exit 1; }
echo "$program: $(( (two - one) / n )) instructions per run ($otpsim, $n runs)"
