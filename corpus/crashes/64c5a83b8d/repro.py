"""tinyfuzz bucket 64c5a83b8d: crash (crash) on PYTHON: RuntimeError: UOp verification failed at 53 on Ops.AFTER dtypes.float 3 [(Ops.CAST, dtypes.float, dtypes.float), (Ops.STORE, dtypes.void, None), (Ops.RANGE, dtypes.int, (0, AxisType.REDUCE))] None at tinygrad/uop/spec.py:type_verify

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'PYTHON')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([0.0, -0.0, 1.0, 0.0, -1.0], dtype=np.float16).reshape((5,)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.argmin(axis=None, keepdim=False)
got = [v0.numpy()]
want = [np.array([4], dtype=np.int32).reshape(())]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
