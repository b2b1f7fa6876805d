"""tinyfuzz bucket 581ea0cd3a: mismatch (value) on CPU: output 0 (bfloat16): at [4]: got np.float64(inf), expected np.float64(5.981525981032121e+37)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([np.inf, 2.34375, 2.3125, 2.484375, 1.0101904577379033e-39, 3.40625, 1.0101904577379033e-39, 2.0625], dtype=np.float32).reshape((8,))).cast(dtypes.bfloat16).contiguous().realize()
x1 = Tensor(np.array([-0.968769907951355], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
v0 = x0.pow(x1)
got = [v0.numpy()]
want = [np.array([0.0, 0.4375, 0.443359375, 0.4140625, 5.981525981032121e+37, 0.3046875, 5.981525981032121e+37,
    0.49609375], dtype=np.float32).reshape((8,))]
tolerances = [(0.03, 0.03)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
