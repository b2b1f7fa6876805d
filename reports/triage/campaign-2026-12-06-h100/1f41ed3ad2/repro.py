"""tinyfuzz bucket 1f41ed3ad2: mismatch (value) on CPU: output 0 (float16): at [0, 0, 0, 0]: got np.float64(-5.960464477539063e-08), expected np.float64(nan)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([3.24609375, -1.9833984375, -1.3408203125, -2.912109375], dtype=np.float16).reshape((1, 1, 2, 2)), dtype=dtypes.float16).contiguous().realize()
x1 = Tensor(np.array([0, 0, 0, 0, 0, 0, 0, 0], dtype=np.int32).reshape((2, 1, 2, 2)), dtype=dtypes.int32).contiguous().realize()
x2 = Tensor(np.array([-5.960464477539063e-08, -0.85595703125, -1.01171875, 0.0, np.nan, 0.75927734375, -0.57763671875,
    60000.0], dtype=np.float16).reshape((2, 1, 2, 2)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.scatter_reduce(-4, x1, x2, 'amax', False)
got = [v0.numpy()]
want = [np.array([np.nan, 0.75927734375, -0.57763671875, 60000.0], dtype=np.float16).reshape((1, 1, 2, 2))]
tolerances = [(0.02, 0.01)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
