"""KB-0099: the gradient of interpolate(mode='nearest-exact') to the same side loses the first element: for a
(1, 1, 3) tensor interpolated to (3,), sum().gradient is [0, 1, 1] where torch gives [1, 1, 1] (the forward is
right: each output is its own input). nearest-exact's index is (scale * (arange(size) + 0.5)).cast(int32) with
scale 1.0, so 0.5, 1.5, 2.5 truncate to 0, 1, 2; the gradient's one-hot compare gets element 0 wrong. Sides that
differ ((3,) to (6,), (6,) to (3,)) are right. Found by tinyfuzz on 2026-12-07 while minimizing KB-0098.
Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
bad = 0
for n in (3, 4):
    b = Tensor(np.arange(n, dtype=np.float32) + 1).contiguous().realize()
    v = b.reshape(1, 1, n).interpolate((n,), mode="nearest-exact")
    g, = v.sum().gradient(b)
    got_v, got_g = v.numpy().ravel(), g.numpy()
    ok = np.array_equal(got_v, np.arange(n) + 1) and np.array_equal(got_g, np.ones(n))   # torch: ones
    print(f"({n},) to ({n},): values {got_v.tolist()}, gradient {got_g.tolist()}", "ok" if ok else "WRONG (want ones)")
    bad += not ok
sys.exit(1 if bad else 0)
