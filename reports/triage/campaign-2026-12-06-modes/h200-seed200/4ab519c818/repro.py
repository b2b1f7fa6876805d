"""tinyfuzz bucket 4ab519c818: crash (shard) on CPU [3 devices, x0 on axis 0, x1 on axis 0 (at base), x2 replicated, x3 replicated, x4 replicated, ring all-reduce]: RuntimeError: UOp verification failed at 9 on Ops.EXPAND dtypes.ushort 2 [(Ops.RESHAPE, dtypes.ushort, None), (Ops.CONST, dtypes.weakint, 

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([0], dtype=np.uint16).reshape((1,)), dtype=dtypes.uint16).contiguous().realize().expand(3)
got = [x0.numpy()]
want = [np.array([0, 0, 0], dtype=np.uint16).reshape((3,))]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
