"""tinyfuzz bucket 620cd925ce: mismatch (value) on CPU: output 0 (bool): at [0, 2, 0]: got np.True_, expected np.False_ (1 of 9 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([0.3781067728996277, -1.045496940612793, np.nan, -4.8829345703125, 3.599414825439453,
    2.2883317470550537, -0.6508456468582153, 1.5476131439208984, 0.5624213218688965], dtype=np.float32).reshape((3, 3, 1)), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([0.0], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
v0 = x0 <= x1
got = [v0.numpy()]
want = [np.array([False, True, False, True, False, False, True, False, False], dtype=np.bool).reshape((3, 3, 1))]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
