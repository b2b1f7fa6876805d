"""tinyfuzz bucket d275538d04: mismatch (grad) on CPU: gradient 0 (float64): at [2, 1]: got np.float64(-0.0), expected np.float64(-1.2536815404891968) (1 of 9 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-1.0, -1.0, -1.0, -1.0, 1.0, -1.0, -1.0, -0.0, 1.0], dtype=np.float64).reshape((3, 3)), dtype=dtypes.float64).contiguous().realize()
v0 = x0.acos()
got = [v0.numpy()]
want = [np.array([3.141592653589793, 3.141592653589793, 3.141592653589793, 3.141592653589793, 0.0, 3.141592653589793,
    3.141592653589793, 1.5707963267948966, 0.0], dtype=np.float64).reshape((3, 3))]
tolerances = [(1e-07, 1e-07)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
