"""tinyfuzz bucket a3e103277d: mismatch (value) on CPU: output 0 (uint8): at [0, 0, 0, 0]: got np.uint8(255), expected np.uint8(254) (3 of 6 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-2.0, -1.0, -2.0, -2.0, -1.0, -3.0], dtype=np.float16).reshape((2, 1, 1, 3)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.cast(dtypes.uint8)
got = [v0.numpy()]
want = [np.array([254, 255, 254, 254, 255, 253], dtype=np.uint8).reshape((2, 1, 1, 3))]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
