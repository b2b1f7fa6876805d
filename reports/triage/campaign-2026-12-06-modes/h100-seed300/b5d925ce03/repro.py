"""tinyfuzz bucket b5d925ce03: crash (grad-shard) on CPU [4 devices, x0 replicated, x1 on axis 1, setitem after v0, roundtrip after v1, all2all all-reduce]: RuntimeError: cycle detected while indexing UOp(Ops.BUFFER, dtypes.float, arg=ParamArg(2139, dtypes.float, device=('CPU', 'CPU:1', 'CPU:2', 'CPU:3

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([1.0, 0.0], dtype=np.float32).reshape((2,)), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([0.0, 2.0, -2.0, 3.0, 1.0, -1.0, 0.0, 2.0, 0.0, -3.0, 1.0, 2.0], dtype=np.float32).reshape((3, 4)), dtype=dtypes.float32).contiguous().realize()
v0 = x0.reshape([1, 2])
v1 = x1.max(axis=[1, 0], keepdim=False)
got = [v1.numpy(), v0.numpy()]
want = [np.array([3.0], dtype=np.float32).reshape(()),
        np.array([1.0, 0.0], dtype=np.float32).reshape((1, 2))]
tolerances = [(1e-06, 1e-06), (1e-06, 1e-06)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
