#!/usr/bin/env bash
# Pristine campaigns in parallel on a many-core host (the device machine: no tinygrad, no clang, no internet).
# Installs the bundled wheels and, when .debs/ holds clang 19's packages, unpacks clang into a private prefix.
# Each campaign gets its own seed, corpus copy and tinygrad compile cache; new buckets go to $OUT/<seed>/.
#   CAMPAIGNS (default 14)  MINUTES (default 8)  FIRST_SEED (default 100)  BACKEND (default CPU)
set -u
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd); cd "$ROOT"
OUT=${OUT:-$ROOT/reports/campaign}; mkdir -p "$OUT"
N=${CAMPAIGNS:-14}; MINUTES=${MINUTES:-8}; FIRST=${FIRST_SEED:-100}; BACKEND=${BACKEND:-CPU}
SITE=${TMPDIR:-/tmp}/tinyfuzz-site; export PYTHONPATH="$SITE" PYTHONUNBUFFERED=1
for pkg in tinygrad rich; do
  python -c "import $pkg" 2>/dev/null || python -m pip install -q --no-index --find-links "$HERE/wheels" --target "$SITE" "$pkg"
done
if ls .debs/clang-19_*.deb >/dev/null 2>&1 && ! command -v clang-19 >/dev/null; then
  CL=${TMPDIR:-/tmp}/clang19; mkdir -p "$CL"
  for f in .debs/*.deb; do dpkg -x "$f" "$CL"; done
  export PATH="$CL/usr/lib/llvm-19/bin:$CL/usr/bin:$PATH" LD_LIBRARY_PATH="$CL/usr/lib/x86_64-linux-gnu:$CL/usr/lib/llvm-19/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
export CC=$(command -v clang-19 || command -v clang)
{ python -c "import sys, numpy, torch, tinygrad; print('python', sys.version.split()[0], 'numpy', numpy.__version__, 'torch', torch.__version__, 'tinygrad', tinygrad.__file__)"
  echo "cc: $CC ($($CC --version | head -1))"; nproc; } >"$OUT/machine.txt" 2>&1
python -c "from oracles import capabilities; print(capabilities.probe())" >>"$OUT/machine.txt" 2>&1
for i in $(seq 0 $((N - 1))); do
  S=$((FIRST + i)); C=${TMPDIR:-/tmp}/corpus-$S; rm -rf "$C"; cp -r corpus "$C"
  ( CACHEDB=$C/tinygrad-cache.db timeout $((MINUTES * 60 + 120)) python -m fuzz run --backend "$BACKEND" \
      --minutes "$MINUTES" --seed "$S" --corpus "$C" --minimize-checks 40 --minimize-seconds 30 >"$OUT/run-$S.txt" 2>&1
    mkdir -p "$OUT/$S"
    for d in "$C"/crashes/*/; do b=$(basename "$d"); [ -e "corpus/crashes/$b" ] || cp -r "$d" "$OUT/$S/"; done ) &
done
wait
grep -h "programs," "$OUT"/run-*.txt | tail -n "$N" >"$OUT/summary.txt"
