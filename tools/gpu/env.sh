# Sourced by the device scripts (tools/gpu/*.sh): tinygrad and rich from the bundled wheels into a private folder
# (these machines' system Python refuses plain `pip install`), clang 19 from .debs/ when it was carried, and CC.
#   in: HERE (this folder), ROOT (the repository), LOG (a file for pip's output)
SITE=${TINYFUZZ_SITE:-${TMPDIR:-/tmp}/tinyfuzz-site}
export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
for pkg in tinygrad rich; do   # rich: `fuzz run` draws its progress with it
  python -c "import $pkg" 2>/dev/null || python -m pip install --no-index --find-links "$HERE/wheels" \
    --target "$SITE" "$pkg" >>"${LOG:-/dev/null}" 2>&1
done
if ls "$ROOT"/.debs/clang-19_*.deb >/dev/null 2>&1 && ! command -v clang-19 >/dev/null; then
  CL=${TMPDIR:-/tmp}/clang19; mkdir -p "$CL"
  for f in "$ROOT"/.debs/*.deb; do dpkg -x "$f" "$CL"; done
  # Debian's libxml2 needs libicu72; a host with a libxml2 of its own (Ubuntu 24.04: icu74) keeps its own, else
  # clang 19 does not start there and every program is a compile crash (2026-12-07, H100 host)
  if ldconfig -p | grep -q 'libxml2\.so\.2 '; then rm -f "$CL"/usr/lib/x86_64-linux-gnu/libxml2.so.2*; fi
  export PATH="$CL/usr/lib/llvm-19/bin:$CL/usr/bin:$PATH"
  export LD_LIBRARY_PATH="$CL/usr/lib/x86_64-linux-gnu:$CL/usr/lib/llvm-19/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# tinygrad's CPU device compiles with clang and these machines set CC=gcc: take a clang if there is one, else unset CC
# (the first that compiles: one that cannot start would make every program a crash)
CLANG=$(for v in 22 21 20 19 18 17 16 15 ""; do c=$(command -v "clang${v:+-$v}") && echo 'int f(void){return 0;}' |
  "$c" -c -x c - -o /dev/null 2>/dev/null && echo "$c" && break; done | head -1)
if [ -n "$CLANG" ]; then export CC=$CLANG; else unset CC; fi
machine_facts() {   # one block: versions, compiler, cores, capabilities
  python -c "import sys, numpy, torch, tinygrad; print('python', sys.version.split()[0], 'numpy', numpy.__version__, 'torch', torch.__version__, 'tinygrad', tinygrad.__file__)"
  echo "cc: ${CC:-none} ($(${CC:-false} --version 2>/dev/null | head -1))"; echo "cores: $(nproc)"
  python -c "from oracles import capabilities; print(capabilities.probe())"
}
