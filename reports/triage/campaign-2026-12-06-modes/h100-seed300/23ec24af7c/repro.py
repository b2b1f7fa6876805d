"""tinyfuzz bucket 23ec24af7c: mismatch (value) on CPU: cast of uint64 values: output 0 (float64): at [0]: got np.float64(1.8446744073709552e+19), expected np.float64(-3.0) (1 of 1 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-3], dtype=np.int8).reshape((1,)), dtype=dtypes.int8).contiguous().realize()
v0 = x0.cast(dtypes.uint64)
v1 = v0.cast(dtypes.float64)
got = [v1.numpy()]
want = [np.array([-3.0], dtype=np.float64).reshape((1,))]
tolerances = [(1.5e-12, 1.5e-12)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
