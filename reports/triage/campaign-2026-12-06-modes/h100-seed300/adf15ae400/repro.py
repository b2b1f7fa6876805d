"""tinyfuzz bucket adf15ae400: mismatch (value) on CPU: output 0 (uint64): at [4, 0, 0]: got np.uint64(18446744073709551615), expected np.uint64(18446744073709551613) (1 of 7 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([3.0, 1.0, 2.0, -1.0, -3.0, 2.0, 2.0], dtype=np.float32).reshape((7, 1, 1)), dtype=dtypes.float32).contiguous().realize()
v0 = x0.cast(dtypes.uint64)
got = [v0.numpy()]
want = [np.array([3, 1, 2, 18446744073709551615, 18446744073709551613, 2, 2], dtype=np.uint64).reshape((7, 1, 1))]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
