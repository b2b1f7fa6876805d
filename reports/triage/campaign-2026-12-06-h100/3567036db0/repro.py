"""tinyfuzz bucket 3567036db0: mismatch (value) on CPU: output 0 (float32): at [1, 1]: got np.float64(-inf), expected np.float64(nan)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-45.82918167114258, 86.77989196777344, -12.116466522216797, 28.89547348022461, -np.inf,
    -9.99994610111476e-41, 0.0, 97.89778900146484, -1.0000000150474662e+30], dtype=np.float32).reshape((3, 3)), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([2.0], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
v0 = x0.div(x1, rounding_mode='floor')
got = [v0.numpy()]
want = [np.array([-23.0, 43.0, -7.0, 14.0, np.nan, -1.0, 0.0, 48.0, -5.000000075237331e+29], dtype=np.float32).reshape((3, 3))]
tolerances = [(1e-06, 1e-05)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
