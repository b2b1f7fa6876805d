"""KB-0027: copying a shrunk view of a realized tensor to every device (replicated shard) segfaults.

Needs only tinygrad and numpy (CPU:0..CPU:1 are virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
a = Tensor(np.arange(5, dtype=np.float32)).contiguous().realize()
s = a.shrink(((1, 5),)).shard(("CPU:0", "CPU:1"))
s.realize()                                      # Segmentation fault today
sys.exit(0 if np.allclose(s.numpy(), [1, 2, 3, 4]) else 1)
