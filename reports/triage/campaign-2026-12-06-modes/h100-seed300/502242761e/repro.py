"""tinyfuzz bucket 502242761e: mismatch (jit) on CPU: call 3 (replay) differs from eager: output 1 (int32): at [0, 1]: got np.int32(1), expected np.int32(0) (6 of 20 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-0.0, 0.0], dtype=np.float32).reshape((2,)), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([1, 4, 2, 1], dtype=np.int32).reshape((4,)), dtype=dtypes.int32).contiguous().realize()
v0 = x1.one_hot(5)
got = [x0.numpy(), v0.numpy()]
want = [np.array([-0.0, 0.0], dtype=np.float32).reshape((2,)),
        np.array([0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0], dtype=np.int32).reshape((4, 5))]
tolerances = [(1e-06, 1e-06), None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
