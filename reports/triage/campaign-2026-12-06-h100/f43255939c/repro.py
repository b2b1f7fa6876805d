"""tinyfuzz bucket f43255939c: mismatch (value) on CPU: output 0 (bfloat16): at [3, 0, 0, 0]: got np.float64(-2.359375), expected np.float64(-2.5) (2 of 30 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-2.390625, -1.296875, 1.859375, 2.40625, 1.9140625, -4.03125, -2.53125, -3.203125, 1.1796875,
    0.2314453125, 2.015625, -3.203125, -2.890625, 4.1875, -0.87109375, -6.03125, -0.5625, -3.890625,
    2.4375, 1.8515625, -0.65625, -2.59375, -1.96875, 0.341796875, 2.765625, -0.80859375, 3.28125,
    -2.390625, -0.185546875, -0.74609375], dtype=np.float32).reshape((6, 1, 1, 5))).cast(dtypes.bfloat16).contiguous().realize()
v0 = x0.asinh()
got = [v0.numpy()]
want = [np.array([-1.609375, -1.078125, 1.3828125, 1.609375, 1.40625, -2.109375, -1.65625, -1.8828125, 1.0,
    0.2294921875, 1.453125, -1.8828125, -1.78125, 2.140625, -0.7890625, -2.5, -0.53515625, -2.0625,
    1.625, 1.375, -0.6171875, -1.6796875, -1.4296875, 0.3359375, 1.7421875, -0.73828125, 1.90625,
    -1.609375, -0.1845703125, -0.69140625], dtype=np.float32).reshape((6, 1, 1, 5))]
tolerances = [(0.03, 0.03)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
