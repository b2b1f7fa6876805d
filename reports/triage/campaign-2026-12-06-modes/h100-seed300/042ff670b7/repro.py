"""tinyfuzz bucket 042ff670b7: mismatch (value) on CPU: output 0 (float64): at [0, 1, 0]: got np.float64(nan), expected np.float64(inf)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([0.22811292539924835, np.inf, 0.941725161610453, 1.440226980283351], dtype=np.float64).reshape((2, 2, 1)), dtype=dtypes.float64).contiguous().realize()
v0 = x0.hardswish()
got = [v0.numpy()]
want = [np.array([0.12272904715532468, np.inf, 0.6186702941402655, 1.0658224492643587], dtype=np.float64).reshape((2, 2, 1))]
tolerances = [(1e-09, 1e-09)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
