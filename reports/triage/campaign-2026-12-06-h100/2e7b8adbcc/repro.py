"""tinyfuzz bucket 2e7b8adbcc: mismatch (value) on CPU: output 0 (float16): at [1, 0, 1]: got np.float64(49056.0), expected np.float64(inf)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([2.0, 0.0, -1.0, -0.0, 2.0, -1.0, 1.0, -1.0, 3.0, -2.0, 1.0, 0.0, -1.0, 1.0, -0.0, 1.0, -2.0, -2.0,
    -1.0, 1.0, 0.0, -2.0, -0.0, -3.0], dtype=np.float16).reshape((2, 6, 2)), dtype=dtypes.float16).contiguous().realize()
x1 = Tensor(np.array([-2.3125, -2.697265625, 1.2998046875, -1.7099609375, -3.978515625, -2.6796875], dtype=np.float16).reshape((6,)), dtype=dtypes.float16).contiguous().realize()
x2 = Tensor(np.array([2.533203125, -6.41796875, 0.28369140625, -5.28515625, -1.845703125, 0.458984375], dtype=np.float16).reshape((6,)), dtype=dtypes.float16).contiguous().realize()
x3 = Tensor(np.array([1.353515625, 0.958984375, -2.890625, 1.38671875, 1.7705078125, -2.248046875], dtype=np.float16).reshape((6,)), dtype=dtypes.float16).contiguous().realize()
x4 = Tensor(np.array([60000.0, np.inf, 0.07684326171875, 3.99609375, 0.796875, 2.875], dtype=np.float16).reshape((6,)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.batchnorm(x1, x2, x3, x4)
got = [v0.numpy()]
want = [np.array([-np.inf, np.inf, np.inf, np.inf, 0.77197265625, 0.47265625, -2.642578125, 11.03125, -5.7421875,
    10.1015625, -24.5625, -16.859375, np.inf, np.inf, np.inf, -np.inf, 0.37255859375, 0.37255859375,
    11.03125, -2.642578125, 3.767578125, 10.1015625, -16.859375, 6.25], dtype=np.float16).reshape((2, 6, 2))]
tolerances = [(0.002, 0.002)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
