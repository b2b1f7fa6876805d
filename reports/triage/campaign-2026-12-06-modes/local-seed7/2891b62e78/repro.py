"""tinyfuzz bucket 2891b62e78: mismatch (value) on CPU: output 0 (float16): at [2, 1, 1]: got np.float64(nan), expected np.float64(0.0)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([0.591796875, -1.0517578125, 0.65673828125, -60000.0, 1.4794921875, 0.0, -0.50927734375,
    -0.75341796875, np.nan, -60000.0, -60000.0, -5.960464477539063e-08, -0.2158203125,
    -1.8427734375, 60000.0, 2.275390625, -0.0, 0.265625, -1.23828125, 2.169921875, -0.2113037109375,
    -0.379638671875, 1.9033203125, np.inf, -2.748046875, -0.21923828125, -2.51171875,
    -0.125732421875, -1.8662109375, 0.052978515625, -2.755859375, 0.91748046875, -0.43994140625,
    -np.inf, -2.93359375, -0.33056640625], dtype=np.float16).reshape((6, 2, 3)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.cumprod(axis=-3)
got = [v0.numpy()]
want = [np.array([0.591796875, -1.0517578125, 0.65673828125, -60000.0, 1.4794921875, 0.0, -0.30126953125,
    0.79248046875, np.nan, np.inf, -np.inf, -0.0, 0.0650634765625, -1.4599609375, np.nan, np.inf,
    0.0, -0.0, -0.08056640625, -3.16796875, np.nan, -np.inf, 0.0, np.nan, 0.2213134765625,
    0.69482421875, np.nan, np.inf, -0.0, np.nan, -0.60986328125, 0.63720703125, np.nan, -np.inf,
    0.0, np.nan], dtype=np.float16).reshape((6, 2, 3))]
tolerances = [(0.02, 0.01)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
