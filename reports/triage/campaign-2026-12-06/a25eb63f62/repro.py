"""tinyfuzz bucket a25eb63f62: mismatch (value) on CPU: output 0 (bfloat16): at [1]: got np.float64(nan), expected np.float64(29952.0)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-0.189453125, 0.2275390625, 0.0003910064697265625, -2.828125, -1.234375, 2.53125, 1.1484375,
    -3.921875, -0.2197265625, -0.984375, -0.62109375, 59904.0, -59904.0, np.inf, -3.609375,
    -1.46875, -0.94140625, -59904.0, -1.515625, 0.236328125, -1.0101904577379033e-39, 6.0, 0.0,
    1.5859375], dtype=np.float32).reshape((3, 8))).cast(dtypes.bfloat16).contiguous().realize()
x1 = Tensor(np.array([-2.0], dtype=np.float32).reshape(())).cast(dtypes.bfloat16).contiguous().realize()
x2 = Tensor(np.array([2, 1, 0], dtype=np.int32).reshape((3,)), dtype=dtypes.int32).contiguous().realize()
v0 = x0.div(x1)
v1 = v0.cross_entropy(x2, 'none', 0.0)
got = [v1.numpy()]
want = [np.array([2.828125, 29952.0, 29952.0], dtype=np.float32).reshape((3,))]
tolerances = [(0.045, 0.045)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
