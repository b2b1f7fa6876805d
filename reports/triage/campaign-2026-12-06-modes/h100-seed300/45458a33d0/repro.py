"""tinyfuzz bucket 45458a33d0: mismatch (opt:beam) on CPU beam BEAM_UPCAST_MAX=16 BEAM_LOCAL_MAX=16 BEAM_TIMEOUT_SEC=5: differs from the plain run: output 0 (float32): at [2]: got np.float64(nan), expected np.float64(2.0)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-1.9732568264007568, -0.0, np.inf, -3.363327741622925, -2.4262590408325195, -0.6185043454170227,
    -2.7538557052612305], dtype=np.float32).reshape((7,)), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([4.0, -0.0, 1.0, 2.0], dtype=np.float32).reshape((4, 1)), dtype=dtypes.float32).contiguous().realize().pad(((2, 1), (0, 3)))
x2 = Tensor(np.array([2.0, 0.0], dtype=np.float32).reshape((2,)), dtype=dtypes.float32).contiguous().realize().pad(((2, 0),))
v0 = x0.linear(x1, x2)
got = [v0.numpy()]
want = [np.array([np.inf, np.nan, np.nan, np.nan], dtype=np.float32).reshape((4,))]
tolerances = [(0.0001, 0.0001)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
