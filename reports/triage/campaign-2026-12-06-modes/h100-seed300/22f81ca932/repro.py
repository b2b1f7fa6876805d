"""tinyfuzz bucket 22f81ca932: mismatch (jit) on CPU: call 3 (replay) differs from eager: output 0 (bool): at [0, 1, 2]: got np.int32(0), expected np.int32(1) (1 of 24 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([False, False, True, True, True, True], dtype=np.bool).reshape((1, 1, 6)), dtype=dtypes.bool).contiguous().realize()
v0 = x0.pad(tuple((tuple(p) for p in [[0, 2], [1, 0], [1, -3]])), value=1)
got = [v0.numpy(), x0.numpy()]
want = [np.array([True, True, True, True, True, False, False, True, True, True, True, True, True, True, True, True,
    True, True, True, True, True, True, True, True], dtype=np.bool).reshape((3, 2, 4)),
        np.array([False, False, True, True, True, True], dtype=np.bool).reshape((1, 1, 6))]
tolerances = [None, None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
