"""tinyfuzz bucket d93daafdd5: mismatch (grad) on CPU: gradient 0 (bfloat16): at [1, 0]: got np.float64(nan), expected np.float64(13568.0)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-0.0, 2.0], dtype=np.float32).reshape((2, 1))).cast(dtypes.bfloat16).contiguous().realize()
v0 = x0.exp()
v1 = v0.exp()
v2 = v1.selu()
got = [v2.numpy()]
want = [np.array([2.859375, 1672.0], dtype=np.float32).reshape((2, 1))]
tolerances = [(0.4, 0.2)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
