"""tinyfuzz bucket 7276631bae: mismatch (value) on CPU: output 0 (float32): at []: got np.float64(0.0), expected np.float64(-1.0) (1 of 1 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-4.0], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([np.inf], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
v0 = x0.div(x1, rounding_mode='floor')
got = [v0.numpy()]
want = [np.array([-1.0], dtype=np.float32).reshape(())]
tolerances = [(1e-06, 1e-05)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
