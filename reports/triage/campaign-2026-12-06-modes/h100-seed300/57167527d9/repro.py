"""tinyfuzz bucket 57167527d9: mismatch (value) on CPU: output 0 (float16): at [3, 0]: got np.float64(-67.0), expected np.float64(-68.0) (1 of 24 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-86.9375, -11.671875, 37.25, 62.8125, -39.9375, 73.1875, -10.4453125, 60.96875, 11.296875, -88.125,
    -89.0625, -10.4296875, -37.09375, 35.96875, 28.28125, 22.15625, 33.1875, -71.4375, 46.375,
    94.8125, -49.96875, 96.125, -73.625, -84.5625], dtype=np.float16).reshape((6, 4)), dtype=dtypes.float16).contiguous().realize()
x1 = Tensor(np.array([0.54541015625], dtype=np.float16).reshape(()), dtype=dtypes.float16).contiguous().realize()
v0 = x0.div(x1, rounding_mode='trunc')
got = [v0.numpy()]
want = [np.array([-159.0, -21.0, 68.0, 115.0, -73.0, 134.0, -19.0, 111.0, 20.0, -161.0, -163.0, -19.0, -68.0, 65.0,
    51.0, 40.0, 60.0, -130.0, 85.0, 173.0, -91.0, 176.0, -134.0, -155.0], dtype=np.float16).reshape((6, 4))]
tolerances = [(0.002, 0.002)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
