"""tinyfuzz bucket 02e785c2f7: crash (shard) on CPU [3 devices, x0 replicated, x1 replicated, widen after v0, realign(axis=None) after v2]: RuntimeError: cannot create storage for weak dtype dtypes.weakint at tinygrad/uop/ops.py:new_buffer

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

def _key(index):
    return tuple(slice(*i) if isinstance(i, list) else i for i in index)

x0 = Tensor(np.array([False], dtype=np.bool).reshape(()), dtype=dtypes.bool).contiguous().realize()
x1 = Tensor(np.array([3.0], dtype=np.float32).reshape((1,)), dtype=dtypes.float32).contiguous().realize()
v0 = x0.permute([])
v1 = x1[_key([[2, 4, 3]])]
v2 = x0.pad(tuple((tuple(p) for p in [])), value=1)
got = [v0.numpy(), v1.numpy(), v2.numpy()]
want = [np.array([False], dtype=np.bool).reshape(()),
        np.array([], dtype=np.float32).reshape((0,)),
        np.array([False], dtype=np.bool).reshape(())]
tolerances = [None, (1e-06, 1e-06), None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
