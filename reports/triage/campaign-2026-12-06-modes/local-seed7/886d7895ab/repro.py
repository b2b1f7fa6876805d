"""tinyfuzz bucket 886d7895ab: mismatch (value) on CPU: output 0 (float16): at [2]: got np.float64(nan), expected np.float64(0.935546875)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([1.189453125, 0.2978515625, -3.89453125, 1.216796875, 2.119140625, -5.960464477539063e-08,
    0.755859375, 0.70947265625, -4.09375, 4.31640625, -np.inf, 0.44189453125, -60000.0,
    0.2462158203125, 0.12347412109375, -np.inf, -1.2431640625, 2.142578125, -2.697265625,
    -1.3603515625, -5.960464477539063e-08, -0.35205078125, -1.9140625, -1.2216796875, -2.662109375], dtype=np.float16).reshape((5, 5)), dtype=dtypes.float16).contiguous().realize()
x1 = Tensor(np.array([2, 0, 1, 4, 0], dtype=np.int32).reshape((5,)), dtype=dtypes.int32).contiguous().realize()
v0 = x0.sparse_categorical_crossentropy(x1, reduction='none')
got = [v0.numpy()]
want = [np.array([6.6875, 4.3828125, 0.935546875, 3.572265625, 0.79541015625], dtype=np.float16).reshape((5,))]
tolerances = [(0.005, 0.005)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
