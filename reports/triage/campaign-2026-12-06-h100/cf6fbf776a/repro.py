"""tinyfuzz bucket cf6fbf776a: mismatch (value) on CPU: output 0 (float16): at [2, 1]: got np.float64(nan), expected np.float64(inf)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([4.9609375, -1.2998046875, 0.85009765625, 2.501953125, 1.6494140625, 0.0, 3.353515625, -0.4619140625,
    -1.6728515625, -1.138671875, 0.158203125, 1.6806640625, 0.03558349609375, -np.inf, 60000.0,
    np.inf, -2.81640625, -2.78515625, 1.533203125, -0.3857421875, 0.583984375,
    -5.960464477539063e-08, np.nan, -0.396484375, -0.2724609375, 2.177734375, 0.14111328125,
    1.990234375, -0.450927734375, 60000.0, 5.953125, -1.095703125, 2.001953125, -60000.0,
    2.353515625, 0.80419921875, -1.6025390625, -0.385498046875, 60000.0, 2.103515625, -1.07421875,
    0.261474609375, -3.345703125, -60000.0, 2.158203125, np.inf, -0.0, 0.0, -0.0], dtype=np.float16).reshape((7, 7)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.mish()
got = [v0.numpy()]
want = [np.array([4.9609375, -0.307373046875, 0.71044921875, 2.47265625, 1.5654296875, 0.0, 3.345703125,
    -0.2093505859375, -0.284912109375, -0.308349609375, 0.10284423828125, 1.599609375,
    0.021759033203125, np.nan, 60000.0, np.inf, -0.1634521484375, -0.1666259765625, 1.439453125,
    -0.1839599609375, 0.451171875, -5.960464477539063e-08, np.nan, -0.187744140625, -0.1396484375,
    2.1328125, 0.09100341796875, 1.93359375, -0.205810546875, 60000.0, 5.953125, -0.3076171875,
    1.9462890625, -0.0, 2.318359375, 0.6640625, -0.290771484375, -0.183837890625, 60000.0,
    2.0546875, -0.306884765625, 0.17822265625, -0.11578369140625, -0.0, 2.11328125, np.inf, -0.0,
    0.0, -0.0], dtype=np.float16).reshape((7, 7))]
tolerances = [(0.005, 0.005)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
