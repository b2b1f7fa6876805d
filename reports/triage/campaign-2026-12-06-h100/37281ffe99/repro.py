"""tinyfuzz bucket 37281ffe99: mismatch (value) on CPU: output 0 (float32): at [2, 2]: got np.float64(nan), expected np.float64(inf)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([9.99994610111476e-41, np.nan, -0.09571535140275955, -0.8756882548332214, 9.99994610111476e-41,
    0.09891312569379807, 0.847912609577179, -1.0000000150474662e+30, np.inf], dtype=np.float32).reshape((3, 3)), dtype=dtypes.float32).contiguous().realize()
v0 = x0.logcumsumexp(axis=0)
got = [v0.numpy()]
want = [np.array([9.99994610111476e-41, np.nan, -0.09571535140275955, 0.3482421338558197, np.nan, 0.6994736194610596,
    1.3221139907836914, np.nan, np.inf], dtype=np.float32).reshape((3, 3))]
tolerances = [(1e-05, 0.0001)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
