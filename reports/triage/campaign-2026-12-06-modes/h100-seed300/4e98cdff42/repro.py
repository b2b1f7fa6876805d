"""tinyfuzz bucket 4e98cdff42: mismatch (shard) on CPU [3 devices, x0 on axis 0, x1 on axis 1, x2 replicated, assign after v0, roundtrip after v0, assign after v1]: output 0 (int64): at [0]: got np.int64(32), expected np.int64(-4) (3 of 3 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([4, 0, -1], dtype=np.int64).reshape((3,)), dtype=dtypes.int64).contiguous().realize()
x1 = Tensor(np.array([0, -4, 4, 4, 4, 4, 4, 4, 0], dtype=np.int64).reshape((3, 3)), dtype=dtypes.int64).contiguous().realize()
v0 = x0.matmul(x1)
got = [v0.numpy()]
want = [np.array([-4, -20, 16], dtype=np.int64).reshape((3,))]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
