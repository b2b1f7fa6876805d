"""tinyfuzz bucket e8c56cd419: mismatch (value) on CPU: topk of float16 values: output 0 (float16): at [2, 0, 0]: got np.float64(nan), expected np.float64(-1.4404296875)

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

x0 = Tensor(np.array([np.inf, -0.319580078125, -1.0078125, -0.0, 0.0, 2.169921875, -np.inf, 1.9765625, -0.8564453125,
    -60000.0, 60000.0, -0.1688232421875, np.nan, 0.04022216796875, -1.4404296875, -0.8857421875,
    np.nan, 2.1328125], dtype=np.float16).reshape((3, 2, 3)), dtype=dtypes.float16).contiguous().realize()
v0 = _pick(x0.topk(1, 2, False), 'values')
got = [v0.numpy()]
want = [np.array([-1.0078125, -0.0, -np.inf, -60000.0, -1.4404296875, -0.8857421875], dtype=np.float16).reshape((3, 2, 1))]
tolerances = [(0.001, 0.001)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
