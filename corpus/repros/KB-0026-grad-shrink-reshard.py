"""KB-0026: the gradient through a shrink whose result is resharded onto another axis crashes (padding not supported).

Needs only tinygrad and numpy (CPU:0..CPU:1 are virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
devs = ("CPU:0", "CPU:1")
def leaf(a, axis):
    t = Tensor(a).shard(devs, axis=axis).contiguous().realize(); t.requires_grad = True; return t
rng = np.random.default_rng(0)
x0, x1 = leaf(rng.standard_normal((4, 6, 2)).astype(np.float32), 2), leaf(rng.standard_normal((4, 1)).astype(np.float32), 0)
v0 = x0.shrink(((0, 4), (1, 5), (0, 2))) - x1                  # resharded onto axis 1
w0 = Tensor(np.ones(v0.shape, np.float32)).shard(devs, v0.uop.axis)
g0, = (v0 * w0).sum().gradient(x0)
want = np.zeros((4, 6, 2), np.float32); want[:, 1:5, :] = 1
sys.exit(0 if np.allclose(g0.numpy(), want) else 1)
