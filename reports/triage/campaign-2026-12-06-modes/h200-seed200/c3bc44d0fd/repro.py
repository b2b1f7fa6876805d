"""tinyfuzz bucket c3bc44d0fd: mismatch (value) on CPU: output 0 (bfloat16): at [2, 0, 0, 3]: got np.float64(-41.0), expected np.float64(-40.0) (3 of 60 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-32.75, 65.0, 26.375, -80.5, -61.75, 8.375, 96.0, 16.75, 56.5, 69.0, 68.0, -88.5, 63.5, -78.0, 40.5,
    22.875, 21.0, 64.0, 20.125, -84.0, -80.5, 23.125, -40.25, -75.5, -83.0, 3.0, 79.0, -1.453125,
    3.265625, -4.25, -9.875, 42.0, 60.5, 93.5, -67.5, 95.0, 64.5, -30.375, -80.5, -77.5, 74.5,
    -54.0, 52.75, 45.5, 18.375, 56.25, 31.0, -0.8125, -10.5625, 33.25, 31.0, 19.375, -65.0, 22.875,
    37.75, 43.5, 52.0, -82.0, 85.0, -74.0], dtype=np.float32).reshape((4, 1, 3, 5))).cast(dtypes.bfloat16).contiguous().realize()
x1 = Tensor(np.array([-2.28125], dtype=np.float32).reshape(())).cast(dtypes.bfloat16).contiguous().realize()
v0 = x0.div(x1, rounding_mode='trunc')
got = [v0.numpy()]
want = [np.array([14.0, -28.0, -11.0, 35.0, 27.0, -3.0, -42.0, -7.0, -24.0, -30.0, -29.0, 38.0, -27.0, 34.0, -17.0,
    -10.0, -9.0, -28.0, -8.0, 36.0, 35.0, -10.0, 17.0, 33.0, 36.0, -1.0, -34.0, 0.0, -1.0, 1.0, 4.0,
    -18.0, -26.0, -40.0, 29.0, -41.0, -28.0, 13.0, 35.0, 33.0, -32.0, 23.0, -23.0, -19.0, -8.0,
    -24.0, -13.0, 0.0, 4.0, -14.0, -13.0, -8.0, 28.0, -10.0, -16.0, -19.0, -22.0, 35.0, -37.0, 32.0], dtype=np.float32).reshape((4, 1, 3, 5))]
tolerances = [(0.02, 0.02)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
