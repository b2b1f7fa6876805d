"""tinyfuzz bucket 8c21c6ee89: crash (shard) on CPU [3 devices, x0 on axis 1 (at base), x1 replicated, x2 replicated, x3 replicated, widen after v1, roundtrip after v1]: ValueError: invalid shrink ((0, 5), (0, 11), (0, 1)) for (5, 9, 1) at tinygrad/uop/ops.py:_shape

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-0.0, -4.0, -1.0, -1.0, 2.0, -0.0, -1.0, -4.0, 2.0, -3.0, 1.0, -0.0, -1.0, -0.0, -1.0, 1.0, 4.0,
    1.0, 0.0, -3.0, -2.0, -1.0, 1.0, -3.0, -1.0, -1.0, 1.0, -0.0, -3.0, -2.0], dtype=np.float32).reshape((5, 6)), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([-1.0], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
x2 = Tensor(np.array([-0.0, -2.0, 4.0, -2.0, 2.0, 1.0, 0.0, -0.0, -0.0, -0.0], dtype=np.float32).reshape((5, 2, 1)), dtype=dtypes.float32).contiguous().realize()
x3 = Tensor(np.array([4.0, 1.0, 2.0, -1.0, -1.0, 1.0, 1.0, -0.0, 2.0, 1.0, 1.0, -2.0, 1.0, 1.0, -1.0], dtype=np.float32).reshape((5, 3, 1)), dtype=dtypes.float32).contiguous().realize()
v0 = x0.reshape([5, 6, 1])
v1 = v0.reshape([-1])
v2 = v0.cat(x2, x3, dim=1)
got = [v1.numpy(), x1.numpy(), v2.numpy()]
want = [np.array([-0.0, -4.0, -1.0, -1.0, 2.0, -0.0, -1.0, -4.0, 2.0, -3.0, 1.0, -0.0, -1.0, -0.0, -1.0, 1.0, 4.0,
    1.0, 0.0, -3.0, -2.0, -1.0, 1.0, -3.0, -1.0, -1.0, 1.0, -0.0, -3.0, -2.0], dtype=np.float32).reshape((30,)),
        np.array([-1.0], dtype=np.float32).reshape(()),
        np.array([-0.0, -4.0, -1.0, -1.0, 2.0, -0.0, -0.0, -2.0, 4.0, 1.0, 2.0, -1.0, -4.0, 2.0, -3.0, 1.0, -0.0, 4.0,
    -2.0, -1.0, -1.0, 1.0, -1.0, -0.0, -1.0, 1.0, 4.0, 1.0, 2.0, 1.0, 1.0, -0.0, 2.0, 0.0, -3.0,
    -2.0, -1.0, 1.0, -3.0, 0.0, -0.0, 1.0, 1.0, -2.0, -1.0, -1.0, 1.0, -0.0, -3.0, -2.0, -0.0, -0.0,
    1.0, 1.0, -1.0], dtype=np.float32).reshape((5, 11, 1))]
tolerances = [(1.5e-06, 1.5e-06), (1e-06, 1e-06), (1.5e-06, 1.5e-06)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
