"""tinyfuzz bucket 57167527d9: mismatch (value) on CPU: output 0 (float16): at [1, 4, 4, 0]: got np.float64(-20.0), expected np.float64(-21.0) (1 of 108 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([27.390625, -46.03125, -91.8125, -96.6875, 62.65625, 82.5625, 21.328125, 45.90625, 8.7265625, 87.0,
    63.15625, -99.4375, 71.5, -93.3125, 45.9375, -64.875, 72.625, 8.2890625, -40.0625, -15.4609375,
    -94.3125, -75.125, 34.125, 29.4375, 23.078125, -23.265625, 99.4375, 96.1875, 37.09375, 30.09375,
    37.6875, -22.21875, -73.0, 44.3125, 5.0703125, -37.9375, -2.83203125, 77.875, 86.8125, -28.4375,
    14.3046875, -35.625, 18.859375, -32.40625, -21.671875, 78.0625, -54.5625, 24.640625, -83.1875,
    66.5, 57.40625, -52.125, 75.3125, -88.3125, -32.78125, -69.9375, -9.9296875, 59.25, -53.875,
    -89.625, -19.09375, -60.3125, -81.875, 16.0625, -40.25, 34.40625, -60.09375, 88.4375,
    -26.984375, -78.875, 25.828125, 85.4375, -11.921875, 90.9375, -0.020843505859375, -14.953125,
    24.046875, 99.0, 89.8125, -7.9921875, 51.53125, -0.515625, 5.86328125, 57.15625, -17.0625,
    46.90625, 42.21875, 86.4375, -77.0, 45.8125, 85.5, 93.5625, -97.0625, 72.75, 96.25, 91.4375,
    -70.25, 94.5, 78.0, 64.5, -4.00390625, -53.53125, 60.375, 84.6875, -46.78125, 7.78515625,
    -11.453125, 86.1875], dtype=np.float16).reshape((3, 6, 6, 1)), dtype=dtypes.float16).contiguous().realize()
x1 = Tensor(np.array([2.01171875], dtype=np.float16).reshape(()), dtype=dtypes.float16).contiguous().realize()
v0 = x0.div(x1, rounding_mode='floor')
got = [v0.numpy()]
want = [np.array([13.0, -23.0, -46.0, -49.0, 31.0, 41.0, 10.0, 22.0, 4.0, 43.0, 31.0, -50.0, 35.0, -47.0, 22.0, -33.0,
    36.0, 4.0, -20.0, -8.0, -47.0, -38.0, 16.0, 14.0, 11.0, -12.0, 49.0, 47.0, 18.0, 14.0, 18.0,
    -12.0, -37.0, 22.0, 2.0, -19.0, -2.0, 38.0, 43.0, -15.0, 7.0, -18.0, 9.0, -17.0, -11.0, 38.0,
    -28.0, 12.0, -42.0, 33.0, 28.0, -26.0, 37.0, -44.0, -17.0, -35.0, -5.0, 29.0, -27.0, -45.0,
    -10.0, -30.0, -41.0, 7.0, -21.0, 17.0, -30.0, 43.0, -14.0, -40.0, 12.0, 42.0, -6.0, 45.0, -1.0,
    -8.0, 11.0, 49.0, 44.0, -4.0, 25.0, -1.0, 2.0, 28.0, -9.0, 23.0, 20.0, 42.0, -39.0, 22.0, 42.0,
    46.0, -49.0, 36.0, 47.0, 45.0, -35.0, 46.0, 38.0, 32.0, -2.0, -27.0, 30.0, 42.0, -24.0, 3.0,
    -6.0, 42.0], dtype=np.float16).reshape((3, 6, 6, 1))]
tolerances = [(0.002, 0.002)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
