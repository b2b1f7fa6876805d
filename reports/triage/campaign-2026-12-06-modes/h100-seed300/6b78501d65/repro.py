"""tinyfuzz bucket 6b78501d65: mismatch (value) on CPU: output 0 (float16): at [6, 0, 0]: got np.float64(-1.005859375), expected np.float64(-0.96826171875) (2 of 14 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([1.54296875, 2.646484375, 0.15380859375, -1.1845703125, 2.125, 1.2255859375, -3.248046875,
    -0.3447265625, 0.94873046875, -3.080078125, -2.662109375, -5.421875, -1.8994140625, -1.875], dtype=np.float16).reshape((7, 1, 2)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.layernorm(tuple(range(-1, 0)), 1e-05)
got = [v0.numpy()]
want = [np.array([-1.0, 1.0, 1.0, -1.0, 1.0, -1.0, -1.0, 1.0, 1.0, -1.0, 1.0, -1.0, -0.96826171875, 0.96826171875], dtype=np.float16).reshape((7, 1, 2))]
tolerances = [(0.02, 0.01)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
