"""tinyfuzz bucket e6a7e23a8b: mismatch (grad) on CPU: gradient 1 (float64): at [0, 0, 0, 0]: got np.float64(1.0213857889175415), expected np.float64(0.0) (9 of 9 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([], dtype=np.float64).reshape((0, 0, 5, 0)), dtype=dtypes.float64).contiguous().realize().pad(((1, 1), (2, 1), (1, 0), (2, 0)))
x1 = Tensor(np.array([1.0, -2.0, 2.0, 1.0, -0.0, -2.0, 1.0, 1.0, -1.0], dtype=np.float64).reshape((3, 1, 1, 3)), dtype=dtypes.float64).contiguous().realize()
v0 = x0.conv2d(x1, groups=3, stride=2, padding=1, dilation=1)
got = [v0.numpy()]
want = [np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0], dtype=np.float64).reshape((2, 3, 4, 1))]
tolerances = [(1e-07, 1e-07)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
