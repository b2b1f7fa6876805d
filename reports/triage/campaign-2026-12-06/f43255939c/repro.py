"""tinyfuzz bucket f43255939c: mismatch (value) on CPU: output 0 (bfloat16): at [2]: got np.float64(-2.078125), expected np.float64(-2.1875) (1 of 3 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-1.1640625, -2.765625, -4.375], dtype=np.float32).reshape((3,))).cast(dtypes.bfloat16).contiguous().realize()
v0 = x0.asinh()
got = [v0.numpy()]
want = [np.array([-0.9921875, -1.7421875, -2.1875], dtype=np.float32).reshape((3,))]
tolerances = [(0.03, 0.03)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
