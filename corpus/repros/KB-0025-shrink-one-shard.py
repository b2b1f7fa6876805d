"""KB-0025: a shrink that selects exactly one shard fails UOp verification (RANGE of weakint).

Needs only tinygrad and numpy (CPU:0..CPU:1 are virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
t = Tensor(np.arange(4, dtype=np.float32) + 1).shard(("CPU:0", "CPU:1"), axis=0)
got = t.shrink(((0, 2),)).contiguous().realize().numpy()
sys.exit(0 if np.allclose(got, [1, 2]) else 1)
