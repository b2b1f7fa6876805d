"""tinyfuzz bucket a8e927e5c4: mismatch (value) on CPU: output 0 (bool): at [3, 0, 0]: got np.True_, expected np.False_ (1 of 4 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-1.5823975801467896], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([-0.2646900415420532, 0.44088125228881836, 2.1024200916290283, 1.1407630443572998,
    -0.7710047364234924, 3.3790767192840576, 2.795545816421509, 1.0000000150474662e+30,
    1.5818392038345337, np.nan, -1.0535961389541626], dtype=np.float32).reshape((11, 1, 1)), dtype=dtypes.float32).contiguous().realize()[::3, ::1, ::2]
v0 = x0 >= x1
got = [v0.numpy()]
want = [np.array([False, False, False, False], dtype=np.bool).reshape((4, 1, 1))]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
