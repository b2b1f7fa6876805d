"""tinyfuzz bucket d264f5c934: crash (shard) on CPU [2 devices, x0 on axis 2, x1 on axis 1 (at base), x2 replicated, x3 on axis 0, reshard(axis=None) after v2, roundtrip after v3, all2all all-reduce]: RuntimeError: cannot create storage for weak dtype dtypes.weakint at tinygrad/uop/ops.py:copy_to_devic

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([2.642578125, -2.26953125, -2.1015625, -0.609375, -2.615234375, 1.9443359375, -2.2890625, -1.890625,
    1.439453125, 2.01171875, -0.5517578125, 1.5419921875], dtype=np.float16).reshape((1, 3, 4)), dtype=dtypes.float16).contiguous().realize()
x1 = Tensor(np.array([0.327392578125, -1.0849609375, 2.681640625, -0.1483154296875, np.inf, 4.5, -2.626953125,
    1.8623046875, 2.6328125, 4.109375, -60000.0, 0.296142578125, 0.71533203125, -1.4384765625,
    -5.960464477539063e-08, -np.inf], dtype=np.float16).reshape((1, 4, 4)), dtype=dtypes.float16).contiguous().realize()
x2 = Tensor(np.array([True, True], dtype=np.bool).reshape((1, 2)), dtype=dtypes.bool).contiguous().realize()
x3 = Tensor(np.array([0.25732421875, 1.861328125, 1.6650390625, -1.0810546875, 1.3544921875, -0.75634765625,
    0.454345703125, 2.28125, -0.12261962890625, -5.08203125], dtype=np.float16).reshape((2, 1, 1, 5)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.matmul(x1)
v1 = x2.pad(tuple((tuple(p) for p in [[2, 0], [0, 1]])), value=1)
v2 = x2.pad(tuple((tuple(p) for p in [[1, 1], [1, 2]])), value=1)
got = [v0.numpy(), v1.numpy(), v2.numpy(), x3.numpy()]
want = [np.array([-np.inf, -20.84375, np.inf, np.inf, np.inf, 4.8984375, np.inf, np.inf, np.inf, 3.005859375, 33120.0,
    -np.inf], dtype=np.float16).reshape((1, 3, 4)),
        np.array([True, True, True, True, True, True, True, True, True], dtype=np.bool).reshape((3, 3)),
        np.array([True, True, True, True, True, True, True, True, True, True, True, True, True, True, True], dtype=np.bool).reshape((3, 5)),
        np.array([0.25732421875, 1.861328125, 1.6650390625, -1.0810546875, 1.3544921875, -0.75634765625,
    0.454345703125, 2.28125, -0.12261962890625, -5.08203125], dtype=np.float16).reshape((2, 1, 1, 5))]
tolerances = [(0.02, 0.01), None, None, (0.02, 0.01)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
