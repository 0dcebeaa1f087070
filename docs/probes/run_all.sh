#!/bin/bash
# Runs every probe (*.exs except the shared helpers h.exs and w.exs) with `elixir`,
# printing each probe's output under a header. Exits non-zero if any probe fails
# to run (non-zero exit status of `elixir`: compile error, crash of the script
# itself, or the per-probe time limit). The probes' findings are not checked
# here: they print what the VM does, and docs/semantics.md cites them.
#
# usage: docs/probes/run_all.sh [probe.exs ...]     (from anywhere)
#        PROBE_TIMEOUT=60 (seconds per probe, default 60)
set -u
dir="$(cd "$(dirname "$0")" && pwd)"
cd "$dir"
limit="${PROBE_TIMEOUT:-60}"
if [ $# -gt 0 ]; then
  probes=("$@")
else
  probes=()
  for f in *.exs; do
    case "$f" in h.exs|w.exs) continue ;; esac
    probes+=("$f")
  done
fi
command -v elixir >/dev/null || { echo "run_all.sh: elixir not found" >&2; exit 2; }
failed=()
for f in "${probes[@]}"; do
  echo "=== $f"
  start=$(date +%s)
  timeout "$limit" elixir "$f" 2>&1
  rc=$?
  echo "--- $f: exit $rc, $(( $(date +%s) - start )) s"
  [ $rc -eq 0 ] || failed+=("$f")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED to run: ${failed[*]}" >&2
  exit 1
fi
echo "all ${#probes[@]} probes ran"
