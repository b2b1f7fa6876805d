"""tinyfuzz bucket f88cd8a024: mismatch (value) on CPU: output 0 (bfloat16): at [0, 0, 1, 0]: got np.float64(-8576.0), expected np.float64(-8064.0) (2 of 28 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([0.09765625, -2.96875, -0.8984375, 2.421875, -1.8203125, 2.53125, 2.53125, -0.6796875, 2.21875,
    -1.203125, 1.78125, 1.046875, 0.2255859375, 0.90234375, 0.703125, 2.578125, 0.8828125, 2.640625,
    0.69921875, 2.359375, 1.4140625, -0.01123046875, -2.921875, -1.453125, -0.62109375, -0.8046875,
    2.4375, -0.462890625], dtype=np.float32).reshape((2, 7, 2, 1))).cast(dtypes.bfloat16).contiguous().realize()
v0 = x0.sinh()
v1 = v0.sinh()
got = [v1.numpy()]
want = [np.array([0.09765625, -8064.0, -1.2109375, 134.0, -10.0, 260.0, 260.0, -0.80078125, 46.5, -2.171875, 9.0,
    1.6015625, 0.2294921875, 1.2265625, 0.8359375, 354.0, 1.171875, 532.0, 0.83203125, 95.5,
    3.40625, -0.01123046875, -5216.0, -3.6875, -0.7109375, -1.015625, 148.0, -0.5], dtype=np.float32).reshape((2, 7, 2, 1))]
tolerances = [(0.045, 0.045)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
