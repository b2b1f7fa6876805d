"""tinyfuzz bucket a1870e73f3: mismatch (value) on CPU: output 0 (float16): at [1, 3, 1]: got np.float64(631.0), expected np.float64(624.0) (1 of 20 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([2.66015625, 0.1400146484375, -2.60546875, -1.0888671875, 2.150390625, -2.4921875, 2.912109375,
    0.75244140625, -2.09765625, -2.796875, -0.4912109375, 0.333740234375, 1.1630859375,
    -2.716796875, 2.759765625, 0.353759765625, 0.0297088623046875, 1.7060546875, 1.1240234375,
    0.39208984375], dtype=np.float16).reshape((2, 5, 2)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.sinh()
v1 = v0.sinh()
v2 = v1.sinh()
got = [v2.numpy()]
want = [np.array([np.inf, 0.1414794921875, -np.inf, -2.73828125, np.inf, -np.inf, np.inf, 1.0595703125, -np.inf,
    -np.inf, -0.5595703125, 0.353759765625, 3.623046875, -np.inf, np.inf, 0.37744140625,
    0.0297088623046875, 624.0, 3.11328125, 0.425048828125], dtype=np.float16).reshape((2, 5, 2))]
tolerances = [(0.01, 0.01)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
