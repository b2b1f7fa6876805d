"""tinyfuzz bucket 2e7b8adbcc: mismatch (value) on CPU: output 0 (float16): at [4, 5, 0]: got np.float64(-38656.0), expected np.float64(-inf)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-1.728515625, -0.32568359375, 1.5927734375, -0.255859375, 0.52197265625, -2.265625, -2.814453125,
    -1.9345703125, -0.024261474609375, -0.84375, -1.0302734375, -4.59375, 0.1790771484375,
    1.2880859375, 0.57470703125, 0.2342529296875, 1.0166015625, -0.0849609375, -1.9052734375,
    1.416015625, 0.3408203125, -0.118896484375, 0.56298828125, 0.483154296875, 0.92578125,
    -2.2265625, 1.296875, 0.53369140625, -2.32421875, -1.6015625, 2.306640625, -1.619140625,
    2.388671875, 0.9267578125, 0.310791015625, -1.67578125], dtype=np.float16).reshape((6, 6, 1)), dtype=dtypes.float16).contiguous().realize()
x1 = Tensor(np.array([-0.3720703125, -2.73046875, np.inf, 0.021881103515625, -0.609375, 60000.0], dtype=np.float16).reshape((6,)), dtype=dtypes.float16).contiguous().realize()
x2 = Tensor(np.array([2.775390625, 0.802734375, -0.6767578125, -1.1318359375, 1.47265625, -0.9853515625], dtype=np.float16).reshape((6,)), dtype=dtypes.float16).contiguous().realize()
x3 = Tensor(np.array([2.66796875], dtype=np.float16).reshape(()), dtype=dtypes.float16).contiguous().realize()
v0 = x0.batchnorm(x1, x1, x2, x3)
got = [v0.numpy()]
want = [np.array([4.1015625, 5.49609375, np.inf, 0.072998046875, 0.9365234375, -np.inf, 5.1796875, 17.21875, np.inf,
    0.0386962890625, 3.4609375, -np.inf, 2.203125, -6.265625, np.inf, 0.1016845703125,
    0.13232421875, np.inf, 4.2734375, -7.19921875, np.inf, 0.08099365234375, 0.8701171875, np.inf,
    1.4638671875, 19.328125, np.inf, 0.119140625, 5.5625, -np.inf, 0.09326171875, 14.90625, np.inf,
    0.14208984375, 1.2802734375, -np.inf], dtype=np.float16).reshape((6, 6, 1))]
tolerances = [(0.002, 0.002)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
