"""tinyfuzz bucket eb030fe8b4: crash (grad-shard) on CPU [4 devices, x0 replicated, x1 replicated, x2 replicated, x3 replicated, setitem after v0, reshard(axis=0) after v1, all2all all-reduce]: RuntimeError: UOp verification failed at 11 on Ops.EXPAND dtypes.half 2 [(Ops.AFTER, dtypes.half, None), (Ops

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-3.0], dtype=np.float16).reshape((1, 1)), dtype=dtypes.float16).contiguous().realize().expand(4, 7)
x1 = Tensor(np.array([0.6611328125, 0.06610107421875, 2.556640625, 0.92041015625, -0.1353759765625, 1.6357421875,
    -1.1787109375], dtype=np.float16).reshape((7,)), dtype=dtypes.float16).contiguous().realize()
x2 = Tensor(np.array([2.56640625, 1.115234375, 0.2117919921875, 0.11529541015625, 3.26171875, 3.65625, 2.4453125], dtype=np.float16).reshape((7,)), dtype=dtypes.float16).contiguous().realize()
x3 = Tensor(np.array([2.755859375], dtype=np.float16).reshape(()), dtype=dtypes.float16).contiguous().realize()
v0 = x0.batchnorm(x1, x1, x1, x2)
v1 = v0.batchnorm(x1, x1, x2, x3)
got = [v1.numpy()]
want = [np.array([-14.125, -0.166259765625, -2.115234375, 1.9072265625, 0.66064453125, -132.5, -6.45703125, -14.125,
    -0.166259765625, -2.115234375, 1.9072265625, 0.66064453125, -132.5, -6.45703125, -14.125,
    -0.166259765625, -2.115234375, 1.9072265625, 0.66064453125, -132.5, -6.45703125, -14.125,
    -0.166259765625, -2.115234375, 1.9072265625, 0.66064453125, -132.5, -6.45703125], dtype=np.float16).reshape((4, 7))]
tolerances = [(0.003, 0.003)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)
