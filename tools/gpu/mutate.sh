#!/usr/bin/env bash
# The weekly mutation run on a many-core machine: tox -e mutate's sample (200 mutants, seed 0, CPU-side backends and
# compile-only GPU targets), then `mutate harden` on its survivors, then the run again over the grown kill suite.
# Writes $OUT/run-before.log, harden.log, run-after.log and results.tar.gz (the store and the kill suite, seeds and
# answers harden added), archived after each step so a cut-off call keeps what finished.
#   JOBS (default: cores - 2)   BUDGET  seconds of search per survivor (default 40)
#   STEPS (default "run-before harden run-after")   LIMIT  seconds each step may take (default: none; the device
#   answers a call of 10 minutes at most, and a step cut off by LIMIT still archives what its store holds)
set -u
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd); cd "$ROOT"
OUT=${OUT:-$ROOT/reports/gpu/$(date -u +%Y-%m-%d)-mutate}; mkdir -p "$OUT"
LOG=$OUT/pip.log; source "$HERE/env.sh"
export PYTHONPATH="$ROOT:$PYTHONPATH" PYTHONHASHSEED=0
machine_facts >"$OUT/machine.txt" 2>&1
JOBS=${JOBS:-$(( $(nproc) - 2 ))}
ARGS=(--sample 200 --seed 0 --backend CPU,CPU:X86,PYTHON,NULL::gfx1100,NULL:OPENCL,NULL:CUDA:sm_90,NULL:PTX:sm_90
      --store "$ROOT/reports/mutation/results.sqlite" --jobs "$JOBS")
keep() { mkdir -p reports/mutation; tar czf "$OUT/results.tar.gz" $(ls -d reports/mutation/results.sqlite 2>/dev/null) \
  corpus/killsuite corpus/seeds corpus/expected; }
step() {
  local name=$1; shift
  case " ${STEPS:-run-before harden run-after} " in *" $name "*) ;; *) return ;; esac
  local t0=$(date +%s)
  if [ -n "${LIMIT:-}" ]; then timeout -k 20 "$LIMIT" "$@" >"$OUT/$name.log" 2>&1; else "$@" >"$OUT/$name.log" 2>&1; fi
  local rc=$?; echo "$name: $(( $(date +%s) - t0 ))s (exit $rc)" | tee -a "$OUT/steps.txt"; keep
}
keep
step run-before python -m mutate run "${ARGS[@]}"
step harden python -m mutate harden "${ARGS[@]}" --budget "${BUDGET:-40}"
step run-after python -m mutate run "${ARGS[@]}"
tail -25 "$OUT"/run-*.log
