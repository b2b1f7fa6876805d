"""tinyfuzz bucket 1344c71980: mismatch (jit) on CPU: call 3 (replay) differs from eager: output 0 (float16): at [0, 0, 1]: got np.float64(2.0), expected np.float64(1.0) (49 of 56 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

PICK = {'values': 0, 'indices': 1}
def _pick(out, output: str, L=None):
    got = out[PICK[output]]
    return got.to(L.torch.int32) if L is not None and output == "indices" else got

x0 = Tensor(np.array([3.0, 1.0, -2.0, -0.0, -1.0, 4.0, -2.0, 3.0, 0.0, 2.0, -0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 2.0, 4.0, -0.0,
    -0.0, 1.0, -3.0, 1.0, -1.0, -2.0, -3.0, -0.0, 1.0, -1.0, -2.0, -1.0, -0.0, -2.0, -1.0, -2.0,
    -0.0, 3.0, 0.0, 4.0, -1.0, -2.0, -1.0, 0.0, 1.0, 1.0, -1.0, 2.0, -0.0, 1.0, 1.0, 1.0, 0.0, -1.0,
    1.0, 1.0, -1.0, 4.0, 0.0, -3.0, -3.0, -2.0, -4.0, 1.0, -2.0, 1.0, -3.0, 0.0, 2.0, 1.0, -3.0,
    0.0, -1.0], dtype=np.float16).reshape((1, 9, 8)), dtype=dtypes.float16).contiguous().realize().shrink(((0, 1), (2, 9), (0, 8)))
v0 = _pick(x0.sort(-3, False), 'values')
got = [v0.numpy()]
want = [np.array([2.0, 4.0, -0.0, -0.0, 1.0, -3.0, 1.0, -1.0, -2.0, -3.0, -0.0, 1.0, -1.0, -2.0, -1.0, -0.0, -2.0,
    -1.0, -2.0, -0.0, 3.0, 0.0, 4.0, -1.0, -2.0, -1.0, 0.0, 1.0, 1.0, -1.0, 2.0, -0.0, 1.0, 1.0,
    1.0, 0.0, -1.0, 1.0, 1.0, -1.0, 4.0, 0.0, -3.0, -3.0, -2.0, -4.0, 1.0, -2.0, 1.0, -3.0, 0.0,
    2.0, 1.0, -3.0, 0.0, -1.0], dtype=np.float16).reshape((1, 7, 8))]
tolerances = [(0.001, 0.001)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
