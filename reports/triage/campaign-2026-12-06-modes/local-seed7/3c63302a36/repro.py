"""tinyfuzz bucket 3c63302a36: crash (shard) on CPU [2 devices, x0 on axis 0 (at base), x1 replicated, x2 replicated, x3 replicated, x4 replicated, x5 replicated, x6 replicated, x7 replicated, roundtrip after v0, reshard(axis=0) after v2, setitem after v3, all2all all-reduce]: RuntimeError: UOp verific

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([False, False], dtype=np.bool).reshape((2,)), dtype=dtypes.bool).contiguous().realize()
x1 = Tensor(np.array([-1.0], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
x2 = Tensor(np.array([-0.5686765909194946], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
x3 = Tensor(np.array([2.519808530807495], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
x4 = Tensor(np.array([-1.157442331314087], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
x5 = Tensor(np.array([0.08236265927553177], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
x6 = Tensor(np.array([-1.157442331314087], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
x7 = Tensor(np.array([1.8368511199951172], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
v0 = x0.where(x1, x2)
v1 = x0.where(x3, x4)
v2 = x0.where(x5, x1)
v3 = x0.where(x6, x7)
got = [v0.numpy(), v1.numpy(), v2.numpy(), v3.numpy()]
want = [np.array([-0.5686765909194946, -0.5686765909194946], dtype=np.float32).reshape((2,)),
        np.array([-1.157442331314087, -1.157442331314087], dtype=np.float32).reshape((2,)),
        np.array([-1.0, -1.0], dtype=np.float32).reshape((2,)),
        np.array([1.8368511199951172, 1.8368511199951172], dtype=np.float32).reshape((2,))]
tolerances = [(1e-06, 1e-06), (1e-06, 1e-06), (1e-06, 1e-06), (1e-06, 1e-06)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
