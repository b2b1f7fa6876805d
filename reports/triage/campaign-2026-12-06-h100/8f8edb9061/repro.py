"""tinyfuzz bucket 8f8edb9061: mismatch (value) on CPU: output 0 (float16): at [3, 0, 0, 0]: got np.float64(-inf), expected np.float64(-30000.0)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-2.482421875, -1.2177734375, 1.0205078125, 0.302734375, 5.960464477539063e-08, 4.2578125,
    1.7607421875, 0.11590576171875, -1.5126953125, 5.960464477539063e-08, np.nan, -1.625,
    -1.0576171875, -3.482421875, 1.2314453125, -0.33544921875, np.nan, -1.25, -3.37109375, -0.0,
    -1.720703125, -3.302734375, 2.478515625, -60000.0, 2.486328125, 5.5859375, 60000.0,
    5.960464477539063e-08, 0.47607421875, 2.484375, -0.1549072265625, 0.5107421875, 0.7255859375,
    2.74609375, -1.923828125, -1.0263671875, 0.335205078125, 2.865234375, 1.4248046875, -60000.0,
    -60000.0, -2.138671875, 0.0, 0.9345703125, 0.34130859375, -np.inf, 1.6318359375, 1.046875,
    -1.8486328125, -0.931640625, -0.0, 1.1220703125, -5.960464477539063e-08, -0.7802734375,
    -0.46142578125, 1.6640625, 0.431640625, -60000.0, -1.6826171875, 0.0, 0.1619873046875, np.inf,
    -0.89453125, 0.1964111328125, 0.6455078125, -np.inf, 0.1639404296875, -1.74609375,
    -5.960464477539063e-08, 5.960464477539063e-08, -2.548828125, -0.63720703125, -60000.0, np.nan,
    -2.369140625, -0.2408447265625, 1.30078125, 1.16796875, 0.0, 60000.0, -1.125, -1.4912109375,
    0.68798828125, -0.81396484375], dtype=np.float16).reshape((7, 2, 2, 3)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.avg_pool2d((2, 2), stride=None or 2, padding=0, ceil_mode=True, count_include_pad=False)
got = [v0.numpy()]
want = [np.array([-0.849609375, 2.638671875, np.nan, -1.568359375, np.nan, -0.00927734375, -1.048828125, -30000.0,
    2.13671875, 30000.0, 0.29443359375, -0.150390625, -30000.0, -0.35693359375, -np.inf,
    0.6943359375, -0.41455078125, -0.39013671875, -15000.0, 0.2158203125, np.inf, -np.inf,
    -1.033203125, -0.318603515625, np.nan, -0.6005859375, 15000.0, -0.9697265625], dtype=np.float16).reshape((7, 2, 1, 2))]
tolerances = [(0.002, 0.002)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
