"""KB-0050: sharding (or copying across devices) a computed tensor built on an expand of a realized buffer fails the
kernel-graph check: `(Tensor([2.]).realize().expand(4) + 1).shard(("CPU:0", "CPU:1"))` raises RuntimeError: UOp
verification failed ... on Ops.EXPAND (tinygrad/schedule/rangeify.py get_kernel_graph). contiguous() first works.
numpy and torch: [3, 3, 3, 3]. Needs only tinygrad and numpy (CPU:0..1 are virtual devices). Exits non-zero while the
bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
try:
    got = (Tensor([2.0]).realize().expand(4) + 1).shard(("CPU:0", "CPU:1")).numpy()
except RuntimeError as e:
    print(f"RuntimeError: {str(e)[:200]}")
    sys.exit(1)
print(got)
sys.exit(0 if np.array_equal(got, [3.0, 3.0, 3.0, 3.0]) else 1)
