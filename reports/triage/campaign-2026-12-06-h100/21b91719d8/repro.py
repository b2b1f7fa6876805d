"""tinyfuzz bucket 21b91719d8: mismatch (value) on CPU: argmax of float32 values: output 0 (int32): at []: got np.int32(1), expected np.int32(5) (1 of 1 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-0.0, 0.8762862682342529, -0.015078104101121426, -0.7964137196540833, 0.18221068382263184, np.nan], dtype=np.float32).reshape((2, 3, 1)), dtype=dtypes.float32).contiguous().realize()
v0 = x0.argmax(axis=None, keepdim=False)
got = [v0.numpy()]
want = [np.array([5], dtype=np.int32).reshape(())]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
