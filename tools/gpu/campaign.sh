#!/usr/bin/env bash
# A pristine campaign over all judging modes on a many-core host (the device machine: no tinygrad, no clang, no
# internet), then the CI gate's replay and fuzz tests there: how portable are the verdicts (issues 15, 16)?
# One `fuzz run --jobs N` over a copy of the corpus; new buckets go to $OUT as one archive (the device returns only
# a few files).   JOBS (default: cores - 2)  MINUTES (default 5; 0: no campaign)  SEED (default 200)
#                  GATE (default 1: also the gate's replay and fuzz tests)
set -u
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd); cd "$ROOT"
OUT=${OUT:-$ROOT/reports/campaign}; mkdir -p "$OUT"
JOBS=${JOBS:-$(( $(nproc) - 2 ))}; MINUTES=${MINUTES:-5}; SEED=${SEED:-200}
LOG=$OUT/setup.log; source "$HERE/env.sh"
machine_facts >"$OUT/machine.txt" 2>&1
python -m fuzz doctor >>"$OUT/machine.txt" 2>&1 || { tail -1 "$OUT/machine.txt"; exit 2; }   # a compiler that cannot run
C=${TMPDIR:-/tmp}/corpus-$SEED; rm -rf "$C"; cp -r corpus "$C"; mkdir -p "$OUT/new"; touch "$OUT/run.txt"
if [ "$MINUTES" != 0 ]; then
  timeout -k 60 $((MINUTES * 60 + 90)) python -m fuzz run --minutes "$MINUTES" --seed "$SEED" --jobs "$JOBS" --stats \
    --corpus "$C" --minimize-checks 40 --minimize-seconds 30 >"$OUT/run.txt" 2>&1
  for d in "$C"/crashes/*/; do b=$(basename "$d"); [ -e "corpus/crashes/$b" ] || cp -r "$d" "$OUT/new/"; done
fi
if [ "${GATE:-1}" = 1 ]; then      # tox -e fuzz without tox: the replay, then the ci profile's fuzz tests
  python -m fuzz replay --jobs 8 >"$OUT/replay.txt" 2>&1
  HYPOTHESIS_PROFILE=ci TINYFUZZ_CI_EXAMPLES=15 PYTHONHASHSEED=0 timeout 300 python -m pytest fuzz -q \
    --hypothesis-seed=0 -p no:cacheprovider $(python -c "import xdist" 2>/dev/null && echo "-n 8") >"$OUT/gate.txt" 2>&1
fi
tar czf "$OUT/results.tar.gz" -C "$OUT" new run.txt machine.txt $( [ "${GATE:-1}" = 1 ] && echo replay.txt gate.txt )
rm -rf "$OUT/new"
