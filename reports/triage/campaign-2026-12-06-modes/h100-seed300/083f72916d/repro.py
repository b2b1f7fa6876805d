"""tinyfuzz bucket 083f72916d: mismatch (value) on CPU: cummin of float16 values: output 0 (int32): at [0, 3]: got np.int32(2), expected np.int32(0) (1 of 14 differ)

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

x0 = Tensor(np.array([-0.239013671875, 0.853515625, -0.1982421875, 3.853515625, -0.054931640625, 1.9287109375,
    -0.80224609375, -3.689453125, -4.9921875, 1.26953125, 1.4794921875, -0.1358642578125, 3.0703125,
    -1.134765625], dtype=np.float16).reshape((2, 7)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.hardsigmoid()
v1 = _pick(v0.cummin(0), 'indices')
got = [v1.numpy()]
want = [np.array([0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1], dtype=np.int32).reshape((2, 7))]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
