"""KB-0084: a replicated tensor padded after it was replicated, added to a tensor sharded on that axis, is wrong: each
shard reads the pad's window of the first shard. zeros (1, 8) sharded on axis 1 over 4 devices, plus [-1] replicated
and then padded to (1, 8) at index 1, gives [0, -1, 0, -1, 0, -1, 0, -1]; numpy and torch: -1 at index 1 only.
Padding before replicating, or a replicated tensor without a pad, is right. tinygrad 0.12.0 and 0.13.0 are right.
Found by the shard oracle of a pristine campaign on 2026-12-06 (bucket fe40940ec1: float64, all2all all-reduce).
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, Device
devs = tuple(f"{Device.DEFAULT.split(':')[0]}:{i}" for i in range(4))
a = Tensor(np.zeros((1, 8))).contiguous().realize().shard(devs, 1)
b = Tensor(np.array([-1.0])).contiguous().realize().shard(devs, None).pad(((1, 6),))
got = (a + b).numpy()
print("sharded + padded replica:", got.tolist(), "want [[0, -1, 0, 0, 0, 0, 0, 0]]")
sys.exit(0 if np.array_equal(got, [[0, -1, 0, 0, 0, 0, 0, 0]]) else 1)
