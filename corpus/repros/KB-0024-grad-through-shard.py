"""KB-0024: the gradient through Tensor.shard of a one-device tensor crashes (unbound Variable '_device_num').

Needs only tinygrad and numpy (CPU:0..CPU:1 are virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
a = np.arange(24, dtype=np.float32).reshape(4, 6)
base = Tensor(a); base.requires_grad = True
x = base.shard(("CPU:0", "CPU:1"), axis=0)
g, = (x * x).sum().gradient(base)
sys.exit(0 if np.allclose(g.numpy(), 2 * a) else 1)
