"""tinyfuzz bucket 36ac16221d: mismatch (value) on CPU: output 0 (float16): at [1, 0]: got np.float64(nan), expected np.float64(inf)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-np.inf], dtype=np.float32).reshape((1,)), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([0.25146484375, -0.26416015625], dtype=np.float16).reshape((2, 1)), dtype=dtypes.float16).contiguous().realize()
v0 = x1.pow(x0)
got = [v0.numpy()]
want = [np.array([np.inf, np.inf], dtype=np.float32).reshape((2, 1))]
tolerances = [(0.005, 0.005)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
