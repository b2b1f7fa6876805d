"""tinyfuzz bucket f88cd8a024: mismatch (value) on CPU: output 0 (bfloat16): at [3, 3, 0]: got np.float64(5536.0), expected np.float64(5216.0) (3 of 60 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-0.39453125, -0.8671875, 0.921875, 1.140625, -1.5546875, 2.703125, -0.89453125, 2.90625, 1.21875,
    1.0234375, 0.23828125, -0.03955078125, 0.98828125, 0.328125, 2.203125, 2.53125, 0.84765625,
    0.173828125, 2.3125, 2.578125, -0.40625, 1.3828125, 0.5859375, -1.15625, -2.46875, -0.55078125,
    -2.046875, 0.69921875, 1.671875, 0.73828125, -0.107421875, 2.390625, -1.3984375, 0.447265625,
    -0.25390625, 2.390625, 1.0, -2.46875, -1.3203125, -1.8671875, -1.609375, 0.9375, 2.921875,
    2.875, 1.78125, -0.03564453125, -0.57421875, -0.93359375, -0.921875, 2.34375, 1.1796875, 2.9375,
    -2.6875, 2.265625, 3.0, 1.515625, -2.03125, -2.5625, 0.1708984375, 0.036865234375], dtype=np.float32).reshape((5, 6, 2))).cast(dtypes.bfloat16).contiguous().realize()
v0 = x0.sinh()
v1 = v0.sinh()
got = [v1.numpy()]
want = [np.array([-0.416015625, -1.1484375, 1.2578125, 1.9140625, -4.78125, 848.0, -1.203125, 4576.0, 2.234375,
    1.53125, 0.2421875, -0.03955078125, 1.4296875, 0.33984375, 43.5, 260.0, 1.1015625, 0.17578125,
    74.0, 354.0, -0.4296875, 3.15625, 0.66015625, -1.96875, -178.0, -0.609375, -22.625, 0.83203125,
    6.4375, 0.8984375, -0.107421875, 111.5, -3.265625, 0.48046875, -0.2578125, 111.5, 1.4609375,
    -178.0, -2.765625, -11.75, -5.5, 1.296875, 5216.0, 3360.0, 9.0, -0.03564453125, -0.64453125,
    -1.296875, -1.2578125, 87.0, 2.078125, 6272.0, -748.0, 59.5, 11008.0, 4.34375, -21.25, -312.0,
    0.1728515625, 0.036865234375], dtype=np.float32).reshape((5, 6, 2))]
tolerances = [(0.045, 0.045)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
