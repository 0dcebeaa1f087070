#!/bin/sh
# Instructions per `otpsim explore` run of a program, counted by callgrind: repeatable on
# a loaded machine, where wall-clock benches drift by a third (BENCHMARKS.md). The count
# is the difference between 2N and N seeds, divided by N, so that loading the program and
# starting the process cancel out.
#
#   scenarios/benches/instructions.sh [PROGRAM] [N] [BINARY]
#   scenarios/benches/instructions.sh AsyncExample 2000 target/release/otpsim
#
# PROGRAM `kernel` (a name no program may use here) counts W4's `kernel` peer instead:
# AsyncExample against `model::Task`, no interpreter, no monitors (examples/kernel_peer.rs),
# and BINARY is then that example's:
#
#   scenarios/benches/instructions.sh kernel 2000 target/release/examples/kernel_peer
#
# Needs valgrind (apt-get install -y valgrind) and a release build (cargo build --release;
# for the peer, cargo build --release -p scenarios --example kernel_peer).
set -eu
program=${1:-AsyncExample}
n=${2:-2000}
if [ "$program" = kernel ]; then
    bin=${3:-target/release/examples/kernel_peer}
    build="cargo build --release -p scenarios --example kernel_peer"
    try="$bin 1"
else
    bin=${3:-target/release/otpsim}
    build="cargo build --release"
    try="$bin explore $program --seeds 1"
fi
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
[ -x "$bin" ] || { echo "no $bin: run $build" >&2; exit 2; }
[ "$n" -ge 1 ] 2>/dev/null || { echo "N must be a number of runs, 1 or more: $n" >&2; exit 2; }
# The count of `$1` runs; fails (with the run's output) if the binary did not do its
# work, so that a broken run is never counted. `otpsim explore` exits 1 when a run fails
# its expectation or an invariant (a program with a bug is still counted), 2 on bad input;
# the peer exits 0 or panics.
count() {
    if [ "$program" = kernel ]; then
        set -- "$bin" "$1"
        worked=0
    else
        set -- "$bin" explore "$program" --seeds "$1" --jobs 1
        worked=1
    fi
    status=0
    out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null) || status=$?
    if [ "$status" -gt "$worked" ]; then
        printf '%s\n' "$out" >&2
        echo "the runs failed under callgrind (exit $status): does '$try' run?" >&2
        return 1
    fi
    printf '%s\n' "$out" | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
one=$(count "$n")
two=$(count $((2 * n)))
[ -n "$one" ] && [ -n "$two" ] || { echo "callgrind gave no count: does '$try' run?" >&2; exit 1; }
echo "$program: $(( (two - one) / n )) instructions per run ($bin, $n runs)"
