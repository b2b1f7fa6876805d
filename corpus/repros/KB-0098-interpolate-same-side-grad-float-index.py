"""KB-0098: nearest interpolation to the same side, realized together with a gradient through a weight tensor,
fails UOp verification: an INDEX whose index is a float CAST. `v = b.interpolate((3,), mode='nearest')` of a
realized (3,) float tensor, `g = (v * w).sum().gradient(b)` with w a (3,) tensor, `Tensor.realize(v, g)` raises
"UOp verification failed at 9 on Ops.INDEX dtypes.double 2 [(Ops.PARAM, ...), (Ops.CAST, dtypes.float, ...)]".
interpolate's index is (scale * arange(size)).cast(int32) with scale 1.0; a constant weight, or realizing g alone,
or another side passes. Found by tinyfuzz on 2026-12-07 (bucket d5ffa411f3, grad mode: a padded zero-size float64
input interpolated to its own side, 7; buckets ce003f27ed, e3a1297781 and 8d89e8e7cc of 2026-12-06 too).
Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
bad = 0
for dt in (dtypes.float64, dtypes.float32):
    b = Tensor(np.array([1.0, 2.0, 3.0]), dtype=dt).contiguous().realize()
    v = b.interpolate((3,), mode="nearest")
    g, = (v * Tensor(np.array([1.5, 0.5, 2.0]), dtype=dt)).sum().gradient(b)
    try:
        Tensor.realize(v, g)
        ok = np.allclose(v.numpy(), [1, 2, 3]) and np.allclose(g.numpy(), [1.5, 0.5, 2.0])  # torch and numpy
        print(dt, v.numpy().tolist(), g.numpy().tolist(), "ok" if ok else "WRONG (want [1, 2, 3], [1.5, 0.5, 2])")
    except RuntimeError as e:
        print(dt, f"RuntimeError: {str(e)[:140]}")
        ok = False
    bad += not ok
sys.exit(1 if bad else 0)
