"""tinyfuzz bucket 4f097e0f91: mismatch (value) on CPU: output 0 (float16): at [1, 0, 0]: got np.float64(-2.677734375), expected np.float64(-2.634765625) (1 of 3 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-0.1103515625, -0.75732421875, -0.37890625], dtype=np.float16).reshape((3, 1, 1)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.atanh()
v1 = v0.atanh()
got = [v1.numpy()]
want = [np.array([-0.1112060546875, -2.634765625, -0.422119140625], dtype=np.float16).reshape((3, 1, 1))]
tolerances = [(0.0075, 0.0075)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
