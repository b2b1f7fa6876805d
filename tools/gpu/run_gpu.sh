#!/usr/bin/env bash
# Run tinyfuzz on an NVIDIA machine (torch, pytest, hypothesis, no tinygrad, no internet): install the bundled
# tinygrad wheel, probe the backends (recording why NV does not start), run the fuzz tests and a seeded campaign
# per backend, single GPU and shard plans on CUDA:0..N, and write results under $OUT. Exits 0 even when the
# runs find failures: findings are results. Settings (environment):
#   TINYFUZZ_GPU_BACKENDS  comma list (default CUDA,CUDA:PTX; CPU or PYTHON to try the script without a GPU)
#   TINYFUZZ_GPU_PROGRAMS  campaign programs per backend (default 300)   TINYFUZZ_GPU_MINUTES  cap (default 10)
#   TINYFUZZ_CI_EXAMPLES   Hypothesis examples per fuzz test (default 30) TINYFUZZ_GPU_SEED    (default 0)
#   OUT                    results folder (default reports/gpu/<date>)
set -u
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd); cd "$ROOT"
OUT=${OUT:-$ROOT/reports/gpu/$(date -u +%Y-%m-%d)}; mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tinyfuzz-gpu.XXXX")   # corpora: their findings go to $OUT as one archive
BACKENDS=${TINYFUZZ_GPU_BACKENDS:-CUDA,CUDA:PTX}; PROGRAMS=${TINYFUZZ_GPU_PROGRAMS:-300}
MINUTES=${TINYFUZZ_GPU_MINUTES:-10}; SEED=${TINYFUZZ_GPU_SEED:-0}
export TINYFUZZ_CI_EXAMPLES=${TINYFUZZ_CI_EXAMPLES:-30} HYPOTHESIS_PROFILE=ci PYTHONUNBUFFERED=1
log() { echo "[run_gpu $(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log"; }

LOG=$OUT/run.log; source "$HERE/env.sh"    # tinygrad and rich from the bundled wheels, clang 19 if carried, CC
if ! python -c "import tinygrad, rich"; then
  log "tinygrad or rich cannot be imported (see run.log); nothing else to run"; exit 0
fi
[ -n "${CC:-}" ] || log "no clang here: CPU backend skipped"
NGPU=$(nvidia-smi -L 2>/dev/null | grep -c "^GPU" || true)

{ echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "host: $(hostname)"; echo "gpus: $NGPU"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | sed 's/^/gpu: /'
  python -c "import sys, tinygrad, torch, hypothesis; print('python:', sys.version.split()[0]); print('tinygrad:', \
tinygrad.__version__ if hasattr(tinygrad, '__version__') else tinygrad.__file__); print('torch:', torch.__version__); \
print('hypothesis:', hypothesis.__version__)"; echo "cc: ${CC:-none}"; } >"$OUT/machine.txt" 2>&1
log "machine: $(grep -m1 '^gpu:' "$OUT/machine.txt" || echo 'no GPU'), $NGPU GPU(s)"

log "probing backends"
python -m fuzz backends CPU PYTHON CUDA CUDA:PTX NV AMD NULL:PTX:sm_90 >"$OUT/backends.txt" 2>&1
# NV: tinygrad's own driver. Record the whole exception, every interface it tried, not only the probe's line.
DEV=NV python - >"$OUT/nv_probe.txt" 2>&1 <<'PY'
import os, traceback
try:
    from tinygrad import Device, Tensor
    print("NV opened:", Device[Device.DEFAULT], (Tensor([1.0, 2.0]) + 1).tolist())
except BaseException as e:
    traceback.print_exception(e)
for path in ("/dev/nvidiactl", "/dev/nvidia-uvm", "/dev/nvidia0", "/proc/driver/nvidia/version"):
    print(path, "exists" if os.path.exists(path) else "missing", "readable+writable" if os.access(path, os.R_OK | os.W_OK) else "")
PY

IFS=, read -ra LIST <<<"$BACKENDS"
for B in "${LIST[@]}"; do
  TAG=${B//:/_}
  log "fuzz tests on $B"
  python -m pytest -p no:cacheprovider -q fuzz/test_fuzz.py --backend "$B" --hypothesis-seed="$SEED" \
    --junitxml="$OUT/pytest-$TAG.xml" >"$OUT/pytest-$TAG.log" 2>&1
  log "campaign on $B: seed $SEED, $PROGRAMS programs"
  START=$(date +%s)
  python -m fuzz run --backend "$B" --seed "$SEED" --max-programs "$PROGRAMS" --minutes "$MINUTES" \
    --corpus "$WORK/corpus-$TAG" >"$OUT/campaign-$TAG.log" 2>&1
  echo "$B $(( $(date +%s) - START ))" >>"$OUT/campaign-seconds.txt"
done
# throughput baseline: the same seeded campaign on the CPU of this machine
if [ -n "${CC:-}" ] && [[ ",$BACKENDS," != *",CPU,"* ]]; then
  log "campaign on CPU (throughput baseline)"
  START=$(date +%s)
  python -m fuzz run --backend CPU --seed "$SEED" --max-programs "$PROGRAMS" --minutes "$MINUTES" \
    --corpus "$WORK/corpus-CPU" >"$OUT/campaign-CPU.log" 2>&1
  echo "CPU $(( $(date +%s) - START ))" >>"$OUT/campaign-seconds.txt"
fi
# shard plans over CUDA:0..N-1: the shard fuzz tests, where helper code for them exists
SHARD_TESTS=$(ls fuzz/test_shard*.py 2>/dev/null)
if [ -n "$SHARD_TESTS" ] && [ "$NGPU" -ge 2 ]; then
  for B in "${LIST[@]}"; do
    TAG=${B//:/_}
    log "shard plans on $B:0..$((NGPU - 1))"
    # TINYFUZZ_MAX_DEVICES: fuzz/shard.py should cap plans at the GPUs present (it draws 2..8 devices today)
    TINYFUZZ_MAX_DEVICES=$NGPU python -m pytest -p no:cacheprovider -q $SHARD_TESTS --backend "$B" \
      --hypothesis-seed="$SEED" --junitxml="$OUT/shard-$TAG.xml" >"$OUT/shard-$TAG.log" 2>&1
  done
else
  log "shard plans skipped: ${SHARD_TESTS:-no fuzz/test_shard*.py} with $NGPU GPU(s)"
fi
tar czf "$OUT/corpora.tar.gz" -C "$WORK" . 2>>"$OUT/run.log"   # crashes/ with repro.py per bucket
python "$HERE/summarize.py" "$OUT" | tee -a "$OUT/run.log"
exit 0
