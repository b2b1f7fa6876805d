"""KB-0104: Tensor.diag() of a realized vector, then triu(k) or tril(k), raises ValueError: bad reshape: () -> (3, 3)
(torch: the triangle of the diagonal matrix). A contiguous() between them passes, and tinygrad 0.13.0 passes.
Found by tinyfuzz on the device machine on 2026-12-07 (buckets d4c2d65961, ffe1fb57e1: float32 [-2, -1, -2],
diag, triu(2)). Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
v = np.array([-2.0, -1.0, -2.0], np.float32)
bad = 0
for name, k, want in (("triu", 1, np.triu(np.diag(v), 1)), ("tril", 0, np.tril(np.diag(v), 0))):
    x = Tensor(v).contiguous().realize()
    try:
        got = getattr(x.diag(), name)(k).numpy()
        ok = np.array_equal(got, want)
        print(f"diag().{name}({k}): {got.tolist()}", "ok" if ok else f"WRONG (want {want.tolist()})")
    except ValueError as e:
        print(f"diag().{name}({k}): ValueError: {e} (want {want.tolist()})")
        ok = False
    bad += not ok
sys.exit(1 if bad else 0)
