"""KB-0043: log, log2 and log10 of a negative subnormal are -inf instead of nan (float32 -1e-40, float64 -5e-324).
xlog2 (tinygrad/codegen/decomp/transcendental.py) sets nan for d < -0.0, then, to catch -0.0 on devices where
x == -0.0 fails, maps every d whose reciprocal is -inf to -inf; 1/d overflows to -inf for every negative subnormal,
so the nan is overwritten. float16/bfloat16 are computed in float32, where their values are normal, and are right.
numpy and torch: [nan, nan, -inf] for [-subnormal, -1, -0.0].
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
ok = True
for x in (np.array([-1e-40, -1.0, -0.0], np.float32), np.array([-5e-324, -1.0, -0.0], np.float64)):
    t = Tensor(x).contiguous().realize()
    for name in (n for n in ("log", "log2", "log10") if hasattr(t, n)):   # tinygrad 0.12 has no log10
        got = getattr(t, name)().numpy()
        print(x.dtype, name, got)
        ok &= np.array_equal(got, [np.nan, np.nan, -np.inf], equal_nan=True)
sys.exit(0 if ok else 1)
