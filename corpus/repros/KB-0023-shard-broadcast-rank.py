"""KB-0023: adding tensors of different rank that are sharded on axis 0 crashes (IndexError: shape mismatch).

Needs only tinygrad and numpy (CPU:0..CPU:1 are virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
devs = ("CPU:0", "CPU:1")
a, b = np.arange(24, dtype=np.float32).reshape(4, 6), np.arange(6, dtype=np.float32)
got = (Tensor(a).shard(devs, axis=0) + Tensor(b).shard(devs, axis=0)).numpy()   # IndexError today
sys.exit(0 if np.allclose(got, a + b) else 1)
