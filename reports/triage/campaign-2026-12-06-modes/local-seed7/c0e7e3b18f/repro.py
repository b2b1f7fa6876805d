"""tinyfuzz bucket c0e7e3b18f: crash (grad-shard) on CPU [2 devices, x0 on axis 2, x1 on axis 1, assign after v0, reshard(axis=1) after v0, all2all all-reduce]: RuntimeError: reshape (1, 2, 2, 6, 2, 6) -> (1, 2, 12, 12) moved items between shards at tinygrad/uop/ops.py:axis

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([0.0, -0.0, 1.0, 3.0, -1.0, 1.0, 0.0, 1.0], dtype=np.float32).reshape((1, 2, 2, 2)), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([1.0, 4.0, -1.0, 1.0], dtype=np.float32).reshape((2, 2, 1, 1)), dtype=dtypes.float32).contiguous().realize()
v0 = x0.conv2d(x1, groups=1, stride=2, padding=2, dilation=2)
got = [v0.numpy()]
want = [np.array([0.0, 0.0, 0.0, 0.0, -4.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0], dtype=np.float32).reshape((1, 2, 3, 3))]
tolerances = [(0.0001, 0.0001)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
