"""KB-0039: sharding (or replicating) a padded zero-size tensor fails UOp verification on MSTACK:
`Tensor(np.zeros((1, 0))).pad(((0, 0), (0, 2))).shard(devs, axis=1)` gives RuntimeError: UOp verification failed ...
on Ops.MSTACK ... [(Ops.AFTER, ...), (Ops.AFTER, ...)] (tinygrad/schedule/rangeify.py get_kernel_graph). Without the
shard it is [[0, 0]]; a constant tensor of the same shape shards fine.
numpy and torch: [[0., 0.]]. Needs only tinygrad and numpy (CPU:0..1 are virtual devices). Exits non-zero while the
bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
devs = ("CPU:0", "CPU:1")
try:
    got = Tensor(np.zeros((1, 0), np.float32)).pad(((0, 0), (0, 2))).shard(devs, axis=1).numpy()
except RuntimeError as e:
    print(f"RuntimeError: {str(e)[:200]}")
    sys.exit(1)
print(got)
sys.exit(0 if np.array_equal(got, [[0.0, 0.0]]) else 1)
