"""tinyfuzz bucket 91c5d0a152: mismatch (value) on CPU: output 0 (float16): at [0, 0, 3, 0]: got np.float64(-inf), expected np.float64(nan)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-5.960464477539063e-08, -38.09375, -5.960464477539063e-08, -np.inf, -5.960464477539063e-08, 93.0,
    77.125, -38.625, -19.640625, -41.1875, 60.09375, 5.960464477539063e-08, 60000.0, np.nan,
    82.9375, 0.0], dtype=np.float16).reshape((4, 1, 4, 1)), dtype=dtypes.float16).contiguous().realize()
x1 = Tensor(np.array([2.0], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
v0 = x0.div(x1, rounding_mode='floor')
got = [v0.numpy()]
want = [np.array([-1.0, -20.0, -1.0, np.nan, -1.0, 46.0, 38.0, -20.0, -10.0, -21.0, 30.0, 0.0, 30000.0, np.nan, 41.0,
    0.0], dtype=np.float16).reshape((4, 1, 4, 1))]
tolerances = [(0.002, 0.002)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
