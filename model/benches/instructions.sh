#!/bin/sh
# Instructions per task of a `model::Task` workload (W1 or W2 of benches/tasks.rs),
# counted by callgrind: repeatable on a loaded machine, where wall-clock benches drift. The
# count is the difference between 2R and R runs, divided by R and by the tasks, so that
# starting the process and the first run's growth of every buffer cancel out.
#
#   model/benches/instructions.sh [w1|w2] [TASKS] [RUNS] [BINARY]
#   model/benches/instructions.sh w2 10000 2 target/release/examples/workload
#
# Needs valgrind (apt-get install -y valgrind) and the example built:
# cargo build --release -p model --example workload
set -eu
workload=${1:-w1}
n=${2:-10000}
runs=${3:-2}
bin=${4:-target/release/examples/workload}
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
[ -x "$bin" ] || { echo "no $bin: cargo build --release -p model --example workload" >&2; exit 2; }
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$workload" "$n" "$1" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
[ "$runs" -ge 1 ] 2>/dev/null || { echo "RUNS must be a number of runs, 1 or more: $runs" >&2; exit 2; }
"$bin" "$workload" 1 1 || exit 2
one=$(count "$runs")
two=$(count $((2 * runs)))
[ -n "$one" ] && [ -n "$two" ] || { echo "callgrind gave no count: does '$bin $workload $n 1' run?" >&2; exit 1; }
echo "$workload at $n tasks: $(( (two - one) / runs / n )) instructions per task ($bin)"
