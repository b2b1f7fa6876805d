"""tinyfuzz bucket b06ae77fea: mismatch (value) on CPU: output 0 (float64): at [3]: got np.float64(nan), expected np.float64(inf)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([np.nan, -5e-324, -1.4486225934070363, np.inf, -5e-324, 5.620987269366674, -0.8978066923581096], dtype=np.float64).reshape((7,)), dtype=dtypes.float64).contiguous().realize()
v0 = x0.softplus(1.0)
got = [v0.numpy()]
want = [np.array([np.nan, 0.6931471805599453, 0.2109848201152492, np.inf, 0.6931471805599453, 5.62460179347452,
    0.34178834583901685], dtype=np.float64).reshape((7,))]
tolerances = [(1e-07, 1e-07)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
