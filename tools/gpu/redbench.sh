#!/usr/bin/env bash
# Time to red on a many-core machine: the CI gate (`tox -e fuzz`'s replay and ci-profile fuzz tests) with each
# planted bug of tests/plants*.py, each gate pinned to 2 CPUs so the figure is the 2-core one CI has, several gates
# side by side. Writes $OUT/redbench.txt and machine facts.
#   EXAMPLES  the ci profile's examples per test (default 30, as tox -e fuzz)   PLANTS  names or "all" (default)
set -u
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd); cd "$ROOT"
OUT=${OUT:-$ROOT/reports/gpu/$(date -u +%Y-%m-%d)-redbench}; mkdir -p "$OUT"
LOG=$OUT/pip.log; source "$HERE/env.sh"
machine_facts >"$OUT/machine.txt" 2>&1
python -m fuzz bench --red "${PLANTS:-all}" --examples "${EXAMPLES:-30}" --cores-per-gate 2 --limit "${LIMIT:-240}" 2>&1 | tee "$OUT/redbench.txt"
