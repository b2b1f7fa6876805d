"""tinyfuzz bucket 6747249468: crash (shard) on CPU [2 devices, x0 on axis 0, x1 on axis 1]: RuntimeError: shrinking not supported for root.marg=((0, 6), (0, 4)) at tinygrad/schedule/multi.py:shrink_multi

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([0.0, 1.0, 1.0, -1.0, -1.0, -1.0, -2.0, -1.0, -1.0, 2.0, -4.0, -4.0, 0.0, 1.0, -2.0, -0.0, -1.0, 0.0,
    -3.0, -0.0, -0.0, -3.0, -1.0, -2.0], dtype=np.float32).reshape((6, 1, 1, 4)), dtype=dtypes.float32).contiguous().realize().expand(6, 2, 1, 4)
x1 = Tensor(np.array([1.0, -2.0, 2.0, 0.0, -1.0, 2.0, 1.0, -3.0, 0.0, 0.0, -4.0, -0.0, 2.0, -4.0, 1.0, -1.0, -2.0, -2.0,
    -1.0, -4.0, -1.0, -3.0, -2.0, -0.0, -0.0, -1.0, -1.0, -0.0, 2.0, 4.0, -2.0, 1.0, 1.0, 1.0, 2.0,
    -1.0], dtype=np.float32).reshape((6, 6)), dtype=dtypes.float32).contiguous().realize()
v0 = x1.pad(tuple((tuple(p) for p in [[1, 2], [0, -2]])), value=1)
got = [x1.numpy(), v0.numpy(), x0.numpy()]
want = [np.array([1.0, -2.0, 2.0, 0.0, -1.0, 2.0, 1.0, -3.0, 0.0, 0.0, -4.0, -0.0, 2.0, -4.0, 1.0, -1.0, -2.0, -2.0,
    -1.0, -4.0, -1.0, -3.0, -2.0, -0.0, -0.0, -1.0, -1.0, -0.0, 2.0, 4.0, -2.0, 1.0, 1.0, 1.0, 2.0,
    -1.0], dtype=np.float32).reshape((6, 6)),
        np.array([1.0, 1.0, 1.0, 1.0, 1.0, -2.0, 2.0, 0.0, 1.0, -3.0, 0.0, 0.0, 2.0, -4.0, 1.0, -1.0, -1.0, -4.0,
    -1.0, -3.0, -0.0, -1.0, -1.0, -0.0, -2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], dtype=np.float32).reshape((9, 4)),
        np.array([0.0, 1.0, 1.0, -1.0, 0.0, 1.0, 1.0, -1.0, -1.0, -1.0, -2.0, -1.0, -1.0, -1.0, -2.0, -1.0, -1.0, 2.0,
    -4.0, -4.0, -1.0, 2.0, -4.0, -4.0, 0.0, 1.0, -2.0, -0.0, 0.0, 1.0, -2.0, -0.0, -1.0, 0.0, -3.0,
    -0.0, -1.0, 0.0, -3.0, -0.0, -0.0, -3.0, -1.0, -2.0, -0.0, -3.0, -1.0, -2.0], dtype=np.float32).reshape((6, 2, 1, 4))]
tolerances = [(1e-06, 1e-06), (1e-06, 1e-06), (1e-06, 1e-06)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
