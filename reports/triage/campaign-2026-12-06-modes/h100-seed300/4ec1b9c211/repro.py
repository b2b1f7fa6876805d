"""tinyfuzz bucket 4ec1b9c211: mismatch (grad) on CPU: gradient 0 (bfloat16): at [0, 2, 1]: got np.float64(nan), expected np.float64(0.0218505859375)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([1.84375, 1.0859375, 3.609375, 2.703125, 1.3046875, 3.515625, 1.234375, 0.83984375, 0.447265625,
    2.609375, 1.234375, 3.671875, 1.1875, 0.921875, 1.96875, 2.21875, 0.216796875, 0.279296875,
    1.390625, 2.5625, 3.484375, 3.375, 1.2578125, 1.625, 3.984375, 1.7734375, 1.4296875, 1.296875,
    1.109375, 2.671875, 3.375, 2.453125, 3.125, 2.25, 0.1591796875, 1.2890625, 1.1015625, 3.15625,
    0.14453125, 2.015625, 3.6875, 0.68359375, 2.921875, 2.796875, 3.6875], dtype=np.float32).reshape((3, 3, 5))).cast(dtypes.bfloat16).contiguous().realize()
x1 = Tensor(np.array([0.53125, -0.546875, 0.578125, 0.80078125, 1.2265625, -1.3984375, 0.408203125, -2.03125, 1.609375,
    -2.96875, 2.625, 2.390625, -2.1875, 2.9375, 2.859375], dtype=np.float32).reshape((3, 5))).cast(dtypes.bfloat16).contiguous().realize()
v0 = x0.pow(x1)
v1 = v0.atan()
got = [v1.numpy()]
want = [np.array([0.9453125, 0.76171875, 1.125, 1.1484375, 0.9453125, 0.1708984375, 0.828125, 0.95703125, 0.267578125,
    0.05810546875, 1.046875, 1.5234375, 0.6015625, 0.66796875, 1.4296875, 0.98828125, 1.1640625,
    0.447265625, 0.91796875, 1.265625, 0.1728515625, 1.0234375, 0.5625, 1.140625, 0.0164794921875,
    1.3515625, 1.1640625, 0.515625, 0.9375, 1.5078125, 1.0859375, 0.55078125, 1.09375, 1.0859375,
    0.1044921875, 0.609375, 0.8046875, 0.09619140625, 0.04443359375, 0.12451171875, 1.5390625,
    0.3828125, 0.09521484375, 1.5234375, 1.546875], dtype=np.float32).reshape((3, 3, 5))]
tolerances = [(0.045, 0.045)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
